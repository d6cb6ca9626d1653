#!/usr/bin/env bash
# //examples/calculator:demo end to end: every mode with both clients, the
# server's log, a clean stop; and its command line (--help, a typo).
#   demo_test.sh DEMO
set -euo pipefail
demo=$1
fail() { echo "FAIL: $*" >&2; exit 1; }

output=$("$demo")
[[ $(grep -c '^divide: 17 / 5 = 3 remainder 2$' <<<"$output") == 2 ]] || fail "two divides: $output"
grep -q '^running-sum: sent 5, total 14 of 5 values$' <<<"$output" || fail "running-sum: $output"
grep -q '^error: INVALID_ARGUMENT: divisor must not be zero$' <<<"$output" || fail "the error: $output"
grep -q '^RunningSum: OK (received 5, sent 5)$' <<<"$output" || fail "server log: $output"

"$demo" --help | grep -q '^Usage: bazel run //examples/calculator:demo' || fail "--help"
status=0
message=$("$demo" --hlep 2>&1) || status=$?
[[ $status == 2 ]] || fail "--hlep exited $status"
grep -q 'unknown flag --hlep (did you mean --help?)' <<<"$message" || fail "$message"
echo "PASS"
