"""The metadata client binary against the metadata server: in both styles
the initial metadata line comes first and whole, then the primes, then the
trailers. gRPC may run a callback reactor's reactions at the same time on
different threads (OnReadInitialMetadataDone and the first OnReadDone did
overlap, and their lines came out mixed), so this is run many times.

Usage (from BUILD): metadata_client_test.py <metadata_server> <metadata_client>
"""

import os
import re
import subprocess
import sys

import pytest

from common.testing.servers import Server

RUNS = 25


@pytest.fixture(scope="module")
def address():
    with Server(sys.argv[1], "--host=127.0.0.1", "--port=0", "--server_id=t") as server:
        yield server.address


@pytest.mark.parametrize("style", ["sync", "callback"])
def test_initial_metadata_then_primes_then_trailers(address, style):
    for run in range(RUNS):
        result = subprocess.run(
            [sys.argv[2], f"--target={address}", f"--style={style}",
             "--request_id=r", "primes", "100", "2"],
            capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        lines = re.sub(r"x-elapsed-us=\d+", "x-elapsed-us=N", result.stdout).splitlines()
        assert lines == [
            "initial metadata: x-server-id=t",
            "prime #0: 101",
            "prime #1: 103",
            "trailing metadata: x-elapsed-us=N x-request-id=r",
        ], f"run {run}: {result.stdout!r}"


if __name__ == "__main__":
    sys.argv[1:3] = [os.path.abspath(path) for path in sys.argv[1:3]]
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
