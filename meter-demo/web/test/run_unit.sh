#!/usr/bin/env bash
# Bazel test wrapper: the web app's unit tests with node's built-in test
# runner, in the Europe/Berlin zone (so "local time" has daylight saving).
# Cases go to $XML_OUTPUT_FILE as JUnit XML, so ./bazelw counts them.
set -euo pipefail
command -v node >/dev/null || { echo "run_unit.sh: node is not installed (Node 20 or later)" >&2; exit 1; }
export TZ=Europe/Berlin
exec node --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=junit --test-reporter-destination="${XML_OUTPUT_FILE:-/dev/null}" \
  meter-demo/web/test/unit/
