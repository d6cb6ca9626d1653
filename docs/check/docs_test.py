"""Checks every chapter in docs/ against the code (see docs_check.py), and
checks the checker on small fixtures so that it cannot pass by looking at
nothing."""

import os
import shutil
import sys
import tempfile
import unittest

from docs.check import diagrams
from docs.check import docs_check

# The test's runfiles mirror the repository: docs/, the sources the chapters
# quote and the binaries their `sh run` blocks start.
ROOT = os.path.join(os.environ["TEST_SRCDIR"], os.environ["TEST_WORKSPACE"])
TESTDATA = "docs/check/testdata"


class ChaptersTest(unittest.TestCase):

    def test_chapters_match_the_code(self):
        chapters = docs_check.chapters(ROOT)
        result = docs_check.check_docs(ROOT, chapters)
        if result.errors:
            self.fail("docs/ has drifted from the code:\n\n" + "\n\n".join(result.errors))
        print(f"checked {len(chapters)} chapters: {result.excerpts} excerpts, "
              f"{result.run_blocks} runnable blocks, {result.output_blocks} outputs")
        # A glob or a parser that finds nothing would pass everything.
        self.assertGreater(len(chapters), 0)
        self.assertGreater(result.excerpts, 0)
        self.assertGreater(result.run_blocks, 0)
        self.assertGreater(result.output_blocks, 0)


class DiagramsTest(unittest.TestCase):

    def test_shown_diagrams_are_current_and_name_what_exists(self):
        sources = diagrams.sources(ROOT)
        self.assertGreater(len(sources), 0)
        problems = diagrams.check_rendered(ROOT, os.path.join(ROOT, "docs", "rendered"))
        problems += diagrams.check_shown(ROOT, docs_check.chapters(ROOT))
        for source in sources:
            problems += diagrams.check_names(ROOT, source)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_the_checker_finds_missing_labels_and_rpcs(self):
        path = f"{TESTDATA}/stale_diagram.dot"
        self.assertEqual(diagrams.check_names(ROOT, path), [
            f"{path}:3: //meter-demo:no_such_server is not a target",
            f"{path}:5: meter.v1.MeterService/DeleteEverything is not an RPC of "
            "protos/meter/v1/",
            f"{path}:6: nope.v1.Nothing/AtAll is not an RPC of protos/nope/v1/",
        ])


class CheckerTest(unittest.TestCase):

    def check(self, name, root=ROOT):
        return docs_check.check_chapter(root, f"{TESTDATA}/{name}")

    def assert_errors(self, errors, expected):
        """`expected`: (file:line prefix, words the message must contain)."""
        self.assertEqual(len(errors), len(expected), "\n\n".join(errors))
        for error, (where, words) in zip(errors, expected):
            self.assertTrue(error.startswith(where + ": "), error)
            self.assertIn(words, error)

    def test_matching_excerpts_pass(self):
        result = self.check("excerpts_ok.md")
        self.assertEqual(result.errors, [])
        self.assertEqual(result.excerpts, 3)

    def test_broken_excerpts_are_reported_at_their_line(self):
        path = f"{TESTDATA}/excerpts_broken.md"
        self.assert_errors(self.check("excerpts_broken.md").errors, [
            (f"{path}:5", 'excerpt differs from docs/check/testdata/greeter.cc#greet'),
            (f"{path}:11", "one `[START farewell]` line"),
            (f"{path}:16", "source file docs/check/testdata/missing.cc does not exist"),
        ])

    def test_sync_rewrites_stale_excerpts_and_reports_missing_ones(self):
        with tempfile.TemporaryDirectory() as root:
            os.makedirs(os.path.join(root, TESTDATA))
            for name in ["greeter.cc", "excerpts_broken.md"]:
                shutil.copy(os.path.join(ROOT, TESTDATA, name), os.path.join(root, TESTDATA))
            errors = docs_check.sync_excerpts(root, f"{TESTDATA}/excerpts_broken.md")
            self.assertEqual(len(errors), 2, errors)
            # Only the two blocks that cannot be synced are still wrong.
            after = self.check("excerpts_broken.md", root=root).errors
            self.assertEqual(errors, [e.split("\n")[0] for e in after])
            with open(os.path.join(root, TESTDATA, "excerpts_broken.md")) as f:
                self.assertIn('\nstd::cout << "hello" << std::endl;\n', f.read())

    def test_runnable_blocks_pass(self):
        result = self.check("run_ok.md")
        self.assertEqual(result.errors, [])
        self.assertEqual((result.run_blocks, result.output_blocks), (2, 1))

    def test_runnable_block_failures_are_reported_at_their_line(self):
        path = f"{TESTDATA}/run_broken.md"
        self.assert_errors(self.check("run_broken.md").errors, [
            (f"{path}:7", "+actual"),
            (f"{path}:12", "`false` exited with code 1, expected 0"),
            (f"{path}:17", "//examples/calculator:no_such_binary is not in the data"),
            (f"{path}:21", "exited with code 1 after SIGTERM, expected 0"),
            (f"{path}:26", "leaves a server running: say how to stop it"),
            (f"{path}:27", "exited with code 4 before printing 'listening on'"),
            (f"{path}:34", "must come right after a `sh run` block"),
            (f"{path}:38", "unknown word 'runn'"),
            # //pkg is //pkg:<last part>, as in Bazel.
            (f"{path}:43", "//examples/calculator:calculator is not in the data"),
        ])

    def test_paths_links_and_labels_the_prose_names_must_exist(self):
        path = f"{TESTDATA}/references.md"
        self.assert_errors(self.check("references.md").errors, [
            (f"{path}:3", "`docs/check/testdata/missing.cc` does not exist"),
            (f"{path}:4", "the link nowhere.md leads nowhere"),
            (f"{path}:5", "//docs:no_such_target is not a target"),
            (f"{path}:5", "//no/such/package is not a target"),
        ])


def main():
    # pytest runs these unittest classes and, unlike unittest, writes the
    # per-case XML that Bazel (and ./bazelw's test count) read.
    import pytest
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    return pytest.main([__file__, "-q", "-rP", "-p", "no:cacheprovider"] + junit)


if __name__ == "__main__":
    sys.exit(main())
