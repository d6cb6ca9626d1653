"""The attendance demo scaled out: a throwaway PostgreSQL (or --postgres=URL),
two attendance gRPC replicas sharing it (codes, attendees, login tokens and
failure counts all in the database), and the HTTP server with the
registration page in front of them, round-robin over the healthy replicas.

  ./bazelw run //pi-demo:cluster

The organiser's password: $ATTENDANCE_PASSWORD if set, else generated and
printed by the first replica on the database's first start.
docs/30-scale-out.md explains it.
"""

import os
import secrets
import sys
import tempfile

from common.launch import cluster

# The HTTP server's identity towards the replicas, which believe its
# x-forwarded-for (the web user's address, for the failure limits) only
# with this token.
_secrets_dir = tempfile.TemporaryDirectory(prefix="pi-demo-cluster-")
PROXY_TOKEN_FILE = os.path.join(_secrets_dir.name, "proxy_token")
with open(os.open(PROXY_TOKEN_FILE, os.O_WRONLY | os.O_CREAT, 0o600),
          "w") as token:
    token.write(secrets.token_hex(32))


def replica(port, db_url):
    return [cluster.runfiles_path("pi-demo/grpc_server"),
            "--host=127.0.0.1", f"--port={port}", f"--db={db_url}",
            f"--proxy_token_file={PROXY_TOKEN_FILE}"]


def http_server(port, grpc_target):
    return [cluster.runfiles_path("pi-demo/http_server"),
            f"--port={port}", f"--grpc_target={grpc_target}",
            f"--proxy_token_file={PROXY_TOKEN_FILE}"]


if __name__ == "__main__":
    try:
        code = cluster.main(
            "pi-demo cluster", replica, http_server,
            "Runs the attendance demo on PostgreSQL with several gRPC "
            "replicas behind one HTTP server, until Ctrl-C.")
    finally:
        _secrets_dir.cleanup()
    sys.exit(code)
