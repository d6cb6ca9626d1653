"""The meter demo scaled out: a throwaway PostgreSQL (or --postgres=URL), two
meter gRPC replicas sharing it, and the HTTP server (with the web page) in
front of them, its channel round-robin over the healthy replicas.

  ./bazelw run //meter-demo:cluster
  ./bazelw run //meter-demo:cluster -- --replicas=3 --http_port=8080

docs/30-scale-out.md explains it; kill -9 a replica and watch it come back.
"""

import sys

from common.launch import cluster


def replica(port, db_url):
    return [cluster.runfiles_path("meter-demo/grpc_server"),
            "--host=127.0.0.1", f"--port={port}", f"--db={db_url}"]


def http_server(port, grpc_target):
    return [cluster.runfiles_path("meter-demo/http_server"),
            f"--port={port}", f"--grpc_target={grpc_target}"]


if __name__ == "__main__":
    sys.exit(cluster.main(
        "meter-demo cluster", replica, http_server,
        "Runs the meter demo on PostgreSQL with several gRPC replicas behind "
        "one HTTP server, until Ctrl-C."))
