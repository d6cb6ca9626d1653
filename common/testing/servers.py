"""Our C++ servers as child processes on loopback, for tests written in
Python."""

import os
import re
import subprocess
import threading

START_TIMEOUT_S = 30


class Server:
    """Starts `argv` (a server that prints "listening on HOST:PORT") and
    keeps its output; `address` is where it listens. stop() sends SIGTERM and
    checks that it exits cleanly."""

    def __init__(self, *argv, log=True):
        # log=False drops what the server logs on stderr (a line per call for
        # the calculators): benchmarks, where reading it would cost CPU.
        self.process = subprocess.Popen(
            [os.path.abspath(argv[0]), *argv[1:]], stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT if log else subprocess.DEVNULL, text=True)
        self.lines = []
        self.address = None
        # The server prints a few lines (database, import) before it listens.
        for line in self.process.stdout:
            self.lines.append(line)
            match = re.search(r"listening on (\S+)", line)
            if match:
                self.address = match[1]
                break
        if self.address is None:
            self.process.wait(timeout=START_TIMEOUT_S)
            raise RuntimeError(f"{argv[0]} did not start:\n{''.join(self.lines)}")
        # Keep reading, so that a server logging every call never blocks on
        # a full pipe.
        self._reader = threading.Thread(target=self._read_rest, daemon=True)
        self._reader.start()

    def _read_rest(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        self.process.wait(timeout=START_TIMEOUT_S)
        self._reader.join(timeout=START_TIMEOUT_S)
        self.process.stdout.close()
        assert self.process.returncode == 0, "".join(self.lines)

    def output(self):
        return "".join(self.lines)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()
