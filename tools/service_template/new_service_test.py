"""The generator's command line and what it writes: refusals with a clear
message and nothing written, --help, placeholders all filled, the proto
clean under buf's standard lint, C++ formatted with the repository's style,
the chapter's patches applying to a new service, and the BUILD files of the
packages that build its output (tools/service_template/selftest/ and
walkthrough/, whose sources are written at build time) up to date.

    new_service_test.py <new_service> <buf> <.clang-format>
"""

import difflib
import os
import subprocess
import sys
import tempfile
import unittest

from tools.service_template import template_builds

WALKTHROUGH = "tools/service_template/walkthrough"


def run(*args, env=None):
    return subprocess.run([GENERATOR, *args], capture_output=True, text=True,
                          timeout=60, env=env)


def files_under(root):
    return sorted(os.path.relpath(os.path.join(folder, name), root)
                  for folder, _, names in os.walk(root) for name in names)


class RefusalsTest(unittest.TestCase):

    def setUp(self):
        self.root = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))

    def assertRefused(self, message, *args):
        result = run(*args, f"--root={self.root}")
        self.assertEqual(result.returncode, 2, result.stderr)
        self.assertIn(message, result.stderr)
        self.assertIn("Try 'new_service --help'.", result.stderr)
        return result

    def test_bad_names(self):
        for name in ("Inventory", "9lives", "order__book", "order-book",
                     "inventory_", "a" * 41, ""):
            with self.subTest(name=name):
                self.assertRefused("a name is lower_snake_case", f"--name={name}")
        self.assertRefused("a name is lower_snake_case", "--name=inventory\n")
        # Each would compile to a clash: a keyword; a namespace the code
        # uses; main(); log() of <cmath>; gRPC's nested CallbackService.
        for name in ("class", "std", "grpc", "common", "main", "log", "time",
                     "callback", "async"):
            with self.subTest(name=name):
                self.assertRefused("the generated C++ cannot use it", f"--name={name}")
        self.assertRefused("'class' becomes a C++ namespace", "--name=shop",
                           "--package=shop.class.v1")
        self.assertRefused("would not find shop::shop", "--name=shop",
                           "--package=shop.shop.v1")
        self.assertEqual(files_under(self.root), [])

    def test_bad_packages_and_folders(self):
        for package in ("inventory", "Inventory.v1", "inventory.V1", "inventory.v0",
                        "inventory..v1"):
            with self.subTest(package=package):
                self.assertRefused("a proto package is lower-case words",
                                   "--name=inventory", f"--package={package}")
        for folder in ("/etc/inventory", "../inventory", "examples/../../x", "Examples/x",
                       "2024/inventory", "bazel-bin/inventory"):
            with self.subTest(folder=folder):
                self.assertRefused("a folder inside the repository",
                                   "--name=inventory", f"--dir={folder}")
        self.assertRefused("--dir and --proto_dir must be apart", "--name=inventory",
                           "--dir=x/inventory", "--proto_dir=x/inventory")
        self.assertRefused("--dir and --proto_dir must be apart", "--name=inventory",
                           "--dir=protos/inventory/v1/code")
        self.assertRefused("buf's style wants the package's path: protos/inventory/v1",
                           "--name=inventory", "--proto_dir=protos/stock/v1")
        self.assertRefused("a port is a number from 1 to 65535", "--name=inventory",
                           "--port=70000")
        self.assertEqual(files_under(self.root), [])

    def test_an_existing_folder_is_never_touched(self):
        os.makedirs(os.path.join(self.root, "examples/inventory"))
        self.assertRefused("examples/inventory exists already: choose another --name",
                           "--name=inventory")
        os.makedirs(os.path.join(self.root, "protos/shop/v1"))
        self.assertRefused("protos/shop/v1 exists already", "--name=shop")
        self.assertEqual(files_under(self.root), [])

    def test_nothing_is_written_outside_the_repository_or_under_a_file(self):
        outside = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        os.symlink(outside, os.path.join(self.root, "elsewhere"))
        self.assertRefused("--dir=elsewhere/inventory leads out of the repository",
                           "--name=inventory", "--dir=elsewhere/inventory")
        with open(os.path.join(self.root, "notes"), "w"):
            pass
        self.assertRefused("notes is a file", "--name=inventory", "--dir=notes/inventory")
        self.assertEqual(files_under(outside), [])
        self.assertEqual(files_under(self.root), ["notes"])

    def test_a_failure_half_way_leaves_nothing_behind(self):
        # clang-format refuses this style after every file is written.
        with open(os.path.join(self.root, ".clang-format"), "w") as f:
            f.write("BasedOnStyle: NoSuchStyle\n")
        result = run("--name=inventory", f"--root={self.root}")
        self.assertEqual(result.returncode, 1)
        self.assertIn("clang-format failed, nothing was written", result.stderr)
        self.assertEqual(files_under(self.root), [".clang-format"])
        result = run("--name=inventory", "--root=/proc")
        self.assertEqual(result.returncode, 1)
        self.assertIn("cannot write into /proc", result.stderr)

    def test_a_typo_in_a_flag_names_the_flag_meant(self):
        self.assertRefused("unknown flag --nmae (did you mean --name?)", "--nmae=x")
        self.assertRefused("--name is required, e.g. --name=inventory")

    def test_without_bazel_run_or_root_it_says_what_to_do(self):
        env = {k: v for k, v in os.environ.items() if k != "BUILD_WORKSPACE_DIRECTORY"}
        result = run("--name=inventory", env=env)
        self.assertEqual(result.returncode, 2)
        self.assertIn("run it with `./bazelw run //tools:new_service -- ...`, "
                      "or give --root", result.stderr)

    def test_a_relative_root_is_where_the_user_typed_it(self):
        # `./bazelw run` starts the program in its runfiles, not there.
        os.makedirs(os.path.join(self.root, "clone"))
        env = {**os.environ, "BUILD_WORKING_DIRECTORY": self.root}
        result = run("--name=inventory", "--root=clone", env=env)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("clone/examples/inventory/BUILD", files_under(self.root))

    def test_help_explains_every_flag(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0, result.stderr)
        for flag in ("--name", "--package", "--dir", "--proto_dir", "--port", "--root"):
            self.assertIn(flag, result.stdout)


class GeneratedFilesTest(unittest.TestCase):

    def generate(self, *args, with_style=True):
        root = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
        if with_style:
            with open(STYLE) as src, open(os.path.join(root, ".clang-format"), "w") as dst:
                dst.write(src.read())
        result = run(*args, f"--root={root}")
        self.assertEqual(result.returncode, 0, result.stderr)
        return root

    def read(self, root, path):
        with open(os.path.join(root, path), encoding="utf-8") as f:
            return f.read()

    def test_every_file_is_written_with_every_placeholder_filled(self):
        root = self.generate("--name=order_book", "--package=acme.orders.v2beta1")
        files = files_under(root)
        self.assertIn("protos/acme/orders/v2beta1/order_book.proto", files)
        self.assertIn("examples/order_book/README.md", files)
        for path in files:
            self.assertNotIn("{{", self.read(root, path), path)
        proto = self.read(root, "protos/acme/orders/v2beta1/order_book.proto")
        self.assertIn("package acme.orders.v2beta1;", proto)
        self.assertIn("service OrderBookService {", proto)
        self.assertIn('#include "protos/acme/orders/v2beta1/order_book.grpc.pb.h"',
                      self.read(root, "examples/order_book/sync_service.h"))
        self.assertIn("./bazelw run //tools:new_service -- --name=order_book "
                      "--package=acme.orders.v2beta1",
                      self.read(root, "examples/order_book/README.md"))

    def test_the_cpp_follows_the_repositorys_style(self):
        # A long name wraps lines differently than the templates do.
        root = self.generate("--name=warehouse_inventory_levels")
        cpp = [os.path.join(root, p) for p in files_under(root) if p.endswith((".h", ".cc"))]
        result = subprocess.run(
            ["clang-format", "--dry-run", "-Werror",
             f"--style=file:{os.path.join(root, '.clang-format')}", *cpp],
            capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_the_proto_passes_bufs_standard_lint(self):
        root = self.generate("--name=inventory", with_style=False)
        protos = os.path.join(root, "protos")
        with open(os.path.join(protos, "buf.yaml"), "w") as f:
            f.write("version: v2\nlint:\n  use:\n    - STANDARD\n")
        result = subprocess.run([BUF, "lint"], cwd=protos, capture_output=True,
                                text=True, env={**os.environ, "BUILD_WORKING_DIRECTORY": protos})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_the_packages_that_build_the_template_are_up_to_date(self):
        for path, expected in template_builds.expected_builds(GENERATOR).items():
            with self.subTest(path=path):
                checked_in = self.read(".", path)
                diff = "".join(difflib.unified_diff(
                    checked_in.splitlines(True), expected.splitlines(True),
                    path, "what the generator writes"))
                self.assertEqual(checked_in, expected,
                                 f"\n{path} is out of date: run "
                                 f"./bazelw run //tools:sync_service_template\n{diff}")

    def test_the_chapters_patches_apply_to_a_new_service(self):
        # As docs/32-your-own-service.md has the reader apply them, from the
        # root of their clone.
        root = self.generate("--name=inventory")
        for patch in sorted(p for p in os.listdir(WALKTHROUGH) if p.endswith(".patch")):
            with self.subTest(patch=patch):
                with open(os.path.join(WALKTHROUGH, patch)) as f:
                    result = subprocess.run(["patch", "-p1", "--batch", "--forward"],
                                            cwd=root, stdin=f, capture_output=True,
                                            text=True)
                self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


if __name__ == "__main__":
    GENERATOR, BUF, STYLE = sys.argv[1:4]
    GENERATOR, BUF, STYLE = map(os.path.abspath, (GENERATOR, BUF, STYLE))
    unittest.main(argv=sys.argv[:1])
