#!/usr/bin/env bash
# Checks the layering of the build graph (README.md, "Layout"):
#
#   protos/, common/                 the bottom: they use nothing above them
#   examples/, meter-demo/, pi-demo/ each uses only protos/, common/ and its
#                                    own packages (a concept folder may build
#                                    on examples/calculator)
#   exercises/                       only protos/ and common/
#   bindings/                        Python clients: may also start the
#                                    programs above, in its tests
#   docs/                            the top: may use everything
#
# 1. `bazel query` shows that no folder depends on one it may not use.
# 2. Bazel's visibility enforces it: a dependency that breaks the layering
#    fails the build. Probe packages made here for the run show it, and are
#    removed again.
#
#   bazel/check_layering.sh    (from the repository root; .ci/run runs it)
set -euo pipefail
cd "$(dirname "$0")/.."
bazel=${BAZEL:-bazel}
failures=0

# folder -> the folders of ours it must not depend on
declare -A forbidden=(
  [protos]="common examples exercises meter-demo pi-demo bindings docs"
  [common]="examples exercises meter-demo pi-demo bindings docs"
  [examples]="exercises meter-demo pi-demo bindings docs"
  [exercises]="examples meter-demo pi-demo bindings docs"
  [meter-demo]="examples exercises pi-demo bindings docs"
  [pi-demo]="examples exercises meter-demo bindings docs"
  [bindings]="docs"
)
for folder in protos common examples exercises meter-demo pi-demo bindings; do
  set -- ${forbidden[$folder]}
  others=$(printf ' + //%s/...' "$@")
  query="deps(//$folder/...) intersect (${others# + })"
  found=$("$bazel" query --noshow_progress "$query" 2>/tmp/check_layering.$$) || {
    echo "layering: bazel query '$query' failed:" >&2
    cat /tmp/check_layering.$$ >&2
    exit 1
  }
  rm -f /tmp/check_layering.$$
  if [[ -n "$found" ]]; then
    echo "layering: //$folder/... depends on what it may not use:" >&2
    sed 's/^/  /' <<<"$found" >&2
    failures=$((failures + 1))
  else
    echo "layering: //$folder/... uses none of: $*"
  fi
done

# Probes: each one a package that reaches where it may not.
probes=(
  "common/layering_probe|//meter-demo:meter_service"
  "examples/layering_probe|//pi-demo:attendance_service"
  "meter-demo/layering_probe|//pi-demo:attendance_store"
  "pi-demo/layering_probe|//bindings/common"
  "bindings/layering_probe|//meter-demo:meter_service"
)
cleanup() { for probe in "${probes[@]}"; do rm -rf "${probe%%|*}"; done; }
trap cleanup EXIT
for probe in "${probes[@]}"; do
  dir=${probe%%|*}
  mkdir -p "$dir"
  cat >"$dir/BUILD" <<PROBE
cc_library(
    name = "probe",
    deps = ["${probe#*|}"],
)
PROBE
done
for probe in "${probes[@]}"; do
  dir=${probe%%|*}
  if output=$("$bazel" build --nobuild "//$dir:probe" 2>&1); then
    echo "layering: //$dir:probe -> ${probe#*|} built, but must not be visible" >&2
    failures=$((failures + 1))
  elif grep -q "is not visible from target" <<<"$output"; then
    echo "layering: //$dir -> ${probe#*|} fails the build: not visible"
  else
    echo "layering: //$dir:probe failed for another reason:" >&2
    tail -5 <<<"$output" >&2
    failures=$((failures + 1))
  fi
done

if ((failures)); then
  echo "layering: $failures problem(s)" >&2
  exit 1
fi
echo "layering: OK"
