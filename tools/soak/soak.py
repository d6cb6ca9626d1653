"""A soak of both demos: their real gRPC and HTTP servers on loopback, driven
for --duration_s by mixed traffic at once (gRPC and HTTP calls, uploads,
streams that are opened and dropped, slow clients, connections cut in the
middle of a request). It reports every unexpected answer (0 expected), the
99th-percentile latency of each kind of call, and each server's RSS after
the warm-up and at the end; it fails on an error or on memory growth.

    ./bazelw run //tools/soak -- --duration_s=300     (the long run)
    ./bazelw test //tools/soak:soak_test              (20 s, in CI)
"""

import argparse
import collections
import http.client
import os
import socket
import struct
import sys
import tempfile
import threading
import time

import grpc

from common.testing import hostile_http
from common.testing.servers import Server
from protos.attendance.v1 import attendance_pb2 as attendance_pb
from protos.attendance.v1 import attendance_pb2_grpc as attendance_grpc
from protos.meter.v1 import meter_pb2 as meter_pb
from protos.meter.v1 import meter_pb2_grpc as meter_grpc

DAY = "start=2019-01-01T00:00:00Z&end=2019-01-02T00:00:00Z"
MONTH = "start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z"
JAN1 = 1546300800


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = collections.defaultdict(list)
        self.errors = collections.Counter()
        self.examples = {}

    def record(self, kind, seconds, error=None):
        with self.lock:
            self.latencies[kind].append(seconds)
            if error:
                self.errors[kind] += 1
                self.examples.setdefault(kind, error)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def timed(results, kind, call):
    """Runs call(); records its latency and, if it raises or returns an
    error text, the error."""
    started = time.monotonic()
    try:
        error = call()
    except Exception as e:  # noqa: BLE001  (any failure is a finding)
        error = f"{type(e).__name__}: {e}"
    results.record(kind, time.monotonic() - started, error)


def http_get(connection, path, expected=200):
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    if response.status != expected:
        return f"GET {path}: {response.status}"
    return None


def meter_http(address, stop, results):
    host, port = hostile_http.host_port(address)
    connection = http.client.HTTPConnection(host, port, timeout=10)
    while not stop.is_set():
        timed(results, "meter HTTP readings", lambda: http_get(connection, "/api/v1/readings?" + DAY))
        timed(results, "meter HTTP summary", lambda: http_get(connection, "/api/v1/summary?" + MONTH))
        timed(results, "meter HTTP meters", lambda: http_get(connection, "/api/v1/meters"))
        timed(results, "meter HTTP bad query",
              lambda: http_get(connection, "/api/v1/readings?start=yesterday", 400))


def meter_grpc_calls(target, stop, results, worker):
    with grpc.insecure_channel(target) as channel:
        stub = meter_grpc.MeterServiceStub(channel)
        request = meter_pb.ListReadingsRequest(meter_id="home")
        request.start.FromSeconds(JAN1)
        request.end.FromSeconds(JAN1 + 31 * 86400)
        value = 0.0
        while not stop.is_set():
            def list_month():
                count = sum(len(b.times) for b in stub.ListReadings(request, timeout=10))
                return None if count == 31 * 96 else f"ListReadings: {count} readings"
            timed(results, "meter gRPC ListReadings (month)", list_month)

            def upload():
                # The same times each round (new values), so the data does
                # not grow: memory growth would then be a leak.
                nonlocal value
                value = (value + 0.25) % 10
                batch = meter_pb.UploadReadingsRequest(meter_id=f"soak{worker}")
                for i in range(100):
                    reading = batch.readings.add(value=value)
                    reading.time.FromSeconds(JAN1 + (i + 1) * 900)
                response = stub.UploadReadings(iter([batch]), timeout=10)
                return None if response.accepted_count == 100 else str(response)
            timed(results, "meter gRPC UploadReadings", upload)


def meter_subscriptions(target, stop, results):
    """Subscribes, reads the confirmation, and drops the call abruptly."""
    while not stop.is_set():
        def subscribe_and_drop():
            with grpc.insecure_channel(target) as channel:
                stub = meter_grpc.MeterServiceStub(channel)
                call = stub.Subscribe(iter([meter_pb.SubscribeRequest(meter_id="home")]),
                                      timeout=10)
                next(call)
                call.cancel()
        timed(results, "meter gRPC Subscribe, then cancel", subscribe_and_drop)


def meter_live_streams(address, stop, results):
    """Opens /api/v1/live, waits for the subscription, and hangs up, 20 times
    a second (a browser's EventSource waits a second before reconnecting)."""
    while not stop.wait(0.05):
        def live_and_hang_up():
            with hostile_http.connect(address) as sock:
                sock.sendall(b"GET /api/v1/live HTTP/1.1\r\nHost: soak\r\n\r\n")
                data = b""
                while b"event: subscribed" not in data:
                    chunk = sock.recv(4096)
                    if not chunk:
                        return f"live stream ended early: {data[:200]!r}"
                    data += chunk
                if not data.startswith(b"HTTP/1.1 200"):
                    return data[:200].decode(errors="replace")
        timed(results, "meter HTTP live, then hang up", live_and_hang_up)


def attendance_http(address, stop, results):
    host, port = hostile_http.host_port(address)
    connection = http.client.HTTPConnection(host, port, timeout=10)
    while not stop.is_set():
        timed(results, "attendance HTTP status",
              lambda: http_get(connection, "/api/v1/status"))

        def register():
            body = '{"firstName":"Soak","lastName":"Test","code":"0000-0000-00"}'
            connection.request("POST", "/register", body,
                               {"Content-Type": "application/json"})
            response = connection.getresponse()
            response.read()
            return None if response.status == 404 else f"POST /register: {response.status}"
        timed(results, "attendance HTTP register (bad code)", register)


def attendance_grpc_calls(target, stop, results):
    with grpc.insecure_channel(target) as channel:
        stub = attendance_grpc.AttendanceServiceStub(channel)
        while not stop.is_set():
            timed(results, "attendance gRPC GetStatus",
                  lambda: None if stub.GetStatus(attendance_pb.GetStatusRequest(),
                                                 timeout=10) else "no status")

            def watch_and_drop():
                call = stub.WatchStatus(attendance_pb.WatchStatusRequest(), timeout=10)
                next(call)
                call.cancel()
            timed(results, "attendance gRPC WatchStatus, then cancel", watch_and_drop)


def slow_and_cut_clients(addresses, stop, results, slow_count=40):
    """Keeps `slow_count` half-sent requests open on each HTTP server, and
    cuts connections in the middle of a request body with a reset."""
    slow = []
    while not stop.is_set():
        for address in addresses:
            while len([s for s in slow if s[0] == address]) < slow_count:
                sock = hostile_http.connect(address)
                sock.sendall(b"GET / HTTP/1.1\r\nHost: soak\r\nX-Slow: ")
                slow.append((address, sock, time.monotonic()))

            def cut():
                with hostile_http.connect(address) as sock:
                    sock.sendall(b"POST /register HTTP/1.1\r\nHost: soak\r\n"
                                 b"Content-Type: application/json\r\n"
                                 b"Content-Length: 1000\r\n\r\n{\"first")
                    # SO_LINGER 0: close() sends a reset, as a killed client does.
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                    struct.pack("ii", 1, 0))
            timed(results, "cut mid-request (reset)", cut)
        # The servers drop half-sent requests after 5 s; replace the old ones.
        now = time.monotonic()
        for entry in [s for s in slow if now - s[2] > 6]:
            entry[1].close()
            slow.remove(entry)
        stop.wait(0.2)
    for entry in slow:
        entry[1].close()


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     allow_abbrev=False)
    for name in ("meter_grpc_server", "meter_http_server",
                 "attendance_grpc_server", "attendance_http_server"):
        parser.add_argument(f"--{name}", required=True, help="path of the binary")
    parser.add_argument("--duration_s", type=float, default=60)
    parser.add_argument("--warmup_s", type=float, default=5)
    parser.add_argument("--max_rss_growth_mb", type=float, default=20,
                        help="fail if a server grows more than this after the warm-up")
    args = parser.parse_args()

    data_dir = tempfile.mkdtemp(prefix="soak.")
    os.environ["ATTENDANCE_PASSWORD"] = "soak-password-1"
    with Server(args.meter_grpc_server, "--host=127.0.0.1", "--port=0",
                "--db=:memory:", log=False) as meter_grpc_server, \
         Server(args.meter_http_server, "--host=127.0.0.1", "--port=0",
                f"--grpc_target={meter_grpc_server.address}", log=False) as meter_http_server, \
         Server(args.attendance_grpc_server, "--host=127.0.0.1", "--port=0",
                f"--db={data_dir}/attendance.db", "--bcrypt_cost=4", "--max_failures=0",
                log=False) as attendance_grpc_server, \
         Server(args.attendance_http_server, "--host=127.0.0.1", "--port=0",
                f"--grpc_target={attendance_grpc_server.address}",
                log=False) as attendance_http_server:
        servers = {"meter gRPC": meter_grpc_server, "meter HTTP": meter_http_server,
                   "attendance gRPC": attendance_grpc_server,
                   "attendance HTTP": attendance_http_server}
        results = Results()
        stop = threading.Event()
        workers = [
            (meter_http, meter_http_server.address),
            (meter_http, meter_http_server.address),
            (meter_live_streams, meter_http_server.address),
            (meter_subscriptions, meter_grpc_server.address),
            (attendance_http, attendance_http_server.address),
            (attendance_grpc_calls, attendance_grpc_server.address),
        ]
        threads = [threading.Thread(target=function, args=(address, stop, results))
                   for function, address in workers]
        threads += [threading.Thread(target=meter_grpc_calls,
                                     args=(meter_grpc_server.address, stop, results, i))
                    for i in range(2)]
        threads.append(threading.Thread(
            target=slow_and_cut_clients,
            args=([meter_http_server.address, attendance_http_server.address], stop, results)))
        for thread in threads:
            thread.start()
        time.sleep(args.warmup_s)
        after_warmup = {name: rss_mb(s.process.pid) for name, s in servers.items()}
        time.sleep(max(0.0, args.duration_s - args.warmup_s))
        stop.set()
        for thread in threads:
            thread.join(30)
        at_end = {name: rss_mb(s.process.pid) for name, s in servers.items()}

    total = sum(len(v) for v in results.latencies.values())
    print(f"soak: {args.duration_s:.0f} s, {total} calls, "
          f"{sum(results.errors.values())} unexpected answers")
    for kind in sorted(results.latencies):
        values = results.latencies[kind]
        print(f"  {kind}: {len(values)} calls, p50 {percentile(values, 0.5) * 1000:.1f} ms, "
              f"p99 {percentile(values, 0.99) * 1000:.1f} ms, {results.errors[kind]} errors"
              + (f" (e.g. {results.examples[kind]})" if kind in results.examples else ""))
    failed = sum(results.errors.values()) > 0
    for name in servers:
        growth = at_end[name] - after_warmup[name]
        print(f"  {name} RSS: {after_warmup[name]:.1f} MB after the warm-up, "
              f"{at_end[name]:.1f} MB at the end ({growth:+.1f} MB)")
        failed |= growth > args.max_rss_growth_mb
    print("soak: FAILED" if failed else "soak: passed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
