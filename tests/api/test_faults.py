"""What two `serve` processes on PostgreSQL do when things fail, as they will in production:
the database server is killed (`pg_ctl stop -m immediate`) in the middle of a burst of writes
and comes back — the servers recover by themselves, every write they acknowledged with a 2xx is
there, and nothing is half-written; one server is killed (SIGKILL) in the middle of an import —
the import is absent and the other server keeps serving and writing.

PostgreSQL only (tests/pg/on_postgres.py gives the server's folder); skipped on SQLite."""
import concurrent.futures
import os
import signal
import subprocess
import time
import unittest

from harness import ServerTest, backends
from uploads import csv_bytes, firm_rows, upload

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../scripts/pg-test-server")


@unittest.skipUnless(backends.ON_POSTGRES and backends.PG_DIR,
                     "PostgreSQL only: crashes the database server")
class Faults(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The test server runs with synchronous_commit off, for speed; a deployment keeps
        # PostgreSQL's default, on, without which a crash may lose acknowledged commits (this
        # test found exactly that). Both servers connect afresh under the database's setting.
        name = cls.server.db[cls.server.db.rfind("/") + 1:]
        backends.execute(cls.server.db, f"ALTER DATABASE {name} SET synchronous_commit = on")
        cls.server.stop()
        cls.server.start()
        cls.other = cls.server.another_process()

    @classmethod
    def tearDownClass(cls):
        if cls.other.proc is not None:
            cls.other.stop()
        super().tearDownClass()

    def add_zone(self, server, name):
        try:
            return server.request("POST", "/api/v1/zones",
                                  {"name": name, "province": "湖北", "city": "襄阳市"},
                                  token=self.server.admin_token).status
        except OSError:
            return None  # the server closed the connection: not acknowledged

    def recovered(self, server, prefix):
        """Writes again within 60 s: the server reconnected by itself."""
        for attempt in range(600):
            if self.add_zone(server, f"{prefix}{attempt}") == 201:
                return True
            time.sleep(0.1)
        return False

    def test_a_database_crash_during_a_burst_of_writes(self):
        s = self.server
        names = [f"故障测试{i:03d}高新区" for i in range(240)]

        def write(i):
            if i == 80:  # a third of the way in, the database server dies and comes back
                subprocess.run([SCRIPT, "crash", backends.PG_DIR], check=True,
                               capture_output=True)
            return self.add_zone((s, self.other)[i % 2], names[i])

        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(write, range(len(names))))
        acknowledged = {names[i] for i, st in enumerate(statuses) if st == 201}
        self.assertTrue(acknowledged, statuses)
        self.assertTrue(any(st != 201 for st in statuses), "the crash was felt by no request")
        self.assertTrue(all(st in (201, 500, 503, None) for st in statuses), statuses)
        # Both servers write again without being restarted.
        self.assertTrue(self.recovered(s, "恢复甲"))
        self.assertTrue(self.recovered(self.other, "恢复乙"))
        stored = {n for (n,) in s.sql("SELECT name FROM zone WHERE name LIKE '故障测试%'")}
        self.assertLessEqual(acknowledged, stored, "an acknowledged write was lost")
        # Nothing half-written: each stored zone has its one audit entry, and the chain holds.
        audited = s.sql("SELECT count(*) FROM audit_log a JOIN zone z ON a.entity = 'zone' AND "
                        "a.entity_key = CAST(z.id AS TEXT) AND a.action = 'add' "
                        "WHERE z.name LIKE '故障测试%'")[0][0]
        self.assertEqual(audited, len(stored))
        verify = s.cli("audit-log", "verify", check=False)
        self.assertEqual(verify.returncode, 0, verify.stderr)

    def test_a_server_killed_during_an_import(self):
        s = self.server
        name = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0][0]
        body = csv_bytes(firm_rows(name, 100000, 60000))
        before = s.sql("SELECT count(*) FROM import_revision")[0][0]
        r = upload(self.other, "year=2037&filename=big.csv", body, token=s.admin_token)
        self.assertEqual(r.status, 202, r)
        job = r.json()["id"]
        # Killed once the import is under way (the job has left the queue).
        for _ in range(600):
            state = self.other.request("GET", f"/api/v1/jobs/{job}",
                                       token=s.admin_token).json()["state"]
            if state != "queued":
                break
            time.sleep(0.01)
        self.other.proc.send_signal(signal.SIGKILL)
        self.other.proc.wait()
        self.other.proc.stderr.close()
        self.other.proc = None
        # The other server keeps serving, and writing: the dead one's write lock went with its
        # connections.
        self.assertEqual(s.request("GET", "/healthz").status, 200)
        self.assertTrue(self.recovered(s, "存活测试"))
        self.assertEqual(s.sql("SELECT count(*) FROM import_revision")[0][0], before)
        self.assertEqual(s.sql("SELECT count(*) FROM enterprise_year WHERE year = 2037")[0][0], 0)
        verify = s.cli("audit-log", "verify", check=False)
        self.assertEqual(verify.returncode, 0, verify.stderr)


if __name__ == "__main__":
    unittest.main()
