"""grpc_tutorial.calculator against the real C++ Calculator servers (sync
and callback) on loopback: the four modes, errors, deadlines, cancellation,
two threads at once, Ctrl-C, and python3-grpcio in the same process.

Usage (from BUILD): calculator_test.py <sync_server> <callback_server>
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from bindings.testing import pytest_main
from common.testing.servers import Server
from grpc_tutorial import RpcError, StatusCode, TlsOptions
from grpc_tutorial.calculator import (CalculatorClient, DivideResult, Prime, RunningTotal,
                                      Summary)

INT64_MIN = -2**63
INT64_MAX = 2**63 - 1
WAIT_S = 10  # bound on every wait for another thread or process


@pytest.fixture(scope="module", params=["SYNC_SERVER", "CALLBACK_SERVER"])
def server(request):
    with Server(os.environ[request.param], "--host=127.0.0.1", "--port=0") as s:
        yield s


@pytest.fixture
def calc(server):
    with CalculatorClient(server.address) as client:
        yield client


@contextlib.contextmanager
def raises(code):
    """pytest.raises(RpcError) that also checks the status code."""
    with pytest.raises(RpcError) as error:
        yield error
    assert error.value.code == code, error.value


# ---- the four modes ---------------------------------------------------------

def test_unary_returns_a_dataclass(calc):
    assert calc.divide(17, 5) == DivideResult(quotient=3, remainder=2)
    assert calc.divide(-7, 2, timeout=5) == DivideResult(-3, -1)  # towards zero, as in C++


def test_server_streaming_is_an_iterator(calc):
    primes = calc.list_primes(100, 5)
    assert next(primes) == Prime(index=0, value=101)
    assert [p.value for p in primes] == [103, 107, 109, 113]
    assert list(calc.list_primes(0, 0)) == []


def test_client_streaming_takes_any_iterable(calc):
    assert calc.summarize([3, 1, 2]) == Summary(count=3, sum=6, min=1, max=3, mean=2.0)
    assert calc.summarize(v for v in range(1, 1001)).sum == 500500
    assert calc.summarize(iter(())) == Summary(0, 0, None, None, None)


def test_bidi_replies_while_the_client_is_still_writing(calc):
    with calc.running_sum() as stream:
        for value, expected in [(5, RunningTotal(1, 5)), (-2, RunningTotal(2, 3)),
                                (10, RunningTotal(3, 13))]:
            assert stream.write(value)
            assert next(stream) == expected  # answered before we half-close
        stream.done_writing()
        assert list(stream) == []


def test_bidi_writer_and_reader_in_two_threads(calc):
    stream = calc.running_sum()

    def write_all():
        for v in range(1, 201):
            stream.write(v)
        stream.done_writing()

    writer = threading.Thread(target=write_all)
    writer.start()
    totals = list(stream)
    writer.join(WAIT_S)
    assert len(totals) == 200 and totals[-1] == RunningTotal(200, 20100)


# ---- errors -----------------------------------------------------------------

def test_error_carries_code_name_message_and_details(calc):
    with raises(StatusCode.INVALID_ARGUMENT) as error:
        calc.divide(1, 0)
    assert error.value.code.name == "INVALID_ARGUMENT"
    assert error.value.message == "divisor must not be zero"
    assert error.value.details == b""  # these servers send no details
    assert str(error.value) == "INVALID_ARGUMENT: divisor must not be zero"


def test_each_status_our_calculator_servers_send(calc):
    with raises(StatusCode.OUT_OF_RANGE):
        calc.divide(INT64_MIN, -1)
    with raises(StatusCode.INVALID_ARGUMENT):
        list(calc.list_primes(0, -1))
    with raises(StatusCode.OUT_OF_RANGE):
        calc.summarize([INT64_MAX, 1])
    with calc.running_sum() as stream, raises(StatusCode.OUT_OF_RANGE):
        stream.write(INT64_MAX)
        stream.write(1)
        list(stream)


def test_unavailable_when_nobody_listens():
    with socket_closed_port() as port, CalculatorClient(f"127.0.0.1:{port}") as calc:
        with raises(StatusCode.UNAVAILABLE):
            calc.divide(1, 1, timeout=WAIT_S)


def test_tls_channel_to_a_plaintext_server_is_unavailable(server):
    # The calculator server speaks plaintext; a TLS client must not fall
    # back to plaintext, so its handshake fails.
    with CalculatorClient(server.address, tls=TlsOptions()) as calc:
        with raises(StatusCode.UNAVAILABLE):
            calc.divide(1, 1, timeout=WAIT_S)


def test_bad_arguments_are_python_errors(calc):
    with pytest.raises(TypeError):
        calc.summarize([1, "two"])
    with pytest.raises(TypeError):
        calc.divide(1.5, 1)
    with pytest.raises(ValueError):
        calc.divide(1, 1, timeout=0)
    with pytest.raises(ValueError):
        CalculatorClient("")


def test_a_generator_error_cancels_the_upload_and_propagates(calc):
    def values():
        yield 1
        raise LookupError("no more")
    with pytest.raises(LookupError):
        calc.summarize(values())
    assert calc.divide(4, 2).quotient == 2  # the client is still usable


def test_closed_client_refuses_calls(server):
    calc = CalculatorClient(server.address)
    calc.close()
    with pytest.raises(ValueError, match="closed"):
        calc.divide(1, 1)


# ---- deadlines and cancellation ----------------------------------------------

def test_deadline_in_the_middle_of_a_stream(calc):
    # Ten million primes near 10^18 take far longer than 0.3 s to compute.
    stream = calc.list_primes(10**18, 10_000_000, timeout=0.3)
    with raises(StatusCode.DEADLINE_EXCEEDED):
        for _ in stream:
            pass


def test_deadline_on_a_silent_bidi_stream(calc):
    stream = calc.running_sum(timeout=0.2)
    with raises(StatusCode.DEADLINE_EXCEEDED):
        next(stream)  # nothing written, so no reply ever comes


def test_cancel_ends_a_server_stream(calc):
    stream = calc.list_primes(2, 1_000_000)
    assert [next(stream).value for _ in range(3)] == [2, 3, 5]
    stream.cancel()
    with raises(StatusCode.CANCELLED):
        list(stream)
    stream.cancel()  # again: harmless


def test_cancel_from_another_thread_wakes_a_blocked_reader(calc):
    stream = calc.running_sum()
    # Whether cancel() lands before or during the wait, next() must end.
    canceller = threading.Thread(target=stream.cancel)
    canceller.start()
    with raises(StatusCode.CANCELLED):
        next(stream)  # nothing was written, so only the cancel ends it
    canceller.join(WAIT_S)


def test_leaving_the_with_block_cancels(calc):
    with calc.list_primes(2, 1_000_000) as stream:
        next(stream)
    with raises(StatusCode.CANCELLED):
        next(stream)


# ---- threads and the GIL ----------------------------------------------------

def test_two_threads_streaming_at_once_both_progress(calc):
    """A ping-pong over two bidi streams: each thread blocks in next() on its
    own stream until the other thread writes to it. If a blocked next() held
    the GIL, the other thread could never write, and both would stall until
    their deadline."""
    rounds = 100
    a, b = calc.running_sum(timeout=WAIT_S), calc.running_sum(timeout=WAIT_S)
    progress = {"a": 0, "b": 0}

    def relay(name, other, inbox, outbox):
        for total in inbox:
            progress[name] = total.count
            if total.count < rounds or progress[other] < rounds:
                outbox.write(1)  # the other thread's turn
            if total.count == rounds:
                outbox.done_writing()
                break

    threads = [threading.Thread(target=relay, args=("a", "b", a, b)),
               threading.Thread(target=relay, args=("b", "a", b, a))]
    for t in threads:
        t.start()
    a.write(1)
    for t in threads:
        t.join(WAIT_S)
    assert progress == {"a": rounds, "b": rounds}


def read_in_two_threads(stream):
    """Iterates over `stream` in two threads at once; returns what each got."""
    got = ([], [])
    errors = []

    def read(mine):
        try:
            for message in stream:
                mine.append(message)
        except Exception as error:  # pylint: disable=broad-except
            errors.append(error)

    threads = [threading.Thread(target=read, args=(mine,)) for mine in got]
    for t in threads:
        t.start()
    return threads, got, errors


def test_two_readers_of_a_server_stream_share_its_messages(calc):
    """Each message goes to one reader, the end to both: a reader that woke
    for a message the other one took must not take it for the end."""
    stream = calc.list_primes(2, 2000, timeout=WAIT_S)
    threads, got, errors = read_in_two_threads(stream)
    for t in threads:
        t.join(WAIT_S)
    assert errors == []
    primes = sorted(p.value for p in got[0] + got[1])
    assert len(primes) == 2000 and len(set(primes)) == 2000 and primes[0] == 2


def test_two_readers_of_a_bidi_stream_leave_the_writer_alone(calc):
    """With the old bug, the reader that lost a race took it for the end of
    the stream and closed the writing side: write() returned False."""
    rounds = 500
    stream = calc.running_sum(timeout=WAIT_S)
    threads, got, errors = read_in_two_threads(stream)
    for _ in range(rounds):
        assert stream.write(1), "a reader ended the stream early"
    stream.done_writing()
    for t in threads:
        t.join(WAIT_S)
    assert errors == []
    assert sorted(total.count for total in got[0] + got[1]) == list(range(1, rounds + 1))


KEYBOARD_INTERRUPT_CHILD = textwrap.dedent("""
    import signal, sys, time
    from grpc_tutorial import RpcError
    from grpc_tutorial.calculator import CalculatorClient
    signal.signal(signal.SIGINT, signal.default_int_handler)
    calc = CalculatorClient(sys.argv[1])
    stream = calc.running_sum(timeout=60)
    print("blocking", flush=True)
    try:
        next(stream)  # no value written: no reply until the deadline
    except KeyboardInterrupt:
        print("interrupted", flush=True)
    try:
        next(stream)
    except RpcError as e:
        print(e.code.name, flush=True)
""")


def main_thread_is_waiting(pid):
    """True once the child's main thread sleeps in the kernel (our wait): on
    a condition variable (streams) or in epoll (a unary call polls its own
    completion queue)."""
    with open(f"/proc/{pid}/wchan") as f:
        wchan = f.read()
    return "futex" in wchan or "epoll" in wchan or "ep_poll" in wchan


@contextlib.contextmanager
def child_python(script, address):
    """`script` run by a child Python with `address` as its argument; killed
    on the way out if it is still running."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, address],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    try:
        yield child
    finally:
        child.kill()
        child.wait()


def interrupt_once_blocked(child):
    """Waits for the child's "blocking" line and for its main thread to sleep
    in the kernel, sends SIGINT, and returns the next line it prints and the
    seconds that took."""
    assert child.stdout.readline() == "blocking\n", child.stderr.read()
    deadline = time.monotonic() + WAIT_S
    while not main_thread_is_waiting(child.pid):
        assert time.monotonic() < deadline, "the child never blocked"
    sent = time.monotonic()
    os.kill(child.pid, signal.SIGINT)
    line = child.stdout.readline()
    return line, time.monotonic() - sent


def test_keyboard_interrupt_cancels_a_blocking_stream_within_200ms(server):
    with child_python(KEYBOARD_INTERRUPT_CHILD, server.address) as child:
        line, elapsed = interrupt_once_blocked(child)
        assert line == "interrupted\n", child.stderr.read()
        assert elapsed < 0.2, f"KeyboardInterrupt took {elapsed * 1000:.0f} ms"
        assert child.stdout.readline() == "CANCELLED\n"  # the call was cancelled
        assert child.wait(WAIT_S) == 0


UNARY_INTERRUPT_CHILD = textwrap.dedent("""
    import signal, sys
    from grpc_tutorial.calculator import CalculatorClient
    signal.signal(signal.SIGINT, signal.default_int_handler)
    calc = CalculatorClient(sys.argv[1])
    print("blocking", flush=True)
    try:
        calc.divide(17, 5, timeout=60)  # the server never answers
    except KeyboardInterrupt:
        print("interrupted", flush=True)
""")


def test_keyboard_interrupt_ends_a_blocking_unary_call_within_200ms():
    # A listener that never accepts: the kernel completes the TCP handshake,
    # nobody speaks HTTP/2, and the call waits for the connection.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        address = "127.0.0.1:%d" % silent.getsockname()[1]
        with child_python(UNARY_INTERRUPT_CHILD, address) as child:
            line, elapsed = interrupt_once_blocked(child)
            assert line == "interrupted\n", child.stderr.read()
            assert elapsed < 0.2, f"KeyboardInterrupt took {elapsed * 1000:.0f} ms"
            assert child.wait(WAIT_S) == 0


# ---- next to python3-grpcio -------------------------------------------------

def test_grpcio_and_the_bindings_in_one_process(server, calc):
    import grpc
    from protos.calculator.v1 import calculator_pb2 as pb
    from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc
    with grpc.insecure_channel(server.address) as channel:
        reply = pb_grpc.CalculatorStub(channel).Divide(
            pb.DivideRequest(dividend=9, divisor=4), timeout=WAIT_S)
    assert (reply.quotient, reply.remainder) == (2, 1)
    assert calc.divide(9, 4) == DivideResult(2, 1)


class socket_closed_port:
    """A loopback port that nothing listens on (bound, then closed)."""

    def __enter__(self):
        import socket
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc_info):
        pass


if __name__ == "__main__":
    os.environ["SYNC_SERVER"] = os.path.abspath(sys.argv[1])
    os.environ["CALLBACK_SERVER"] = os.path.abspath(sys.argv[2])
    sys.exit(pytest_main.run(__file__))
