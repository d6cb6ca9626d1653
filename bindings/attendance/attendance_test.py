"""grpc_tutorial.attendance against the real attendance gRPC server
(//pi-demo:grpc_server) on loopback: every call, and each status code the
server sends.

Usage (from BUILD): attendance_test.py <grpc_server>
"""

import contextlib
import datetime
import os
import sys
import tempfile

import pytest

from bindings.testing import pytest_main
from common.testing.servers import Server
from grpc_tutorial import RpcError, StatusCode
from grpc_tutorial.attendance import AttendanceClient, IssuedCode, Status

PASSWORD = "correct horse battery staple"


def start_server(*flags):
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    password_file = os.path.join(work, "password")
    with open(password_file, "w") as f:
        f.write(PASSWORD + "\n")
    return Server(os.environ["ATTENDANCE_SERVER"], "--host=127.0.0.1", "--port=0",
                  f"--db={work}/attendance.db", f"--organiser_password_file={password_file}",
                  "--bcrypt_cost=4", *flags)


@pytest.fixture(scope="module")
def server():
    with start_server("--max_failures=0") as s:
        yield s


@pytest.fixture
def client(server):
    with AttendanceClient(server.address) as c:
        yield c


@pytest.fixture
def organiser(client):
    client.login("organiser", PASSWORD)
    return client


@contextlib.contextmanager
def raises(code):
    with pytest.raises(RpcError) as error:
        yield error
    assert error.value.code == code, error.value


def test_login_issue_register_and_status(organiser):
    before = organiser.get_status()
    issued = organiser.issue_code(datetime.timedelta(minutes=5))
    assert isinstance(issued, IssuedCode) and len(issued.code.replace("-", "")) == 10
    now = datetime.datetime.now(datetime.timezone.utc)
    assert now < issued.expires_at <= now + datetime.timedelta(minutes=5, seconds=5)
    registration = organiser.register("  Ada ", "Lovelace", issued.code.lower())
    assert (registration.attendee.first_name, registration.attendee.last_name) == ("Ada", "Lovelace")
    after = organiser.get_status()
    assert after == registration.status
    assert after.count == before.count + 1 and after.version > before.version
    assert after.attendees[-1].first_name == "Ada"


def test_watch_status_streams_each_change(organiser):
    with organiser.watch_status(timeout=30) as stream:
        first = next(stream)
        assert isinstance(first, Status)
        organiser.register("Grace", "Hopper", organiser.issue_code().code)
        changed = next(stream)
        assert changed.count == first.count + 1
        assert changed.attendees[-1].last_name == "Hopper"


def test_each_status_the_attendance_server_sends(client, organiser):
    with raises(StatusCode.UNAUTHENTICATED):
        client.login("organiser", "wrong")
    with raises(StatusCode.UNAUTHENTICATED):
        AttendanceClient(client.target).issue_code()  # no token
    with raises(StatusCode.INVALID_ARGUMENT):
        organiser.issue_code(datetime.timedelta(days=-1))
    code = organiser.issue_code().code
    with raises(StatusCode.INVALID_ARGUMENT) as error:
        organiser.register("", "Nobody", code)
    assert error.value.message.startswith("first_name")
    organiser.register("Alan", "Turing", code)
    with raises(StatusCode.ALREADY_EXISTS) as error:
        organiser.register("Alan", "Turing", code)
    assert error.value.message == f"The code {code} has already been used."
    with raises(StatusCode.NOT_FOUND) as error:
        organiser.register("Alan", "Turing", "0000-0000-00")
    assert error.value.message == "The code 0000-0000-00 is not a valid code."


def test_a_token_grpc_cannot_send_is_a_value_error(client):
    # gRPC's C++ client aborts the process on metadata it cannot send; the
    # module checks the token first, so Python gets an exception instead.
    for token in ["bad\ntoken", "caf\u00e9"]:
        with pytest.raises(ValueError, match="token: printable ASCII only"):
            client.issue_code(token=token)


def test_too_many_failures_is_resource_exhausted():
    with start_server("--max_failures=2") as limited, AttendanceClient(limited.address) as c:
        for _ in range(2):
            with raises(StatusCode.NOT_FOUND):
                c.register("Eve", "Guess", "0000-0000-00")
        with raises(StatusCode.RESOURCE_EXHAUSTED):
            c.register("Eve", "Guess", "0000-0000-01")


def test_watch_ends_with_unavailable_when_the_server_stops():
    s = start_server()
    with AttendanceClient(s.address) as c:
        stream = c.watch_status(timeout=30)
        assert next(stream).count == 0
        s.stop()
        with raises(StatusCode.UNAVAILABLE):
            next(stream)


if __name__ == "__main__":
    os.environ["ATTENDANCE_SERVER"] = os.path.abspath(sys.argv[1])
    sys.exit(pytest_main.run(__file__))
