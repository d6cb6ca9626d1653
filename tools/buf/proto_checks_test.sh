#!/usr/bin/env bash
# buf's checks of protos/ (see protos/buf.yaml): `buf lint`, the style
# rules, and `buf breaking`, that nothing changed in a way that breaks the
# wire format or the JSON mapping since the release in tools/buf/previous.
# A new .proto file must be added to this test's data in tools/buf/BUILD.
set -euo pipefail
export BUF_CACHE_DIR="${TEST_TMPDIR:-/tmp}/buf-cache"
buf="$PWD/tools/buf/buf"
(cd protos && "$buf" lint)
echo "buf lint: OK"
"$buf" breaking protos --against tools/buf/previous
echo "buf breaking: OK"
