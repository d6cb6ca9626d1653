#!/usr/bin/env bash
# The four RPC modes in one command: starts the callback server on a free
# port, runs one call of each mode with the sync client and then with the
# callback client, and stops the server with SIGTERM.
#
#   ./bazelw run //examples/calculator:demo
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: bazel run //examples/calculator:demo
Starts the callback server on a free port, makes one call of each mode with
both clients, shows an error status, and stops the server.
  --help   show this help and exit
USAGE
}

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
bin="$runfiles/examples/calculator"
source "$runfiles/common/launch/launcher_flags.sh"
launcher=demo
for arg in "$@"; do
  case "$arg" in
    -h | --help) usage; exit 0 ;;
    *) unknown_flag "$arg" --help ;;
  esac
done

dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
# The server prints "listening on ADDRESS" on stdout once it takes calls
# (waited for here, not slept on), and one line per call on stderr (shown at
# the end, as the server saw the calls).
mkfifo "$dir/out"
"$bin/callback_server" --host=127.0.0.1 --port=0 >"$dir/out" 2>"$dir/calls.log" &
server_pid=$!
exec {out}<"$dir/out"
address=""
while IFS= read -r line <&"$out"; do
  echo "== server: $line"
  if [[ "$line" == *"listening on "* ]]; then
    address="${line##*listening on }"
    break
  fi
done
[[ -n "$address" ]] || { echo "the server did not start:"; cat "$dir/calls.log"; exit 1; }
cat <&"$out" >/dev/null &  # the rest of its stdout (the shutdown lines)

for client in sync_client callback_client; do
  echo
  echo "== $client --target=$address all"
  "$bin/$client" --target="$address" all
done
echo
echo "== sync_client --target=$address divide 1 0   (an error status)"
"$bin/sync_client" --target="$address" divide 1 0 || true

kill -TERM "$server_pid"
wait "$server_pid"
echo
echo "== server log (how each call ended, as the server saw it)"
cat "$dir/calls.log"
