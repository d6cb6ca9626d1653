#!/usr/bin/env bash
# Benchmark 4 of the meter chapter: resident memory of the gRPC server with
# 1,000,000 readings stored, after it has streamed all of them once.
#
#   ./bazelw run //meter-demo/bench:memory
set -euo pipefail

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/meter-demo"
source "$runfiles/common/launch/start_server.sh"
server_fifo_dir=$(mktemp -d)
server_pids=()
trap 'stop_servers >/dev/null; rm -rf "$server_fifo_dir"' EXIT

csv="$server_fifo_dir/minutes.csv"
"$bin/sample_csv" --count=1000000 --interval_s=60 --out="$csv"
start_server "gRPC server" "$bin/grpc_server" --port=0 --db="$server_fifo_dir/meter.db" \
  --data="$csv" --meter=big
pid=${server_pids[0]}
rss() { awk -v field="$1:" '$1 == field { printf "%.1f MB", $2 / 1024 }' "/proc/$pid/status"; }
stream_all() {
  "$bin/meter_client" --target="$address" --meter=big --timeout_ms=120000 \
    readings 2019-01-01T00:00:00Z 2021-01-01T00:00:00Z | wc -l
}
echo "import run: after importing the CSV: VmRSS $(rss VmRSS)"
echo "import run: streamed $(stream_all) readings: VmRSS $(rss VmRSS), peak VmHWM $(rss VmHWM)"

# The usual case: a server starting on a database that already holds them.
stop_servers >/dev/null
start_server "gRPC server" "$bin/grpc_server" --port=0 --db="$server_fifo_dir/meter.db" \
  --meter=big
pid=${server_pids[0]}
echo "restart: after loading the database: VmRSS $(rss VmRSS)"
echo "restart: streamed $(stream_all) readings: VmRSS $(rss VmRSS), peak VmHWM $(rss VmHWM)"
