"""python3-grpcio reads the rich error details the C++ server sends: the
google.rpc.Status in the grpc-status-details-bin trailer, with the same
code and message as the call's status, and its BadRequest, QuotaFailure
and RetryInfo. (grpcio-status's rpc_status.from_call does this; it is not
in Debian, and it is five lines.)

Usage (from BUILD): grpcio_error_details_test.py <error_details_server>
"""

import os
import sys

import grpc
import pytest
from google.protobuf.message import DecodeError
from google.rpc import error_details_pb2, status_pb2

from common.testing.servers import Server
from protos.calculator.v1 import calculator_pb2 as pb
from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc

TIMEOUT_S = 10


@pytest.fixture
def stub():
    with Server(os.environ["ERROR_DETAILS_SERVER"], "--host=127.0.0.1", "--port=0",
                "--calls_per_minute=3") as server, \
            grpc.insecure_channel(server.address) as channel:
        yield pb_grpc.CalculatorStub(channel)


# [START python_rich_status]
def rich_status(error):
    """The google.rpc.Status of a failed call, or None (also for bytes that
    are no google.rpc.Status: a client trusts a server's bytes no more than
    that)."""
    for key, value in error.trailing_metadata() or ():
        if key == "grpc-status-details-bin":
            try:
                status = status_pb2.Status.FromString(value)
            except DecodeError:
                return None
            # Details that disagree with the call's status are not its own.
            if status.code == error.code().value[0]:
                return status
    return None
# [END python_rich_status]


def unpack(status, message_class):
    messages = []
    for detail in status.details:
        message = message_class()
        if detail.Unpack(message):
            messages.append(message)
    return messages


def test_a_bad_request_names_the_field(stub):
    with pytest.raises(grpc.RpcError) as error:
        stub.Divide(pb.DivideRequest(dividend=1, divisor=0), timeout=TIMEOUT_S)
    assert error.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert error.value.details() == "divisor must not be zero"
    status = rich_status(error.value)
    assert status.message == "divisor must not be zero"
    [bad_request] = unpack(status, error_details_pb2.BadRequest)
    assert [(v.field, v.description) for v in bad_request.field_violations] == [
        ("divisor", "must not be zero")]


def test_past_the_quota_come_quota_failure_and_retry_info(stub):
    for _ in range(3):
        stub.Divide(pb.DivideRequest(dividend=4, divisor=2), timeout=TIMEOUT_S)
    with pytest.raises(grpc.RpcError) as error:
        stub.Divide(pb.DivideRequest(dividend=4, divisor=2), timeout=TIMEOUT_S)
    assert error.value.code() == grpc.StatusCode.RESOURCE_EXHAUSTED
    status = rich_status(error.value)
    [quota] = unpack(status, error_details_pb2.QuotaFailure)
    assert quota.violations[0].subject == "ipv4:127.0.0.1"
    [retry] = unpack(status, error_details_pb2.RetryInfo)
    assert 0 < retry.retry_delay.ToMilliseconds() <= 60_000


if __name__ == "__main__":
    os.environ["ERROR_DETAILS_SERVER"] = os.path.abspath(sys.argv[1])
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
