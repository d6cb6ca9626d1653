#!/usr/bin/env bash
# Builds vendor/meter_grpc_web.js (genrule :grpc_web_client):
#   build_client.sh ENTRY PROTO BUNDLE_OUT GENERATED_OUT
# 1. protoc runs npm's protoc-gen-es on the meter proto (plain JavaScript),
# 2. esbuild bundles the generated code, the entry and the runtimes into one
#    minified ES module.
# Both tools come from meter-demo/web/node_modules, which ./bazelw installs
# (npm ci); the genrule runs outside the sandbox to read it in place.
set -euo pipefail
entry=$1 proto=$2 bundle=$3 generated=$4
modules=$PWD/meter-demo/web/node_modules
for tool in protoc-gen-es esbuild; do
  [[ -x "$modules/.bin/$tool" ]] || {
    echo "meter-demo/web/node_modules/.bin/$tool is missing: run ./bazelw (it runs npm ci in meter-demo/web/), or cd meter-demo/web && npm ci" >&2
    exit 1
  }
done
work=$(dirname "$bundle")/grpc_web_work
rm -rf "$work" && mkdir -p "$work"
protoc -I . --plugin=protoc-gen-es="$modules/.bin/protoc-gen-es" \
  --es_out="$work" --es_opt=target=js,import_extension=js "$proto"
cp "$entry" "$work/meter_grpc_web.js"
# esbuild finds the runtimes' packages through NODE_PATH.
NODE_PATH=$modules "$modules/.bin/esbuild" "$work/meter_grpc_web.js" --bundle \
  --format=esm --minify --target=es2020 --log-level=warning --outfile="$bundle"
cp "$work/${proto%.proto}_pb.js" "$generated"
rm -rf "$work"
