"""meter_report against the meter server loaded with testdata/usage.csv: the
summary it prints and the CSV it exports (NaN stays NaN).

Usage (from BUILD): meter_report_test.py <meter_report> <grpc_server> <usage.csv>
"""

import os
import subprocess
import sys
import tempfile

from bindings.testing import pytest_main
from common.testing.servers import Server


def test_summary_and_csv_export():
    work = tempfile.mkdtemp(dir=os.environ.get("TEST_TMPDIR"))
    with Server(os.environ["GRPC_SERVER"], "--host=127.0.0.1", "--port=0", f"--db={work}/m.db",
                f"--data={os.environ['USAGE_CSV']}", "--meter=flat") as server:
        result = subprocess.run(
            [os.environ["METER_REPORT"], f"--target={server.address}", "--meter=flat",
             "--start=2019-01-01", "--end=2019-01-02", f"--csv={work}/out.csv"],
            capture_output=True, text=True, timeout=60)
        missing = subprocess.run(
            [os.environ["METER_REPORT"], f"--target={server.address}", "--meter=nobody"],
            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "meter flat, 2019-01-01 to 2019-01-02 (UTC)",
        "  readings 4 (1 missing)",
        "  total    169.69 kWh",
        "  mean     56.563 kWh per reading",
        "  lowest   54.100 kWh at 2019-01-01 00:45",
        "  highest  60.500 kWh at 2019-01-01 01:15",
        f"wrote 4 raw readings to {work}/out.csv",
    ]
    with open(f"{work}/out.csv") as f:
        assert f.read() == ("time,meterusage\n"
                            "2019-01-01 00:15:00,55.09\n"
                            "2019-01-01 00:30:00,NaN\n"
                            "2019-01-01 00:45:00,54.1\n"
                            "2019-01-01 01:15:00,60.5\n")
    assert missing.returncode == 1
    assert "NOT_FOUND: meter 'nobody' not found" in missing.stderr


if __name__ == "__main__":
    for name, path in zip(["METER_REPORT", "GRPC_SERVER", "USAGE_CSV"], sys.argv[1:]):
        os.environ[name] = os.path.abspath(path)
    sys.exit(pytest_main.run(__file__))
