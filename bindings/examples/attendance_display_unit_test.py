"""attendance_display.py's parts without a server: the retry delay, the watcher loop
surviving whatever one attempt raises, paths from `bazel run`, and the
display loop's joystick semantics (ported from the C++ display_loop_test)."""

import os
import sys
import threading

import pytest

import attendance_display as display
from bindings.testing import pytest_main
from grpc_tutorial import RpcError
from grpc_tutorial.sense_hat import (HOLD, KEY_DOWN, KEY_ENTER, KEY_LEFT, KEY_RIGHT, KEY_UP,
                                     PRESS, RELEASE, KeyEvent, attendance_frames, name_frames)

WAIT_S = 30


def test_delay_grows_then_stays_at_the_cap():
    assert display.retry_delay_s(0, 0.25, 10) == 0.25
    assert display.retry_delay_s(1, 0.25, 10) == pytest.approx(0.4)
    assert display.retry_delay_s(20, 0.25, 10) == 10


@pytest.mark.parametrize("attempt", [1509, 1510, 10**6, 10**18])
def test_delay_at_huge_attempt_numbers_is_the_cap(attempt):
    # 1.6 ** 1510 overflows a float: the exponent must be capped.
    assert display.retry_delay_s(attempt, 0.25, 10) == 10


class FakeWatch:
    """Stands in for one WatchStatus attempt: fails `failures` times (raising
    `raise_every`-th time something unexpected), then stops the watcher."""

    def __init__(self, failures, raise_every=0):
        self.failures, self.raise_every = failures, raise_every
        self.calls = 0
        self.watcher = None

    def __call__(self):
        self.calls += 1
        if self.calls > self.failures:
            self.watcher.stop()
            return False, None
        if self.raise_every and self.calls % self.raise_every == 0:
            raise ValueError("not an RpcError")
        return False, RpcError("UNAVAILABLE", "connection refused")


def run_watcher(fake):
    views, events = [], []
    fake.watcher = display.StatusWatcher("127.0.0.1:1", views.append, events.append,
                                         initial_s=1e-9, max_s=1e-9, watch_once=fake)
    fake.watcher.run()
    return views, events


def test_the_watcher_keeps_retrying_past_the_float_overflow():
    # 1600 failed attempts: past the ~1509 where 1.6 ** attempt overflowed
    # and ended the watcher thread.
    fake = FakeWatch(1600)
    views, events = run_watcher(fake)
    assert fake.calls == 1601
    assert len(events) == 1600 and all(e.startswith("lost 127.0.0.1:1 (UNAVAILABLE")
                                       for e in events)
    assert views[-1].link == display.LOST


def test_an_unexpected_exception_does_not_end_the_watcher():
    fake = FakeWatch(6, raise_every=2)
    _, events = run_watcher(fake)
    assert fake.calls == 7  # went on after each ValueError
    assert sum("not an RpcError" in e for e in events) == 3


def test_relative_paths_are_relative_to_where_bazel_run_was_started(monkeypatch, tmp_path):
    monkeypatch.setenv("BUILD_WORKING_DIRECTORY", str(tmp_path))
    assert display.user_path("frames") == os.path.join(str(tmp_path), "frames")
    assert display.user_path("/abs/frames") == "/abs/frames"
    monkeypatch.delenv("BUILD_WORKING_DIRECTORY")
    assert display.user_path("frames") == "frames"


def test_keepalive_flag():
    assert display.parse_args([]).keepalive_ms == 30000
    assert display.parse_args(["--keepalive_ms=0"]).keepalive_ms == 0
    with pytest.raises(SystemExit):
        display.parse_args(["--keepalive_ms=-1"])


def test_joystick_flags():
    args = display.parse_args([])
    assert (args.joystick, args.sysfs_root, args.dev_root) == (False, "/sys", "/dev")
    args = display.parse_args(["--joystick", "--sysfs_root=/s", "--dev_root=/d"])
    assert (args.joystick, args.sysfs_root, args.dev_root) == (True, "/s", "/d")


# ---- the display loop and the joystick (as pi-demo/display/display_loop_test.cc) ----

NAMES = ("Ada Lovelace", "Alan Turing", "Grace Hopper")


def connected(count, names=()):
    return display.View(display.CONNECTED, count, names)


class RecordingBackend:
    """Keeps the frames shown; calls on_frame(index) as each is shown."""

    def __init__(self, on_frame=None):
        self.frames = []
        self._on_frame = on_frame
        self._shown = threading.Condition()

    def show(self, frame):
        with self._shown:
            self.frames.append(frame)
            self._shown.notify_all()
        if self._on_frame:
            self._on_frame(len(self.frames) - 1)

    def wait_for_frames(self, count):
        with self._shown:
            assert self._shown.wait_for(lambda: len(self.frames) >= count, WAIT_S)


class Passes:
    """The loop's on_pass: the passes shown, and a wait for more."""

    def __init__(self):
        self.shown = []
        self._added = threading.Condition()

    def __call__(self, what):
        with self._added:
            self.shown.append(what)
            self._added.notify_all()

    def wait_for(self, count):
        with self._added:
            assert self._added.wait_for(lambda: len(self.shown) >= count, WAIT_S), self.shown
            return self.shown[:count]


def test_step_name_wraps_around_and_needs_names():
    backend = RecordingBackend()
    loop = display.DisplayLoop(backend, 0, 1)
    loop.step_name(1)  # not connected yet: nothing to choose from
    loop.update(connected(2, NAMES[:2]))
    loop.step_name(-1)  # backwards from none: the last name
    loop.run()  # the name, then one pass of the count
    assert backend.frames == name_frames("Alan Turing") + attendance_frames(2)


def test_show_count_cuts_a_name_and_starts_the_names_again():
    count, ada, alan = attendance_frames(3), name_frames(NAMES[0]), name_frames(NAMES[1])
    alan_starts = 1 + len(ada) + 2
    enter_at = alan_starts + 2
    loop = None

    def on_frame(frame):
        if frame == 0:
            loop.step_name(1)  # Ada
        if frame == 1 + len(ada) + 1:
            loop.step_name(1)  # Alan
        if frame == enter_at:
            loop.show_count()  # ENTER
        if frame == enter_at + 2:
            loop.step_name(1)  # Ada, not Grace

    backend = RecordingBackend(on_frame)
    loop = display.DisplayLoop(backend, 0, 1)
    loop.update(connected(3, NAMES))
    loop.run()
    assert backend.frames == ([count[0]] + ada + count[:2] + alan[:3] + count[:2] + ada + count)


def test_show_count_plays_the_count_again_and_needs_a_server():
    backend, passes = RecordingBackend(), Passes()
    loop = display.DisplayLoop(backend, 0, 2, passes)
    loop.show_count()  # nothing to show yet: no effect
    loop.update(connected(1))
    running = threading.Thread(target=loop.run)
    running.start()
    backend.wait_for_frames(len(attendance_frames(1)))
    loop.show_count()  # period 0 waits for a change; this is one
    running.join(WAIT_S)
    assert not running.is_alive()
    assert backend.frames == attendance_frames(1) * 2
    assert passes.shown == ["attendance 1", "attendance 1"]


def test_keys_while_the_server_is_lost_do_nothing():
    passes = Passes()
    loop = display.DisplayLoop(RecordingBackend(), 0, 0, passes)
    running = threading.Thread(target=loop.run)
    running.start()
    try:
        loop.update(connected(3, NAMES))
        passes.wait_for(1)
        loop.step_name(1)
        passes.wait_for(3)
        loop.update(display.View(display.LOST, 3, NAMES))
        passes.wait_for(4)
        loop.show_count()  # would forget Ada and play "lost" again
        loop.step_name(1)  # would choose Alan
        loop.update(connected(3, NAMES))
        passes.wait_for(5)
        loop.step_name(1)  # the one after Ada
        assert passes.wait_for(7) == [
            "attendance 3", "name Ada Lovelace", "attendance 3", "lost", "attendance 3",
            "name Alan Turing", "attendance 3"]
    finally:
        loop.stop()
        running.join(WAIT_S)
    assert len(passes.shown) == 7


class LoopCalls:
    def __init__(self):
        self.calls = []

    def step_name(self, step):
        self.calls.append(("step_name", step))

    def show_count(self):
        self.calls.append(("show_count",))


def test_keys_act_on_press_only():
    loop = LoopCalls()
    for code in (KEY_RIGHT, KEY_DOWN, KEY_LEFT, KEY_UP, KEY_ENTER):
        display.handle_key(loop, KeyEvent(code, PRESS))
        display.handle_key(loop, KeyEvent(code, HOLD))
        display.handle_key(loop, KeyEvent(code, RELEASE))
    display.handle_key(loop, KeyEvent(1, PRESS))  # ESC: not the joystick's
    assert loop.calls == [("step_name", 1), ("step_name", 1), ("step_name", -1),
                          ("step_name", -1), ("show_count",)]


if __name__ == "__main__":
    sys.exit(pytest_main.run(__file__))
