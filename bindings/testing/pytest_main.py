"""A py_test's main: runs pytest on the test file, writing the JUnit XML that
Bazel counts test cases from."""

import os

import pytest


def run(test_file, *extra_args):
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    return pytest.main([test_file, "-q", "-p", "no:cacheprovider", *junit, *extra_args])
