"""Reports over HTTP: the annual report and fact sheets as downloads — a real PDF (read back
with pdftotext and pdfinfo), a self-contained HTML page and a workbook — with the download's
names; a province gets its own clusters' fact sheets and 403 for another's; the leading
enterprises are left out for an account that may not read enterprise rows."""
import os
import re
import subprocess
import tempfile
import urllib.parse

from harness import ServerTest


def pdf_text(data):
    """The PDF's text without white space (pdftotext drops the spaces between Chinese and
    figures), and its page count from pdfinfo."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(data)
        f.flush()
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", f.name], capture_output=True, text=True,
                              check=True).stdout
    return re.sub(r"\s+", "", text), int(re.search(r"Pages:\s+(\d+)", info)[1])


class Reports(ServerTest):
    def get(self, path, token=None, session=None):
        if session is None and token is None:
            token = self.server.admin_token
        return self.server.request("GET", path, token=token, session=session)

    def name_of(self, cid):
        ((name,),) = self.server.sql("SELECT name FROM cluster WHERE id = ?", (cid,))
        return name

    def test_the_annual_report_is_a_pdf_with_the_stats_figures(self):
        r = self.get("/api/v1/reports/annual?year=2023&uncertainty=20")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers["Content-Type"], "application/pdf")
        self.assertTrue(r.raw.startswith(b"%PDF-"))
        header = r.headers["Content-Disposition"]
        self.assertIn('filename="annual-report-2023.pdf"', header)
        self.assertEqual(urllib.parse.unquote(re.search(r"filename\*=UTF-8''(\S+)", header)[1]),
                         "2023年创新型产业集群发展报告.pdf")
        self.assertEqual(r.headers["X-Synthetic-Data"], "true")
        text, pages = pdf_text(r.raw)
        self.assertGreater(pages, 3)
        for heading in ("目录", "一、总体情况", "四、评价结果"):
            self.assertIn(heading, text)
        # The national clusters and revenue as the overview's statistics give them.
        stats = self.get("/api/v1/statistics?by=province&year=2023")
        self.assertEqual(stats.status, 200, stats)
        total = stats.json()["rows"][-1]
        self.assertEqual(total["province"], "全国")
        self.assertIn(f"全国{total['clusters']}", text)
        self.assertIn(f"{total['revenue_yuan'] / 1e8:,.2f}", text)

    def test_html_and_xlsx_and_english(self):
        r = self.get("/api/v1/reports/annual?year=2023&uncertainty=0&format=html&lang=en")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.headers["Content-Type"].startswith("text/html"))
        page = r.raw.decode("utf-8")
        self.assertIn('<html lang="en"', page)
        self.assertIn("1 Overview", page)
        r = self.get(f"/api/v1/reports/clusters/{self.server.a['id']}?year=2023&format=xlsx")
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.raw.startswith(b"PK"))
        r = self.get("/api/v1/reports/annual?format=docx")
        self.assertError(r, 422, "invalid-input")
        r = self.get("/api/v1/reports/annual?lang=fr")
        self.assertError(r, 422, "invalid-input")
        r = self.get("/api/v1/reports/clusters/999999")
        self.assertError(r, 404)

    def test_a_province_gets_its_own_fact_sheets_only(self):
        s = self.server
        province = s.login("province")
        mine = self.get(f"/api/v1/reports/clusters?year=2023&province={s.a['province']}",
                        session=province)
        self.assertEqual(mine.status, 200, mine)
        text, pages = pdf_text(mine.raw)
        own = [cid for (cid,) in s.sql(
            "SELECT id FROM cluster WHERE province_code = ? AND status IN "
            "('cultivation','pilot','recognised','warned')", (s.a["province"],))]
        for cid in own:
            self.assertIn(self.name_of(cid), text)
        self.assertNotIn(self.name_of(s.b["id"]), text)
        self.assertGreaterEqual(pages, len(own))
        # Another province's cluster, the whole programme: refused.
        self.assertEqual(self.get(f"/api/v1/reports/clusters/{s.b['id']}?year=2023",
                                  session=province).status, 403)
        self.assertEqual(self.get("/api/v1/reports/clusters?year=2023", session=province).status,
                         403)
        self.assertEqual(self.get("/api/v1/reports/annual?year=2023", session=province).status,
                         403)

    def test_enterprises_only_for_those_who_may_read_them(self):
        s = self.server
        cid = s.a["id"]
        ((firm,),) = s.sql("SELECT name FROM enterprise WHERE credit_code = (SELECT credit_code "
                           "FROM enterprise_year WHERE cluster_id = ? AND year = 2023 AND "
                           "current = 1 ORDER BY revenue DESC LIMIT 1)", (cid,))
        admin_text, _ = pdf_text(self.get(f"/api/v1/reports/clusters/{cid}?year=2023").raw)
        self.assertIn(firm, admin_text)
        analyst = s.login("analyst")
        r = self.get(f"/api/v1/reports/clusters/{cid}?year=2023", session=analyst)
        self.assertEqual(r.status, 200, r)
        analyst_text, _ = pdf_text(r.raw)
        self.assertIn(self.name_of(cid), analyst_text)
        self.assertNotIn(firm, analyst_text)
        self.assertIn("企业名单仅向有权查看企业数据的账户提供", analyst_text)
        # The public: no report at all.
        self.assertEqual(self.server.request(
            "GET", f"/api/v1/reports/clusters/{cid}?year=2023").status, 401)


if __name__ == "__main__":
    import unittest
    unittest.main()
