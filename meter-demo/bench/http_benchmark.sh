#!/usr/bin/env bash
# Benchmark 2 of the meter chapter: the HTTP API under load. Starts the gRPC
# server (with the year of sample data) and the HTTP server, then runs wrk
# against one month at raw resolution (2,976 readings per response).
#
#   ./bazelw run //meter-demo/bench:http_benchmark [-- WRK_FLAGS]
# Default WRK_FLAGS: -t2 -c8 -d10s
set -euo pipefail

command -v wrk >/dev/null || { echo "wrk is missing: ./bazelw installs it (Debian package wrk)" >&2; exit 1; }
runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/meter-demo"
source "$runfiles/common/launch/start_server.sh"
server_fifo_dir=$(mktemp -d)
server_pids=()
trap 'stop_servers >/dev/null; rm -rf "$server_fifo_dir"' EXIT

start_server "gRPC server" "$bin/grpc_server" --port=0 --db="$server_fifo_dir/meter.db" >/dev/null
grpc_address="$address"
start_server "HTTP server" "$bin/http_server" --port=0 --grpc_target="$grpc_address" >/dev/null

url="$address/api/v1/readings?start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z"
echo "GET $url"
echo "response: $(curl -s "$url" | wc -c) bytes, $(curl -s "$url" | grep -o '"time"' | wc -l) readings"
if (($# == 0)); then set -- -t2 -c8 -d10s; fi
wrk "$@" --latency "$url"
