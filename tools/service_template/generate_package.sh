#!/usr/bin/env bash
# The genrules of selftest/ and walkthrough/ run this: the generator into a
# scratch folder with the repository's .clang-format, as `./bazelw run
# //tools:new_service` writes into a learner's clone; then the patches, in
# order, from the folder that holds protos/ and examples/; then the files of
# one package copied to the genrule's outputs.
#
#   generate_package.sh GENERATOR CLANG_FORMAT PACKAGE PATCH_ROOT \
#       [PATCH...] -- [GENERATOR FLAG...] -- OUT...
set -euo pipefail
generator=$1 style=$2 package=$3 patch_root=$4
shift 4
patches=()
while [[ $1 != -- ]]; do patches+=("$1"); shift; done
shift
flags=()
while [[ $1 != -- ]]; do flags+=("$1"); shift; done
shift

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
cp "$style" "$root/.clang-format"
"$generator" "${flags[@]}" --root="$root" >/dev/null
for patch in "${patches[@]}"; do
  patch --quiet --forward --batch -p1 -d "$root/$patch_root" <"$patch"
done
for out in "$@"; do
  cp "$root/$package/$(basename "$out")" "$out"
done
