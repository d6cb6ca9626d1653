"""The Python display against a real attendance server, side by side with
the C++ display: for the same status both must write the same frames.

Usage (from BUILD): display_py_test.py <attendance grpc_server> <C++ display> <Python display>
"""

import filecmp
import os
import subprocess
import sys
import tempfile
import threading

import pytest

from bindings.testing import pytest_main
from bindings.testing.servers import Server
from grpc_tutorial.attendance import AttendanceClient

WAIT_S = 30
PASSWORD = "display test password"


class Display:
    """A display binary writing PPM frames to its own directory; its stdout
    lines are collected so the test can wait for "shown: ..." lines."""

    def __init__(self, binary, server_address, *flags):
        self.frames_dir = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        self.process = subprocess.Popen(
            [binary, f"--server={server_address}", "--backend=frames", "--frame_format=ppm",
             f"--frames_dir={self.frames_dir}", "--frame_ms=0", "--retry_initial_ms=50",
             "--retry_max_ms=200", *flags],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
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

    def wait_for_line(self, text):
        with self._new_line:
            assert self._new_line.wait_for(lambda: text in self.lines or None in self.lines,
                                           WAIT_S), self.lines
            assert text in self.lines, self.lines

    def frames(self):
        return sorted(os.listdir(self.frames_dir))


def start_server():
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    with open(os.path.join(work, "password"), "w") as f:
        f.write(PASSWORD + "\n")
    return Server(os.environ["ATTENDANCE_SERVER"], "--host=127.0.0.1", "--port=0",
                  f"--db={work}/attendance.db", f"--organiser_password_file={work}/password",
                  "--bcrypt_cost=4")


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
    assert f"connected to {server.address} (2 attendants)" in python.lines
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


def test_bad_backend_is_an_error():
    result = subprocess.run([os.environ["PY_DISPLAY"], "--backend=paper"], capture_output=True,
                            text=True, timeout=WAIT_S)
    assert result.returncode == 1
    assert 'backend must be terminal, framebuffer or frames, not "paper"' in result.stderr


if __name__ == "__main__":
    for name, path in zip(["ATTENDANCE_SERVER", "CPP_DISPLAY", "PY_DISPLAY"], sys.argv[1:]):
        os.environ[name] = os.path.abspath(path)
    sys.exit(pytest_main.run(__file__))
