"""python3-grpcio (not our C++ client) sends metadata to the C++ metadata
server and reads the initial and trailing metadata it answers with.

Usage (from BUILD): grpcio_metadata_test.py <metadata_server>
"""

import os
import subprocess
import sys

import grpc
import pytest

from protos.calculator.v1 import calculator_pb2 as pb
from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc

TIMEOUT_S = 10


@pytest.fixture
def stub():
    server = subprocess.Popen(
        [os.environ["METADATA_SERVER"], "--host=127.0.0.1", "--port=0",
         "--server_id=py-test"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        assert "listening on" in line, f"server did not start: {line!r}"
        with grpc.insecure_channel(line.split("listening on ")[1].strip()) as channel:
            yield pb_grpc.CalculatorStub(channel)
    finally:
        server.terminate()
        assert server.wait(timeout=TIMEOUT_S) == 0


def test_unary_metadata_both_ways(stub):
    trace = b"\x00\xff\x10 bytes"
    response, call = stub.Divide.with_call(
        pb.DivideRequest(dividend=17, divisor=5), timeout=TIMEOUT_S,
        metadata=[("x-request-id", "py-1"), ("x-trace-bin", trace)])
    assert response.quotient == 3
    assert ("x-server-id", "py-test") in call.initial_metadata()
    trailers = dict(call.trailing_metadata())
    assert trailers["x-request-id"] == "py-1"
    assert trailers["x-trace-bin"] == trace  # bytes, decoded from base64
    assert int(trailers["x-elapsed-us"]) >= 0


def test_streaming_initial_metadata_comes_first(stub):
    call = stub.ListPrimes(pb.ListPrimesRequest(start=100, count=2), timeout=TIMEOUT_S,
                           metadata=[("x-request-id", "py-2")])
    # Available before any prime has been read.
    assert ("x-server-id", "py-test") in call.initial_metadata()
    assert [p.value for p in call] == [101, 103]
    assert dict(call.trailing_metadata())["x-request-id"] == "py-2"


def test_an_error_carries_the_trailers(stub):
    with pytest.raises(grpc.RpcError) as error:
        stub.Divide(pb.DivideRequest(dividend=1, divisor=0), timeout=TIMEOUT_S,
                    metadata=[("x-request-id", "py-3")])
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert dict(error.value.trailing_metadata())["x-request-id"] == "py-3"


if __name__ == "__main__":
    os.environ["METADATA_SERVER"] = os.path.abspath(sys.argv[1])
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
