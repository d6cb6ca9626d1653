"""A throwaway PostgreSQL server: initdb in a new temporary directory, the
server on a loopback port and a Unix socket there, everything deleted when it
stops. The demos' cluster launchers and the PostgreSQL tests use it; it is
Debian's PostgreSQL (`./bazelw` installs it), not a mock.

  throwaway_postgres [--port=PORT] [--no_fsync] [--stop_at_end_of_input]

prints "PostgreSQL listening on postgresql://tutorial:PASSWORD@127.0.0.1:PORT/tutorial"
once clients can connect (PASSWORD is new each time: other local users can
reach a loopback port; the Unix socket in the server's 0700 directory needs
none), and stops the server on SIGINT or SIGTERM (or,
with --stop_at_end_of_input, when its standard input ends: a test that holds
the pipe cannot leave a server behind, even if it crashes). PostgreSQL refuses to run as root, so as root the server
runs as the `postgres` user that Debian's package creates.
"""

import argparse
import ctypes
import glob
import os
import pwd
import shutil
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading

DATABASE = "tutorial"
USER = "tutorial"
_PR_SET_PDEATHSIG = 1


def _bin_dir():
    """The newest installed PostgreSQL's bin directory."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/postgres"),
        key=lambda path: int(path.split("/")[4]))
    if not candidates:
        sys.exit("throwaway_postgres: PostgreSQL is not installed "
                 "(Debian package postgresql; ./bazelw installs it)")
    return os.path.dirname(candidates[-1])


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent():
    # If this script is killed with SIGKILL, the server still stops (fast
    # shutdown) instead of living on with nobody to remove its directory.
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGINT)


class ThrowawayPostgres:
    """Start() runs initdb and the server; Stop() stops it and deletes its
    directory. `url` is the libpq connection URL of the `tutorial` database."""

    def __init__(self, port=0, fsync=True, log=sys.stderr):
        self.port = port or _free_port()
        self.fsync = fsync
        self.log = log
        self.directory = None
        self.server = None
        self.password = secrets.token_hex(16)
        self.url = (f"postgresql://{USER}:{self.password}@127.0.0.1:"
                    f"{self.port}/{DATABASE}")

    def _as_postgres_user(self):
        if os.geteuid() != 0:
            return {}
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError:
            sys.exit("throwaway_postgres: running as root needs the user "
                     "'postgres' (Debian's postgresql package creates it)")
        try:
            os.chown(self.directory, entry.pw_uid, entry.pw_gid)
        except OSError as error:
            self._remove_directory()
            # Root in a user namespace (Bazel's linux-sandbox) cannot hand
            # files to other users.
            sys.exit(f"throwaway_postgres: cannot give {self.directory} to "
                     f"the postgres user ({error.strerror}); inside Bazel's "
                     "sandbox, tag the test \"no-sandbox\"")
        return {"user": entry.pw_uid, "group": entry.pw_gid,
                "extra_groups": []}

    def start(self):
        bin_dir = _bin_dir()
        # Under /tmp: the Unix socket's path must be short, and the postgres
        # user must be able to reach the directory.
        self.directory = tempfile.mkdtemp(prefix="throwaway-postgres-",
                                          dir="/tmp")
        os.chmod(self.directory, 0o700)
        user = self._as_postgres_user()
        data = os.path.join(self.directory, "data")
        # Any local user may connect to a loopback port, so TCP clients need
        # the password (a new random one, in the URL); the Unix socket, in
        # this 0700 directory, reaches only its owner (and root).
        password_file = os.path.join(self.directory, "password")
        with open(os.open(password_file, os.O_WRONLY | os.O_CREAT, 0o600),
                  "w") as out:
            out.write(self.password + "\n")
        if user:
            os.chown(password_file, user["user"], user["group"])
        initdb = subprocess.run(
            [f"{bin_dir}/initdb", "-D", data, "--auth-local=trust",
             "--auth-host=scram-sha-256", f"--pwfile={password_file}",
             "-U", USER, "-E", "UTF8", "--locale=C", "--no-sync"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            **user)
        os.unlink(password_file)
        if initdb.returncode != 0:
            self._remove_directory()
            sys.exit("throwaway_postgres: initdb failed:\n" + initdb.stdout)
        settings = [
            "-k", self.directory, "-p", str(self.port),
            "-c", "listen_addresses=127.0.0.1",
            "-c", "max_connections=200",
        ]
        if not self.fsync:
            # Tests only: their data is thrown away anyway.
            settings += ["-c", "fsync=off", "-c", "synchronous_commit=off",
                         "-c", "full_page_writes=off"]
        self.server = subprocess.Popen(
            [f"{bin_dir}/postgres", "-D", data] + settings,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            # Its own session: a Ctrl-C meant for the launcher must not stop
            # the database before the servers using it.
            start_new_session=True, preexec_fn=_die_with_parent, **user)
        self._wait_until_ready()
        createdb = subprocess.run(
            [f"{bin_dir}/createdb", "-h", self.directory, "-p", str(self.port),
             "-U", USER, DATABASE],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if createdb.returncode != 0:
            self.stop()
            sys.exit("throwaway_postgres: createdb failed:\n" + createdb.stdout)

    def _wait_until_ready(self):
        """Reads the server's log until it accepts connections; then keeps
        copying the log to `self.log` on a thread."""
        lines = []
        for line in self.server.stdout:
            lines.append(line)
            if "database system is ready to accept connections" in line:
                threading.Thread(target=self._copy_log, daemon=True).start()
                return
        self.server.wait()
        self._remove_directory()
        sys.exit("throwaway_postgres: the server did not start:\n" +
                 "".join(lines))

    def _copy_log(self):
        for line in self.server.stdout:
            # Routine lines (checkpoints, shutdown) would bury the demo's own.
            if "ERROR" in line or "FATAL" in line or "PANIC" in line:
                print("postgres: " + line, end="", file=self.log, flush=True)

    def stop(self):
        if self.server is not None and self.server.poll() is None:
            self.server.send_signal(signal.SIGINT)  # fast shutdown
            self.server.wait()
        self._remove_directory()

    def _remove_directory(self):
        if self.directory:
            shutil.rmtree(self.directory, ignore_errors=True)
            self.directory = None


def main():
    parser = argparse.ArgumentParser(
        allow_abbrev=False,
        description="Runs a throwaway PostgreSQL server (initdb in a new "
        "temporary directory, deleted when it stops) until Ctrl-C or "
        "SIGTERM.")
    parser.add_argument("--port", type=int, default=0,
                        help="loopback port to listen on; 0 picks a free one")
    parser.add_argument("--no_fsync", action="store_true",
                        help="do not wait for the disk (for tests: faster, "
                        "and a crash of the machine loses the data)")
    parser.add_argument("--stop_at_end_of_input", action="store_true",
                        help="also stop when standard input ends (when the "
                        "program holding the pipe exits, however it exits)")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error(f"--port={args.port}: must be 0-65535")

    stopping = threading.Event()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: stopping.set())
    postgres = ThrowawayPostgres(port=args.port, fsync=not args.no_fsync)
    postgres.start()
    print(f"PostgreSQL listening on {postgres.url}", flush=True)

    def wait_for_end_of_input():
        try:
            while sys.stdin.read(4096):
                pass
        except (OSError, ValueError):
            return
        stopping.set()

    if args.stop_at_end_of_input:
        threading.Thread(target=wait_for_end_of_input, daemon=True).start()
    stopping.wait()
    postgres.stop()
    print("PostgreSQL stopped", flush=True)


if __name__ == "__main__":
    main()
