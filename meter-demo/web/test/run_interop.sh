#!/usr/bin/env bash
# Bazel test wrapper: gRPC-Web clients from npm against the real servers
# (test/interop/interop.test.js).
#   run_interop.sh GRPC_SERVER HTTP_SERVER BUNDLE
# The npm packages come from web/node_modules in the source tree: node
# resolves the test file's symlink in the runfiles to its real path there.
set -euo pipefail
die() { echo "run_interop.sh: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is not installed (Node 20 or later)"
test_file=$(readlink -f meter-demo/web/test/interop/interop.test.js)
web_dir=${test_file%/test/interop/interop.test.js}
for package in @connectrpc/connect-node grpc-web xhr2; do
  [[ -d "$web_dir/node_modules/$package" ]] \
    || die "$web_dir/node_modules/$package is missing: run ./bazelw (it runs npm ci in meter-demo/web/)"
done
export GRPC_SERVER=$PWD/$1 HTTP_SERVER=$PWD/$2 BUNDLE=$PWD/$3
export TESTDATA=$PWD/meter-demo/web/test/testdata
exec node \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="${XML_OUTPUT_FILE:-/dev/null}" \
  "$test_file"
