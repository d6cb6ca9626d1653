"""A client that sends metadata gRPC's libraries would refuse to send: a
request id with a control byte, DEL or a non-ASCII byte. The server must
answer the call and stay up. Echoing such a value into the trailers made
gRPC abort the server ("API misuse"), since it checks what it sends.

Usage (from BUILD): hostile_metadata_test.py <metadata_server>
"""

import os
import subprocess
import sys

import pytest

from common.testing import raw_grpc
from common.testing.servers import Server
from protos.calculator.v1 import calculator_pb2 as pb

DIVIDE = "/calculator.v1.Calculator/Divide"
REQUEST = pb.DivideRequest(dividend=17, divisor=5).SerializeToString()


@pytest.fixture
def address():
    with Server(os.environ["METADATA_SERVER"], "--host=127.0.0.1", "--port=0") as server:
        yield server.address
        assert server.process.poll() is None, f"the server died: {server.output()}"


def test_a_valid_request_id_is_echoed(address):
    answer = raw_grpc.call(address, DIVIDE, REQUEST, [("x-request-id", b"raw-1")])
    assert answer.status == 0
    assert answer.trailers[b"x-request-id"] == b"raw-1"


@pytest.mark.parametrize("value", [b"bad\x01id", b"bad\x7fid", b"bad\xffid"])
def test_an_unsendable_request_id_is_not_echoed(address, value):
    answer = raw_grpc.call(address, DIVIDE, REQUEST, [("x-request-id", value)])
    assert answer.status == 0, answer
    assert len(answer.messages) == 1
    assert b"x-request-id" not in answer.trailers
    # The server is still there for the next caller.
    after = raw_grpc.call(address, DIVIDE, REQUEST, [("x-request-id", b"raw-2")])
    assert after.trailers[b"x-request-id"] == b"raw-2"


def test_a_server_id_gRPC_cannot_send_is_a_usage_error():
    result = subprocess.run(
        [os.environ["METADATA_SERVER"], "--port=0", "--server_id=tab\there"],
        capture_output=True, text=True, timeout=raw_grpc.TIMEOUT_S)
    assert result.returncode == 2
    assert "--server_id: printable ASCII only" in result.stderr


if __name__ == "__main__":
    os.environ["METADATA_SERVER"] = os.path.abspath(sys.argv[1])
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
