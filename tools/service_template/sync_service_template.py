"""Rewrites the BUILD files of tools/service_template/selftest/ and
walkthrough/ from the generator (template_builds.py).

    ./bazelw run //tools:sync_service_template
"""

import os
import sys

from tools.service_template import template_builds

if __name__ == "__main__":
    root = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    if not root:
        sys.exit("sync_service_template: run it with ./bazelw run")
    generator = os.path.abspath(sys.argv[1])
    for path, text in template_builds.expected_builds(generator).items():
        os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(root, path), "w", encoding="utf-8") as f:
            f.write(text)
        print(f"sync_service_template: wrote {path}")
