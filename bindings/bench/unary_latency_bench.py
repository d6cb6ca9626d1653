"""Unary latency: Divide round trips on loopback, one connection, one call
at a time, in one run against the same servers:

  - the floor: 32 bytes echoed over loopback TCP by another process, no
    gRPC (tcp_pingpong);
  - the C++ sync client (cpp_unary_latency) against the sync server, the
    callback server, and the sync server on a Unix domain socket;
  - the Python bindings (grpc_tutorial.calculator) and python3-grpcio with
    Bazel's generated stubs, each against the sync and the callback server.

Prints p50 and p99 in microseconds and calls per second for each, and the
bindings' p50 as a fraction of python3-grpcio's.

    ./bazelw run //bindings/bench:unary_latency_bench -- --calls=20000
"""

import json
import os
import subprocess
import sys
import tempfile
import time

import grpc

import cli_args
from common.testing.servers import Server
from grpc_tutorial.calculator import CalculatorClient
from protos.calculator.v1 import calculator_pb2 as pb
from protos.calculator.v1 import calculator_pb2_grpc as pb_grpc

# Under `bazel run`, the binaries are in the runfiles tree: this file is
# bindings/bench/ in it (Bazel 4's Python stub does not set RUNFILES_DIR).
RUNFILES_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def runfile(path):
    return os.path.join(RUNFILES_ROOT, path)


def percentiles(samples_us):
    samples_us.sort()
    return {"p50_us": samples_us[len(samples_us) // 2],
            "p99_us": samples_us[len(samples_us) * 99 // 100],
            "calls_per_s": len(samples_us) / (sum(samples_us) / 1e6)}


def interleaved(calls, warmup, *callers, block=100):
    """Each of `callers` timed over `calls` calls, in alternating blocks of
    `block`, after `warmup` untimed calls each: the Python clients see the
    same machine (caches, other load) as each other."""
    for call in callers:
        for _ in range(warmup):
            call()
    samples = [[] for _ in callers]
    for _ in range(0, calls, block):
        for call, times in zip(callers, samples):
            for _ in range(block):
                began = time.perf_counter_ns()
                call()
                times.append((time.perf_counter_ns() - began) / 1000)
    return [percentiles(times) for times in samples]


def run_json(program, *args):
    result = subprocess.run([runfile(f"bindings/bench/{program}"), *args],
                            check=True, capture_output=True, text=True)
    return json.loads(result.stdout)


def cpp(target, calls, warmup):
    return run_json("cpp_unary_latency", f"--target={target}",
                    f"--calls={calls}", f"--warmup={warmup}")


def python_clients(address, calls, warmup):
    """(bindings, python3-grpcio) results against the server at `address`."""
    client = CalculatorClient(address)
    with grpc.insecure_channel(address) as channel:
        stub = pb_grpc.CalculatorStub(channel)
        request = pb.DivideRequest(dividend=17, divisor=5)
        return interleaved(calls, warmup,
                           lambda: client.divide(17, 5, timeout=10),
                           lambda: stub.Divide(request, timeout=10))


def main():
    parser = cli_args.ArgumentParser(
        description="Times unary Divide round trips on loopback, one at a "
                    "time: a bare TCP round trip, the C++ client, the bindings "
                    "and python3-grpcio, and prints a table.")
    parser.add_argument("--calls", type=int, default=20000,
                        help="timed calls per row, at least 100 (default: 20000)")
    parser.add_argument("--warmup", type=int, default=1000,
                        help="untimed calls before each row (default: 1000)")
    args = parser.parse_args()
    if args.calls < 100:
        parser.error(f"--calls={args.calls}: at least 100")
    if args.warmup < 0:
        parser.error(f"--warmup={args.warmup}: at least 0")
    examples = "examples"
    socket_dir = tempfile.mkdtemp(prefix="unary-bench-")
    socket_path = os.path.join(socket_dir, "calculator.sock")
    # log=False: the calculators log a line per call on stderr, and reading
    # them here would take CPU (and the GIL) from the Python clients.
    with Server(runfile(f"{examples}/calculator/sync_server"), "--port=0",
                log=False) as sync, \
            Server(runfile(f"{examples}/calculator/callback_server"), "--port=0",
                   log=False) as callback, \
            Server(runfile(f"{examples}/unix_sockets/uds_server"),
                   f"--socket={socket_path}", log=False) as uds:
        rows = [
            ("TCP round trip, no gRPC", "echo process",
             run_json("tcp_pingpong", f"--calls={args.calls}", f"--warmup={args.warmup}")),
            ("C++ sync client", "sync server", cpp(sync.address, args.calls, args.warmup)),
            ("C++ sync client", "callback server", cpp(callback.address, args.calls, args.warmup)),
            ("C++ sync client", "sync server, Unix socket",
             cpp(uds.address, args.calls, args.warmup)),
        ]
        for name, server in (("sync server", sync), ("callback server", callback)):
            ours, theirs = python_clients(server.address, args.calls, args.warmup)
            rows += [("bindings", name, ours), ("python3-grpcio", name, theirs)]
    os.rmdir(socket_dir)
    print(f"Unary Divide round trips, {args.calls} per row, one at a time "
          f"({os.cpu_count()} CPUs)\n")
    print("| client | server | p50 | p99 | calls/s |")
    print("| --- | --- | --- | --- | --- |")
    for client, server, result in rows:
        print(f"| {client} | {server} | {result['p50_us']:.0f} µs | "
              f"{result['p99_us']:.0f} µs | {result['calls_per_s']:,.0f} |")
    by_name = {(client, server): result for client, server, result in rows}
    for server in ("sync server", "callback server"):
        ratio = (by_name[("bindings", server)]["p50_us"]
                 / by_name[("python3-grpcio", server)]["p50_us"])
        print(f"\nbindings p50 / python3-grpcio p50, {server}: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
