"""Jobs against the real server: an import's progress and result, jobs that are their owner's
only, a cancelled import that leaves nothing half-written, a client that goes away after sending
its upload (the job still finishes), and SIGTERM while a job runs (the server stops cleanly and
the database holds the whole import or none of it). Outcomes that depend on timing are checked
either way they may go, never by the clock."""
import http.client
import os
import time
import unittest

from harness import Server, ServerTest
from uploads import csv_bytes, firm_rows, upload, wait_for_job


class JobTest(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        cls.name_a = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0][0]

    def admin(self):
        return {"token": self.server.admin_token}

    def rows_of(self, year):
        return self.server.sql("SELECT count(*) FROM enterprise_year WHERE year = ?", (year,))[0][0]

    def revisions_of(self, year):
        return self.server.sql("SELECT count(*) FROM import_revision WHERE year = ?", (year,))[0][0]

    def assertWholeOrNothing(self, job, year, rows):
        """A job that succeeded landed every row under one revision; any other left nothing."""
        if job["state"] == "succeeded":
            self.assertEqual((self.rows_of(year), self.revisions_of(year)), (rows, 1), job)
        else:
            self.assertEqual((self.rows_of(year), self.revisions_of(year)), (0, 0), job)


class Progress(JobTest):
    def test_an_imports_progress_and_result(self):
        s = self.server
        body = csv_bytes(firm_rows(self.name_a, 10000, 5000))
        r = upload(s, "year=2041&filename=many.csv", body, **self.admin())
        self.assertEqual(r.status, 202, r)
        first = r.json()
        self.assertEqual((first["kind"], first["owner"], first["result"], first["error"]),
                         ("import", "admin", None, None))
        job = wait_for_job(s, first["id"], **self.admin())
        self.assertEqual(job["state"], "succeeded", job)
        self.assertEqual(job["progress"]["done"], 5000)  # rows read, as the last report said
        self.assertEqual(job["progress"]["phase"], "succeeded")
        self.assertEqual(job["result"]["rows_valid"], 5000)
        self.assertTrue(job["started_at"] and job["finished_at"])
        self.assertEqual(self.rows_of(2041), 5000)
        # Kept: read again, the same; listed among the account's own jobs.
        self.assertEqual(s.request("GET", f"/api/v1/jobs/{job['id']}", **self.admin()).json(),
                         job)
        mine = s.request("GET", "/api/v1/jobs", **self.admin()).json()["jobs"]
        self.assertIn(job["id"], [j["id"] for j in mine])
        # Cancelling a finished job changes nothing.
        r = s.request("DELETE", f"/api/v1/jobs/{job['id']}", **self.admin())
        self.assertEqual((r.status, r.json()["state"]), (200, "succeeded"))

    def test_a_job_is_its_owners_and_the_administrators(self):
        s = self.server
        cluster = s.login("cluster")[:2]
        r = upload(s, f"year=2042&cluster={s.a['id']}&filename=own.csv",
                   csv_bytes(firm_rows(self.name_a, 20000, 3)), session=cluster)
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        wait_for_job(s, job_id, session=cluster)
        for role in ("province", "zone", "expert", "analyst"):
            other = s.login(role)[:2]
            self.assertError(s.request("GET", f"/api/v1/jobs/{job_id}", session=other), 403,
                             "forbidden")
            self.assertError(s.request("DELETE", f"/api/v1/jobs/{job_id}", session=other), 403,
                             "forbidden")
            listed = s.request("GET", "/api/v1/jobs", session=other).json()["jobs"]
            self.assertNotIn(job_id, [j["id"] for j in listed])
        self.assertEqual(s.request("GET", f"/api/v1/jobs/{job_id}", **self.admin()).status, 200)
        self.assertError(s.request("GET", f"/api/v1/jobs/{job_id}"), 401, "unauthenticated")
        self.assertError(s.request("GET", "/api/v1/jobs/job_nonesuch", session=cluster), 404,
                         "not-found")


class Cancel(JobTest):
    def test_a_cancelled_import_leaves_nothing_half_written(self):
        s = self.server
        rows = 150000
        r = upload(s, "year=2043&filename=large.csv",
                   csv_bytes(firm_rows(self.name_a, 100000, rows)), **self.admin())
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        cancelled = s.request("DELETE", f"/api/v1/jobs/{job_id}", **self.admin())
        self.assertEqual(cancelled.status, 200, cancelled)
        job = wait_for_job(s, job_id, **self.admin())
        # Almost always cancelled; had it finished first, it finished whole.
        self.assertIn(job["state"], ("cancelled", "succeeded"), job)
        if job["state"] == "cancelled":
            self.assertIsNone(job["result"])
        self.assertWholeOrNothing(job, 2043, rows)
        self.assertStillServing()

    def test_a_client_that_goes_away_after_its_upload_does_not_stop_the_job(self):
        s = self.server
        own = lambda: {j["id"] for j in
                       s.request("GET", "/api/v1/jobs", **self.admin()).json()["jobs"]}
        before = own()
        body = csv_bytes(firm_rows(self.name_a, 300000, 20000))
        con = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
        con.request("POST", "/api/v1/imports?year=2044&filename=gone.csv", body=body,
                    headers={"Content-Type": "text/csv",
                             "Authorization": "Bearer " + s.admin_token})
        con.sock.close()  # gone before reading the 202
        con.close()
        # The job appears among the account's own once the upload is in, and finishes.
        for _ in range(6000):
            found = list(own() - before)
            if found:
                break
            time.sleep(0.05)
        job = wait_for_job(s, found[0], **self.admin())
        self.assertEqual((job["state"], job["result"]["file"]), ("succeeded", "gone.csv"), job)
        self.assertEqual(self.rows_of(2044), 20000)


class Shutdown(JobTest):
    def test_sigterm_while_an_import_runs_stops_cleanly(self):
        s = self.server
        rows = 150000
        r = upload(s, "year=2045&filename=at-shutdown.csv",
                   csv_bytes(firm_rows(self.name_a, 500000, rows)), **self.admin())
        self.assertEqual(r.status, 202, r)
        self.assertEqual(s.stop(), 0, getattr(s, "stderr", ""))
        # The runner cancelled the job (or it had finished): whole or nothing, and the database
        # is sound.
        n, revs = self.rows_of(2045), self.revisions_of(2045)
        self.assertIn((n, revs), [(0, 0), (rows, 1)])
        self.assertEqual(s.integrity_check(), "ok")
        s.start()  # a restart has forgotten every job
        self.assertError(s.request("GET", f"/api/v1/jobs/{r.json()['id']}", **self.admin()),
                         404, "not-found")


if __name__ == "__main__":
    unittest.main()
