#!/usr/bin/env bash
# Builds the fuzz targets (every cc_fuzz_test, bazel/fuzz.bzl) as
# --config=asan does (clang, libFuzzer, AddressSanitizer and
# UndefinedBehaviorSanitizer: after that run, nothing is rebuilt), and fuzzes
# each for SECONDS (default 20), starting from its checked-in corpus. A crash
# fails the run and leaves the input that caused it in $FUZZ_OUT (default a
# temporary directory): add it to the target's corpus/ folder, and it is a
# regression test of every `./bazelw test //...` from then on.
#
#   tools/fuzz/run_fuzzers.sh [SECONDS]
set -uo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-20}"
out="${FUZZ_OUT:-$(mktemp -d)}"
mkdir -p "$out"

targets=$(./bazelw query 'attr(tags, "\bfuzz\b", tests(//...))' 2>/dev/null) || {
  echo "run_fuzzers: bazel query failed" >&2
  exit 1
}
./bazelw build --config=asan $targets || exit 1
bin="$(./bazelw info --config=asan bazel-bin 2>/dev/null)"

status=0
for target in $targets; do
  package="${target#//}"
  package="${package%%:*}"
  name="${target##*:}"
  binary="$bin/$package/$name"
  corpus="$package/corpus/${name%_fuzz_test}"
  # New inputs go to a scratch copy; the checked-in corpus stays as it is.
  work="$out/$package/$name"
  mkdir -p "$work/corpus" "$work/crashes"
  cp "$corpus"/* "$work/corpus/"
  echo "run_fuzzers: $target for ${seconds} s"
  if ! "$binary" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
      -print_final_stats=1 -artifact_prefix="$work/crashes/" "$work/corpus" \
      >"$work/log" 2>&1; then
    echo "run_fuzzers: $target FAILED; the input is in $work/crashes/, the log in $work/log" >&2
    tail -40 "$work/log" >&2
    status=1
  else
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$work/log" |
      sed "s|^|run_fuzzers: $name |"
  fi
done
exit $status
