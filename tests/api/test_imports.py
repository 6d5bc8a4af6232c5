"""Imports over HTTP against the real server: a GBK CSV and an XLSX checked as a dry run (every
row problem, nothing written) and then committed as a job whose rows land (read back with
sqlite3), the history and the diff of revisions, a cluster account confined to its cluster, and
uploads that are not what they claim — each a clear 4xx, nothing stored (no revision, no
temporary file), the server still serving."""
import os
import tempfile
import unittest
import urllib.parse

from harness import Server, ServerTest
from uploads import (XLSX, credit_code, csv_bytes, firm_rows, schema_problems, upload,
                     wait_for_job, xlsx_bytes)

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


class ImportTest(ServerTest):
    """A server whose temporary directory (where uploads wait) is the test's own, to see that
    nothing is left there."""

    @classmethod
    def setUpClass(cls):
        cls.uploads_dir = tempfile.TemporaryDirectory()
        cls.saved_tmpdir = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = cls.uploads_dir.name
        try:
            cls.server = Server(cls.serve_args())
        finally:
            if cls.saved_tmpdir is None:
                os.environ.pop("TMPDIR")
            else:
                os.environ["TMPDIR"] = cls.saved_tmpdir
        s = cls.server
        cls.name_a = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0][0]
        cls.name_b = s.sql("SELECT name FROM cluster WHERE id = ?", (s.b["id"],))[0][0]

    @classmethod
    def serve_args(cls):
        return []

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.uploads_dir.cleanup()

    def leftovers(self):
        return [f for f in os.listdir(self.uploads_dir.name) if "upload" in f]

    def revisions(self):
        return self.server.sql("SELECT count(*) FROM import_revision")[0][0]

    def rows_of(self, year):
        return self.server.sql(
            "SELECT y.credit_code, y.cluster_id, y.revenue, y.employment FROM enterprise_year y "
            "WHERE y.year = ? AND y.current = 1 ORDER BY y.credit_code", (year,))

    def admin(self):
        return {"token": self.server.admin_token}


class DryRunAndCommit(ImportTest):
    def test_a_gbk_csv_is_checked_then_committed_as_a_job(self):
        s = self.server
        rows = firm_rows(self.name_a, 1000, 3, revenue=lambda i: "12,000")
        body = csv_bytes(rows, encoding="gbk")
        name = urllib.parse.quote("2031企业数据.csv")
        before = self.revisions()

        r = upload(s, f"year=2031&dry_run=true&filename={name}", body, **self.admin())
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual((doc["file"], doc["encoding"], doc["dry_run"], doc["revision"]),
                         ("2031企业数据.csv", "gb18030", True, None))
        self.assertEqual((doc["rows_read"], doc["rows_valid"], doc["errors"]), (3, 3, 0))
        self.assertEqual(schema_problems("import", doc), [])
        self.assertEqual(self.revisions(), before, "a dry run writes nothing")
        self.assertEqual(self.rows_of(2031), [])

        r = upload(s, f"year=2031&filename={name}", body, **self.admin())
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        self.assertEqual(r.headers["Location"], f"/api/v1/jobs/{job_id}")
        self.assertIn(r.json()["state"], ("queued", "running", "succeeded"))
        job = wait_for_job(s, job_id, **self.admin())
        self.assertEqual(job["state"], "succeeded", job)
        self.assertEqual(schema_problems("job", job), [])
        self.assertEqual(schema_problems("import", job["result"]), [])
        self.assertEqual(job["owner"], "admin")
        self.assertEqual(job["result"]["rows_valid"], 3)
        revision = job["result"]["revision"]
        # 12,000 万元 = 1.2e8 元, each row in cluster A, under the revision the job reports.
        self.assertEqual(self.rows_of(2031), sorted(
            (credit_code(i), s.a["id"], 1.2e8, float(i % 300 + 5)) for i in range(1000, 1003)))
        self.assertEqual(s.sql("SELECT file_name, encoding, operator, rows_imported FROM "
                               "import_revision WHERE id = ?", (revision,)),
                         [("2031企业数据.csv", "gb18030", "admin", 3)])
        # Audited with the account that uploaded it.
        admin_id = s.sql("SELECT id FROM account WHERE login = 'admin'")[0][0]
        self.assertEqual(s.sql("SELECT actor, account_id, origin, reason FROM audit_log WHERE "
                               "entity = 'revision' AND entity_key = ?", (str(revision),)),
                         [("admin", admin_id, "127.0.0.1", "import of 2031企业数据.csv")])
        self.assertEqual(self.leftovers(), [], "the upload is removed once the job is over")

    def test_an_xlsx_lands_and_the_history_and_diff_show_it(self):
        s = self.server
        tmp = tempfile.mkdtemp(dir=self.uploads_dir.name)
        rows = firm_rows(self.name_b, 2000, 4)
        first = upload(s, "year=2032&filename=JQ.xlsx", xlsx_bytes(tmp, rows), XLSX,
                       **self.admin())
        self.assertEqual(first.status, 202, first)
        job1 = wait_for_job(s, first.json()["id"], **self.admin())
        self.assertEqual((job1["state"], job1["result"]["encoding"]), ("succeeded", "xlsx"), job1)
        self.assertEqual([r[:3] for r in self.rows_of(2032)],
                         sorted((credit_code(i), s.b["id"], float(i % 997 + 1) * 1e4)
                                for i in range(2000, 2004)))
        # The same firms again with one revenue changed: a second revision.
        rows[0][3] = "5000"
        second = upload(s, "year=2032&filename=JQ2.xlsx", xlsx_bytes(tmp, rows),
                        "application/octet-stream", **self.admin())
        job2 = wait_for_job(s, second.json()["id"], **self.admin())
        self.assertEqual(job2["state"], "succeeded", job2)
        rev1, rev2 = job1["result"]["revision"], job2["result"]["revision"]

        history = s.request("GET", "/api/v1/imports?year=2032", **self.admin()).json()
        self.assertEqual(schema_problems("import-history", history), [])
        history = history["rows"]
        self.assertEqual([(h["revision"], h["file"], h["rows"]) for h in history],
                         [(rev1, "JQ.xlsx", 4), (rev2, "JQ2.xlsx", 4)])
        diff = s.request("GET", f"/api/v1/imports/{rev2}/diff?from={rev1}", **self.admin())
        self.assertEqual(diff.status, 200, diff)
        self.assertEqual(schema_problems("revision-diff", diff.json()), [])
        changed = [(d["credit_code"], d["field"]) for d in diff.json()["rows"]]
        self.assertEqual(changed, [(credit_code(2000), "revenue")])
        self.assertError(s.request("GET", f"/api/v1/imports/{rev2}/diff?from=999999",
                                   **self.admin()), 404, "not-found")
        self.assertError(s.request("GET", f"/api/v1/imports/{rev2}/diff", **self.admin()), 422)

    def test_a_dry_run_returns_every_problem_as_the_cli_reports_it(self):
        s = self.server
        rows = firm_rows(self.name_a, 3000, 2) + [
            [credit_code(3002)[:-1] + "0" if credit_code(3002)[-1] != "0" else
             credit_code(3002)[:-1] + "1", "错码公司", self.name_a, "1", "1"],
            [credit_code(3003), "", self.name_a, "abc", "-3"],
            [credit_code(3004), "某公司", "不存在的集群", "5", "5"],
        ]
        body = csv_bytes(rows)
        before = self.revisions()
        r = upload(s, "year=2033&dry_run=true&filename=bad.csv", body, **self.admin())
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual((doc["rows_read"], doc["rows_valid"], doc["rows_rejected"]), (5, 2, 3))
        found = {(p["rows"][0][0], p["column"], p["message"].split(":")[0][:20])
                 for p in doc["problems"]}
        for row, column in [(4, "统一社会信用代码"), (5, "企业名称"), (5, "营业收入(万元)"),
                            (5, "从业人员(人)"), (6, "集群名称")]:
            self.assertTrue(any(f[0] == row and f[1] == column for f in found), (row, column, doc))
        # The CLI's own dry run of the same bytes prints each of these problems, word for word.
        path = os.path.join(tempfile.mkdtemp(dir=self.uploads_dir.name), "bad.csv")
        with open(path, "wb") as f:
            f.write(body)
        cli = s.cli("import", "enterprises", path, "--year", "2033", "--dry-run", check=False)
        self.assertEqual(cli.returncode, 2)
        for p in doc["problems"]:
            value = f"'{p['value']}' " if p["value"] else ""
            line = f"row {p['rows'][0][0]}, column {p['column']}: {value}{p['message']}"
            self.assertIn(line, cli.stderr)
        self.assertEqual(self.revisions(), before)

        # Committed, the same file fails as a job: its error and every problem, nothing kept.
        r = upload(s, "year=2033&filename=bad.csv", body, **self.admin())
        job = wait_for_job(s, r.json()["id"], **self.admin())
        self.assertEqual(job["state"], "failed", job)
        self.assertEqual(schema_problems("job", job), [])
        self.assertEqual(job["error"]["code"], "invalid-input")
        self.assertIn("bad.csv has 5 errors", job["error"]["message"]["en"])
        self.assertEqual(job["result"]["problems"], doc["problems"])
        self.assertEqual((self.revisions(), self.rows_of(2033)), (before, []))

    def test_a_file_without_a_header_is_one_error_naming_the_upload_not_a_path(self):
        r = upload(self.server, "year=2033&dry_run=true&filename=empty-header.csv",
                   "甲,乙\n1,2\n".encode(), **self.admin())
        err = self.assertError(r, 422)
        self.assertNotIn(self.uploads_dir.name, str(err))
        self.assertNotIn("clusteratlas-upload", str(err))


def form(parts):
    """A multipart/form-data body, as a browser's FormData sends it: (name, filename, type,
    bytes) per part."""
    boundary = "----atlas-test-boundary-7MA4YWxkTrZu0gW"
    body = b""
    for name, filename, content_type, data in parts:
        disposition = f'form-data; name="{name}"'
        if filename is not None:
            disposition += f'; filename="{filename}"'
        body += (f"--{boundary}\r\nContent-Disposition: {disposition}\r\n"
                 f"Content-Type: {content_type}\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, "multipart/form-data; boundary=" + boundary


class FormUpload(ImportTest):
    def test_a_browser_form_carries_the_file_in_its_part_named_file(self):
        s = self.server
        data = csv_bytes(firm_rows(self.name_a, 8000, 2), encoding="gbk")
        body, content_type = form([("note", None, "text/plain", b"ignored"),
                                   ("file", "表单.csv", "text/csv", data)])
        r = upload(s, "year=2036&dry_run=true", body, content_type, **self.admin())
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual((doc["file"], doc["encoding"], doc["rows_valid"]),
                         ("表单.csv", "gb18030", 2))
        # The part's name is a label like any other; a form without the file is refused.
        body, content_type = form([("file", "../../etc/passwd", "text/csv", data)])
        self.assertError(upload(s, "year=2036&dry_run=true", body, content_type,
                                **self.admin()), 422, "invalid-file-name")
        body, content_type = form([("other", "a.csv", "text/csv", data)])
        self.assertError(upload(s, "year=2036&dry_run=true", body, content_type,
                                **self.admin()), 422, "invalid-file")
        body, content_type = form([("file", "photo.csv", "text/csv", PNG)])
        self.assertError(upload(s, "year=2036&dry_run=true", body, content_type,
                                **self.admin()), 415, "unsupported-media-type")
        self.assertEqual(self.leftovers(), [])
        self.assertStillServing()


class ClusterAccount(ImportTest):
    def test_a_cluster_account_imports_only_its_own_clusters_rows(self):
        s = self.server
        session = s.login("cluster")[:2]
        mine, other = firm_rows(self.name_a, 4000, 2), firm_rows(self.name_b, 4100, 1)
        # Without ?cluster= the import would be programme-wide: not the account's to make.
        self.assertError(upload(s, "year=2034&filename=a.csv", csv_bytes(mine), session=session),
                         403, "forbidden")
        self.assertError(upload(s, f"year=2034&cluster={s.b['id']}&filename=a.csv",
                                csv_bytes(mine), session=session), 403, "forbidden")
        # Narrowed to its cluster, a row of another cluster is a problem of that row.
        r = upload(s, f"year=2034&cluster={s.a['id']}&dry_run=true&filename=a.csv",
                   csv_bytes(mine + other), session=session)
        self.assertEqual(r.status, 200, r)
        problems = r.json()["problems"]
        self.assertEqual([(p["rows"], p["column"]) for p in problems], [([[4, 4]], "集群名称")])
        self.assertIn("differs from", problems[0]["message"])
        # Its own rows land, under its account.
        r = upload(s, f"year=2034&cluster={s.a['id']}&filename=a.csv", csv_bytes(mine),
                   session=session)
        self.assertEqual(r.status, 202, r)
        job = wait_for_job(s, r.json()["id"], session=session)
        self.assertEqual((job["state"], job["owner"]), ("succeeded", "cluster"), job)
        self.assertEqual({row[1] for row in self.rows_of(2034)}, {s.a["id"]})
        self.assertEqual(s.sql("SELECT operator FROM import_revision WHERE id = ?",
                               (job["result"]["revision"],)), [("cluster",)])


class BadUploads(ImportTest):
    """Each a clear 4xx naming what is wrong; nothing stored; the server keeps serving."""

    @classmethod
    def serve_args(cls):
        return ["--max-upload-mib", "1"]

    def refused(self, status, code, query, body, content_type="text/csv", field=None):
        before = self.revisions()
        r = upload(self.server, query, body, content_type, **self.admin())
        err = self.assertError(r, status, code)
        if field:
            self.assertEqual(err.get("field"), field, err)
        self.assertEqual(self.revisions(), before)
        self.assertEqual(self.leftovers(), [])
        self.assertStillServing()
        return err

    def test_file_names_that_are_paths_or_hold_control_characters(self):
        body = csv_bytes(firm_rows(self.name_a, 5000, 1))
        for name in ["../../etc/passwd", "/etc/passwd", "..", ".htaccess", "a/b.csv",
                     "C:\\Windows\\win.ini", "a\x00b.csv", "line\nbreak.csv", "bell\x07.csv",
                     "x" * 256 + ".csv", ""]:
            with self.subTest(name=name):
                self.refused(422, "invalid-file-name",
                             "dry_run=true&year=2035&filename=" + urllib.parse.quote(name), body,
                             field="filename")
        # Not valid UTF-8.
        self.refused(422, "invalid-file-name", "dry_run=true&year=2035&filename=%FF%FE.csv", body)

    def test_contents_that_are_not_what_they_claim(self):
        tmp = tempfile.mkdtemp(dir=self.uploads_dir.name)
        book = xlsx_bytes(tmp, firm_rows(self.name_a, 5100, 1))
        q = "dry_run=true&year=2035&filename="
        self.refused(415, "unsupported-media-type", q + "photo.csv", PNG)
        self.refused(415, "unsupported-media-type", q + "photo.csv", PNG,
                     "application/octet-stream")
        self.refused(415, "unsupported-media-type", q + "photo.png", PNG, "image/png")
        self.refused(415, "unsupported-media-type", q + "data.csv", b"{}", "application/json")
        self.refused(415, "unsupported-media-type", q + "old.xls",
                     b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,
                     "application/octet-stream")
        # An XLSX declared as CSV, a CSV declared as XLSX.
        self.refused(415, "unsupported-media-type", q + "book.csv", book, "text/csv")
        self.refused(415, "unsupported-media-type", q + "data.xlsx",
                     csv_bytes(firm_rows(self.name_a, 5200, 1)), XLSX)
        # A ZIP that is no workbook, a truncated workbook, text in neither UTF-8 nor GBK, nothing.
        import io
        import zipfile
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            z.writestr("readme.txt", "not a workbook")
        self.refused(422, "invalid-file", q + "fake.xlsx", buffer.getvalue(), XLSX)
        self.refused(422, "invalid-file", q + "cut.xlsx", book[: len(book) // 2], XLSX)
        self.refused(422, "invalid-file", q + "bytes.csv", b"\xff\xfe\xfd\xfc,\x80\xff\n" * 10)
        self.refused(422, "invalid-file", q + "empty.csv", b"")

    def test_an_upload_over_the_limit_is_refused_while_it_is_read(self):
        body = csv_bytes(firm_rows(self.name_a, 6000, 30000))
        self.assertGreater(len(body), 1 << 20)
        self.refused(413, "upload-too-large", "dry_run=true&year=2035&filename=big.csv", body)
        # JSON bodies keep their own limit of 1 MiB, whatever the upload limit.
        r = self.server.request("POST", f"/api/v1/clusters/{self.server.a['id']}/status",
                                {"status": "warned", "reason": "x" * (2 << 20)},
                                **self.admin())
        self.assertError(r, 413, "body-too-large")

    def test_query_parameters_are_checked_before_the_body_is_kept(self):
        body = csv_bytes(firm_rows(self.name_a, 7000, 1))
        self.refused(422, "invalid-input", "dry_run=maybe&filename=a.csv", body, field="dry_run")
        self.refused(422, "invalid-input", "kind=people&filename=a.csv", body, field="kind")
        self.refused(422, "invalid-input", "encoding=latin1&filename=a.csv", body,
                     field="encoding")


if __name__ == "__main__":
    unittest.main()
