#!/usr/bin/env bash
# The four RPC modes in one command: starts the callback server on a free
# port, runs one call of each mode with the sync client and then with the
# callback client, and stops the server with SIGTERM.
#
#   ./bazelw run //examples/calculator:demo
set -euo pipefail

runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial/examples/calculator"
server_log=$(mktemp)
trap 'rm -f "$server_log"' EXIT

"$runfiles/callback_server" --host=127.0.0.1 --port=0 >"$server_log" 2>&1 &
server_pid=$!
# Wait for the server's "listening on" line rather than sleeping.
for _ in $(seq 100); do
  address=$(sed -n 's/.*listening on //p' "$server_log")
  [[ -n "$address" ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$server_log"; exit 1; }
  sleep 0.1
done
[[ -n "$address" ]] || { echo "server did not start"; cat "$server_log"; exit 1; }
echo "== server: $(head -n 1 "$server_log")"

for client in sync_client callback_client; do
  echo
  echo "== $client --target=$address all"
  "$runfiles/$client" --target="$address" all
done
echo
echo "== sync_client --target=$address divide 1 0   (an error status)"
"$runfiles/sync_client" --target="$address" divide 1 0 || true

kill -TERM "$server_pid"
wait "$server_pid"
echo
echo "== server log (how each call ended, as the server saw it)"
cat "$server_log"
