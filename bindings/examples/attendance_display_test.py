"""The Python display against a real attendance server, side by side with
the C++ display: for the same status and the same joystick keys both must
print the same lines and write the same frames.

Usage (from BUILD): attendance_display_test.py <attendance grpc_server> <C++ display> <Python display>
"""

import filecmp
import os
import struct
import subprocess
import sys
import tempfile
import threading

import pytest

from bindings.testing import pytest_main
from common.testing.servers import Server
from grpc_tutorial.attendance import AttendanceClient
from grpc_tutorial.sense_hat import (HEIGHT, KEY_ENTER, KEY_LEFT, KEY_RIGHT, PRESS, RELEASE,
                                     SENSE_HAT_FRAMEBUFFER_NAME, SENSE_HAT_JOYSTICK_NAME, WIDTH)

WAIT_S = 30
PASSWORD = "display test password"


class Display:
    """A display binary writing PPM frames to its own directory; its stdout
    lines are collected so the test can wait for "shown: ..." lines."""

    def __init__(self, binary, server_address, *flags, backend="frames", env=None, cwd=None):
        self.frames_dir = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        # Later flags win, so `flags` may name another --frames_dir.
        backend_flags = [f"--backend={backend}", "--frame_format=ppm",
                         f"--frames_dir={self.frames_dir}"]
        self.process = subprocess.Popen(
            [binary, f"--server={server_address}", *backend_flags, "--frame_ms=0",
             "--retry_initial_ms=50", "--retry_max_ms=200", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=cwd)
        self.lines = []
        self._new_line = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()
        with self._new_line:
            self.lines.append(None)  # end of output
            self._new_line.notify_all()

    def wait_for_line(self, text, after=0, containing=False):
        """Waits for `text` as a line (or in one, if `containing`) after the
        first `after` lines; returns how many lines there are up to and
        including it."""
        def index():
            for i in range(after, len(self.lines)):
                line = self.lines[i]
                if line is not None and (text in line if containing else text == line):
                    return i
            return -1
        with self._new_line:
            assert self._new_line.wait_for(
                lambda: index() >= 0 or None in self.lines[after:], WAIT_S), self.lines
            assert index() >= 0, self.lines
            return index() + 1

    def wait_for_end(self):
        """Waits until the process has closed its output; returns the lines."""
        with self._new_line:
            assert self._new_line.wait_for(lambda: None in self.lines, WAIT_S), self.lines
            return self.lines[:-1]

    def stop(self):
        self.process.terminate()
        assert self.process.wait(WAIT_S) == 0, self.lines

    def frames(self):
        return sorted(os.listdir(self.frames_dir))


def start_server(work=None, port=0):
    """An attendance server; restarted with the same `work` directory and
    `port`, it serves the same database at the same address."""
    if work is None:
        work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        with open(os.path.join(work, "password"), "w") as f:
            f.write(PASSWORD + "\n")
    server = Server(os.environ["ATTENDANCE_SERVER"], "--host=127.0.0.1", f"--port={port}",
                    f"--db={work}/attendance.db", f"--organiser_password_file={work}/password",
                    "--bcrypt_cost=4")
    server.work = work
    return server


def register(address, *names):
    with AttendanceClient(address) as client:
        client.login("organiser", PASSWORD)
        for first, last in names:
            client.register(first, last, client.issue_code().code)


def assert_same_frames(cpp, python):
    assert cpp.frames() and cpp.frames() == python.frames()
    _, mismatch, errors = filecmp.cmpfiles(cpp.frames_dir, python.frames_dir, cpp.frames(),
                                           shallow=False)
    assert (mismatch, errors) == ([], [])


def test_same_frames_as_the_cpp_display_for_a_status():
    with start_server() as server:
        register(server.address, ("Ada", "Lovelace"), ("Alan", "Turing"))
        cpp = Display(os.environ["CPP_DISPLAY"], server.address, "--passes=1")
        python = Display(os.environ["PY_DISPLAY"], server.address, "--passes=1")
        assert cpp.process.wait(WAIT_S) == 0 and python.process.wait(WAIT_S) == 0
    python.wait_for_line("shown: attendance 2")
    assert f"connected to {server.address} (2 attendees)" in python.lines
    assert_same_frames(cpp, python)


def test_same_frames_when_the_server_goes_away_and_sigterm_stops_it():
    server = start_server()
    register(server.address, ("Grace", "Hopper"))
    cpp = Display(os.environ["CPP_DISPLAY"], server.address)
    python = Display(os.environ["PY_DISPLAY"], server.address)
    try:
        for display in (cpp, python):
            display.wait_for_line("shown: attendance 1")
        server.stop()
        for display in (cpp, python):
            display.wait_for_line("shown: lost")
        assert any(line.startswith(f"lost {server.address} (UNAVAILABLE")
                   for line in python.lines if line)
        for display in (cpp, python):
            display.process.terminate()
            assert display.process.wait(WAIT_S) == 0
        assert_same_frames(cpp, python)
    finally:
        for display in (cpp, python):
            if display.process.poll() is None:
                display.process.kill()


def test_reconnects_when_the_real_server_comes_back_on_the_same_port():
    # gRPC 1.51 kept a reused channel in TRANSIENT_FAILURE after the server
    # came back, and only its backup poller (every 5 s) got it going again;
    # without the poller it never did. The display makes a fresh channel for
    # every attempt, and must come back without the poller.
    server = start_server()
    register(server.address, ("Grace", "Hopper"))
    no_backup_poller = dict(os.environ, GRPC_CLIENT_CHANNEL_BACKUP_POLL_INTERVAL_MS="0")
    python = Display(os.environ["PY_DISPLAY"], server.address, "--keepalive_ms=10000",
                     env=no_backup_poller)
    try:
        seen = python.wait_for_line("shown: attendance 1")
        for round_ in range(2):  # a second loss and return, on the fresh channels
            server.stop()
            seen = python.wait_for_line("shown: lost", seen)
            # A reconnection attempt has failed (not just the stream): the
            # case that left the old channel stuck.
            seen = python.wait_for_line("Connection refused", seen, containing=True)
            port = server.address.rsplit(":", 1)[1]
            server = start_server(server.work, port)
            register(server.address, (f"Round{round_}", "Attendee"))
            seen = python.wait_for_line(f"shown: attendance {round_ + 2}", seen)
        python.stop()
    finally:
        server.stop()
        if python.process.poll() is None:
            python.process.kill()


class FakeJoystick:
    """A fake Sense HAT joystick, as in the C++ display_client_test: a FIFO as
    dev/input/event1, found by name under a temporary sys/class/input next to
    a decoy event0. The test holds it open read-write, so the display's open()
    does not wait for a writer, and presses keys by writing the records the
    kernel would send."""

    EV_SYN, EV_KEY = 0, 1

    def __init__(self):
        root = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        self.sysfs_root, self.dev_root = os.path.join(root, "sys"), os.path.join(root, "dev")
        for device, name in [("event0", "Keyboard"), ("event1", SENSE_HAT_JOYSTICK_NAME)]:
            os.makedirs(os.path.join(self.sysfs_root, "class/input", device, "device"))
            with open(os.path.join(self.sysfs_root, "class/input", device, "device/name"),
                      "w") as f:
                f.write(name + "\n")
        os.makedirs(os.path.join(self.dev_root, "input"))
        device = os.path.join(self.dev_root, "input/event1")
        os.mkfifo(device, 0o600)
        self.fd = os.open(device, os.O_RDWR)

    def flags(self):
        return ["--joystick", f"--sysfs_root={self.sysfs_root}", f"--dev_root={self.dev_root}"]

    @classmethod
    def _record(cls, event_type, code, value):
        return struct.pack("llHHi", 0, 0, event_type, code, value)  # struct input_event

    def press(self, key):
        """One press and release, each followed by a SYN_REPORT, in one write."""
        records = (self._record(self.EV_KEY, key, PRESS) + self._record(self.EV_SYN, 0, 0)
                   + self._record(self.EV_KEY, key, RELEASE) + self._record(self.EV_SYN, 0, 0))
        assert os.write(self.fd, records) == len(records)

    def close(self):
        os.close(self.fd)


def test_joystick_shows_the_same_names_lines_and_frames_as_the_cpp_display():
    # With --frame_ms=0 each pass plays once, so every "shown:" line after the
    # first follows a key; a key is pressed only after the lines of the one
    # before, so no pass is cut short and both displays play the same passes.
    steps = [  # (key, the lines it must add)
        (None, ["shown: attendance 3"]),
        (KEY_RIGHT, ["shown: name Ada Lovelace", "shown: attendance 3"]),
        (KEY_RIGHT, ["shown: name Alan Turing", "shown: attendance 3"]),
        # ENTER: the count once more, and the names start again at the first.
        (KEY_ENTER, ["shown: attendance 3"]),
        (KEY_RIGHT, ["shown: name Ada Lovelace", "shown: attendance 3"]),
        # Backwards from the first: around to the last.
        (KEY_LEFT, ["shown: name Grace Hopper", "shown: attendance 3"]),
    ]
    with start_server() as server:
        register(server.address, ("Ada", "Lovelace"), ("Alan", "Turing"), ("Grace", "Hopper"))
        joysticks = {"cpp": FakeJoystick(), "python": FakeJoystick()}
        displays = {
            "cpp": Display(os.environ["CPP_DISPLAY"], server.address, "--keepalive_ms=0",
                           *joysticks["cpp"].flags()),
            "python": Display(os.environ["PY_DISPLAY"], server.address, "--keepalive_ms=0",
                              *joysticks["python"].flags()),
        }
        try:
            for which, display in displays.items():
                seen = 0
                for key, lines in steps:
                    if key is not None:
                        joysticks[which].press(key)
                    for line in lines:
                        seen = display.wait_for_line(line, seen)
                display.stop()
        finally:
            for which, display in displays.items():
                if display.process.poll() is None:
                    display.process.kill()
                joysticks[which].close()
    cpp, python = displays["cpp"], displays["python"]
    python_lines = python.wait_for_end()
    assert [line for line in python_lines if line.startswith("shown: ")] == \
        [line for _, lines in steps for line in lines]
    assert python_lines == cpp.wait_for_end()
    assert_same_frames(cpp, python)


def test_relative_frames_dir_is_relative_to_the_bazel_run_directory():
    where_bazel_ran = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    elsewhere = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    env = dict(os.environ, BUILD_WORKING_DIRECTORY=where_bazel_ran)
    display = Display(os.environ["PY_DISPLAY"], "127.0.0.1:1", "--frames_dir=relative/frames",
                      env=env, cwd=elsewhere)
    display.wait_for_line("shown: lost")
    display.stop()
    assert os.listdir(os.path.join(where_bazel_ran, "relative", "frames"))
    assert not os.path.exists(os.path.join(elsewhere, "relative"))


def fake_sense_hat():
    """A sysfs tree naming fb1 the Sense HAT, and a plain file as /dev/fb1."""
    root = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    os.makedirs(os.path.join(root, "sys/class/graphics/fb1"))
    with open(os.path.join(root, "sys/class/graphics/fb1/name"), "w") as f:
        f.write(SENSE_HAT_FRAMEBUFFER_NAME + "\n")
    os.makedirs(os.path.join(root, "dev"))
    device = os.path.join(root, "dev/fb1")
    open(device, "wb").close()
    return root, device


def test_leds_are_turned_off_at_exit():
    root, device = fake_sense_hat()
    with start_server() as server:
        register(server.address, ("Grace", "Hopper"))
        display = Display(os.environ["PY_DISPLAY"], server.address, f"--sysfs_root={root}/sys",
                          f"--dev_root={root}/dev", backend="framebuffer")
        display.wait_for_line("shown: attendance 1")
        with open(device, "rb") as f:
            assert any(f.read()), "a pass ends with the heart on the LEDs"
        display.stop()
    with open(device, "rb") as f:
        assert f.read() == bytes(WIDTH * HEIGHT * 2)  # every LED off (RGB565 black)


def make_certificate():
    """A self-signed certificate for localhost and 127.0.0.1 made by the
    openssl command, as docs/08 makes one: (cert file, key file)."""
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    cert, key = os.path.join(work, "cert.pem"), os.path.join(work, "key.pem")
    subprocess.run(["/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=WAIT_S)
    return cert, key


def test_watches_a_tls_server_that_it_trusts():
    cert, key = make_certificate()
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    with open(os.path.join(work, "password"), "w") as f:
        f.write(PASSWORD + "\n")
    with Server(os.environ["ATTENDANCE_SERVER"], "--host=127.0.0.1", "--port=0",
                f"--db={work}/attendance.db", f"--organiser_password_file={work}/password",
                "--bcrypt_cost=4", f"--tls_cert_file={cert}", f"--tls_key_file={key}") as server:
        # --tls_server_name: checked against "localhost", not the address.
        python = Display(os.environ["PY_DISPLAY"], server.address, "--passes=1",
                         f"--tls_roots_file={cert}", "--tls_server_name=localhost")
        assert python.process.wait(WAIT_S) == 0, python.lines
    python.wait_for_line("shown: attendance 0")
    assert f"connected to {server.address} (0 attendees)" in python.lines


@pytest.mark.parametrize("flags, message", [
    (["--tls_roots_file=/nonexistent/roots.pem"],
     "--tls_roots_file: cannot read /nonexistent/roots.pem"),
    (["--tls_roots_file=/dev/null"], "--tls_roots_file: cannot read /dev/null"),
    ([f"--tls_roots_file={__file__}"], f"--tls_roots_file: {__file__} holds no PEM certificate"),
    (["--tls_server_name=localhost"], "--tls_server_name needs --tls_roots_file"),
])
def test_bad_tls_flags_are_usage_errors(flags, message):
    result = subprocess.run([os.environ["PY_DISPLAY"], "--server=127.0.0.1:1", *flags],
                            capture_output=True, text=True, timeout=WAIT_S)
    assert result.returncode == 2
    assert message in result.stderr


def test_bad_backend_is_a_usage_error():
    result = subprocess.run([os.environ["PY_DISPLAY"], "--backend=paper"], capture_output=True,
                            text=True, timeout=WAIT_S)
    assert result.returncode == 2
    assert "argument --backend: invalid choice: 'paper'" in result.stderr


if __name__ == "__main__":
    for name, path in zip(["ATTENDANCE_SERVER", "CPP_DISPLAY", "PY_DISPLAY"], sys.argv[1:]):
        os.environ[name] = os.path.abspath(path)
    sys.exit(pytest_main.run(__file__))
