"""//meter-demo:cluster as a user runs it: a throwaway PostgreSQL, two gRPC
replicas and the HTTP server. A watcher on one replica sees uploads through
the other, and kill -9 of either replica under load loses no read (they are
retried on the other replica) while the launcher brings it back."""

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

CLUSTER, METER_CLIENT = sys.argv[1:3]
del sys.argv[1:3]

MONTH = "start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z"
TIMEOUT_S = 60


class Output:
    """A child's output lines, collected on a thread, for waiting on."""

    def __init__(self, process):
        self.lines = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process):
        for line in process.stdout:
            with self.changed:
                self.lines.append(line)
                self.changed.notify_all()
        with self.changed:
            self.ended = True
            self.changed.notify_all()

    def wait_for(self, pattern, after=0):
        """The first match of `pattern` in the lines from index `after`."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + TIMEOUT_S
        with self.changed:
            while True:
                for line in self.lines[after:]:
                    match = regex.search(line)
                    if match:
                        return match
                remaining = deadline - time.monotonic()
                if remaining <= 0 or getattr(self, "ended", False):
                    raise AssertionError(
                        f"no line matching {pattern!r} in:\n" +
                        "".join(self.lines))
                self.changed.wait(remaining)

    def count(self):
        with self.changed:
            return len(self.lines)


def connected_to(port):
    """True once some process has an established TCP connection to the
    loopback `port` (here: the HTTP server's channel to a replica)."""
    # gRPC's sockets are IPv6 ones (IPv4-mapped), listed in tcp6.
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as connections:
            for line in connections.readlines()[1:]:
                fields = line.split()
                remote, state = fields[2], fields[3]
                if state == "01" and int(remote.split(":")[1], 16) == port:
                    return True
    return False


def wait_until(condition, what):
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.01)  # /proc has no change notification


class ClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.process = subprocess.Popen(
            [CLUSTER, "--http_port=0"], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        cls.output = Output(cls.process)
        cls.url = cls.output.wait_for(r"running: open (\S+)").group(1)
        cls.replicas = {}
        for number in (1, 2):
            match = cls.output.wait_for(
                rf"replica {number} \(pid (\d+)\) listening on (\S+)")
            cls.replicas[number] = (int(match.group(1)), match.group(2))

    @classmethod
    def tearDownClass(cls):
        cls.process.send_signal(signal.SIGINT)
        code = cls.process.wait(timeout=TIMEOUT_S)
        # The whole cluster's log, for a look after a failure.
        outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
        if outputs:
            with open(os.path.join(outputs, "cluster.log"), "w") as log:
                log.writelines(cls.output.lines)
        assert code == 0, "".join(cls.output.lines)

    def get(self, path):
        with urllib.request.urlopen(self.url + path, timeout=10) as response:
            return response.status, response.read()

    def test_a_watcher_on_one_replica_sees_uploads_through_the_other(self):
        watcher = subprocess.Popen(
            [METER_CLIENT, f"--target={self.replicas[1][1]}", "watch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        try:
            watched = Output(watcher)
            watched.wait_for(r"watching meter home")
            with tempfile.NamedTemporaryFile("w", suffix=".csv",
                                             delete=False) as csv:
                csv.write("time,meterusage\n"
                          "2031-05-01 00:15:00,1.25\n"
                          "2031-05-01 00:30:00,2.5\n")
            upload = subprocess.run(
                [METER_CLIENT, f"--target={self.replicas[2][1]}", "upload",
                 csv.name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, timeout=TIMEOUT_S)
            os.unlink(csv.name)
            self.assertIn("2 readings accepted", upload.stdout)
            watched.wait_for(r"2031-05-01T00:15:00Z 1.25 kWh")
            watched.wait_for(r"2031-05-01T00:30:00Z 2.5 kWh")
        finally:
            watcher.stdin.close()
            watcher.wait(timeout=TIMEOUT_S)

    def test_killing_a_replica_under_load_loses_no_reads(self):
        outcomes = {"ok": 0, "failed": []}
        lock = threading.Condition()
        stop = threading.Event()

        def wait_for_successes(count):
            with lock:
                target = outcomes["ok"] + count
                self.assertTrue(
                    lock.wait_for(lambda: outcomes["ok"] >= target, TIMEOUT_S),
                    outcomes)

        def load(path):
            while not stop.is_set():
                try:
                    status, _ = self.get(path)
                    failure = None if status == 200 else status
                except urllib.error.HTTPError as error:
                    failure = f"{error.code} {error.read()[:200]!r}"
                except OSError as error:
                    failure = str(error)
                with lock:
                    if failure is None:
                        outcomes["ok"] += 1
                    else:
                        outcomes["failed"].append(f"{path}: {failure}")
                    lock.notify_all()

        paths = ["/api/v1/meters", f"/api/v1/summary?{MONTH}",
                 f"/api/v1/readings?{MONTH}",
                 f"/api/v1/readings?{MONTH}&resolution=daily"]
        threads = [threading.Thread(target=load, args=(path,))
                   for path in paths]
        for thread in threads:
            thread.start()
        try:
            # Each replica in turn, the second only once the first is back:
            # the second kill shows the restarted one takes traffic again.
            wait_for_successes(50)
            for number in (1, 2):
                seen = self.output.count()
                os.kill(self.replicas[number][0], signal.SIGKILL)
                match = self.output.wait_for(
                    rf"replica {number} \(pid (\d+)\) restarted", after=seen)
                self.replicas[number] = (int(match.group(1)),
                                         self.replicas[number][1])
                # It takes traffic again once the HTTP server's channel has
                # reconnected (and its health check passed, a round trip
                # later: the successes after it).
                port = int(self.replicas[number][1].rsplit(":", 1)[1])
                wait_until(lambda: connected_to(port),
                           f"the HTTP server reconnects to replica {number}")
                wait_for_successes(50)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        # A stream that had started sending when its replica died cannot be
        # retried; at most the calls in flight (one per load thread) per kill.
        self.assertLessEqual(len(outcomes["failed"]), 2 * len(paths),
                             outcomes["failed"])
        self.assertGreater(outcomes["ok"], 100)
        print(f"kill -9 of each replica in turn: {outcomes['ok']} requests "
              f"succeeded, {len(outcomes['failed'])} failed: "
              f"{outcomes['failed']}")


if __name__ == "__main__":
    unittest.main()
