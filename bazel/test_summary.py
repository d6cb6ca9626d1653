"""Counts the test cases behind a `bazel test` run.

Bazel reports test *targets*; one googletest binary or pytest file holds many
test cases. ./bazelw passes the build event log of the run here, and this
reads each target's test.xml (written by googletest and pytest) and prints:

    tests: 92 passed, 0 failed

A target that failed without a readable test.xml (crash, timeout, build
error) counts as one failed case, so a broken run never looks green.
"""

import json
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ElementTree


def count_cases(xml_path):
    """Returns (passed, failed, skipped) from a JUnit-style XML file."""
    passed = failed = skipped = 0
    for case in ElementTree.parse(xml_path).iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None or case.get("status") == "notrun":
            skipped += 1
        else:
            passed += 1
    return passed, failed, skipped


def test_results(events_path):
    """Yields (label, status, test.xml path or None) for every test run."""
    with open(events_path, encoding="utf-8") as events:
        for line in events:
            event = json.loads(line)
            result = event.get("testResult")
            if result is None:
                continue
            label = event["id"]["testResult"]["label"]
            xml = None
            for output in result.get("testActionOutput", []):
                if output.get("name") == "test.xml":
                    xml = urllib.parse.unquote(urllib.parse.urlparse(output["uri"]).path)
            yield label, result.get("status", "FAILED"), xml


def main(events_path):
    passed = failed = skipped = targets = 0
    for label, status, xml in test_results(events_path):
        targets += 1
        try:
            p, f, s = count_cases(xml) if xml else (0, 0, 0)
        except (OSError, ElementTree.ParseError):
            p, f, s = 0, 0, 0
        if status != "PASSED" and f == 0:
            print(f"{label}: {status} with no failed test case recorded", file=sys.stderr)
            f = 1
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if targets == 0:
        print("tests: no test target ran")
        return 1
    print(f"{targets} test targets")
    print(f"tests: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
