"""A meter client in Python on the bindings: prints a summary of a range and
exports its readings to CSV (in the format the server imports:
`time,meterusage`, NaN for a missing reading).

    ./bazelw run //bindings/examples:meter_report -- \
        --target=localhost:50052 --meter=home --start=2019-01-01 --end=2019-02-01 --csv=/tmp/jan.csv
"""

import datetime
import sys

import numpy as np

import cli_args
from grpc_tutorial import RpcError
from grpc_tutorial.meter import MeterClient


def day(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=datetime.timezone.utc)


# [START export_csv]
def write_csv(path, readings):
    """The readings as `time,meterusage` rows, written from the numpy arrays
    in one go (no Python object per reading)."""
    times = np.datetime_as_string(readings.times, unit="s")
    values = np.where(np.isnan(readings.values), "NaN",
                      np.char.mod("%.10g", readings.values))
    rows = np.char.add(np.char.add(np.char.replace(times, "T", " "), ","), values)
    with open(path, "w") as f:
        f.write("time,meterusage\n")
        if len(rows):
            f.write("\n".join(rows.tolist()) + "\n")
# [END export_csv]


def main():
    parser = cli_args.ArgumentParser(
        description="Prints a summary of a meter's readings over some days and exports "
        "them to CSV, with the Python bindings.")
    parser.add_argument("--target", default="localhost:50052",
                        help="the meter gRPC server, as host:port (default: %(default)s)")
    parser.add_argument("--meter", default="home", help="the meter (default: %(default)s)")
    parser.add_argument("--start", type=day, default=day("2019-01-01"),
                        help="the first day, YYYY-MM-DD in UTC (default: 2019-01-01)")
    parser.add_argument("--end", type=day, default=day("2019-01-08"),
                        help="the day after the last, YYYY-MM-DD (default: 2019-01-08)")
    parser.add_argument("--resolution", choices=["raw", "15min", "hourly", "daily"],
                        default="raw", help="of the exported readings (default: %(default)s)")
    parser.add_argument("--csv", help="export the readings to this file (default: none)")
    args = parser.parse_args()

    # [START report]
    try:
        with MeterClient(args.target) as meter:
            summary = meter.get_summary(args.meter, args.start, args.end, timeout=10)
            readings = meter.read_readings(args.meter, args.start, args.end,
                                           resolution=args.resolution,
                                           timeout=60)
    except RpcError as error:
        print(f"{args.target}: {error}", file=sys.stderr)
        return 1
    # [END report]
    print(f"meter {summary.meter_id}, {args.start:%Y-%m-%d} to {args.end:%Y-%m-%d} (UTC)")
    print(f"  readings {summary.reading_count} ({summary.missing_count} missing)")
    print(f"  total    {summary.total_kwh:.2f} kWh")
    if summary.mean_kwh is not None:
        print(f"  mean     {summary.mean_kwh:.3f} kWh per reading")
        print(f"  lowest   {summary.min_kwh:.3f} kWh at {summary.min_time:%Y-%m-%d %H:%M}")
        print(f"  highest  {summary.max_kwh:.3f} kWh at {summary.max_time:%Y-%m-%d %H:%M}")
    if args.csv:
        write_csv(args.csv, readings)
        print(f"wrote {len(readings)} {args.resolution} readings to {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
