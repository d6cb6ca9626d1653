"""The meter HTTP server against hostile clients (common/testing/hostile_http.py):
slow senders, oversized headers, pipelined requests; in front of the real
gRPC server, on loopback.

Usage (from BUILD): hostile_http_test.py <grpc_server> <http_server>
"""

import os
import sys

import pytest

from common.testing import hostile_http
from common.testing.servers import Server


@pytest.fixture(scope="module")
def base():
    grpc_server, http_server = sys.argv[1:3]
    with Server(grpc_server, "--host=127.0.0.1", "--port=0", "--db=:memory:") as grpc, \
         Server(http_server, "--host=127.0.0.1", "--port=0",
                f"--grpc_target={grpc.address}") as http:
        yield http.address


def test_slow_senders_do_not_starve_others(base):
    hostile_http.check_slow_senders_do_not_starve_others(base, "/")


def test_headers_past_the_limits_get_431(base):
    hostile_http.check_header_limits(base, "/")


def test_keep_alive_requests_are_quick(base):
    hostile_http.check_keep_alive_requests_are_quick(base, "/")


def test_uploads_announcing_more_than_the_budget_get_503(base):
    # 64 MB each (the upload limit) against a budget of 256 MB: four wait
    # for their bodies, the fifth is refused; a gRPC-Web call (a 5-byte
    # body) still gets through.
    list_meters = (b"POST /meter.v1.MeterService/ListMeters HTTP/1.1\r\nHost: test\r\n"
                   b"Content-Type: application/grpc-web+proto\r\nConnection: close\r\n"
                   b"Content-Length: 5\r\n\r\n\0\0\0\0\0")
    hostile_http.check_announced_bodies_are_budgeted(
        base, "/api/v1/meters/home/readings", 64 << 20, admitted=4,
        small_request=list_meters)


def test_pipelined_requests_are_all_answered(base):
    hostile_http.check_pipelined_requests_are_all_answered(base, "/")


if __name__ == "__main__":
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
