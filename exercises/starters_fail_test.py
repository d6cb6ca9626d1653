"""Each exercise's test fails on the files as committed: an exercise whose
test passes before the learner has done anything teaches nothing. Tagged
manual (a learner who has done an exercise makes it fail, rightly); .ci/run
runs it on its clean clone.

    starters_fail_test.py <exercise_test>...
"""

import os
import subprocess
import sys
import unittest

TIMEOUT_S = 120
# Without Bazel's XML_OUTPUT_FILE, a child gtest would write its failures
# into this test's own report.
CHILD_ENV = {k: v for k, v in os.environ.items()
             if k not in ("XML_OUTPUT_FILE", "GTEST_OUTPUT")}


class StartersFailTest(unittest.TestCase):

    def test_each_exercise_test_fails_before_the_exercise_is_done(self):
        for path in TESTS:
            with self.subTest(exercise=path):
                result = subprocess.run([path], capture_output=True, text=True,
                                        timeout=TIMEOUT_S, env=CHILD_ENV)
                self.assertNotEqual(result.returncode, 0,
                                    f"{path} passes on the starter files")
                # Fails by a failed expectation, not by a crash.
                self.assertIn("[  FAILED  ]", result.stdout, result.stdout[-2000:])


if __name__ == "__main__":
    TESTS = [os.path.abspath(p) for p in sys.argv[1:]]
    unittest.main(argv=sys.argv[:1])
