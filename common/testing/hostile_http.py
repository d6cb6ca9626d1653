"""What a hostile (or merely broken) HTTP client does to a server, as tests
that any of our HTTP servers must pass: slow senders, oversized and
overcounted headers, pipelined requests. Each check is bounded in time and
connections, and uses loopback only.

A test module calls these with the address of a running server and a path
that answers 200 quickly (`fast_path`).
"""

import socket
import statistics
import threading
import time

# How long a server may take to drop a request that is not complete (its
# whole-request deadline, 5 s in our servers), with room for a busy machine.
DROP_WITHIN_S = 9
PATIENCE_S = 10


def host_port(address):
    """'http://127.0.0.1:8000' -> ('127.0.0.1', 8000)."""
    host, port = address.split("://")[-1].rsplit(":", 1)
    return host, int(port)


def connect(address, timeout=PATIENCE_S):
    sock = socket.create_connection(host_port(address), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def read_until_closed(sock, limit=1 << 20):
    """Everything the server sends until it closes (or `limit` bytes, or the
    socket's timeout)."""
    data = b""
    try:
        while len(data) < limit:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionResetError):
        pass
    return data


def get(address, path, timeout=PATIENCE_S):
    """One GET on a new connection: (status, seconds it took)."""
    started = time.monotonic()
    with connect(address, timeout) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                     .encode())
        reply = read_until_closed(sock)
    status = int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else 0
    return status, time.monotonic() - started


def status_of(reply):
    return int(reply.split(b" ", 2)[1]) if reply.startswith(b"HTTP/1.") else 0


def check_slow_senders_do_not_starve_others(address, fast_path, connections=300):
    """`connections` clients that each send half a request and then nothing
    (or a byte at a time) must not keep a normal request from being answered
    quickly, and the server must drop them after its deadline."""
    slow = []
    for i in range(connections):
        sock = connect(address)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: test\r\nX-Slow: ")
        slow.append(sock)
    # One that sends a byte every 200 ms: a read timeout that restarts on
    # every read would never drop it.
    dribbler = connect(address)
    dribbler_closed = threading.Event()

    def dribble():
        try:
            for _ in range(int(PATIENCE_S * 5)):
                dribbler.sendall(b"a")
                time.sleep(0.2)  # the slowness is the attack, not a wait
        except OSError:
            dribbler_closed.set()
    dribbling = threading.Thread(target=dribble, daemon=True)
    dribbling.start()

    latencies = []
    for _ in range(10):
        status, seconds = get(address, fast_path)
        assert status == 200, f"a normal request got {status} beside {connections} slow clients"
        latencies.append(seconds)
    median = statistics.median(latencies)
    assert median < 0.5, (f"normal requests took {median * 1000:.0f} ms (median) beside "
                          f"{connections} slow clients")

    # The slow ones are dropped: each reads the end of its connection.
    deadline = time.monotonic() + DROP_WITHIN_S
    for sock in slow:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        read_until_closed(sock)  # a 408 or nothing, then the end
        assert time.monotonic() < deadline, "a half-sent request was not dropped in time"
        sock.close()
    dribbling.join(DROP_WITHIN_S)
    assert dribbler_closed.is_set(), "a client sending a byte every 200 ms was never dropped"
    dribbler.close()
    return median


def check_header_limits(address, fast_path):
    """Headers past the total size or count limit get 431, not 200 (25,000
    lines of 4 KB were read whole: 36 -> 220 MB)."""
    big = "".join(f"X-Filler-{i}: {'a' * 1000}\r\n" for i in range(100))  # 100 KB
    many = "".join(f"X-{i}: 1\r\n" for i in range(500))  # 500 small ones
    for name, headers in (("100 KB of headers", big), ("500 headers", many)):
        with connect(address) as sock:
            try:
                sock.sendall(f"GET {fast_path} HTTP/1.1\r\nHost: test\r\n{headers}\r\n"
                             .encode())
            except (BrokenPipeError, ConnectionResetError):
                pass  # it may stop reading once it has answered
            reply = read_until_closed(sock)
        assert status_of(reply) == 431, f"{name}: {reply[:200]!r}"
        assert b'"code":"RESOURCE_EXHAUSTED"' in reply, f"{name}: {reply[:400]!r}"
    # And one long header line alone (the request line grows without bound in
    # httplib 0.11: CVE-2025-53628).
    with connect(address) as sock:
        try:
            sock.sendall(f"GET {fast_path}?{'a' * 200_000} HTTP/1.1\r\nHost: t\r\n\r\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            pass
        reply = read_until_closed(sock)
    assert status_of(reply) in (414, 431), reply[:200]


def check_pipelined_requests_are_all_answered(address, fast_path, count=5):
    """HTTP/1.1 lets a client send requests without waiting for answers;
    every one gets its answer, in order, on the one connection."""
    with connect(address) as sock:
        request = f"GET {fast_path} HTTP/1.1\r\nHost: test\r\n\r\n"
        last = f"GET {fast_path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
        started = time.monotonic()
        sock.sendall((request * (count - 1) + last).encode())
        reply = read_until_closed(sock)
        seconds = time.monotonic() - started
    answers = reply.count(b"HTTP/1.1 200")
    assert answers == count, f"{answers} of {count} pipelined requests answered: {reply[:300]!r}"
    assert seconds < 2, f"{count} pipelined requests took {seconds:.1f} s"


def check_keep_alive_requests_are_quick(address, fast_path, count=20):
    """Requests one after another on one keep-alive connection: each answer's
    last bytes must go out at once, not wait for the client's delayed ACK
    (40 ms on Linux, which Nagle's algorithm waits for without TCP_NODELAY:
    the attendance server took ~43 ms per request)."""
    with connect(address) as sock:
        request = f"GET {fast_path} HTTP/1.1\r\nHost: test\r\n\r\n".encode()
        latencies = []
        for _ in range(count):
            started = time.monotonic()
            sock.sendall(request)
            reply = b""
            while b"\r\n\r\n" not in reply:
                reply += sock.recv(65536)
            head, _, body = reply.partition(b"\r\n\r\n")
            length = int(next(line.split(b":")[1] for line in head.split(b"\r\n")
                              if line.lower().startswith(b"content-length:")))
            while len(body) < length:
                body += sock.recv(65536)
            latencies.append(time.monotonic() - started)
    median = statistics.median(latencies)
    assert median < 0.02, f"keep-alive requests took {median * 1000:.1f} ms (median)"


def check_announced_bodies_are_budgeted(address, path, body_bytes, admitted,
                                        small_request=None):
    """Requests that each announce a large body and send none of it: the
    first `admitted` are waited for, the next one gets 503 at once, instead
    of the server reserving memory for every announcement. Meanwhile
    `small_request` (raw bytes of a request with a small body), if given,
    is still answered, and not with 503: small bodies have a budget of their
    own."""
    socks = []
    try:
        for _ in range(admitted):
            sock = connect(address)
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: text/csv\r\n"
                         f"Content-Length: {body_bytes}\r\n\r\n".encode())
            socks.append(sock)
        # The admitted ones are still waiting for their bodies: a GET on a
        # new connection is answered, so the server has read them all.
        assert get(address, "/")[0] == 200
        with connect(address, timeout=5) as sock:
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: test\r\nContent-Type: text/csv\r\n"
                         f"Content-Length: {body_bytes}\r\n\r\n".encode())
            reply = read_until_closed(sock)
        assert status_of(reply) == 503, reply[:300]
        assert b'"code":"UNAVAILABLE"' in reply, reply[:300]
        if small_request is not None:
            with connect(address, timeout=5) as sock:
                sock.sendall(small_request)
                reply = read_until_closed(sock)
            assert status_of(reply) == 200, reply[:300]
    finally:
        for sock in socks:
            sock.close()
