"""For tests of the demos' cluster launchers (common/launch/cluster.py): run
one, wait on its output, find its replicas, and see the HTTP server's
channel reconnect to a replica."""

import os
import re
import signal
import subprocess
import threading
import time

TIMEOUT_S = 60


class Output:
    """A child's output lines, collected on a thread, for waiting on."""

    def __init__(self, process):
        self.lines = []
        self.ended = False
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
                if remaining <= 0 or self.ended:
                    raise AssertionError(
                        f"no line matching {pattern!r} in:\n" +
                        "".join(self.lines))
                self.changed.wait(remaining)

    def count(self):
        with self.changed:
            return len(self.lines)


class Cluster:
    """A running cluster launcher: `url` of its HTTP server, `replicas`
    {number: (pid, address)}."""

    def __init__(self, launcher, flags=(), env=None):
        self.process = subprocess.Popen(
            [launcher, "--http_port=0", *flags], stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True,
            env=env)
        self.output = Output(self.process)
        self.url = self.output.wait_for(r"running: open (\S+)").group(1)
        self.replicas = {}
        for number in (1, 2):
            match = self.output.wait_for(
                rf"replica {number} \(pid (\d+)\) listening on (\S+)")
            self.replicas[number] = (int(match.group(1)), match.group(2))

    def kill_replica(self, number, traffic=None):
        """kill -9 of a replica; returns once the launcher has restarted it
        and the HTTP server's channel has reconnected to it. A gRPC channel
        reconnects when it has calls to make: without load of its own
        running, pass `traffic`, called while waiting (one request)."""
        seen = self.output.count()
        os.kill(self.replicas[number][0], signal.SIGKILL)
        match = self.output.wait_for(
            rf"replica {number} \(pid (\d+)\) restarted", after=seen)
        self.replicas[number] = (int(match.group(1)), self.replicas[number][1])
        port = int(self.replicas[number][1].rsplit(":", 1)[1])

        def reconnected():
            if traffic:
                traffic()
            return connected_to(port)

        wait_until(reconnected,
                   f"the HTTP server reconnects to replica {number}")

    def stop(self, log_name):
        """Ctrl-C; the launcher must exit 0. Keeps its log as a test output."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout=TIMEOUT_S)
        outputs = os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR")
        if outputs:
            with open(os.path.join(outputs, log_name), "w") as log:
                log.writelines(self.output.lines)
        assert code == 0, "".join(self.output.lines)


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
