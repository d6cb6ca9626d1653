"""Reading meter data into Python: the bindings against python3-grpcio.

Starts one meter gRPC server with --count generated readings (sample_csv),
then, against that same server in the same run:
  - reads the whole range into numpy arrays through grpc_tutorial.meter
    (the C++ stub fills the arrays) and through python3-grpcio with the
    stubs Bazel generated from meter.proto (each batch's repeated fields
    turned into numpy arrays, the usual way);
  - times unary GetSummary round trips from Python both ways.
Prints a table; both sides' results are compared so they cannot differ.

    ./bazelw run //bindings/bench:readings_bench -- --count=1000000
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import grpc
import numpy as np

from common.testing.servers import Server
from grpc_tutorial.meter import MeterClient
from google.protobuf import timestamp_pb2
from protos.meter.v1 import meter_pb2 as pb
from protos.meter.v1 import meter_pb2_grpc as pb_grpc

START_S = 1546300800  # 2019-01-01T00:00:00Z, sample_csv's default start
TIMEOUT_S = 120


def timestamp(seconds):
    return timestamp_pb2.Timestamp(seconds=seconds)


def read_with_bindings(client, end_s):
    readings = client.read_readings("bench", START_S, end_s, timeout=TIMEOUT_S)
    return readings.times.astype(np.int64), readings.values


def read_with_grpcio(stub, end_s):
    times, values = [], []
    request = pb.ListReadingsRequest(meter_id="bench", start=timestamp(START_S),
                                     end=timestamp(end_s))
    for batch in stub.ListReadings(request, timeout=TIMEOUT_S):
        times.append(np.array(batch.times, dtype=np.int64))
        values.append(np.array(batch.values, dtype=np.float64))
    return np.concatenate(times), np.concatenate(values)


def best_of(runs, read):
    """Seconds of the fastest of `runs` reads (the least disturbed by other
    work on the machine), and the last result."""
    seconds = []
    for _ in range(runs):
        began = time.perf_counter()
        result = read()
        seconds.append(time.perf_counter() - began)
    return min(seconds), result


def interleaved_latencies_us(calls, *callers, block=100):
    """(median, p99) in microseconds for each of `callers`, timed in
    alternating blocks of `block` calls after one untimed block each, so
    that each sees the same machine (caches, other load) as the others."""
    samples = [[] for _ in callers]
    for call in callers:
        for _ in range(block):
            call()
    for _ in range(0, calls, block):
        for call, times in zip(callers, samples):
            for _ in range(block):
                began = time.perf_counter()
                call()
                times.append((time.perf_counter() - began) * 1e6)
    results = []
    for times in samples:
        times.sort()
        results.append((statistics.median(times), times[int(len(times) * 0.99)]))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=1_000_000, help="readings to read")
    parser.add_argument("--runs", type=int, default=5, help="reads per side; the best counts")
    parser.add_argument("--calls", type=int, default=2000, help="unary calls per side")
    parser.add_argument("--server", default="meter-demo/grpc_server")
    parser.add_argument("--sample_csv", default="meter-demo/sample_csv")
    args = parser.parse_args()

    # The database and CSV are removed with the directory, however the run ends.
    with tempfile.TemporaryDirectory(prefix="readings_bench_") as work:
        csv_path = os.path.join(work, "bench.csv")
        subprocess.run([args.sample_csv, f"--count={args.count}", "--interval_s=60",
                        f"--out={csv_path}"], check=True)
        end_s = START_S + 60 * (args.count + 1)
        with Server(args.server, "--host=127.0.0.1", "--port=0", f"--db={work}/bench.db",
                    f"--data={csv_path}", "--meter=bench") as server, \
                MeterClient(server.address) as client, \
                grpc.insecure_channel(server.address,
                                      options=[("grpc.max_receive_message_length", -1)]) as channel:
            stub = pb_grpc.MeterServiceStub(channel)
            bindings_s, (b_times, b_values) = best_of(args.runs, lambda: read_with_bindings(client, end_s))
            grpcio_s, (g_times, g_values) = best_of(args.runs, lambda: read_with_grpcio(stub, end_s))
            assert len(b_times) == args.count, len(b_times)
            np.testing.assert_array_equal(b_times, g_times)
            np.testing.assert_array_equal(b_values, g_values)

            summary_request = pb.GetSummaryRequest(meter_id="bench", start=timestamp(START_S),
                                                   end=timestamp(START_S + 3600))
            # The native module's call too: what the Python layer on top
            # (datetimes, a frozen dataclass) adds to each call.
            native = client._client()
            (b_median, b_p99), (n_median, n_p99), (g_median, g_p99) = \
                interleaved_latencies_us(
                    args.calls,
                    lambda: client.get_summary("bench", START_S, START_S + 3600,
                                               timeout=TIMEOUT_S),
                    lambda: native.get_summary("bench", START_S, START_S + 3600,
                                               float(TIMEOUT_S)),
                    lambda: stub.GetSummary(summary_request, timeout=TIMEOUT_S))

    print(f"{args.count:,} readings into numpy, best of {args.runs}:")
    print(f"  bindings (C++ stub)    {bindings_s * 1000:8.1f} ms  "
          f"{args.count / bindings_s / 1e6:6.1f} M readings/s")
    print(f"  python3-grpcio         {grpcio_s * 1000:8.1f} ms  "
          f"{args.count / grpcio_s / 1e6:6.1f} M readings/s")
    print(f"  speed-up               {grpcio_s / bindings_s:8.1f}x")
    print(f"GetSummary round trip from Python, {args.calls} calls:")
    print(f"  bindings (C++ stub)    median {b_median:7.0f} us   p99 {b_p99:7.0f} us")
    print(f"    native module alone  median {n_median:7.0f} us   p99 {n_p99:7.0f} us")
    print(f"  python3-grpcio         median {g_median:7.0f} us   p99 {g_p99:7.0f} us")


if __name__ == "__main__":
    # Under `bazel run`, the binaries are in the runfiles tree, two levels up
    # from this file (Bazel 4's Python stub does not set RUNFILES_DIR).
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    sys.exit(main())
