"""How an HTTP server answers normal requests while slow clients hold
connections open: the figures behind docs/29-hostile-clients.md.

Opens --connections connections that each send half a request and then one
more header line every --interval_s (the slow-loris pattern), then times
--requests normal GETs of --path on new connections, one after another, and
prints their median and 99th percentile, how many of the slow connections
the server dropped within --run_s, and (with --pid) the server's RSS.

    slow_clients_bench.py --address=http://127.0.0.1:8080 --connections=1000
"""

import argparse
import os
import socket
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hostile_http  # noqa: E402  (beside this file, also outside Bazel)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     allow_abbrev=False)
    parser.add_argument("--address", required=True, help="http://HOST:PORT")
    parser.add_argument("--path", default="/", help="what the normal requests GET")
    parser.add_argument("--connections", type=int, default=1000)
    parser.add_argument("--interval_s", type=float, default=3.0,
                        help="each slow client sends one header line this often")
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--run_s", type=float, default=12.0,
                        help="how long the slow clients keep trying")
    parser.add_argument("--pid", type=int, help="the server's process, for its RSS")
    args = parser.parse_args()

    before = rss_mb(args.pid) if args.pid else None
    slow = []
    for _ in range(args.connections):
        sock = hostile_http.connect(args.address)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: bench\r\n")
        slow.append(sock)
    dropped = [0]
    stop = threading.Event()

    def trickle():
        alive = list(slow)
        while alive and not stop.wait(args.interval_s):
            still = []
            for sock in alive:
                try:
                    sock.sendall(b"X-Slow: 1\r\n")
                    still.append(sock)
                except OSError:
                    dropped[0] += 1
            alive = still
    trickler = threading.Thread(target=trickle, daemon=True)
    trickler.start()

    latencies, failures = [], 0
    for _ in range(args.requests):
        try:
            status, seconds = hostile_http.get(args.address, args.path, timeout=10)
        except OSError:
            status, seconds = 0, 10
        if status != 200:
            failures += 1
        latencies.append(seconds * 1000)
    during = rss_mb(args.pid) if args.pid else None
    time.sleep(args.run_s)  # the slow clients keep trickling meanwhile
    stop.set()
    trickler.join()
    for sock in slow:
        sock.close()

    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(f"{args.connections} slow clients, {args.requests} normal GET {args.path}: "
          f"median {statistics.median(latencies):.1f} ms, p99 {p99:.1f} ms, "
          f"{failures} failed; slow clients dropped within {args.run_s:.0f} s: "
          f"{dropped[0]} of {args.connections}")
    if args.pid:
        print(f"server RSS: {before:.1f} MB before, {during:.1f} MB with the slow clients")


if __name__ == "__main__":
    main()
