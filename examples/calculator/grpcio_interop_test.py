"""Interop: Debian's python3-grpcio (a gRPC implementation we did not write)
calls our C++ Calculator servers in all four modes, using Python stubs that
Bazel generated from the same .proto at build time.

Usage (from BUILD): calculator_interop_test.py <sync_server> <callback_server>
"""

import os
import subprocess
import sys
import threading

import grpc
import pytest

from protos.calculator.v1 import calculator_pb2 as pb
from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc

TIMEOUT_S = 10  # every call has a deadline


@pytest.fixture(params=["sync", "callback"])
def stub(request):
    """Starts one C++ server on a free port and yields a stub for it."""
    server = subprocess.Popen(
        [os.environ[f"{request.param.upper()}_SERVER"], "--host=127.0.0.1", "--port=0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = server.stdout.readline()  # "... listening on 127.0.0.1:PORT"
        assert "listening on" in line, f"server did not start: {line!r}"
        address = line.split("listening on ")[1].strip()
        with grpc.insecure_channel(address) as channel:
            yield pb_grpc.CalculatorStub(channel)
    finally:
        server.terminate()
        assert server.wait(timeout=TIMEOUT_S) == 0


def numbers(*values):
    return (pb.Number(value=v) for v in values)


def test_unary(stub):
    response = stub.Divide(pb.DivideRequest(dividend=17, divisor=5), timeout=TIMEOUT_S)
    assert (response.quotient, response.remainder) == (3, 2)


def test_unary_error_status_and_message(stub):
    with pytest.raises(grpc.RpcError) as error:
        stub.Divide(pb.DivideRequest(dividend=1, divisor=0), timeout=TIMEOUT_S)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.value.details() == "divisor must not be zero"


def test_server_streaming(stub):
    primes = list(stub.ListPrimes(pb.ListPrimesRequest(start=100, count=5), timeout=TIMEOUT_S))
    assert [p.value for p in primes] == [101, 103, 107, 109, 113]
    assert [p.index for p in primes] == [0, 1, 2, 3, 4]


def test_server_streaming_empty(stub):
    assert list(stub.ListPrimes(pb.ListPrimesRequest(count=0), timeout=TIMEOUT_S)) == []


def test_server_streaming_cancelled_by_python_client(stub):
    call = stub.ListPrimes(pb.ListPrimesRequest(count=10_000_000), timeout=TIMEOUT_S)
    first = [next(call) for _ in range(3)]
    assert [p.value for p in first] == [2, 3, 5]
    call.cancel()
    with pytest.raises(grpc.RpcError) as error:
        for _ in call:
            pass
    assert error.value.code() == grpc.StatusCode.CANCELLED


def test_server_streaming_deadline(stub):
    with pytest.raises(grpc.RpcError) as error:
        for _ in stub.ListPrimes(pb.ListPrimesRequest(count=10_000_000), timeout=0.3):
            pass
    assert error.value.code() == grpc.StatusCode.DEADLINE_EXCEEDED


def test_client_streaming(stub):
    summary = stub.Summarize(numbers(3, 1, 4, 1, 5), timeout=TIMEOUT_S)
    assert (summary.count, summary.sum, summary.min, summary.max) == (5, 14, 1, 5)
    assert summary.mean == pytest.approx(2.8)


def test_client_streaming_empty_leaves_optional_fields_unset(stub):
    summary = stub.Summarize(numbers(), timeout=TIMEOUT_S)
    assert summary.count == 0
    assert not summary.HasField("min")


def test_client_streaming_overflow(stub):
    with pytest.raises(grpc.RpcError) as error:
        stub.Summarize(numbers(2**63 - 1, 1), timeout=TIMEOUT_S)
    assert error.value.code() == grpc.StatusCode.OUT_OF_RANGE


def test_bidi_streaming_interleaves(stub):
    """Each total arrives before the next value is sent: the request iterator
    blocks until the previous answer has been seen."""
    answered = threading.Semaphore(0)
    values = [10, -4, 7]

    def requests():
        for value in values:
            yield pb.Number(value=value)
            assert answered.acquire(timeout=TIMEOUT_S), "no answer before the next write"

    totals = []
    for total in stub.RunningSum(requests(), timeout=TIMEOUT_S):
        totals.append((total.count, total.sum))
        answered.release()
    assert totals == [(1, 10), (2, 6), (3, 13)]


def main():
    # pytest imports this file again as its own module, so the paths travel
    # in the environment rather than in a global.
    os.environ["SYNC_SERVER"], os.environ["CALLBACK_SERVER"] = sys.argv[1:3]
    # XML_OUTPUT_FILE: Bazel collects the per-case results from there.
    junit = [f"--junitxml={os.environ['XML_OUTPUT_FILE']}"] if "XML_OUTPUT_FILE" in os.environ else []
    return pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit)


if __name__ == "__main__":
    sys.exit(main())
