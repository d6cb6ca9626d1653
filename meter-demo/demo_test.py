"""`bazel run //meter-demo` end to end: the launcher starts both servers with
the user's CSV, the HTTP API answers from the gRPC server's data, and SIGINT
or SIGTERM (what Ctrl-C and `kill` send) stop everything with exit code 0.

Usage (from BUILD): demo_test.py <path of the meter-demo launcher>
"""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import urllib.request

import pytest

TIMEOUT_S = 20
TESTDATA = os.path.abspath("meter-demo/testdata")


class Demo:
    """The launcher as a child process, with its output collected by a thread."""

    def __init__(self, *args, cwd_for_user=TESTDATA):
        self.db = tempfile.NamedTemporaryFile(suffix=".db", dir=os.environ["TEST_TMPDIR"]).name
        env = dict(os.environ, BUILD_WORKING_DIRECTORY=cwd_for_user)
        self.process = subprocess.Popen(
            [os.environ["DEMO"], "--grpc_port=0", "--http_port=0", "--host=127.0.0.1",
             f"--db={self.db}", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.lines = []
        self.url = None
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)
            match = re.search(r"Meter demo running: open (\S+)", line)
            if match:
                self.url = match[1]
                self.ready.set()
        self.ready.set()  # ended without starting

    def output(self):
        return "".join(self.lines)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=TIMEOUT_S) as response:
            return response.status, response.read().decode()

    def grpc_port(self):
        match = re.search(r"Meter gRPC server listening on \S+:(\d+)", self.output())
        return int(match[1])


@pytest.fixture
def demo():
    started = []

    def start(*args, **kwargs):
        started.append(Demo(*args, **kwargs))
        assert started[-1].ready.wait(TIMEOUT_S) and started[-1].url, started[-1].output()
        return started[-1]

    yield start
    for d in started:
        if d.process.poll() is None:
            d.process.kill()
            d.process.wait()


def test_serves_the_users_csv_through_both_servers(demo):
    # A relative --data path is relative to where the user ran bazel.
    d = demo("--data=usage.csv", "--meter=flat")
    status, body = d.get("/api/v1/readings?start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z")
    assert status == 200
    assert json.loads(body) == {"readings": [
        {"time": "2019-01-01T00:15:00Z", "value": 55.09},
        {"time": "2019-01-01T00:30:00Z"},  # NaN in the file: no value
        {"time": "2019-01-01T00:45:00Z", "value": 54.1},
        {"time": "2019-01-01T01:15:00Z", "value": 60.5},
    ]}
    assert "usage.csv:5: value 'not-a-number' is not a number (row skipped)" in d.output()
    status, body = d.get("/healthz")
    assert status == 200 and json.loads(body)["grpc"] == "SERVING"
    status, body = d.get("/")
    assert status == 200 and "<html" in body.lower()


def test_sample_data_by_default(demo):
    d = demo()
    status, body = d.get("/api/v1/summary?start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z")
    assert status == 200
    summary = json.loads(body)
    assert summary["meterId"] == "home"
    # January: 31 days of 96 readings, 00:15 on the 1st to 24:00 on the 31st.
    assert summary["readingCount"] == "2976"  # int64 is a string in proto3 JSON


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_signal_stops_both_servers_cleanly(demo, sig):
    d = demo()
    grpc_port = d.grpc_port()
    http_port = int(d.url.rsplit(":", 1)[1])
    d.process.send_signal(sig)
    assert d.process.wait(timeout=TIMEOUT_S) == 0, d.output()
    out = d.output()
    assert "Meter gRPC server stopped" in out
    assert "Meter HTTP server stopped" in out
    for port in (grpc_port, http_port):
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S)


def test_bad_flag_is_a_usage_error(demo):
    result = subprocess.run([os.environ["DEMO"], "--nope"], capture_output=True, text=True,
                            timeout=TIMEOUT_S)
    assert result.returncode == 2
    assert "unknown flag --nope" in result.stderr
    # The rest of its command line (--help, typos, ports) is checked by
    # //meter-demo:meter-demo_conventions_test.



def test_a_file_that_cannot_be_imported_stops_the_demo(demo):
    d = Demo("--data=bad_header.csv")
    assert d.process.wait(timeout=TIMEOUT_S) == 1
    d.ready.wait(TIMEOUT_S)
    assert "bad_header.csv:1:" in d.output()
    assert "gRPC server did not start" in d.output()


def main():
    # pytest imports this file again as its own module, so the path travels
    # in the environment rather than in a global.
    os.environ["DEMO"] = os.path.abspath(sys.argv[1])
    # XML_OUTPUT_FILE: Bazel collects the per-case results from there.
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    return pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit)


if __name__ == "__main__":
    sys.exit(main())
