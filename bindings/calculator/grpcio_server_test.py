"""The bindings against a python3-grpcio Calculator server in this process:
TLS with a real (self-signed, made by the openssl CLI) certificate, and
status details bytes sent by the server, exactly as sent.

The calculator server has no TLS and sends no details (the attendance
server's TLS is tested with the real binaries in //pi-demo:tls_test), so a
server written for the test checks these paths with real data, without a
demo's certificate set-up.
"""

import os
import subprocess
import sys
import tempfile
from concurrent import futures

import grpc
import pytest

from bindings.testing import pytest_main
from grpc_tutorial import RpcError, StatusCode, TlsOptions
from grpc_tutorial.calculator import CalculatorClient, DivideResult
from protos.calculator.v1 import calculator_pb2 as pb
from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc

WAIT_S = 10
# A google.rpc.Status, serialized by hand (code 3, message "division by
# zero"), then two bytes that are not UTF-8: details are bytes, not text.
DETAILS = b"\x08\x03\x12\x10division by zero" + b"\x00\xff"


class Calculator(pb_grpc.CalculatorServicer):
    def Divide(self, request, context):
        if request.divisor == 0:
            context.set_trailing_metadata([("grpc-status-details-bin", DETAILS)])
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "division by zero")
        return pb.DivideResponse(quotient=request.dividend // request.divisor,
                                 remainder=request.dividend % request.divisor)


def make_certificate(directory, common_name):
    """A self-signed certificate for `common_name`: (key PEM, certificate PEM)."""
    key, cert = os.path.join(directory, "key.pem"), os.path.join(directory, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-keyout", key, "-out", cert, "-subj", f"/CN={common_name}",
                    "-addext", f"subjectAltName=DNS:{common_name}"],
                   check=True, capture_output=True, timeout=60)
    with open(key, "rb") as k, open(cert, "rb") as c:
        return k.read(), c.read()


@pytest.fixture(scope="module")
def certificate():
    with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as directory:
        yield make_certificate(directory, "localhost")


@pytest.fixture(scope="module")
def tls_server(certificate):
    key, cert = certificate
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb_grpc.add_CalculatorServicer_to_server(Calculator(), server)
    port = server.add_secure_port("127.0.0.1:0", grpc.ssl_server_credentials([(key, cert)]))
    server.start()
    yield f"127.0.0.1:{port}"
    server.stop(grace=None)


@pytest.fixture
def calc(tls_server, certificate):
    _, cert = certificate
    # The certificate names "localhost"; we dial 127.0.0.1.
    tls = TlsOptions(root_certificates=cert, server_name_override="localhost")
    with CalculatorClient(tls_server, tls=tls) as client:
        yield client


def test_a_tls_call_succeeds_with_the_servers_certificate_as_root(calc):
    assert calc.divide(17, 5, timeout=WAIT_S) == DivideResult(3, 2)


def test_details_arrive_exactly_as_the_server_sent_them(calc):
    with pytest.raises(RpcError) as error:
        calc.divide(1, 0, timeout=WAIT_S)
    assert error.value.code == StatusCode.INVALID_ARGUMENT
    assert error.value.message == "division by zero"
    assert error.value.details == DETAILS


def test_no_details_is_empty_bytes(calc):
    with pytest.raises(RpcError) as error:
        calc.divide(1, 2, timeout=1e-9)  # too short for any reply
    assert error.value.code == StatusCode.DEADLINE_EXCEEDED
    assert error.value.details == b""


def test_a_certificate_for_another_name_is_refused(tls_server, certificate):
    _, cert = certificate
    tls = TlsOptions(root_certificates=cert)  # checks "127.0.0.1" against "localhost"
    with CalculatorClient(tls_server, tls=tls) as client, pytest.raises(RpcError) as error:
        client.divide(17, 5, timeout=WAIT_S)
    assert error.value.code == StatusCode.UNAVAILABLE


def test_a_certificate_from_another_root_is_refused(tls_server):
    with tempfile.TemporaryDirectory(dir=os.environ.get("TEST_TMPDIR")) as directory:
        _, other = make_certificate(directory, "localhost")
    tls = TlsOptions(root_certificates=other, server_name_override="localhost")
    with CalculatorClient(tls_server, tls=tls) as client, pytest.raises(RpcError) as error:
        client.divide(17, 5, timeout=WAIT_S)
    assert error.value.code == StatusCode.UNAVAILABLE


GRPC_FIRST_CHILD = """
import grpc  # first: its gRPC core is loaded before ours
from concurrent import futures
import grpc_tutorial.attendance, grpc_tutorial.meter, grpc_tutorial.sense_hat
from grpc_tutorial.calculator import CalculatorClient
from protos.calculator.v1 import calculator_pb2 as pb, calculator_pb2_grpc as pb_grpc
import grpcio_server_test
server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
pb_grpc.add_CalculatorServicer_to_server(grpcio_server_test.Calculator(), server)
port = server.add_insecure_port("127.0.0.1:0")
server.start()
with CalculatorClient(f"127.0.0.1:{port}") as calc:
    print(calc.divide(17, 5, timeout=10))
with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
    print(pb_grpc.CalculatorStub(channel).Divide(pb.DivideRequest(dividend=9, divisor=4),
                                                  timeout=10).quotient)
server.stop(grace=None)
"""


def test_grpc_imported_before_the_bindings():
    here = os.path.dirname(os.path.abspath(__file__))
    result = subprocess.run(
        [sys.executable, "-c", GRPC_FIRST_CHILD], capture_output=True, text=True,
        timeout=60, env=dict(os.environ, PYTHONPATH=os.pathsep.join([here, *sys.path])))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "DivideResult(quotient=3, remainder=2)\n2\n", result.stderr


if __name__ == "__main__":
    sys.exit(pytest_main.run(__file__))
