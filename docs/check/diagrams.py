"""The diagrams of docs/diagrams/: sequence charts of the call modes
(mscgen, .msc) and the demos' architecture (graphviz, .dot). docs/BUILD
renders each to SVG at build time; the chapters show the copies in
docs/images/. The docs check holds both to the code:

- the SVGs in docs/images/ must be what the sources render to now
  (`bazel run //docs:sync_diagrams` copies them there);
- every Bazel label (//meter-demo:grpc_server) and every RPC
  (meter.v1.MeterService/ListReadings) a diagram names must exist, so that a
  renamed program or method cannot leave a diagram behind;
- every diagram is shown by a chapter.
"""

import os
import re

from docs.check import docs_check

SOURCE_EXTENSIONS = (".msc", ".dot")
# package.vN.Service/Method
RPC = re.compile(r"\b((?:[a-z_][a-z0-9_]*\.)+v\d+)\.([A-Z]\w*)/([A-Z]\w*)")


def sources(root):
    """The diagram sources, relative to `root`, sorted."""
    folder = os.path.join(root, "docs", "diagrams")
    return sorted(os.path.join("docs", "diagrams", name) for name in os.listdir(folder)
                  if name.endswith(SOURCE_EXTENSIONS))


def svg_name(source):
    """docs/diagrams/unary.msc -> unary.svg"""
    return os.path.splitext(os.path.basename(source))[0] + ".svg"


def rpc_exists(root, package, service, method):
    """Whether protos/<package as folders>/ has `service` with `method`."""
    folder = os.path.join(root, "protos", *package.split("."))
    if not os.path.isdir(folder):
        return False
    for name in os.listdir(folder):
        if not name.endswith(".proto"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            text = f.read()
        block = re.search(r"\bservice\s+%s\s*\{(.*?)\n\}" % re.escape(service), text, re.S)
        if block and re.search(r"\brpc\s+%s\s*\(" % re.escape(method), block.group(1)):
            return True
    return False


def check_names(root, source):
    """Messages `source:line: ...` for the labels and RPCs it names that do
    not exist."""
    problems = []
    with open(os.path.join(root, source), encoding="utf-8") as f:
        lines = f.read().splitlines()
    for number, line in enumerate(lines, 1):
        # graphviz's line breaks in labels (\n, \l, \r) separate words.
        line = re.sub(r"\\[nlr]", " ", line)
        for package, name in docs_check.LABEL.findall(line):
            package = package.rstrip("/.")
            if package and not docs_check.label_exists(root, package, name):
                label = f"//{package}" + (f":{name}" if name else "")
                problems.append(f"{source}:{number}: {label} is not a target")
        for package, service, method in RPC.findall(line):
            if not rpc_exists(root, package, service, method):
                problems.append(f"{source}:{number}: {package}.{service}/{method} is not "
                                f"an RPC of protos/{package.replace('.', '/')}/")
    return problems


def check_rendered(root, rendered_dir):
    """Messages for checked-in SVGs that differ from (or lack) a rendering."""
    problems = []
    for source in sources(root):
        name = svg_name(source)
        with open(os.path.join(rendered_dir, name), "rb") as f:
            rendered = f.read()
        shown = os.path.join(root, "docs", "images", name)
        if not os.path.exists(shown):
            problems.append(f"docs/images/{name} is missing: run "
                            "`./bazelw run //docs:sync_diagrams`")
            continue
        with open(shown, "rb") as f:
            if f.read() != rendered:
                problems.append(f"docs/images/{name} is not what {source} renders to: run "
                                "`./bazelw run //docs:sync_diagrams`")
    return problems


def check_shown(root, chapters):
    """Messages for diagrams that no chapter shows."""
    text = ""
    for chapter in chapters:
        with open(os.path.join(root, chapter), encoding="utf-8") as f:
            text += f.read()
    return [f"{source}: no chapter shows images/{svg_name(source)}"
            for source in sources(root) if f"images/{svg_name(source)}" not in text]
