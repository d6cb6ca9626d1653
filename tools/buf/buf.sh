#!/usr/bin/env bash
# Runs the buf binary that npm installed into tools/buf/node_modules, with
# the caller's arguments, from where the user ran bazel (so that paths they
# type are theirs).
set -euo pipefail
relative=tools/buf/node_modules/@bufbuild/buf-linux-x64/bin/buf
buf=""
# `bazel run` (next to this script, a .runfiles tree), a test's runfiles
# (RUNFILES_DIR), or this script inside another target's runfiles.
for candidate in "$0.runfiles/grpc_tutorial/$relative" \
  "${RUNFILES_DIR:-/nonexistent}/grpc_tutorial/$relative" \
  "$(dirname "$0")/node_modules/@bufbuild/buf-linux-x64/bin/buf"; do
  if [[ -x "$candidate" ]]; then
    buf="$candidate"
    break
  fi
done
if [[ -z "$buf" ]]; then
  echo "buf: tools/buf/node_modules is missing: run ./bazelw (it runs npm ci in tools/buf/)" >&2
  exit 1
fi
cd "${BUILD_WORKING_DIRECTORY:-.}"
exec "$buf" "$@"
