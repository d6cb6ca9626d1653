"""//meter-demo:cluster as a user runs it: a throwaway PostgreSQL, two gRPC
replicas and the HTTP server. A watcher on one replica sees uploads through
the other, and kill -9 of either replica under load loses no read (they are
retried on the other replica) while the launcher brings it back."""

import os
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.error
import urllib.request

from common.testing import cluster_harness

CLUSTER, METER_CLIENT = sys.argv[1:3]
del sys.argv[1:3]

MONTH = "start=2019-01-01T00:00:00Z&end=2019-02-01T00:00:00Z"
TIMEOUT_S = cluster_harness.TIMEOUT_S


class ClusterTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.cluster = cluster_harness.Cluster(CLUSTER)
        cls.replicas = cls.cluster.replicas

    @classmethod
    def tearDownClass(cls):
        cls.cluster.stop("cluster.log")

    def get(self, path):
        with urllib.request.urlopen(self.cluster.url + path,
                                    timeout=10) as response:
            return response.status, response.read()

    def test_a_watcher_on_one_replica_sees_uploads_through_the_other(self):
        watcher = subprocess.Popen(
            [METER_CLIENT, f"--target={self.replicas[1][1]}", "watch"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        try:
            watched = cluster_harness.Output(watcher)
            watched.wait_for(r"watching meter home")
            with tempfile.NamedTemporaryFile("w", suffix=".csv",
                                             delete=False) as csv:
                csv.write("time,meterusage\n"
                          "2031-05-01 00:15:00,1.25\n"
                          "2031-05-01 00:30:00,2.5\n")
            upload = subprocess.run(
                [METER_CLIENT, f"--target={self.replicas[2][1]}", "upload",
                 csv.name], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                text=True, timeout=TIMEOUT_S)
            os.unlink(csv.name)
            self.assertIn("2 readings accepted", upload.stdout)
            watched.wait_for(r"2031-05-01T00:15:00Z 1.25 kWh")
            watched.wait_for(r"2031-05-01T00:30:00Z 2.5 kWh")
        finally:
            watcher.stdin.close()
            watcher.wait(timeout=TIMEOUT_S)

    def test_killing_a_replica_under_load_loses_no_reads(self):
        outcomes = {"ok": 0, "failed": []}
        lock = threading.Condition()
        stop = threading.Event()

        def wait_for_successes(count):
            with lock:
                target = outcomes["ok"] + count
                self.assertTrue(
                    lock.wait_for(lambda: outcomes["ok"] >= target, TIMEOUT_S),
                    outcomes)

        def load(path):
            while not stop.is_set():
                try:
                    status, _ = self.get(path)
                    failure = None if status == 200 else status
                except urllib.error.HTTPError as error:
                    failure = f"{error.code} {error.read()[:200]!r}"
                except OSError as error:
                    failure = str(error)
                with lock:
                    if failure is None:
                        outcomes["ok"] += 1
                    else:
                        outcomes["failed"].append(f"{path}: {failure}")
                    lock.notify_all()

        paths = ["/api/v1/meters", f"/api/v1/summary?{MONTH}",
                 f"/api/v1/readings?{MONTH}",
                 f"/api/v1/readings?{MONTH}&resolution=daily"]
        threads = [threading.Thread(target=load, args=(path,))
                   for path in paths]
        for thread in threads:
            thread.start()
        try:
            wait_for_successes(50)
            for number in (1, 2):
                # The second kill comes once the first replica is back and
                # the HTTP server has reconnected: it shows that the
                # restarted one takes traffic again.
                self.cluster.kill_replica(number)
                wait_for_successes(50)
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        # Unary calls are retried on the other replica: none may fail. A
        # ListReadings stream that had started sending when its replica died
        # cannot be retried: at most the one in flight per stream kind and
        # kill.
        unary = [f for f in outcomes["failed"]
                 if f.startswith(("/api/v1/meters", "/api/v1/summary"))]
        self.assertEqual(unary, [])
        self.assertLessEqual(len(outcomes["failed"]), 2 * 2,
                             outcomes["failed"])
        self.assertGreater(outcomes["ok"], 100)
        print(f"kill -9 of each replica in turn: {outcomes['ok']} requests "
              f"succeeded, {len(outcomes['failed'])} failed: "
              f"{outcomes['failed']}")


if __name__ == "__main__":
    unittest.main()
