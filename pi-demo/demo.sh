#!/usr/bin/env bash
# The attendance demo in one command: the gRPC server, the HTTP server with
# the registration page, and a terminal display (what the Pi's LED matrix
# would show). Prints the page's URL and a first code to register with.
# Ctrl-C stops everything.
#
#   ./bazelw run //pi-demo
#   ./bazelw run //pi-demo -- --http_port=8000 --display=none
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bazel run //pi-demo -- [flags]
  --db=FILE         the SQLite database (default: ~/.local/share/grpc-tutorial/pi-demo.db)
  --grpc_port=PORT  the gRPC server's port (default 50053; 0 picks a free one)
  --http_port=PORT  the HTTP server's port (default 8000; 0 picks a free one)
  --host=HOST       interface for the HTTP server (default localhost); the
                    gRPC server, plaintext here, stays on loopback
  --display=KIND    terminal (default) or none
The organiser's password: $ATTENDANCE_PASSWORD if set; on the first start
without it, a generated one, printed once. Without a password on later
starts, no first code is issued (use //pi-demo:organiser).
USAGE
}

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/pi-demo"
source "$runfiles/common/launch/launcher_flags.sh"
source "$runfiles/common/launch/start_server.sh"
launcher=pi-demo

host=localhost
grpc_port=50053
http_port=8000
display=terminal
db=""
for arg in "$@"; do
  case "$arg" in
    --db=*) db="${arg#*=}" ;;
    --grpc_port=*) grpc_port="${arg#*=}"; check_port --grpc_port "$grpc_port" ;;
    --http_port=*) http_port="${arg#*=}"; check_port --http_port "$http_port" ;;
    --host=*) host="${arg#*=}" ;;
    --display=terminal | --display=none) display="${arg#*=}" ;;
    --display=*) usage_error "--display=${arg#*=}: terminal or none" ;;
    -h | --help) usage; exit 0 ;;
    *) unknown_flag "$arg" --db --grpc_port --http_port --host --display --help ;;
  esac
done
if [[ -z "$db" ]]; then
  db="${XDG_DATA_HOME:-${HOME:-.}/.local/share}/grpc-tutorial/pi-demo.db"
fi
# A relative --db is relative to where the user ran bazel.
if [[ "$db" != /* ]]; then db="${BUILD_WORKING_DIRECTORY:-$PWD}/$db"; fi
mkdir -p "$(dirname "$db")"

server_fifo_dir=$(mktemp -d)
server_pids=()
cleanup() {
  trap - INT TERM
  stop_servers
  rm -rf "$server_fifo_dir"
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# The first start creates the organiser. Choose its password here (rather
# than letting the server generate one) so that the demo can log in with it.
if [[ -z "${ATTENDANCE_PASSWORD:-}" && ! -e "$db" ]]; then
  ATTENDANCE_PASSWORD=$(LC_ALL=C tr -dc 'a-km-zA-HJ-NP-Z2-9' </dev/urandom | head -c 20 || true)
  new_password="$ATTENDANCE_PASSWORD"
fi
export ATTENDANCE_PASSWORD="${ATTENDANCE_PASSWORD:-}"

# Plaintext gRPC listens on loopback only (grpc_server refuses more): the
# HTTP server and the display reach it there.
# The HTTP server names each web user to the gRPC server (for the per-user
# rate limit), which believes it only from a caller holding this token: any
# local process could connect from 127.0.0.1 and claim a new name per guess.
proxy_token_file="$server_fifo_dir/proxy_token"
(umask 077 && od -An -N32 -tx1 /dev/urandom | tr -d ' \n' >"$proxy_token_file")
start_server "gRPC server" "$bin/grpc_server" --host=localhost --port="$grpc_port" --db="$db" \
  --proxy_token_file="$proxy_token_file"
grpc_address="$address"
start_server "HTTP server" "$bin/http_server" --host="$host" --port="$http_port" \
  --grpc_target="$grpc_address" --proxy_token_file="$proxy_token_file"
url="$address"

echo
if [[ -n "${new_password:-}" ]]; then
  echo "Organiser 'organiser' created with password $new_password: this launcher chose it and gave it to the server as \$ATTENDANCE_PASSWORD (shown only now)"
fi
issue_hint="Issue codes with: ./bazelw run //pi-demo:organiser -- --server=$grpc_address issue"
# A wrong or stale $ATTENDANCE_PASSWORD (the database keeps the first one)
# must not stop the demo: say so and how to issue codes instead.
if [[ -n "$ATTENDANCE_PASSWORD" ]] &&
  issued=$("$bin/organiser" --server="$grpc_address" issue); then
  echo "Attendance demo running: open $url and register with the code ${issued%% *}"
elif [[ -n "$ATTENDANCE_PASSWORD" ]]; then
  echo "pi-demo: could not issue a first code with \$ATTENDANCE_PASSWORD (see above;" \
    "the organiser keeps the password of the database's first start)"
  echo "Attendance demo running: open $url"
  echo "$issue_hint (it asks for the password; unset ATTENDANCE_PASSWORD first)"
else
  echo "Attendance demo running: open $url"
  echo "$issue_hint"
fi
echo "(Ctrl-C stops it)"

if [[ "$display" == terminal ]]; then
  "$bin/display/display" --server="$grpc_address" --backend=terminal &
  server_pids+=($!)
fi

# Run until Ctrl-C, or until a part stops on its own.
wait -n "${server_pids[@]}"
echo "pi-demo: a part stopped; stopping the others" >&2
exit 1
