"""display.py's parts without a server: the retry delay, the watcher loop
surviving whatever one attempt raises, and paths from `bazel run`."""

import os
import sys

import pytest

import display
from bindings.testing import pytest_main
from grpc_tutorial import RpcError


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


if __name__ == "__main__":
    sys.exit(pytest_main.run(__file__))
