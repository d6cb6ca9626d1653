"""The interceptors server and client binaries together: the client's
request id comes back and is in the server's log line for the call, and
the server's /metrics page (checked with promtool) counts the call.

Usage (from BUILD): interceptors_server_test.py <server> <client>
"""

import os
import re
import subprocess
import sys
import urllib.request

import pytest

from common.testing import metrics_page
from common.testing.servers import Server


@pytest.fixture
def server():
    with Server(sys.argv[1], "--host=127.0.0.1", "--port=0", "--metrics_port=0") as s:
        yield s


def client(server, *args):
    return subprocess.run([sys.argv[2], f"--target={server.address}", *args],
                          capture_output=True, text=True, timeout=30)


def test_the_request_id_is_echoed_logged_and_the_call_counted(server):
    result = client(server, "--request_id=test-42", "divide", "1", "0")
    assert result.returncode == 1
    assert "request id: test-42" in result.stdout
    assert "error: INVALID_ARGUMENT: divisor must not be zero" in result.stderr

    metrics_url = re.search(r"Metrics at (\S+)", server.output())[1]
    with urllib.request.urlopen(metrics_url, timeout=10) as response:
        page = metrics_page.check(response.read().decode())
    assert page.value("grpc_server_handled_total", grpc_service="calculator.v1.Calculator",
                      grpc_method="Divide", grpc_type="unary",
                      grpc_code="INVALID_ARGUMENT") == 1
    server.stop()  # the log is complete once the server is gone
    assert re.search(r"^/calculator.v1.Calculator/Divide peer=ipv4:127.0.0.1:\d+ "
                     r"code=INVALID_ARGUMENT ms=[\d.]+ request_id=test-42$",
                     server.output(), re.MULTILINE), server.output()


def test_the_client_prints_its_own_metrics(server):
    result = client(server, "--print_metrics", "primes", "100", "2")
    assert result.returncode == 0, result.stderr
    assert re.search(r"^request id: [0-9a-f]{16}$", result.stdout, re.MULTILINE)
    page = metrics_page.check(result.stdout[result.stdout.index("# HELP"):])
    assert page.value("grpc_client_handled_total", grpc_service="calculator.v1.Calculator",
                      grpc_method="ListPrimes", grpc_type="server_stream",
                      grpc_code="OK") == 1


if __name__ == "__main__":
    sys.argv[1:3] = [os.path.abspath(path) for path in sys.argv[1:3]]
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
