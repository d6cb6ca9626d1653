#!/usr/bin/env bash
# The scale-out chapter's benchmarks (docs/30-scale-out.md), each on SQLite
# and on PostgreSQL in the same run: a throwaway PostgreSQL server on
# loopback, then
#   1. wrk against the HTTP API (one month, raw: 2,976 readings), in front
#      of one SQLite gRPC server, then of two PostgreSQL replicas;
#   2. backends_benchmark: storing 1,000,000 readings, and streaming 3,000
#      and 1,000,000 through ListReadings.
#
#   ./bazelw run //meter-demo/bench:scale_out_benchmark [-- WRK_FLAGS]
# Default WRK_FLAGS: -t2 -c8 -d10s
set -euo pipefail

command -v wrk >/dev/null || { echo "wrk is missing: ./bazelw installs it (Debian package wrk)" >&2; exit 1; }
runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/meter-demo"
source "$runfiles/common/launch/start_server.sh"
server_fifo_dir=$(mktemp -d)
server_pids=()
trap 'stop_servers >/dev/null; rm -rf "$server_fifo_dir"' EXIT
if (($# == 0)); then set -- -t2 -c8 -d10s; fi

month="/api/v1/readings?start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z"
http_month() {  # $1: label, then wrk's flags; the HTTP server last started
  echo
  echo "== GET one month through the HTTP API: $1"
  shift
  echo "response: $(curl -s "$address$month" | wc -c) bytes"
  wrk "$@" --latency "$address$month" | grep -E 'Latency|50%|99%|Requests/sec|Non-2xx|errors'
}
wrk_flags=("$@")

start_server "gRPC server" "$bin/grpc_server" --port=0 --db="$server_fifo_dir/meter.db" >/dev/null
start_server "HTTP server" "$bin/http_server" --port=0 --grpc_target="$address" >/dev/null
http_month "one gRPC server on SQLite" "${wrk_flags[@]}"
stop_servers >/dev/null

start_server "PostgreSQL" "$runfiles/common/launch/throwaway_postgres" >/dev/null
postgres="$address"
echo
echo "PostgreSQL (throwaway): $postgres"
targets=()
for replica in 1 2; do
  start_server "replica-$replica" "$bin/grpc_server" --host=127.0.0.1 --port=0 --db="$postgres" >/dev/null
  targets+=("$address")
done
start_server "HTTP server" "$bin/http_server" --port=0 \
  --grpc_target="ipv4:$(IFS=,; echo "${targets[*]}")" >/dev/null
http_month "two gRPC replicas on PostgreSQL" "${wrk_flags[@]}"

echo
echo "== MeterData on SQLite and PostgreSQL"
METER_BENCH_POSTGRES="$postgres" "$bin/bench/backends_benchmark"
