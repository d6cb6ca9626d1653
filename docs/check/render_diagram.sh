#!/usr/bin/env bash
# Renders one diagram of docs/diagrams/ to SVG (the genrules of docs/BUILD):
#   render_diagram.sh SOURCE OUT.svg
# .msc: a sequence chart, with mscgen; .dot: a graph, with graphviz's dot.
# Both are Debian packages that ./bazelw installs.
set -euo pipefail
source=$1 out=$2
case "$source" in
  *.msc) tool=mscgen; command=(mscgen -T svg -o "$out" "$source") ;;
  *.dot) tool=dot; command=(dot -Tsvg "$source" -o "$out") ;;
  *) echo "render_diagram.sh: $source: not .msc or .dot" >&2; exit 1 ;;
esac
command -v "$tool" >/dev/null \
  || { echo "render_diagram.sh: $tool is missing: run ./bazelw (it installs mscgen and graphviz)" >&2; exit 1; }
"${command[@]}"
