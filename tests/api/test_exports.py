"""Exports over HTTP: each kind as CSV (UTF-8 with a byte-order mark), the JSON table document
and an XLSX workbook, with a download's headers; the bytes are those `clusteratlas export` writes
on the same database. Scoped accounts export their own scope only. The workbook is checked with
zipfile and the XML of its sheets (no spreadsheet library needed)."""
import io
import json
import os
import re
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile

from harness import BIN, ServerTest

KINDS = ["enterprises", "clusters", "platforms", "institutions", "alliances", "metrics"]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def disposition(header):
    """(filename, filename*) of a Content-Disposition header, the second decoded."""
    ascii_name = re.search(r'filename="([^"]*)"', header)[1]
    encoded = re.search(r"filename\*=UTF-8''(\S+)", header)[1]
    return ascii_name, urllib.parse.unquote(encoded, encoding="utf-8", errors="strict")


def sheets(data):
    """{sheet name: [[cell text, …] per row]} of an XLSX, from its XML."""
    book = zipfile.ZipFile(io.BytesIO(data))
    names = [s.get("name") for s in ET.fromstring(book.read("xl/workbook.xml")).iter(MAIN + "sheet")]
    shared = []
    if "xl/sharedStrings.xml" in book.namelist():
        for si in ET.fromstring(book.read("xl/sharedStrings.xml")).iter(MAIN + "si"):
            shared.append("".join(t.text or "" for t in si.iter(MAIN + "t")))
    out = {}
    for i, name in enumerate(names, 1):
        rows = []
        for row in ET.fromstring(book.read(f"xl/worksheets/sheet{i}.xml")).iter(MAIN + "row"):
            cells = {}
            for c in row.iter(MAIN + "c"):
                if c.get("t") == "s":
                    value = shared[int(c.find(MAIN + "v").text)]
                elif c.get("t") == "inlineStr":
                    value = "".join(t.text or "" for t in c.iter(MAIN + "t"))
                else:
                    v = c.find(MAIN + "v")
                    value = v.text if v is not None else ""
                column = 0  # "AB12" → 28: an empty cell is not written, so place by reference
                for ch in re.match(r"[A-Z]+", c.get("r"))[0]:
                    column = column * 26 + ord(ch) - ord("A") + 1
                cells[column - 1] = value
            rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
        out[name] = rows
    return out


class Exports(ServerTest):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        s = cls.server
        # The demo has no cluster's own report (JQ01): cluster A reports its 2023 totals.
        ((name,),) = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))
        path = os.path.join(s.tmp.name, "JQ01.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"集群名称,年份,企业数,营业收入(亿元)\n{name},2023,40,5.25\n")
        s.cli("import", "clusters", path, "--year", "2023")

    def cli_bytes(self, *args):
        """What `clusteratlas export …` writes on standard output, as bytes."""
        proc = subprocess.run([BIN, "--db", self.server.db, "-q", "export", *args],
                              capture_output=True, timeout=300, check=True)
        return proc.stdout

    def get(self, path, **kw):
        return self.server.request("GET", path, token=kw.pop("token", self.server.admin_token),
                                   **kw)

    def test_json_and_csv_are_the_clis_bytes(self):
        for kind in KINDS:
            with self.subTest(kind=kind):
                r = self.get(f"/api/v1/exports/{kind}?year=2023&format=json")
                self.assertEqual(r.status, 200, r)
                self.assertTrue(r.headers["Content-Type"].startswith("application/json"))
                self.assertEqual(r.json(), json.loads(
                    self.cli_bytes(kind, "--year", "2023", "--format", "json")))
                self.assertTrue(r.json()["rows"], kind)
                r = self.get(f"/api/v1/exports/{kind}?year=2023")  # CSV by default
                self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
                self.assertTrue(r.raw.startswith(b"\xef\xbb\xbf"))  # for Excel
                self.assertEqual(r.raw, self.cli_bytes(kind, "--year", "2023", "--bom"))
                self.assertEqual(r.headers["X-Synthetic-Data"], "true")  # the demo says so

    def test_a_download_has_a_safe_ascii_name_and_a_utf8_one(self):
        r = self.get("/api/v1/exports/metrics?year=2023&format=csv")
        header = r.headers["Content-Disposition"]
        self.assertTrue(header.startswith("attachment;"), header)
        self.assertTrue(header.isascii())
        self.assertEqual(disposition(header), ("metrics-2023.csv", "2023年集群指标.csv"))
        r = self.get("/api/v1/exports/platforms?format=xlsx")  # platforms carry no year
        self.assertEqual(disposition(r.headers["Content-Disposition"]),
                         ("platforms.xlsx", "平台.xlsx"))
        r = self.get(f"/api/v1/exports/enterprises?year=2022&cluster={self.server.a['id']}")
        self.assertEqual(disposition(r.headers["Content-Disposition"])[0],
                         f"enterprises-2022-cluster-{self.server.a['id']}.csv")

    def test_xlsx_is_a_real_workbook_with_the_rows_of_the_json(self):
        for kind in ("metrics", "clusters", "enterprises"):
            with self.subTest(kind=kind):
                r = self.get(f"/api/v1/exports/{kind}?year=2023&format=xlsx")
                self.assertEqual(r.status, 200, r)
                self.assertEqual(r.headers["Content-Type"], XLSX)
                book = sheets(r.raw)
                rows = self.get(f"/api/v1/exports/{kind}?year=2023&format=json").json()["rows"]
                data = book[f"{kind} 2023"]
                self.assertEqual(len(data), len(rows) + 1)  # the header of Chinese titles
                self.assertTrue(any("\u4e00" <= ch <= "\u9fff" for ch in data[0][1]), data[0])
                self.assertIn("说明", book)  # the synthetic-data notice, on a sheet of its own
        # The cluster's own report: 5.25 亿元 is 52,500 万元 on the sheet, as its title says.
        book = sheets(self.get("/api/v1/exports/clusters?year=2023&format=xlsx").raw)
        header, row = book["clusters 2023"]
        revenue = next(i for i, t in enumerate(header) if t.startswith("营业收入"))
        self.assertIn("万元", header[revenue])
        self.assertAlmostEqual(float(row[revenue]), 52500)

    def scoped(self, role, path):
        return self.server.request("GET", path, session=self.server.login(role)[:2])

    def test_scoped_accounts_export_their_own_scope_only(self):
        s = self.server
        a, b = s.a, s.b
        # A cluster account: its own cluster's indicators, and nothing wider.
        r = self.scoped("cluster", f"/api/v1/exports/metrics?year=2023&format=json&cluster={a['id']}")
        self.assertEqual([row["cluster_id"] for row in r.json()["rows"]], [a["id"]])
        for path in ("/api/v1/exports/metrics?year=2023",
                     f"/api/v1/exports/metrics?year=2023&cluster={b['id']}",
                     f"/api/v1/exports/metrics?year=2023&province={a['province']}"):
            self.assertError(self.scoped("cluster", path), 403, "forbidden")
        # A zone account by ?zone=: the clusters of its zone, as the database has them.
        zone_clusters = {row[0] for row in s.sql("SELECT id FROM cluster WHERE zone_id = ?",
                                                 (a["zone"],))}
        r = self.scoped("zone", f"/api/v1/exports/metrics?year=2023&format=json&zone={a['zone']}")
        self.assertEqual({row["cluster_id"] for row in r.json()["rows"]}, zone_clusters)
        r = self.scoped("zone", f"/api/v1/exports/enterprises?year=2023&format=json&zone={a['zone']}")
        expected = {row[0] for row in s.sql(
            "SELECT y.credit_code FROM enterprise_year y JOIN cluster c ON c.id = y.cluster_id "
            "WHERE y.year = 2023 AND y.current = 1 "
            "AND c.zone_id = ?", (a["zone"],))}
        self.assertEqual({row["credit_code"] for row in r.json()["rows"]}, expected)
        self.assertTrue(expected)
        # A province account by ?province=: every enterprise of its province's clusters.
        r = self.scoped("province",
                        f"/api/v1/exports/enterprises?year=2023&format=json&province={a['province']}")
        expected = {row[0] for row in s.sql(
            "SELECT y.credit_code FROM enterprise_year y JOIN cluster c ON c.id = y.cluster_id "
            "WHERE y.year = 2023 AND y.current = 1 "
            "AND c.province_code = ?", (a["province"],))}
        self.assertEqual({row["credit_code"] for row in r.json()["rows"]}, expected)
        # The analyst reads aggregates, never enterprise rows; the public nothing.
        self.assertEqual(self.scoped("analyst", "/api/v1/exports/metrics?year=2023").status, 200)
        self.assertError(self.scoped("analyst", "/api/v1/exports/enterprises?year=2023"), 403)
        self.assertError(self.scoped("analyst", "/api/v1/exports/institutions?year=2023"), 403)
        self.assertError(s.request("GET", "/api/v1/exports/metrics"), 401, "unauthenticated")

    def test_bad_requests(self):
        s = self.server
        err = self.assertError(self.get("/api/v1/exports/metric?year=2023"), 404, "not-found")
        self.assertIn("'metric'", err["message"]["en"])
        self.assertIn("metrics", err["message"]["en"])  # did you mean
        self.assertEqual(err["field"], "kind")
        # Whoever may not read aggregates learns nothing of the kinds.
        self.assertError(s.request("GET", "/api/v1/exports/metric"), 401)
        err = self.assertError(self.get("/api/v1/exports/metrics?format=pdf"), 422, "invalid-input")
        self.assertEqual(err["field"], "format")
        err = self.assertError(self.get("/api/v1/exports/metrics?year=next"), 422, "invalid-input")
        self.assertEqual(err["field"], "year")
        self.assertError(self.get("/api/v1/exports/metrics?cluster=99999"), 404, "not-found")
        self.assertError(self.get("/api/v1/exports/metrics?province=Atlantis"), 404, "not-found")
        self.assertStillServing()


if __name__ == "__main__":
    import unittest
    unittest.main()
