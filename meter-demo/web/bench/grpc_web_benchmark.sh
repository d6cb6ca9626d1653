#!/usr/bin/env bash
# The gRPC-Web chapter's figures: a month of raw readings (2,976) from the
# sample year, over the JSON API and over gRPC-Web. Starts the meter
# servers, then measures
#   1. the bytes on the wire (curl), with and without gzip,
#   2. fetch + decode time in Chromium, each way (browser_decode.mjs),
#   3. requests/s and latency under load (wrk, the same flags each way).
#
#   ./bazelw run //meter-demo/web:grpc_web_benchmark [-- WRK_FLAGS]
# Default WRK_FLAGS: -t2 -c8 -d10s
set -euo pipefail

for tool in wrk curl node; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: ./bazelw installs it" >&2; exit 1; }
done
runfiles="${RUNFILES_DIR:-$0.runfiles}/grpc_tutorial"
source "$runfiles/common/launch/start_server.sh"
work=$(mktemp -d)
server_fifo_dir=$work
server_pids=()
trap 'stop_servers >/dev/null; rm -rf "$work"' EXIT

start_server "gRPC server" "$runfiles/meter-demo/grpc_server" --port=0 --db="$work/meter.db" >/dev/null
start_server "HTTP server" "$runfiles/meter-demo/http_server" --port=0 --grpc_target="$address" >/dev/null
base=$address
start=2019-06-01T00:00:00Z end=2019-07-01T00:00:00Z
json_url="$base/api/v1/readings?meter=home&start=$start&end=$end&resolution=raw"
grpc_url="$base/meter.v1.MeterService/ListReadings"

# The gRPC-Web request body (one frame) and the browser figures.
bench_dir=$(dirname "$(readlink -f "$runfiles/meter-demo/web/bench/browser_decode.mjs")")
cp "$runfiles/meter-demo/web/vendor/meter_grpc_web.js" "$work/meter_grpc_web.mjs"
node "$bench_dir/browser_decode.mjs" "$base" "$work/meter_grpc_web.mjs" "$start" "$end" \
  "$work/request.bin"
base64 -w0 "$work/request.bin" >"$work/request.txt"

size() { curl -s -o /dev/null -w '%{size_download}' "$@"; }
echo
echo "bytes of the answer (body, as sent):"
echo "  JSON                   $(size "$json_url")"
echo "  JSON, gzip             $(size -H 'Accept-Encoding: gzip' "$json_url")"
echo "  gRPC-Web (binary)      $(size -X POST -H 'Content-Type: application/grpc-web+proto' --data-binary @"$work/request.bin" "$grpc_url")"
echo "  gRPC-Web (text)        $(size -X POST -H 'Content-Type: application/grpc-web-text' --data-binary @"$work/request.txt" "$grpc_url")"

if (($# == 0)); then set -- -t2 -c8 -d10s; fi
cat >"$work/grpc_web.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/grpc-web+proto"
wrk.headers["X-Grpc-Web"] = "1"
local file = io.open("$work/request.bin", "rb")
wrk.body = file:read("*a")
file:close()
LUA
echo
echo "JSON: GET $json_url"
wrk "$@" --latency "$json_url"
echo
echo "gRPC-Web: POST $grpc_url"
wrk "$@" --latency -s "$work/grpc_web.lua" "$grpc_url"
