"""The attendance display in Python, on the C++ client and matrix bindings.

    bazel run //bindings/examples:attendance_display -- --server=localhost:50053

Behaves like the C++ display (//pi-demo/display:display), flag for flag:
a watcher thread follows WatchStatus (reconnecting with backoff when the
server goes away) and the main thread plays passes on the LED matrix:
"Attendees: N", a person and a heart while connected; a red cross and
"No server" while not. With --joystick, a third thread reads the Sense
HAT's joystick: right/down and left/up scroll the next/previous attendee's
name, ENTER goes back to the count. The frames come from the same C++ code,
so both displays show the same pictures for the same status and keys.
"""

import logging
import os
import random
import signal
import sys
import threading
import time

import cli_args
from grpc_tutorial import ChannelOptions, RpcError, TlsOptions
from grpc_tutorial.attendance import AttendanceClient
from grpc_tutorial.sense_hat import (KEY_DOWN, KEY_ENTER, KEY_LEFT, KEY_RIGHT, KEY_UP, PRESS,
                                     Frame, attendance_frames, disconnected_frames, name_frames,
                                     open_backend, open_sense_hat_joystick)

CONNECTING, CONNECTED, LOST = "connecting", "connected", "lost"
# What a pass of the display loop shows.
NOTHING, ATTENDANCE, NAME, LOST_PASS = "nothing", "attendance", "name", "lost"

# Past this many retries the delay is the cap anyway; 1.6 ** attempt would
# overflow a float after about 1500 (as C++ RetryPolicy::Delay caps at 64).
MAX_EXPONENT = 64


def retry_delay_s(attempt, initial_s, max_s, multiplier=1.6):
    """The delay before retry number `attempt` (0 for the first), before jitter."""
    return min(max_s, initial_s * multiplier ** min(attempt, MAX_EXPONENT))


def user_path(path):
    """`path` as the user meant it: `bazel run` starts us in the runfiles tree,
    so a relative path is taken relative to $BUILD_WORKING_DIRECTORY (as the C++
    programs' common::UserPath does)."""
    working_dir = os.environ.get("BUILD_WORKING_DIRECTORY")
    if not path or os.path.isabs(path) or not working_dir:
        return path
    return os.path.join(working_dir, path)


def attendees(count):
    """"1 attendee", "3 attendees" (display::Attendees in the C++ display)."""
    return f"{count} attendee" if count == 1 else f"{count} attendees"


class View:
    """What the display knows: the link state, the count and the names."""

    def __init__(self, link=CONNECTING, count=0, names=()):
        self.link, self.count, self.names = link, count, tuple(names)

    def __eq__(self, other):
        return (self.link, self.count, self.names) == (other.link, other.count, other.names)


class StatusLine:
    """The terminal's line under the picture: what the LEDs show now, then the
    connection ("Attendees: 3 | connected to localhost:50053"), as the C++
    display's StatusLine writes it."""

    def __init__(self, terminal):
        self._terminal = terminal
        self._lock = threading.Lock()
        self._showing, self._link = "", ""

    def showing(self, what):
        with self._lock:
            self._showing = what
            self._update()

    def link(self, event):
        with self._lock:
            # "connected to X (3 attendees)": the count of the moment of
            # connecting, which the first half of the line keeps current.
            self._link = event.split(" (")[0] if event.startswith("connected to ") else event
            self._update()

    def _update(self):
        self._terminal.set_caption(
            f"{self._showing} | {self._link}" if self._showing else self._link)


class DisplayLoop:
    """Plays one pass of frames after another, chosen from the latest View.

    A change of link cuts the current pass short; a new count shows from the
    next pass; the joystick's step_name() and show_count() cut it at once.
    With frame_s 0, frames go out as fast as the backend takes them and each
    pass is played once, then the loop waits for a change. (The C++
    display's DisplayLoop, pi-demo/display/display_loop.cc, line for line.)"""

    def __init__(self, backend, frame_s, passes, on_pass=None, on_pass_start=None):
        self._backend, self._frame_s, self._passes = backend, frame_s, passes
        self._on_pass = on_pass  # told after a whole pass what it showed
        self._on_pass_start = on_pass_start  # told as a pass starts, as a caption
        self._changed = threading.Condition()
        self._view = View()
        self._selected_name = -1  # index into the view's names, -1 for none yet
        self._name_requested = False  # the joystick asked for _selected_name
        self._stopped = False
        self._changes = 0  # counted up by every change
        self._cuts = 0  # counted up by changes that end the current pass

    def update(self, view):
        with self._changed:
            if view == self._view:
                return  # retries report the same lost link again
            if view.link != self._view.link:
                self._cuts += 1
            self._view = view
            self._changes += 1
            self._changed.notify_all()

    def step_name(self, step):
        """Scrolls the next (step 1) or previous (step -1) attendee's name at
        once, then goes back to the count. Only while connected, with names."""
        with self._changed:
            count = len(self._view.names)
            if self._view.link != CONNECTED or count == 0:
                return
            # From "none", forward starts at the first name, backward at the last.
            start = (-1 if step > 0 else 0) if self._selected_name < 0 else self._selected_name
            self._selected_name = (start + step) % count
            self._name_requested = True
            self._cut()

    def show_count(self):
        """Plays the count again from its start, cutting a name or the count
        short, and forgets the chosen name: the next step_name(1) starts at the
        first name again (the joystick's ENTER). Only while connected."""
        with self._changed:
            if self._view.link != CONNECTED:
                return
            self._selected_name = -1
            self._name_requested = False
            self._cut()

    def _cut(self):
        self._cuts += 1
        self._changes += 1
        self._changed.notify_all()

    def stop(self):
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def _next_pass(self):
        """(what the pass shows in words for on_pass, its caption for
        on_pass_start, its kind, its frames)."""
        view = self._view
        if view.link == CONNECTING:
            return None, None, NOTHING, []
        if view.link == LOST:
            return "lost", "No server", LOST_PASS, disconnected_frames()
        name = self._name_requested and self._selected_name < len(view.names)
        self._name_requested = False
        if name:
            chosen = view.names[self._selected_name]
            caption = f"{chosen} ({self._selected_name + 1} of {len(view.names)})"
            return f"name {chosen}", caption, NAME, name_frames(chosen)
        return (f"attendance {view.count}", f"Attendees: {view.count}", ATTENDANCE,
                attendance_frames(view.count))

    def run(self):
        attendance_passes = 0
        next_frame = time.monotonic()
        while True:
            with self._changed:
                if self._stopped:
                    return
                what, caption, kind, frames = self._next_pass()
                changes_before, cuts_before = self._changes, self._cuts
            if kind != NOTHING and self._on_pass_start:
                self._on_pass_start(caption)
            cut = False
            for i, frame in enumerate(frames):
                self._backend.show(frame)
                next_frame += self._frame_s
                with self._changed:
                    if self._frame_s > 0:
                        self._changed.wait_for(
                            lambda: self._stopped or self._cuts != cuts_before,
                            max(0.0, next_frame - time.monotonic()))
                    if self._stopped:
                        return
                    changed = self._cuts != cuts_before
                # A change once the last frame is shown ends its wait, but the
                # pass was shown whole: it counts, the change is the next pass's.
                if changed:
                    cut = i + 1 < len(frames)
                    break
            if not cut and kind != NOTHING and self._on_pass:
                self._on_pass(what)
            if kind == ATTENDANCE and not cut and self._passes > 0:
                attendance_passes += 1
                if attendance_passes >= self._passes:
                    return
            # Nothing to show, or period 0: play again only after a change.
            # (A name is not repeated, so the count always follows it.)
            idle = kind == NOTHING or (self._frame_s == 0 and kind != NAME)
            if idle and not cut:
                with self._changed:
                    self._changed.wait_for(
                        lambda: self._stopped or self._changes != changes_before)
                    if self._stopped:
                        return
            # After a pause, pace from now rather than catching up.
            next_frame = max(next_frame, time.monotonic())


class StatusWatcher:
    """Follows WatchStatus and reports each status to `on_view`; after a
    failure, reports the link lost and retries with jittered exponential
    backoff (reset once a stream delivers a status)."""

    def __init__(self, target, on_view, on_event, initial_s, max_s, keepalive_ms=30000,
                 watch_once=None, tls=None):
        self._target, self._on_view, self._on_event = target, on_view, on_event
        self._tls = tls  # None: plaintext
        self._initial_s, self._max_s = initial_s, max_s
        # A fresh channel with its own connection for every attempt: gRPC 1.51
        # left a long-lived channel in TRANSIENT_FAILURE after the server came
        # back (docs/09-pi-display.md). Keepalive pings notice a dead network.
        self._channel_options = ChannelOptions(keepalive_ms=keepalive_ms,
                                               local_subchannel_pool=True)
        self._watch = watch_once or self._watch_once
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._stream = None

    def stop(self):
        self._stop.set()
        with self._lock:
            if self._stream is not None:
                self._stream.cancel()

    def _watch_once(self):
        """Returns (whether a status arrived, the error that ended the stream)."""
        received = False
        with self._lock:
            if self._stop.is_set():
                return received, None
            client = AttendanceClient(self._target, tls=self._tls,
                                      options=self._channel_options)
            try:
                # No deadline: the stream lives as long as the display.
                self._stream = client.watch_status(timeout=None)
            except BaseException:
                client.close()  # the channel must not outlive a failed start
                raise
        try:
            for status in self._stream:
                if not received:
                    self._on_event(f"connected to {self._target} ({attendees(status.count)})")
                received = True
                self._last = View(CONNECTED, status.count,
                                  (f"{a.first_name} {a.last_name}" for a in status.attendees))
                self._on_view(self._last)
            return received, RpcError("UNAVAILABLE", "the server ended the stream")
        except RpcError as error:
            return received, error
        finally:
            with self._lock:
                self._stream = None
            client.close()

    def run(self):
        self._last = View()
        attempt = 0
        while not self._stop.is_set():
            try:
                received, error = self._watch()
            except Exception as unexpected:  # pylint: disable=broad-except
                # Whatever goes wrong, the display must keep retrying: a dead
                # watcher thread would show "lost" forever.
                logging.exception("watching %s failed", self._target)
                received, error = False, unexpected
            if received:
                attempt = 0
            if self._stop.is_set():
                return
            delay_s = min(self._max_s, retry_delay_s(attempt, self._initial_s, self._max_s)
                          * random.uniform(0.8, 1.2))
            attempt += 1
            # Keep the last count (it was true a moment ago) but show the link lost.
            self._last = View(LOST, self._last.count, self._last.names)
            self._on_view(self._last)
            self._on_event(f"lost {self._target} ({error}); retrying in {int(delay_s * 1000)} ms")
            self._stop.wait(delay_s)


def parse_args(argv):
    parser = cli_args.ArgumentParser(
        description="Shows the attendance on a Sense HAT LED matrix, a terminal or files.")
    parser.add_argument("--server", default="localhost:50053",
                        help="The attendance gRPC server's host:port.")
    parser.add_argument("--backend", default="terminal",
                        choices=["terminal", "framebuffer", "frames"],
                        help="terminal, framebuffer (the Sense HAT's LEDs) or frames (image files).")
    parser.add_argument("--frames_dir", default="frames",
                        help="--backend=frames: the directory for frame-NNNNNN files.")
    parser.add_argument("--frame_format", default="png", choices=["png", "ppm"],
                        help="--backend=frames: png or ppm.")
    parser.add_argument("--frame_ms", type=int, default=100,
                        help="Milliseconds per frame. 0: as fast as possible, each pass once.")
    parser.add_argument("--passes", type=int, default=0,
                        help="Exit after showing the attendance this many times (0: never).")
    parser.add_argument("--joystick", action="store_true",
                        help="Read the Sense HAT joystick: left/up and right/down scroll the "
                        "previous/next attendee's name, a press of the middle (ENTER) goes "
                        "back to the count from its start and to the first name.")
    parser.add_argument("--sysfs_root", default="/sys",
                        help="Where to look for the Sense HAT's devices by name.")
    parser.add_argument("--dev_root", default="/dev", help="Where their device files are.")
    parser.add_argument("--retry_initial_ms", type=int, default=250)
    parser.add_argument("--retry_max_ms", type=int, default=10000)
    parser.add_argument("--keepalive_ms", type=int, default=30000,
                        help="Ping a quiet server after this long, to notice a dead network "
                        "(0: never). The attendance server accepts one every 10 s.")
    parser.add_argument("--tls_roots_file", default="",
                        help="Watch a TLS server, trusting the PEM certificates in this file "
                        "(the server's own, if self-signed). Empty: plaintext.")
    parser.add_argument("--tls_server_name", default="",
                        help="With --tls_roots_file: the name the server's certificate must "
                        "carry, if not the host of --server.")
    args = parser.parse_args(argv)
    if args.keepalive_ms != 0 and args.keepalive_ms < 10000:
        # The attendance server closes a connection that pings more often.
        parser.error("--keepalive_ms must be 0 (no pings) or at least 10000")
    if (args.frame_ms < 0 or args.passes < 0 or args.keepalive_ms < 0
            or args.retry_initial_ms <= 0 or args.retry_max_ms < args.retry_initial_ms):
        parser.error("--frame_ms, --passes and --keepalive_ms must be 0 or more, and "
                     "0 < --retry_initial_ms <= --retry_max_ms")
    try:
        args.tls = tls_options(args.tls_roots_file, args.tls_server_name)
    except ValueError as error:
        parser.error(str(error))  # exit code 2, as the C++ display
    return args


def tls_options(roots_file, server_name):
    """TlsOptions from the TLS flags (None: plaintext), with the file read
    once: every reconnection attempt makes a new client. ValueError naming
    the flag if they are wrong."""
    if not roots_file:
        if server_name:
            raise ValueError("--tls_server_name needs --tls_roots_file")
        return None
    try:
        with open(user_path(roots_file), "rb") as f:
            roots = f.read()
    except OSError:
        roots = b""
    if not roots:
        raise ValueError(f"--tls_roots_file: cannot read {roots_file}")
    # gRPC would take anything here and fail every handshake later.
    if b"-----BEGIN CERTIFICATE-----" not in roots:
        raise ValueError(f"--tls_roots_file: {roots_file} holds no PEM certificate")
    return TlsOptions(root_certificates=roots, server_name_override=server_name or None)


# [START joystick_keys]
def handle_key(loop, key):
    """What a joystick key does to the loop (as in the C++ display)."""
    if key.value != PRESS:
        return
    if key.code in (KEY_RIGHT, KEY_DOWN):
        loop.step_name(1)
    elif key.code in (KEY_LEFT, KEY_UP):
        loop.step_name(-1)
    elif key.code == KEY_ENTER:
        loop.show_count()


def read_keys(joystick, loop, log_error):
    """Hands every key to the loop until joystick.stop()."""
    try:
        for key in joystick:
            handle_key(loop, key)
    except OSError as error:
        log_error(str(error))  # the display goes on without it
# [END joystick_keys]


def main(argv):
    args = parse_args(argv)
    try:
        backend = open_backend(args.backend, frames_dir=user_path(args.frames_dir),
                               frame_format=args.frame_format, sysfs_root=args.sysfs_root,
                               dev_root=args.dev_root)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1
    terminal = args.backend == "terminal"
    joystick = None
    if args.joystick:
        try:
            joystick = open_sense_hat_joystick(sysfs_root=args.sysfs_root,
                                               dev_root=args.dev_root)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1

    # The loop, the watcher and the joystick print from their own threads;
    # whoever reads the output (tests, scripts, journald) must get whole lines.
    output_lock = threading.Lock()

    def write_line(stream, line):
        with output_lock:
            stream.write(line + "\n")
            stream.flush()

    def say(line):
        write_line(sys.stdout, line)

    on_pass = (lambda what: say(f"shown: {what}")) if args.frame_ms == 0 and not terminal else None
    status_line = StatusLine(backend) if terminal else None
    loop = DisplayLoop(backend, args.frame_ms / 1000, args.passes, on_pass,
                       status_line.showing if terminal else None)
    watcher = StatusWatcher(args.server, loop.update,
                            status_line.link if terminal else say,
                            args.retry_initial_ms / 1000, args.retry_max_ms / 1000,
                            args.keepalive_ms, tls=args.tls)
    watching = threading.Thread(target=watcher.run, daemon=True)
    watching.start()
    reading_keys = None
    if joystick is not None:
        reading_keys = threading.Thread(
            target=read_keys, args=(joystick, loop, lambda line: write_line(sys.stderr, line)),
            daemon=True)
        reading_keys.start()
    # SIGTERM stops the display as Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: loop.stop())
    try:
        loop.run()
    except KeyboardInterrupt:
        pass
    except OSError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        watcher.stop()
        watching.join(timeout=5)
        if joystick is not None:
            joystick.stop()
            reading_keys.join(timeout=5)
        if args.backend == "framebuffer":
            try:
                backend.show(Frame())  # LEDs off, as the C++ display leaves them
            except OSError:
                pass  # the device went away; nothing left to turn off
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
