"""//pi-demo:cluster as a user runs it: a throwaway PostgreSQL, two
attendance replicas and the HTTP server. What the replicas must agree on:
one winner per code whichever replica each racer uses, a display on one
replica seeing registrations made through the other, registrations that
survive kill -9, and one failure allowance per client, not one per replica.
"""

import os
import re
import subprocess
import sys
import threading
import unittest
import urllib.error
import urllib.parse
import urllib.request

import grpc

from common.testing import cluster_harness

CLUSTER, ORGANISER = sys.argv[1:3]
del sys.argv[1:3]

PASSWORD = "cluster-test-password"
SERVICE = "/attendance.v1.AttendanceService/"
TIMEOUT_S = cluster_harness.TIMEOUT_S


def strings(*fields):
    """A protobuf message of string fields 1, 2, ... (RegisterRequest:
    first_name, last_name, code)."""
    message = b""
    for number, text in enumerate(fields, start=1):
        data = text.encode()
        message += bytes([number << 3 | 2, len(data)]) + data
    return message


def register(channel, code, first, last):
    """Register over gRPC; returns the status code."""
    call = channel.unary_unary(SERVICE + "Register")
    try:
        call(strings(first, last, code), timeout=10)
        return grpc.StatusCode.OK
    except grpc.RpcError as error:
        return error.code()


def get_status(channel):
    return channel.unary_unary(SERVICE + "GetStatus")(b"", timeout=10)


def start(flags=()):
    env = dict(os.environ, ATTENDANCE_PASSWORD=PASSWORD)
    return cluster_harness.Cluster(CLUSTER, flags, env=env)


def issue_codes(replica_address, count):
    issued = subprocess.run(
        [ORGANISER, f"--server={replica_address}", "issue", f"--count={count}"],
        env=dict(os.environ, ATTENDANCE_PASSWORD=PASSWORD),
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        timeout=TIMEOUT_S)
    codes = re.findall(r"^(\w{4}-\w{4}-\w{2})\s", issued.stdout, re.M)
    assert len(codes) == count, issued.stdout
    return codes


class ReplicasAgreeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # Room for the losing racers' failures.
        cls.cluster = start(["--replica_flag=--max_failures=1000"])
        address = {n: r[1] for n, r in cls.cluster.replicas.items()}
        cls.address = address
        cls.codes = issue_codes(address[1], 3)

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop("cluster.log")

    def channel(self, number):
        return grpc.insecure_channel(self.address[number])

    def test_one_racer_wins_a_code_across_two_replicas(self):
        # Two channels (connections) per replica, four racers on each.
        channels = [self.channel(1), self.channel(1), self.channel(2),
                    self.channel(2)]
        outcomes = []
        lock = threading.Lock()
        start_together = threading.Barrier(16)

        def race(i):
            start_together.wait()
            outcome = register(channels[i % 4], self.codes[0], f"Racer{i}", "X")
            with lock:
                outcomes.append(outcome)

        racers = [threading.Thread(target=race, args=(i,)) for i in range(16)]
        for racer in racers:
            racer.start()
        for racer in racers:
            racer.join()
        self.assertEqual(outcomes.count(grpc.StatusCode.OK), 1, outcomes)
        self.assertEqual(outcomes.count(grpc.StatusCode.ALREADY_EXISTS), 15,
                         outcomes)

    def test_a_display_on_one_replica_sees_registrations_through_the_other(self):
        watch = self.channel(1).unary_stream(SERVICE + "WatchStatus")(
            b"", timeout=TIMEOUT_S)
        first = next(watch)  # the status now
        self.assertNotIn(b"Hopper", first)
        self.assertEqual(register(self.channel(2), self.codes[1], "Grace",
                                  "Hopper"), grpc.StatusCode.OK)
        for status in watch:
            if b"Hopper" in status:
                break
        else:
            self.fail("the watch ended without the registration")
        watch.cancel()

    def test_a_registration_survives_kill_9_of_its_replica(self):
        self.assertEqual(register(self.channel(1), self.codes[2], "Ada",
                                  "Lovelace"), grpc.StatusCode.OK)
        self.cluster.kill_replica(1, traffic=self.get_page)
        self.assertIn(b"Lovelace", get_status(self.channel(1)))
        self.assertIn(b"Lovelace", get_status(self.channel(2)))
        self.assertIn(b"Lovelace", self.get_page())

    def test_the_status_page_keeps_working_while_a_replica_is_killed(self):
        outcomes = {"ok": 0, "failed": []}
        done = threading.Event()

        def load():
            while not done.is_set():
                try:
                    self.get_page()
                    outcomes["ok"] += 1
                except OSError as error:  # HTTPError included
                    outcomes["failed"].append(str(error))

        loader = threading.Thread(target=load)
        loader.start()
        try:
            self.cluster.kill_replica(2)
        finally:
            done.set()
            loader.join()
        # GetStatus is retried on the other replica; at most the one request
        # in flight could fail.
        self.assertLessEqual(len(outcomes["failed"]), 1, outcomes["failed"])
        self.assertGreater(outcomes["ok"], 0)

    def get_page(self):
        with urllib.request.urlopen(self.cluster.url + "/api/v1/status",
                                    timeout=10) as page:
            return page.read()


class SharedAllowanceTest(unittest.TestCase):
    def test_a_client_gets_one_allowance_not_one_per_replica(self):
        # The default: 10 failed registrations a minute per client.
        cluster = start()
        try:
            answers = []
            for i in range(15):
                form = urllib.parse.urlencode({
                    "first_name": "Guess", "last_name": str(i),
                    "code": f"ZZZZ-ZZZZ-{i:02d}"}).encode()
                try:
                    with urllib.request.urlopen(cluster.url + "/register",
                                                data=form, timeout=10) as page:
                        answers.append(page.status)
                except urllib.error.HTTPError as error:
                    answers.append(error.code)
            # Round-robin spread them over both replicas; with counts per
            # replica, all 15 would have been checked (404).
            self.assertEqual(answers.count(404), 10, answers)
            self.assertEqual(answers.count(429), 5, answers)
        finally:
            cluster.stop("allowance_cluster.log")


if __name__ == "__main__":
    unittest.main()
