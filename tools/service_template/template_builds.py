"""The BUILD files of the packages that build what //tools:new_service
writes: selftest/ (the generator's output as it is) and walkthrough/ (with
docs/32-your-own-service.md's patches applied). Each BUILD file is the
generator's own, then a genrule that writes the package's sources at build
time. new_service_test checks the checked-in files against these;

    ./bazelw run //tools:sync_service_template

rewrites them after a change to the templates.
"""

import os
import subprocess
import tempfile

HERE = "tools/service_template"
MARKER = "# ---- Above: what //tools:new_service writes into BUILD"

# name -> (generator flags, the packages it writes, patches in order)
VARIANTS = {
    "selftest": (
        ["--name=sample", f"--dir={HERE}/selftest/service",
         f"--proto_dir={HERE}/selftest/protos"],
        [f"{HERE}/selftest/protos", f"{HERE}/selftest/service"],
        [],
    ),
    "walkthrough": (
        ["--name=inventory", f"--dir={HERE}/walkthrough/examples/inventory",
         f"--proto_dir={HERE}/walkthrough/protos/inventory/v1"],
        [f"{HERE}/walkthrough/protos/inventory/v1",
         f"{HERE}/walkthrough/examples/inventory"],
        ["1_proto.patch", "2_store.patch", "3_handlers.patch", "4_test.patch"],
    ),
}

TAIL = '''
{marker} (new_service_test
# checks it; ./bazelw run //tools:sync_service_template rewrites it). Below:
# the sources, written at build time{patched}
# (service_template/generate_package.sh).
genrule(
    name = "generate",
    srcs = [{srcs}],
    outs = [
{outs}    ],
    cmd = " ".join([
        "$(location //tools:service_template/generate_package.sh)",
        "$(location //tools:new_service)",
        "$(location //:.clang-format)",
        "{package}",
        "{patch_root}",
{patch_args}        "--",
{flags}        "--",
        "$(OUTS)",
    ]),
    tools = [
        "//:.clang-format",
        "//tools:new_service",
        "//tools:service_template/generate_package.sh",
    ],
)

exports_files(
    ["BUILD"],
    visibility = [
        "//docs:__pkg__",
        "//tools:__pkg__",
    ],
)
'''


def expected_builds(generator):
    """{BUILD path: its text} for every package of every variant."""
    builds = {}
    for variant, (flags, packages, patches) in VARIANTS.items():
        with tempfile.TemporaryDirectory() as root:
            subprocess.run([generator, *flags, f"--root={root}"], check=True,
                           stdout=subprocess.DEVNULL)
            for package in packages:
                folder = os.path.join(root, package)
                with open(os.path.join(folder, "BUILD"), encoding="utf-8") as f:
                    generated = f.read()
                sources = sorted(n for n in os.listdir(folder)
                                 if n not in ("BUILD", "README.md"))
                labels = [f"//tools:service_template/{variant}/{p}" for p in patches]
                builds[f"{package}/BUILD"] = generated + TAIL.format(
                    marker=MARKER,
                    patched=", with the chapter's patches applied" if patches else "",
                    srcs="".join(f'\n        "{label}",' for label in labels) +
                    ("\n    " if labels else ""),
                    outs="".join(f'        "{name}",\n' for name in sources),
                    package=package,
                    patch_root=f"{HERE}/{variant}",
                    patch_args="".join(f'        "$(location {label})",\n'
                                       for label in labels),
                    flags="".join(f'        "{flag}",\n' for flag in flags))
    return builds
