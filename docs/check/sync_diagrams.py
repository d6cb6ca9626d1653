"""`bazel run //docs:sync_diagrams`: copies the diagrams that docs/BUILD has
just rendered into docs/images/, where the chapters show them."""

import os
import shutil
import sys

from docs.check import diagrams


def main():
    root = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if not root:
        print("run me with `bazel run //docs:sync_diagrams`", file=sys.stderr)
        return 2
    rendered = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "rendered")
    for source in diagrams.sources(root):
        name = diagrams.svg_name(source)
        target = os.path.join(root, "docs", "images", name)
        with open(os.path.join(rendered, name), "rb") as f:
            svg = f.read()
        if os.path.exists(target):
            with open(target, "rb") as f:
                if f.read() == svg:
                    continue
        with open(target, "wb") as f:
            f.write(svg)
        print(f"updated docs/images/{name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
