"""`GET /api/v1/reports/rounds/{id}`: the demo's reviewed round as a PDF for the programme office
(the administrator's token), its name in the download's file name; the province's session
refused, as for the round's decision; an unknown round a 404 in the API's error shape."""
import os
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(__file__))

from harness import ServerTest


class RoundReportOverHttp(ServerTest):
    def test_the_office_downloads_the_pdf_and_a_province_may_not(self):
        s = self.server
        (rid, name) = s.sql("SELECT id, name FROM selection_round ORDER BY id LIMIT 1")[0]
        r = s.request("GET", f"/api/v1/reports/rounds/{rid}", token=s.admin_token)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers["Content-Type"], "application/pdf")
        self.assertTrue(r.raw.startswith(b"%PDF-"))
        disposition = r.headers["Content-Disposition"]
        self.assertIn(f'filename="round-report-{rid}.pdf"', disposition)
        self.assertIn(urllib.parse.quote(f"{name}工作报告.pdf"), disposition)
        with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
            f.write(r.raw)
            f.flush()
            text = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"],
                                  capture_output=True, text=True, check=True).stdout
        text = "".join(text.split())
        for heading in ("一、概况", "四、评审信度", "五、评分与决定"):
            self.assertIn(heading, text)
        # The reviewed applications' names, as the database has them.
        for (cluster,) in s.sql("SELECT DISTINCT a.cluster_name FROM review r JOIN "
                                "application a ON a.id = r.application_id WHERE a.round_id = ?",
                                (rid,)):
            self.assertIn("".join(cluster.split()), text)

        province = s.login("province")
        self.assertError(s.request("GET", f"/api/v1/reports/rounds/{rid}?format=html",
                                   session=province[:2]), 403)
        self.assertError(s.request("GET", "/api/v1/reports/rounds/99999", token=s.admin_token),
                         404)
        self.assertError(s.request("GET", f"/api/v1/reports/rounds/{rid}?lang=fr",
                                   token=s.admin_token), 422)


if __name__ == "__main__":
    import unittest
    unittest.main()
