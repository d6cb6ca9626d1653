"""Runs a demo as a small cluster on one machine: PostgreSQL (a throwaway
server, or --postgres=URL), several gRPC replicas sharing it, and the HTTP
server in front of them with one round-robin channel over all replicas. A
replica that dies (kill -9, a crash) is started again on its port. Ctrl-C
stops everything.

Each demo's cluster.py calls main() with how to start its servers.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import threading

from common.launch import throwaway_postgres

_LISTENING = re.compile(r"listening on (\S+)")


class Server:
    """One server process: its output is shown with a prefix, and ready()
    waits for its "listening on ADDRESS" line."""

    def __init__(self, name, command):
        self.name = name
        self.command = command
        self.address = None
        self.process = None
        self._listening = threading.Event()

    def start(self):
        self._listening.clear()
        # In a session of its own: Ctrl-C reaches only the launcher, which
        # stops the servers in order (HTTP, replicas, then the database).
        self.process = subprocess.Popen(
            self.command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        threading.Thread(target=self._show_output, args=(self.process,),
                         daemon=True).start()

    def _show_output(self, process):
        for line in process.stdout:
            print(f"[{self.name}] {line}", end="", flush=True)
            match = _LISTENING.search(line)
            if match and not self._listening.is_set():
                self.address = match.group(1)
                self._listening.set()
        self._listening.set()  # ended: ready() reports it

    def ready(self, timeout_s=60):
        """Waits until it listens; False if it ended first."""
        self._listening.wait(timeout_s)
        return self.process.poll() is None and self.address is not None

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class Cluster:
    def __init__(self, replica_command, http_command, replicas, db_url,
                 give_up):
        self.stopping = threading.Event()
        self.failed = False
        self._give_up = give_up  # set when the cluster cannot go on
        self.replicas = [
            Server(f"replica {i + 1}", None) for i in range(replicas)]
        self._replica_command = replica_command
        self._http_command = http_command
        self.db_url = db_url
        self.http = None

    def start(self, http_port):
        # One after the other, so that the first creates the schema and
        # loads any sample data while the others wait.
        for replica in self.replicas:
            replica.command = self._replica_command(0, self.db_url)
            replica.start()
            if not replica.ready():
                print(f"cluster: {replica.name} did not start", file=sys.stderr)
                return False
            port = replica.address.rsplit(":", 1)[1]
            # Restarted on the same port, which the HTTP server's channel
            # knows.
            replica.command = self._replica_command(int(port), self.db_url)
            print(f"cluster: {replica.name} (pid {replica.process.pid}) "
                  f"listening on {replica.address}", flush=True)
            threading.Thread(target=self._supervise, args=(replica,),
                             daemon=True).start()
        target = "ipv4:" + ",".join(
            "127.0.0.1:" + replica.address.rsplit(":", 1)[1]
            for replica in self.replicas)
        self.http = Server("http", self._http_command(http_port, target))
        self.http.start()
        if not self.http.ready():
            print("cluster: the HTTP server did not start", file=sys.stderr)
            return False
        threading.Thread(target=self._watch_http, daemon=True).start()
        return True

    def _supervise(self, replica):
        while not self.stopping.is_set():
            code = replica.process.wait()
            if self.stopping.is_set():
                return
            how = (f"killed by signal {-code}" if code < 0
                   else f"exit code {code}")
            print(f"cluster: {replica.name} stopped ({how}); starting it again",
                  flush=True)
            replica.start()
            if replica.ready():
                print(f"cluster: {replica.name} (pid {replica.process.pid}) "
                      f"restarted, listening on {replica.address}", flush=True)
            elif not self.stopping.is_set():
                print(f"cluster: {replica.name} does not start again; stopping",
                      file=sys.stderr, flush=True)
                self.failed = True
                self._give_up.set()
                return

    def _watch_http(self):
        self.http.process.wait()
        if not self.stopping.is_set():
            print("cluster: the HTTP server stopped; stopping", file=sys.stderr,
                  flush=True)
            self.failed = True
            self._give_up.set()

    def stop(self):
        self.stopping.set()
        if self.http:
            self.http.stop()
        for replica in self.replicas:
            replica.stop()


def main(name, replica_command, http_command, description):
    """`replica_command(port, db_url)` and `http_command(port, grpc_target)`
    return the argv of a gRPC replica and of the HTTP server."""
    parser = argparse.ArgumentParser(prog=name, description=description,
                                     allow_abbrev=False)
    parser.add_argument("--replicas", type=int, default=2,
                        help="how many gRPC replicas (default 2)")
    parser.add_argument("--http_port", type=int, default=8080,
                        help="the HTTP server's port (default 8080; 0 picks "
                        "a free one)")
    parser.add_argument("--postgres", default="",
                        help="use this PostgreSQL database (a postgresql:// "
                        "URL) instead of starting a throwaway server")
    parser.add_argument("--replica_flag", action="append", default=[],
                        metavar="FLAG",
                        help="a flag for every gRPC replica, e.g. "
                        "--replica_flag=--shutdown_grace_ms=1000 "
                        "(repeatable)")
    args = parser.parse_args()
    if not 1 <= args.replicas <= 16:
        parser.error(f"--replicas={args.replicas}: must be 1-16")
    if not 0 <= args.http_port <= 65535:
        parser.error(f"--http_port={args.http_port}: must be 0-65535")

    stop = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stop.set())

    postgres = None
    db_url = args.postgres
    if not db_url:
        postgres = throwaway_postgres.ThrowawayPostgres()
        postgres.start()
        db_url = postgres.url
        print(f"cluster: PostgreSQL (throwaway, deleted on exit) listening on "
              f"{db_url}", flush=True)
    cluster = Cluster(
        lambda port, url: replica_command(port, url) + args.replica_flag,
        http_command, args.replicas, db_url, give_up=stop)
    try:
        if not cluster.start(args.http_port):
            return 1
        print(f"\n{name} running: open {cluster.http.address} in a browser "
              f"(Ctrl-C stops it)", flush=True)
        stop.wait()  # Ctrl-C, SIGTERM, or a server that cannot go on
        return 1 if cluster.failed else 0
    finally:
        cluster.stop()
        if postgres:
            postgres.stop()
        print(f"{name} stopped", flush=True)


def runfiles_path(relative):
    """`relative` (e.g. "meter-demo/grpc_server") in this program's runfiles
    tree, wherever it is run from."""
    here = os.path.dirname(os.path.abspath(__file__))  # .../common/launch
    return os.path.join(os.path.dirname(os.path.dirname(here)), relative)
