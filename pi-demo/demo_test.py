"""`bazel run //pi-demo` end to end: the launcher starts both servers and the
terminal display, creates the organiser with a password it prints once,
issues a first code that registers on the page, and Ctrl-C (SIGINT) stops
everything with exit code 0.

Usage (from BUILD): demo_test.py <path of the pi-demo launcher>
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

TIMEOUT_S = 30


class Demo:
    """The launcher as a child process, with its output collected by a thread."""

    def __init__(self, db, *args, env=None):
        self.process = subprocess.Popen(
            [os.environ["DEMO"], "--grpc_port=0", "--http_port=0", "--host=127.0.0.1",
             f"--db={db}", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=dict(os.environ, **(env or {})))
        self.lines = []
        self.ready = threading.Event()
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
            if "Attendance demo running" in line:
                self.ready.set()
        self.ready.set()  # ended without starting
        with self.changed:
            self.changed.notify_all()

    def output(self):
        return "".join(self.lines)

    def wait_for(self, pattern):
        """Waits until the output matches `pattern`; returns the match."""
        with self.changed:
            self.changed.wait_for(lambda: re.search(pattern, self.output())
                                  or self.process.poll() is not None, TIMEOUT_S)
        return re.search(pattern, self.output())

    def stop(self):
        self.process.send_signal(signal.SIGINT)
        return self.process.wait(TIMEOUT_S)


@pytest.fixture
def db():
    return os.path.join(tempfile.mkdtemp(dir=os.environ["TEST_TMPDIR"]), "pi-demo.db")


def post_form(url, fields):
    data = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(url + "/register", data, timeout=TIMEOUT_S) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_first_start_prints_the_url_a_password_and_a_code_that_registers(db):
    demo = Demo(db, env={"ATTENDANCE_PASSWORD": ""})
    try:
        assert demo.ready.wait(TIMEOUT_S), demo.output()
        match = demo.wait_for(r"Attendance demo running: open (\S+) and register with the "
                              r"code ([0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{2})")
        assert match, demo.output()
        url, code = match[1], match[2]
        assert re.search(r"Organiser 'organiser' created with password \S{20}: this launcher "
                         r"chose it .* \(shown only now\)",
                         demo.output())

        with urllib.request.urlopen(url + "/", timeout=TIMEOUT_S) as response:
            assert "<form id=\"register\"" in response.read().decode()
        status, body = post_form(url, {"first_name": "Ada", "last_name": "Lovelace",
                                       "code": code})
        assert status == 200 and "Successfully registered!" in body
        status, body = post_form(url, {"first_name": "Bob", "last_name": "B", "code": code})
        assert status == 409 and f"The code {code} has already been used." in body

        # The terminal display shows the new count (it watches, not polls).
        assert demo.wait_for(r"Attendees: 1 \| connected to "), demo.output()[-2000:]
        assert demo.stop() == 0, demo.output()
    finally:
        if demo.process.poll() is None:
            demo.process.kill()


def test_later_starts_without_a_password_say_how_to_issue_codes(db):
    first = Demo(db, "--display=none", env={"ATTENDANCE_PASSWORD": "demo password"})
    assert first.ready.wait(TIMEOUT_S) and first.wait_for(r"register with the code"), first.output()
    assert "created with password" not in first.output()  # it was chosen, not generated
    assert first.stop() == 0, first.output()

    again = Demo(db, "--display=none", env={"ATTENDANCE_PASSWORD": ""})
    assert again.ready.wait(TIMEOUT_S), again.output()
    assert again.wait_for(r"Issue codes with: \./bazelw run //pi-demo:organiser"), again.output()
    assert "password" not in again.output().replace("ATTENDANCE_PASSWORD", "")
    assert again.stop() == 0, again.output()


def test_a_wrong_password_says_how_to_issue_codes_and_keeps_running(db):
    first = Demo(db, "--display=none", env={"ATTENDANCE_PASSWORD": "demo password"})
    assert first.ready.wait(TIMEOUT_S) and first.wait_for(r"register with the code"), first.output()
    assert first.stop() == 0, first.output()

    stale = Demo(db, "--display=none", env={"ATTENDANCE_PASSWORD": "another password"})
    assert stale.ready.wait(TIMEOUT_S), stale.output()
    match = stale.wait_for(r"Attendance demo running: open (\S+)\n")
    assert match, stale.output()
    assert stale.wait_for(r"Issue codes with: \./bazelw run //pi-demo:organiser"), stale.output()
    assert "Login: UNAUTHENTICATED: wrong organiser name or password" in stale.output()
    assert "could not issue a first code with $ATTENDANCE_PASSWORD" in stale.output()
    # Still serving.
    assert stale.process.poll() is None, stale.output()
    with urllib.request.urlopen(match[1] + "/attendees", timeout=TIMEOUT_S) as response:
        assert "Nobody has registered yet." in response.read().decode()
    assert stale.stop() == 0, stale.output()


def test_unknown_flags_are_refused():
    result = subprocess.run([os.environ["DEMO"], "--nope"], capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    assert result.returncode == 2
    assert "unknown flag --nope" in result.stderr
    # The rest of its command line (--help, typos, ports) is checked by
    # //pi-demo:pi-demo_conventions_test.



def main():
    # pytest imports this file again as its own module, so the path travels
    # in the environment rather than in a global.
    os.environ["DEMO"] = os.path.abspath(sys.argv[1])
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    return pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit)


if __name__ == "__main__":
    sys.exit(main())
