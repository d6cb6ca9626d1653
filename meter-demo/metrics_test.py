"""GET /metrics of the meter HTTP server, in front of the real gRPC server:
promtool accepts the page; HTTP requests are counted by route and status,
never by path; the gRPC calls behind them by method and status.

Usage (from BUILD): metrics_test.py <grpc_server> <http_server>
"""

import os
import sys
import urllib.error
import urllib.request

import pytest

from common.testing import metrics_page
from common.testing.servers import Server

DAY = "start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z"


def get(base, path):
    """(HTTP status, body) of GET base + path."""
    try:
        with urllib.request.urlopen(base + path, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def base():
    grpc_server, http_server = sys.argv[1:3]
    with Server(grpc_server, "--host=127.0.0.1", "--port=0", "--db=:memory:") as grpc, \
         Server(http_server, "--host=127.0.0.1", "--port=0",
                f"--grpc_target={grpc.address}") as http:
        yield http.address


def test_requests_and_grpc_calls_are_counted(base):
    assert get(base, "/api/v1/meters")[0] == 200
    assert get(base, f"/api/v1/summary?{DAY}")[0] == 200
    assert get(base, f"/api/v1/summary?meter=nope&{DAY}")[0] == 404
    assert get(base, "/api/v1/summary?start=yesterday")[0] == 400
    assert get(base, "/no/such/page-7391")[0] == 404
    assert get(base, "/api/v1/meters/home-7391/readings")[0] == 405  # a POST route

    expected = {("/api/v1/meters", "200"): 1, ("/api/v1/summary", "200"): 1,
                ("/api/v1/summary", "404"): 1, ("/api/v1/summary", "400"): 1,
                ("none", "404"): 1, ("/api/v1/meters/([^/]+)/readings", "405"): 1}

    def counts(page):
        return {key: page.value("http_requests_total", method="GET", route=key[0],
                                code=key[1]) for key in expected}

    # A request is counted once its answer is out: wait until all are.
    page = metrics_page.fetch_until(lambda: get(base, "/metrics")[1],
                                    lambda page: counts(page) == expected)
    assert counts(page) == expected
    # A path is never a label: a client could make series without end.
    assert not any("7391" in value for value in page.label_values())

    def calls(method, code):
        return page.value("grpc_client_handled_total", grpc_service="meter.v1.MeterService",
                          grpc_method=method, grpc_type="unary", grpc_code=code)

    assert calls("ListMeters", "OK") == 1
    assert calls("GetSummary", "OK") == 1
    assert calls("GetSummary", "NOT_FOUND") == 1
    # The bad start never reached the gRPC server.
    assert calls("GetSummary", "INVALID_ARGUMENT") is None
    assert page.value("grpc_client_handling_seconds_count", grpc_service="meter.v1.MeterService",
                      grpc_method="GetSummary", grpc_type="unary") == 2


def test_the_metrics_page_counts_itself(base):
    key = dict(method="GET", route="/metrics", code="200")
    before = metrics_page.check(get(base, "/metrics")[1])
    count = before.value("http_requests_total", **key) or 0
    # The page in hand was counted after it went out: a later page has it.
    after = metrics_page.fetch_until(
        lambda: get(base, "/metrics")[1],
        lambda page: (page.value("http_requests_total", **key) or 0) > count)
    assert after.value("http_requests_total", **key) > count


if __name__ == "__main__":
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
