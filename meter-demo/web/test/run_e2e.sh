#!/usr/bin/env bash
# Bazel test wrapper: one file of browser tests (test/e2e/*.test.js).
#   run_e2e.sh TEST_FILE GRPC_SERVER HTTP_SERVER [SAMPLE_CSV METER_CLIENT]
# playwright-core comes from web/node_modules in the source tree: node
# resolves the test file's symlink in the runfiles to its real path there,
# and finds the package next to it. Cases go to $XML_OUTPUT_FILE (JUnit XML).
set -euo pipefail
die() { echo "run_e2e.sh: $*" >&2; exit 1; }
command -v node >/dev/null || die "node is not installed (Node 20 or later)"
test_file=$(readlink -f "$1")
shift
web_dir=${test_file%/test/e2e/*}
[[ -d "$web_dir/node_modules/playwright-core" ]] \
  || die "$web_dir/node_modules/playwright-core is missing: run ./bazelw (it runs npm ci in meter-demo/web/)"
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
[[ -x "$CHROMIUM" ]] || die "$CHROMIUM is missing: apt-get install chromium (./bazelw does)"

export GRPC_SERVER=$PWD/$1 HTTP_SERVER=$PWD/$2
if [[ $# -ge 4 ]]; then export SAMPLE_CSV=$PWD/$3 METER_CLIENT=$PWD/$4; fi
export TESTDATA=$PWD/meter-demo/web/test/testdata
exec node \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="${XML_OUTPUT_FILE:-/dev/null}" \
  "$test_file"
