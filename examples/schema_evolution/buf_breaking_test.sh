#!/usr/bin/env bash
# `buf breaking` refuses a schema that changes a field's type and another's
# number (testdata/broken), naming both rules, while the real version 2
# (protos/) passes: the checker in //tools/buf:proto_checks_test can fail.
# And the compiler refuses a reserved field number used again.
set -euo pipefail
export BUF_CACHE_DIR="${TEST_TMPDIR:-/tmp}/buf-cache"
buf="$PWD/tools/buf/buf"
# The broken schema as a module with protos/'s configuration.
broken="${TEST_TMPDIR:-/tmp}/broken"
rm -rf "$broken" && mkdir -p "$broken"
cp -RL examples/schema_evolution/testdata/broken/. "$broken"
cp protos/buf.yaml "$broken"
if output=$("$buf" breaking "$broken" --against tools/buf/previous \
    --error-format=json 2>&1); then
  echo "buf breaking accepted $broken:"; echo "$output"; exit 1
fi
for rule in FIELD_WIRE_JSON_COMPATIBLE_TYPE FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED; do
  grep -q "\"type\":\"$rule\"" <<<"$output" || {
    echo "buf breaking did not report $rule:"; echo "$output"; exit 1
  }
done
echo "buf breaking refused $broken: OK"

# And a reserved number cannot be used again: version 2 with field 2 back.
reused="${TEST_TMPDIR:-/tmp}/reused/evolution/v1"
mkdir -p "$reused"
sed 's|^  reserved 2;|  reserved 2;\n  string telex = 2;|' \
  protos/evolution/v1/contact.proto > "$reused/contact.proto"
if output=$("$buf" build "${reused%/evolution/v1}" 2>&1); then
  echo "a reserved field number was accepted"; exit 1
fi
grep -q "reserved" <<<"$output" || { echo "$output"; exit 1; }
echo "a reserved number is refused: OK"
