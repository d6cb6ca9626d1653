#!/usr/bin/env bash
# Registrations per second (docs/30-scale-out.md): one attendance gRPC
# server on SQLite, then one and two replicas on a throwaway PostgreSQL, each
# loaded by registration_load (16 calls in flight, 5,000 registrations),
# each on a new, empty database.
#
#   ./bazelw run //pi-demo/bench:registration_benchmark [-- --count=N --threads=N]
set -euo pipefail

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/pi-demo"
source "$runfiles/common/launch/start_server.sh"
server_fifo_dir=$(mktemp -d)
server_pids=()
trap 'stop_servers >/dev/null; rm -rf "$server_fifo_dir"' EXIT
# Every call comes from this one client: no failure limit. The organiser's
# password is not used here.
server_flags=(--host=127.0.0.1 --port=0 --max_failures=0)
export ATTENDANCE_PASSWORD=benchmark-only

echo "== one server on SQLite"
start_server "gRPC server" "$bin/grpc_server" "${server_flags[@]}" --db="$server_fifo_dir/attendance.db" >/dev/null
"$bin/bench/registration_load" --target="$address" --db="$server_fifo_dir/attendance.db" "$@"
stop_servers >/dev/null

for replicas in 1 2; do
  # A new database each time: the status every registration returns lists
  # every attendee, so a fuller database answers more slowly.
  start_server "PostgreSQL" "$runfiles/common/launch/throwaway_postgres" >/dev/null
  postgres="$address"
  targets=()
  for ((replica = 1; replica <= replicas; replica++)); do
    start_server "replica-$replica" "$bin/grpc_server" "${server_flags[@]}" --db="$postgres" >/dev/null
    targets+=("$address")
  done
  echo "== $replicas replica(s) on PostgreSQL"
  "$bin/bench/registration_load" --target="ipv4:$(IFS=,; echo "${targets[*]}")" --db="$postgres" "$@"
  stop_servers >/dev/null
done
