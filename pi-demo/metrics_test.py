"""GET /metrics of the attendance HTTP server, in front of the real gRPC
server: promtool accepts the page; HTTP requests are counted by route and
status; the gRPC calls behind them by method and status.

Usage (from BUILD): metrics_test.py <grpc_server> <http_server>
"""

import os
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

import pytest

from common.testing import metrics_page
from common.testing.servers import Server


def request(base, path, form=None):
    """(HTTP status, body) of GET base + path, or of a POST of `form`."""
    data = None if form is None else urllib.parse.urlencode(form).encode()
    headers = {"Accept": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(base + path, data, headers),
                                    timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def base():
    grpc_server, http_server = sys.argv[1:3]
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    with Server(grpc_server, "--host=127.0.0.1", "--port=0", f"--db={work}/attendance.db",
                "--bcrypt_cost=4") as grpc, \
         Server(http_server, "--host=127.0.0.1", "--port=0",
                f"--grpc_target={grpc.address}") as http:
        yield http.address


def test_requests_and_grpc_calls_are_counted(base):
    assert request(base, "/api/v1/status")[0] == 200
    assert request(base, "/attendees")[0] == 200
    form = {"first_name": "Ada", "last_name": "Lovelace", "code": "0000-0000-00"}
    assert request(base, "/register", form)[0] == 404  # no such code
    assert request(base, "/register")[0] == 405  # GET of a POST route

    expected = {("GET", "/api/v1/status", "200"): 1, ("POST", "/register", "404"): 1,
                ("GET", "/register", "405"): 1}

    def counts(page):
        return {key: page.value("http_requests_total", method=key[0], route=key[1],
                                code=key[2]) for key in expected}

    # A request is counted once its answer is out: wait until all are.
    page = metrics_page.fetch_until(lambda: request(base, "/metrics")[1],
                                    lambda page: counts(page) == expected)
    assert counts(page) == expected

    def calls(method, code):
        return page.value("grpc_client_handled_total",
                          grpc_service="attendance.v1.AttendanceService",
                          grpc_method=method, grpc_type="unary", grpc_code=code)

    assert calls("GetStatus", "OK") == 2
    assert calls("Register", "NOT_FOUND") == 1


if __name__ == "__main__":
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
