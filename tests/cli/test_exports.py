"""Every export kind in every format against the columns rule of docs/data-formats.md ("Exports"),
and its values against the database read with sqlite3.

The rule, as the docs state it: CSV and JSON use English snake_case keys, money in 元 under keys
ending in `_yuan`, counts as integers, shares and growth rates as fractions, missing values empty /
null; XLSX uses Chinese headers with the unit, money in 万元 ("(万元)"), shares in % ("(%)"),
numbers as numbers, missing values as empty cells. The table below is written from the docs, not
from the code: each kind's columns in order, each with its measure."""
import csv
import io
import os
import re
import unittest
import xml.etree.ElementTree as ET
import zipfile

from harness import CliTest

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.join(HERE, "..", "..", "data", "samples")
BENXI = "本溪制药创新型产业集群"
WUHAN = "武汉东湖高新区国家地球空间信息及应用服务创新型产业集群"

FIGURES = [("revenue_yuan", "money"), ("industrial_output_yuan", "money"),
           ("profit_yuan", "money"), ("taxes_yuan", "money"), ("exports_yuan", "money"),
           ("rd_expenditure_yuan", "money"), ("employment", "count"),
           ("valid_invention_patents", "count"), ("granted_invention_patents", "count")]

RULES = {
    "enterprises": [("credit_code", "text"), ("name", "text"), ("cluster", "text"),
                    ("year", "count"), ("role", "text"), ("high_tech", "count"),
                    ("specialised", "count"), ("single_champion", "count"), ("listed", "count")]
                   + FIGURES + [("lat", "ratio"), ("lon", "ratio")],
    "clusters": [("cluster", "text"), ("province", "text"), ("zone", "text"),
                 ("industry", "text"), ("year", "count"), ("firms", "count"),
                 ("high_tech_firms", "count"), ("specialised_firms", "count"),
                 ("single_champion_firms", "count"), ("institutions", "count"),
                 ("national_platforms", "count"), ("provincial_platforms", "count")] + FIGURES,
    "platforms": [("cluster", "text"), ("name", "text"), ("level", "text"), ("kind", "text"),
                  ("year_established", "count")],
    "institutions": [("cluster", "text"), ("year", "count"), ("name", "text"),
                     ("legal_representative", "text"), ("national", "count"),
                     ("category", "count"), ("main_services", "text")],
    "alliances": [("cluster", "text"), ("year", "count"), ("name", "text"),
                  ("backbone_members", "count"), ("other_members", "count")],
    "metrics": [("cluster_id", "count"), ("cluster", "text"), ("year", "count"),
                ("firms", "count"), ("high_tech_firms", "count"), ("specialised_firms", "count"),
                ("single_champion_firms", "count"), ("qualified_firms", "count"),
                ("high_tech_share", "share"), ("qualified_share", "share")]
               + FIGURES[:6] + FIGURES[6:] +
               [("rd_intensity", "share"), ("profit_margin", "share"), ("export_share", "share"),
                ("patents_per_10k_staff", "ratio"), ("granted_patents_per_10k_staff", "ratio"),
                ("revenue_per_employee_yuan", "money"), ("revenue_growth", "share"),
                ("revenue_cagr", "share"), ("revenue_mean_3y_yuan", "money"),
                ("rd_intensity_mean_3y", "share")],
}


def read_xlsx(path):
    """The first sheet's rows as lists of str / float / None, read with the standard library."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns):
                shared.append("".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")))
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in sheet.find("m:sheetData", ns).findall("m:row", ns):
        cells = {}
        for c in row.findall("m:c", ns):
            col = 0
            for ch in re.match(r"[A-Z]+", c.get("r")).group(0):
                col = col * 26 + ord(ch) - 64
            kind = c.get("t")
            if kind == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(f"{{{ns['m']}}}t"))
            elif kind == "s":
                value = shared[int(c.find("m:v", ns).text)]
            else:
                v = c.find("m:v", ns)
                value = None if v is None else float(v.text)
            cells[col - 1] = value
        width = max(cells) + 1 if cells else 0
        rows.append([cells.get(i) for i in range(width)])
    return rows


def cjk(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


class Exports(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")
        for kind in ["enterprises", "platforms", "institutions", "clusters", "alliances"]:
            self.ok("import", kind, os.path.join(SAMPLES, f"{kind}.csv"))
        # A cluster with no JQ01 report and an enterprise that reported only its revenue.
        self.ok("enterprise", "add", "914403001922038216", "--name", "华为技术有限公司",
                "--cluster", WUHAN, "--year", "2023", "--revenue", "1.25亿")

    def export(self, kind, fmt):
        if fmt == "xlsx":
            out = os.path.join(self.tmp.name, f"{kind}.xlsx")
            self.ok("export", kind, "--year", "2023", "--format", "xlsx", "--out", out)
            return read_xlsx(out)
        r = self.ok("export", kind, "--year", "2023", "--format", fmt)
        if fmt == "json":
            return r.json()["rows"]
        return list(csv.reader(io.StringIO(r.out)))

    # --- the columns rule ---------------------------------------------------------------------

    def test_csv_and_json_keys_follow_the_rule(self):
        for kind, rule in RULES.items():
            keys = [k for k, _ in rule]
            with self.subTest(kind=kind, fmt="csv"):
                rows = self.export(kind, "csv")
                self.assertEqual(rows[0], keys)
                for key, measure in rule:
                    self.assertEqual(key.endswith("_yuan"), measure == "money", key)
                    self.assertRegex(key, r"^[a-z][a-z0-9_]*$")
            with self.subTest(kind=kind, fmt="json"):
                rows = self.export(kind, "json")
                self.assertGreater(len(rows), 0)
                for row in rows:
                    self.assertEqual(list(row), keys)
                    for key, measure in rule:
                        value = row[key]
                        if value is None:
                            continue
                        if measure == "count":
                            self.assertIs(type(value), int, f"{kind}.{key} = {value!r}")
                        elif measure == "text":
                            self.assertIsInstance(value, str, f"{kind}.{key}")
                        else:
                            self.assertIsInstance(value, (int, float), f"{kind}.{key}")

    def test_xlsx_headers_are_chinese_with_units(self):
        for kind, rule in RULES.items():
            with self.subTest(kind=kind):
                sheet = self.export(kind, "xlsx")
                json_rows = self.export(kind, "json")
                header = sheet[0]
                self.assertEqual(len(header), len(rule))
                for title, (key, measure) in zip(header, rule):
                    if key in ("cluster_id", "lat", "lon", "year"):
                        self.assertTrue(cjk(title) or title == "ID", title)
                        continue
                    self.assertTrue(cjk(title), f"{kind}.{key}: '{title}' is not Chinese")
                    self.assertEqual(title.endswith("(万元)"), measure == "money", title)
                    self.assertEqual(title.endswith("(%)"), measure == "share", title)
                # The sheet's numbers are the JSON's in the units its titles name.
                self.assertEqual(len(sheet) - 1, len(json_rows))
                for cells, row in zip(sheet[1:], json_rows):
                    cells = cells + [None] * (len(rule) - len(cells))
                    for cell, (key, measure) in zip(cells, rule):
                        value = row[key]
                        if value is None or value == "":
                            self.assertIn(cell, (None, ""), f"{kind}.{key}: missing is empty")
                        elif measure == "money":
                            self.assertAlmostEqual(cell, value / 1e4, places=6, msg=key)
                        elif measure == "share":
                            self.assertAlmostEqual(cell, value * 100, places=9, msg=key)
                        elif measure in ("count", "ratio"):
                            self.assertAlmostEqual(cell, value, places=9, msg=key)
                        else:
                            self.assertEqual(cell, value, key)

    # --- the values, against the database ------------------------------------------------------

    def test_values_are_the_databases(self):
        # Enterprises: money in 元 as stored, counts as the integers stored.
        stored = {code: (rev, profit, emp) for code, rev, profit, emp in self.sql(
            "SELECT credit_code, revenue, profit, employment FROM enterprise_year "
            "WHERE year = 2023 AND current = 1")}
        rows = self.export("enterprises", "json")
        self.assertEqual(len(rows), len(stored))
        for r in rows:
            rev, profit, emp = stored[r["credit_code"]]
            self.assertEqual(r["revenue_yuan"], rev)
            self.assertEqual(r["profit_yuan"], profit)
            if emp is None:
                self.assertIsNone(r["employment"])
            else:
                self.assertEqual(r["employment"], int(emp))
                self.assertIs(type(r["employment"]), int, "a head count is an integer")
        huawei = [r for r in rows if r["credit_code"] == "914403001922038216"][0]
        self.assertEqual(huawei["revenue_yuan"], 1.25e8)
        self.assertIsNone(huawei["profit_yuan"])
        # The CSV of the same rows: empty for missing, 元 in full.
        csv_rows = list(csv.DictReader(io.StringIO(
            self.ok("export", "enterprises", "--year", "2023").out)))
        huawei = [r for r in csv_rows if r["credit_code"] == "914403001922038216"][0]
        self.assertEqual(huawei["revenue_yuan"], "125000000")
        self.assertEqual(huawei["profit_yuan"], "")

    def test_metrics_are_the_reports_where_given_else_the_sums(self):
        # Computed here from the tables: a JQ01 figure where the cluster gives one, else the sum
        # over its current enterprise rows (docs/data-formats.md, JQ01).
        def figure(cluster_id, column):
            report = self.sql(f"SELECT {column} FROM cluster_year WHERE cluster_id = ? AND "
                              "year = 2023 AND current = 1", (cluster_id,))
            if report and report[0][0] is not None:
                return report[0][0]
            return self.sql(f"SELECT sum({column}) FROM enterprise_year WHERE cluster_id = ? AND "
                            "year = 2023 AND current = 1", (cluster_id,))[0][0]

        rows = {r["cluster"]: r for r in self.export("metrics", "json")}
        for name in [BENXI, WUHAN]:
            cid = self.sql("SELECT id FROM cluster WHERE name = ?", (name,))[0][0]
            r = rows[name]
            self.assertEqual(r["year"], 2023)
            revenue, rd = figure(cid, "revenue"), figure(cid, "rd_expenditure")
            staff, patents = figure(cid, "employment"), figure(cid, "valid_invention_patents")
            self.assertAlmostEqual(r["revenue_yuan"], revenue, delta=1e-6 * revenue)
            if rd is None:
                self.assertIsNone(r["rd_intensity"])
            else:
                self.assertAlmostEqual(r["rd_intensity"], rd / revenue, places=12)
            if staff is None:
                self.assertIsNone(r["employment"])
                self.assertIsNone(r["patents_per_10k_staff"])
            else:
                self.assertEqual(r["employment"], int(staff))
                self.assertAlmostEqual(r["patents_per_10k_staff"], patents / staff * 1e4, places=9)
        # Benxi's JQ01 says 186 firms (data/samples/clusters.csv), not its 3 listed rows.
        self.assertEqual(rows[BENXI]["firms"], 186)
        self.assertEqual(rows[WUHAN]["firms"], 1)
        self.assertIsNone(rows[WUHAN]["revenue_growth"])  # no 2022 figures

    def test_the_metrics_sheet_is_in_wan_yuan_and_percent(self):
        # The case: English headers and 元 on the sheet. 1.25 亿元 = 12,500 万元.
        sheet = self.export("metrics", "xlsx")
        header = sheet[0]
        row = [r for r in sheet[1:] if r[1] == WUHAN][0]
        self.assertEqual(row[header.index("营业收入(万元)")], 12500)
        self.assertEqual(row[header.index("企业数")], 1)
        self.assertIn("研发经费投入强度(%)", header)


if __name__ == "__main__":
    unittest.main()
