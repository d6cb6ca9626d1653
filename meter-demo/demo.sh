#!/usr/bin/env bash
# The meter demo in one command: the gRPC server (with a year of sample data,
# or your CSV file), the HTTP/JSON server in front of it, and the web page it
# serves. Ctrl-C stops everything.
#
#   ./bazelw run //meter-demo
#   ./bazelw run //meter-demo -- --data=usage.csv --http_port=8080
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bazel run //meter-demo -- [flags]
  --data=FILE       a CSV file (header time,meterusage) to load; a relative
                    path is relative to where you ran bazel. Default: sample data
  --meter=ID        the meter to load it into and to show (default: home)
  --db=FILE         the SQLite database (default: ~/.local/share/grpc-tutorial/meter-demo.db)
  --grpc_port=PORT  the gRPC server's port (default 50052; 0 picks a free one)
  --http_port=PORT  the HTTP server's port (default 8080; 0 picks a free one)
  --host=HOST       interface for both servers (default localhost)
USAGE
}

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/meter-demo"
source "$runfiles/common/launch/launcher_flags.sh"
source "$runfiles/common/launch/start_server.sh"
launcher=meter-demo

host=localhost
grpc_port=50052
http_port=8080
meter=home
grpc_flags=()
for arg in "$@"; do
  case "$arg" in
    --data=* | --db=*) grpc_flags+=("$arg") ;;
    --meter=*) meter="${arg#*=}" ;;
    --grpc_port=*) grpc_port="${arg#*=}"; check_port --grpc_port "$grpc_port" ;;
    --http_port=*) http_port="${arg#*=}"; check_port --http_port "$http_port" ;;
    --host=*) host="${arg#*=}" ;;
    -h | --help) usage; exit 0 ;;
    *) unknown_flag "$arg" --data --db --meter --grpc_port --http_port --host --help ;;
  esac
done

server_fifo_dir=$(mktemp -d)
server_pids=()
cleanup() {
  trap - INT TERM
  stop_servers
  rm -rf "$server_fifo_dir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

start_server "gRPC server" "$bin/grpc_server" --host="$host" --port="$grpc_port" --meter="$meter" \
  "${grpc_flags[@]}"
grpc_address="$address"
start_server "HTTP server" "$bin/http_server" --host="$host" --port="$http_port" \
  --grpc_target="$grpc_address" --default_meter="$meter"

echo
echo "Meter demo running: open $address in a browser (Ctrl-C stops it)"

# Run until Ctrl-C, or until either server stops on its own.
wait -n "${server_pids[@]}"
echo "meter-demo: a server stopped; stopping the other" >&2
exit 1
