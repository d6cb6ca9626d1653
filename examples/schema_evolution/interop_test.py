"""Programs of schema version 1 and version 2 against each other: each
version's client with the other version's server, the email renamed in
version 2 arriving under its new name, and the fields one side does not
know surviving the round trip through the other (as unknown fields).

Usage (from BUILD): interop_test.py <contact_server> <old_contact_server>
                                    <contact_client> <old_contact_client>
"""

import os
import subprocess
import sys

import pytest

from common.testing.servers import Server

NEW_SERVER, OLD_SERVER, NEW_CLIENT, OLD_CLIENT = sys.argv[1:5]


def run(client, server, *args):
    result = subprocess.run([client, f"--target={server.address}", *args],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


@pytest.fixture
def new_server():
    with Server(NEW_SERVER, "--host=127.0.0.1", "--port=0") as server:
        yield server


@pytest.fixture
def old_server():
    with Server(OLD_SERVER, "--host=127.0.0.1", "--port=0") as server:
        yield server


def test_an_old_client_with_a_new_server(new_server):
    assert run(OLD_CLIENT, new_server, "save", "Ada", "ada@example.org",
               "555-0100") == ["saved as 1"]
    # The new server has no field 2 (fax), kept it as unknown, sent it back.
    assert run(OLD_CLIENT, new_server, "get", "1") == [
        "name: Ada", "email: ada@example.org", "fax: 555-0100",
        "unknown fields: none"]
    # A new client reads the renamed field; the fax is unknown to it.
    assert run(NEW_CLIENT, new_server, "get", "1") == [
        "name: Ada", "email_address: ada@example.org",
        "created_unix_seconds: 0", "unknown fields: #2"]


def test_a_new_client_with_an_old_server(old_server):
    assert run(NEW_CLIENT, old_server, "save", "Grace", "grace@example.org",
               "1700000000") == ["saved as 1"]
    # The old server has no field 5, kept it, sent it back.
    assert run(NEW_CLIENT, old_server, "get", "1") == [
        "name: Grace", "email_address: grace@example.org",
        "created_unix_seconds: 1700000000", "unknown fields: none"]
    assert run(OLD_CLIENT, old_server, "get", "1") == [
        "name: Grace", "email: grace@example.org", "fax: ",
        "unknown fields: #5"]


if __name__ == "__main__":
    sys.argv[1:5] = [os.path.abspath(path) for path in sys.argv[1:5]]
    NEW_SERVER, OLD_SERVER, NEW_CLIENT, OLD_CLIENT = sys.argv[1:5]
    junit = ([f"--junitxml={os.environ['XML_OUTPUT_FILE']}"]
             if "XML_OUTPUT_FILE" in os.environ else [])
    sys.exit(pytest.main([__file__, "-q", "-p", "no:cacheprovider"] + junit))
