"""`./bazelw build //bindings:python` gives a directory that a plain
/usr/bin/python3 (no Bazel launcher, no runfiles) imports grpc_tutorial from.

Usage (from BUILD): python_path_test.py <callback_server> <the package's files...>
"""

import os
import subprocess
import sys
import textwrap

from bindings.testing import pytest_main
from common.testing.servers import Server

SESSION = textwrap.dedent("""
    import sys
    import grpc_tutorial, grpc_tutorial.attendance, grpc_tutorial.meter, grpc_tutorial.sense_hat
    from grpc_tutorial.calculator import CalculatorClient
    with CalculatorClient(sys.argv[1]) as calc:
        print(calc.divide(17, 5))
    print(grpc_tutorial.__file__)
""")


def test_plain_python_imports_the_package_and_calls_a_server():
    site = os.environ["PYTHON_PATH_DIR"]
    with Server(os.environ["CALLBACK_SERVER"], "--host=127.0.0.1", "--port=0") as server:
        # A bare environment: nothing of Bazel's sys.path leaks in.
        result = subprocess.run(
            ["/usr/bin/python3", "-c", SESSION, server.address],
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": site}, cwd="/",
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    quotient, package_file = result.stdout.splitlines()
    assert quotient == "DivideResult(quotient=3, remainder=2)"
    assert package_file == os.path.join(site, "grpc_tutorial", "__init__.py")


if __name__ == "__main__":
    os.environ["CALLBACK_SERVER"] = os.path.abspath(sys.argv[1])
    # Any file of the package: its directory's parent goes on PYTHONPATH.
    os.environ["PYTHON_PATH_DIR"] = os.path.dirname(os.path.dirname(os.path.abspath(sys.argv[2])))
    sys.exit(pytest_main.run(__file__))
