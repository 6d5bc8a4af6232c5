"""Two `serve` processes on one database, as a national deployment runs them behind a load
balancer: the programme's rules hold when both write at the same moment (one zone, one active
cluster), concurrent imports of one cluster-year leave one current set of rows, and the audit
log stays one verifiable chain. On SQLite the file's write lock serialises the two processes;
on PostgreSQL (tests/pg/on_postgres.py) an advisory lock does (docs/architecture.md)."""
import collections
import concurrent.futures
import unittest

from harness import ServerTest
from uploads import csv_bytes, firm_rows, upload, wait_for_job


class TwoServers(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.server.another_process()

    @classmethod
    def tearDownClass(cls):
        code = cls.other.stop()
        super().tearDownClass()
        if code != 0:
            raise AssertionError(f"the second server exited with {code}")

    def both(self, i):
        return (self.server, self.other)[i % 2]

    def chain_verifies(self):
        verify = self.server.cli("audit-log", "verify", check=False)
        self.assertEqual(verify.returncode, 0, verify.stderr)

    def test_one_zone_takes_one_active_cluster_however_many_ask_at_once(self):
        s = self.server
        r = s.request("POST", "/api/v1/zones", {"name": "并发测试高新区", "province": "湖北",
                                                "city": "襄阳市"}, token=s.admin_token)
        self.assertEqual(r.status, 201, r)
        zone = r.json()["zone"]
        audited = s.sql("SELECT count(*) FROM audit_log")[0][0]

        def ask(i):
            body = {"name": f"并发测试集群{i:03d}", "zone": zone, "industry": "3973"}
            return self.both(i).request("POST", "/api/v1/clusters", body, token=s.admin_token)

        with concurrent.futures.ThreadPoolExecutor(max_workers=32) as pool:
            answers = list(pool.map(ask, range(200)))
        self.assertEqual(collections.Counter(a.status for a in answers), {201: 1, 409: 199},
                         [a for a in answers if a.status not in (201, 409)][:3])
        for a in answers:
            if a.status == 409:
                self.assertEqual(a.json()["error"]["code"], "rule-violated", a)
        (won,) = [a.json()["cluster"] for a in answers if a.status == 201]
        self.assertEqual(s.sql("SELECT id FROM cluster WHERE zone_id = ?", (zone,)), [(won,)])
        # Exactly the one change is audited, and the chain holds.
        self.assertEqual(s.sql("SELECT count(*) FROM audit_log")[0][0], audited + 1)
        self.assertEqual(s.sql("SELECT action, entity, entity_key FROM audit_log "
                               "ORDER BY id DESC LIMIT 1"), [("add", "cluster", str(won))])
        self.chain_verifies()

    def test_concurrent_imports_of_one_cluster_year_leave_one_current_set(self):
        s = self.server
        name = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0][0]
        # Six files for the same cluster and year, each with its own firms and figures.
        files = [csv_bytes(firm_rows(name, 5000 + 100 * k, 20, revenue=lambda i, k=k: k + 1))
                 for k in range(6)]

        def send(k):
            r = upload(self.both(k), f"year=2036&filename=f{k}.csv", files[k],
                       token=s.admin_token)
            self.assertEqual(r.status, 202, r)
            return wait_for_job(self.both(k), r.json()["id"], token=s.admin_token)

        with concurrent.futures.ThreadPoolExecutor(max_workers=6) as pool:
            jobs = list(pool.map(send, range(6)))
        for job in jobs:
            self.assertEqual(job["state"], "succeeded", job)
        revisions = sorted(job["result"]["revision"] for job in jobs)
        self.assertEqual(len(set(revisions)), 6)
        # The last revision written is the current one: its 20 firms, its figure; nothing of
        # the other five is current, and none of their rows was lost (each kept as history).
        last = revisions[-1]
        k = next(k for k, job in enumerate(jobs) if job["result"]["revision"] == last)
        current = s.sql("SELECT revision_id, revenue, count(*) FROM enterprise_year "
                        "WHERE year = 2036 AND current = 1 GROUP BY revision_id, revenue")
        self.assertEqual(current, [(last, (k + 1) * 1e4, 20)])
        self.assertEqual(s.sql("SELECT count(*) FROM enterprise_year WHERE year = 2036")[0][0],
                         120)
        self.chain_verifies()


if __name__ == "__main__":
    unittest.main()
