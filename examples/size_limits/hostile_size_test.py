"""A client that announces a 2 GB request message (the 5-byte prefix of a
gRPC message says how long it is) and then sends it as fast as HTTP/2 lets
it. gRPC 1.51 checks the size only once a message is complete, and keeps
granting flow-control window for the announced length, so the server would
buffer all 2 GB (grpc/grpc#43012). Our servers run with a memory quota
(common/grpc/server_runner.h): when it is reached gRPC resets streams (here
the only one, the flood's), the server's memory stays near it, and the next
call is served.

Usage (from BUILD): hostile_size_test.py <size_limits_server>
"""

import os
import select
import socket
import sys
import time

import h2.config
import h2.connection
import h2.events
import pytest

from common.testing import raw_grpc
from common.testing.servers import Server

PUT_LOG = "/logs.v1.LogService/PutLog"
QUOTA_MB = 64
PUSH_MB = 256


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def push_announced_message(address, announced, limit_bytes):
    """Sends a message announced as `announced` bytes, up to `limit_bytes`
    of it, as fast as flow control allows. Returns (bytes sent, how the
    stream ended: a StreamReset/ConnectionTerminated event, or None if it
    is still open)."""
    host, port = address.rsplit(":", 1)
    connection = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        connection.initiate_connection()
        connection.send_headers(1, [(":method", "POST"), (":scheme", "http"),
                                    (":path", PUT_LOG), (":authority", address),
                                    ("content-type", "application/grpc"),
                                    ("te", "trailers")])
        connection.send_data(1, b"\x00" + announced.to_bytes(4, "big"))
        sock.sendall(connection.data_to_send())
        chunk = b"x" * 16384
        sent, deadline = 0, time.monotonic() + 60
        while sent < limit_bytes and time.monotonic() < deadline:
            # Whatever the server said so far (window updates, a reset).
            while select.select([sock], [], [], 0)[0]:
                data = sock.recv(65536)
                if not data:
                    return sent, "connection closed"
                for event in connection.receive_data(data):
                    if isinstance(event, (h2.events.StreamReset,
                                          h2.events.ConnectionTerminated)):
                        return sent, event
                sock.sendall(connection.data_to_send())
            window = min(connection.local_flow_control_window(1),
                         connection.max_outbound_frame_size, len(chunk))
            if window > 0:
                connection.send_data(1, chunk[:window])
                sent += window
                sock.sendall(connection.data_to_send())  # blocks while full
            else:
                select.select([sock], [], [], 1)  # wait for a window update
        return sent, None


def start(quota_mb):
    return Server(os.environ["SIZE_LIMITS_SERVER"], "--host=127.0.0.1", "--port=0",
                  f"--memory_quota_mb={quota_mb}")


@pytest.fixture
def server():
    with start(QUOTA_MB) as s:
        yield s


def test_without_a_quota_the_server_buffers_what_it_is_sent():
    # The gap itself (one test, so we notice when a gRPC update closes it).
    with start(4096) as server:
        sent, ended = push_announced_message(server.address, 2**31 - 1, PUSH_MB << 20)
        assert ended is None and sent >= PUSH_MB << 20
        assert rss_mb(server.process.pid) > PUSH_MB / 2


def test_a_2_gb_message_is_cut_off_at_the_memory_quota(server):
    sent, ended = push_announced_message(server.address, 2**31 - 1, PUSH_MB << 20)
    assert ended is not None, f"{sent >> 20} MB went in and the stream is still open"
    assert sent < (QUOTA_MB * 2) << 20, f"{sent >> 20} MB went in before the reset"
    assert rss_mb(server.process.pid) < QUOTA_MB * 2.5, f"{rss_mb(server.process.pid)} MB"
    # Still serving.
    after = raw_grpc.call(server.address, PUT_LOG, b"")
    assert after.status == 0, after


if __name__ == "__main__":
    os.environ["SIZE_LIMITS_SERVER"] = os.path.abspath(sys.argv[1])
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
