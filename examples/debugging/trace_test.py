"""gRPC's own logs for a failing connection: the sync_client calling a port
where nothing listens, with GRPC_VERBOSITY=info and
GRPC_TRACE=connectivity_state,subchannel, logs the channel's state changes
and each address it tried; without them it prints only its error.

Usage (from BUILD): trace_test <sync_client>
"""

import os
import socket
import subprocess
import sys
import unittest

CLIENT = sys.argv[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def call_nobody(**env):
    # Only the variables given: none of the caller's GRPC_* settings.
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRPC_")}
    return subprocess.run(
        [os.path.abspath(CLIENT), f"--target=localhost:{free_port()}",
         "divide", "17", "5"],
        capture_output=True, text=True, timeout=30, env={**clean, **env})


class TraceTest(unittest.TestCase):

    def test_traces_show_the_states_and_every_address_tried(self):
        result = call_nobody(GRPC_VERBOSITY="info",
                             GRPC_TRACE="connectivity_state,subchannel")
        self.assertEqual(result.returncode, 1)
        self.assertIn("IDLE -> CONNECTING", result.stderr)
        self.assertIn("CONNECTING -> TRANSIENT_FAILURE", result.stderr)
        # localhost is two addresses here; the subchannel trace names both.
        self.assertIn("address=ipv4:127.0.0.1:", result.stderr)
        self.assertIn("address=ipv6:%5B::1%5D:", result.stderr)
        self.assertIn("Connection refused", result.stderr)

    def test_without_them_only_the_error(self):
        result = call_nobody()
        self.assertEqual(result.returncode, 1)
        self.assertNotIn("->", result.stderr)
        self.assertIn("UNAVAILABLE", result.stdout + result.stderr)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1])
