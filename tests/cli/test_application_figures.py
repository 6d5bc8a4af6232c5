"""`application figures` on the JQ01 form: the indicator data an application reports, read by the
statistics import itself (its headers, units and row checks) with the cluster column naming the
application. The fields expected below are worked by hand from the rows written here: money in
亿元 and 万元 becomes 元, shares and intensities are ratios, growth is year on year. The
database is read with Python's sqlite3."""
import os

from harness import CliTest
from round_setup import submitted_round

HEADER = ("集群名称,年份,企业数,高新技术企业数,服务机构数,国家级平台数,省级平台数,"
          "营业收入(亿元),研发经费内部支出(万元),从业人员(人),有效发明专利(件)")


class ApplicationFiguresTest(CliTest):
    def setUp(self):
        super().setUp()
        self.rid, self.apps = submitted_round(self)

    def write(self, name, lines, encoding="utf-8"):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding=encoding) as f:
            f.write("\n".join(lines) + "\n")
        return path

    def figures(self, name, year=None):
        """field → value of the application's figures of `year` (of every year: year → …)."""
        rows = self.sql("SELECT f.year, f.field, f.value FROM application_figure f "
                        "JOIN application a ON a.id = f.application_id WHERE a.cluster_name = ?",
                        (name,))
        by_year = {}
        for y, field, value in rows:
            by_year.setdefault(y, {})[field] = value
        return by_year if year is None else by_year.get(year, {})

    def test_the_jq01_form_gives_the_fields_of_the_latest_year(self):
        # 襄阳 by its proposed name, two years; 宜昌 by its id, one year, in GBK as offices save.
        path = self.write("JQ01申报数据.csv", [
            HEADER,
            "襄阳芯片集群,2024,160,40,3,1,4,300,90000,20000,500",
            "襄阳芯片集群,2025,186,52,3,2,9,412.6,168000,41200,930",
            f"{self.apps['宜昌芯片集群']},2025,100,25,,0,5,80,,8000,",
        ], encoding="gbk")
        r = self.ok("application", "figures", "--round", self.rid, path)
        self.assertIn("figures of 2 applications recorded", r.out)

        xiangyang = self.figures("襄阳芯片集群")
        self.assertEqual(sorted(xiangyang), [2024, 2025])  # every year, for growth and means
        # `application show` says what it reported, year by year.
        rows = self.ok("application", "show", str(self.apps["襄阳芯片集群"]), "--format",
                       "json").json()["rows"]
        shown = {r["field"]: r["value"] for r in rows}
        self.assertEqual(shown["figures"], "；".join(
            f"{y}: {len(xiangyang[y])} figures" for y in (2024, 2025)))
        expected = {
            "firms": 186, "high_tech_firms": 52, "high_tech_share": 52 / 186,
            "revenue": 412.6e8, "rd_expenditure": 168000e4, "employment": 41200,
            "valid_invention_patents": 930,
            "rd_intensity": 168000e4 / 412.6e8,
            "patents_per_10k_staff": 930 / 41200 * 1e4,
            "revenue_per_employee": 412.6e8 / 41200,
            # The counts, the platforms both levels.
            "national_platforms": 2, "provincial_platforms": 9, "platforms": 11,
            "institutions": 3,
        }
        for field, value in expected.items():
            self.assertAlmostEqual(xiangyang[2025][field], value, delta=abs(value) * 1e-9,
                                   msg=field)
        self.assertAlmostEqual(xiangyang[2024]["revenue"], 300e8)
        self.assertAlmostEqual(xiangyang[2024]["rd_intensity"], 90000e4 / 300e8)

        yichang = self.figures("宜昌芯片集群", 2025)
        self.assertAlmostEqual(yichang["revenue"], 80e8)
        self.assertEqual(yichang["national_platforms"], 0)  # reported as 0: not missing
        for blank in ("rd_expenditure", "rd_intensity", "institutions"):
            self.assertNotIn(blank, yichang)  # a blank cell is a figure not reported

    def test_a_bad_row_names_its_row_and_column_and_records_nothing(self):
        good = self.write("good.csv", [HEADER, "荆门芯片集群,2025,50,10,1,0,1,20,5000,3000,40"])
        self.ok("application", "figures", "--round", self.rid, good)
        before = self.sql("SELECT * FROM application_figure ORDER BY 1, 2")
        path = self.write("bad.csv", [
            HEADER,
            "荆门芯片集群,2025,50,10,1,0,1,二十,5000,3000,40",
            "武汉芯片集群,2025,50,10,1,0,1,20,5000,3000,40",
            "襄阳芯片集群,2025,50,60,1,0,1,20,5000,3000,40",
        ])
        r = self.fails(2, "application", "figures", "--round", self.rid, path)
        # One message: the first error at its row and column, then where the others are.
        self.assertIn("bad.csv, row 2, column 营业收入(亿元): '二十' is not a number; 2 more "
                      "errors (row 3 集群名称, row 4 高新技术企业数); no figures recorded", r.err)
        # The unknown application, as the import says it for the file alone.
        r = self.fails(2, "application", "figures", "--round", self.rid,
                       self.write("unknown.csv", [HEADER, "武汉芯片集群,2025,50,10,1,0,1,20,5000,3000,40"]))
        self.assertIn(f"row 2, column 集群名称: '武汉芯片集群' no such application of round "
                      f"{self.rid} (did you mean", r.err)
        self.assertEqual(self.sql("SELECT * FROM application_figure ORDER BY 1, 2"), before)

    def test_rows_without_a_year_column_take_year(self):
        header = HEADER.replace("年份,", "")
        path = self.write("JQ01-2025.csv", [header, "常州芯片集群,70,20,1,1,2,150,30000,9000,300"])
        r = self.fails(2, "application", "figures", "--round", self.rid, path)
        self.assertIn("no column for year", r.err)
        self.ok("application", "figures", "--round", self.rid, path, "--year", "2025")
        self.assertAlmostEqual(self.figures("常州芯片集群", 2025)["revenue"], 150e8)

    def test_a_table_of_fields_gains_what_its_raw_figures_give(self):
        # Of the round's year; the shares it does not give are computed from its counts.
        year = self.sql("SELECT year FROM selection_round WHERE id = ?", (self.rid,))[0][0]
        path = self.write("fields.csv", [
            "unit,revenue,firms,high_tech_firms,qualified_firms,alliances,high_tech_share",
            f"{self.apps['常州芯片集群']},2.5e10,80,20,40,2,0.3"])
        self.ok("application", "figures", "--round", self.rid, path)
        got = self.figures("常州芯片集群")
        self.assertEqual(list(got), [year])
        self.assertEqual(got[year]["high_tech_share"], 0.3)  # given: kept, not 20 / 80
        self.assertAlmostEqual(got[year]["qualified_share"], 40 / 80)
        self.assertEqual(got[year]["alliances"], 2)
        self.assertEqual(got[year]["revenue"], 2.5e10)

    def test_a_year_column_dates_its_row_and_is_no_figure(self):
        app = self.apps["常州芯片集群"]
        path = self.write("fields-2024.csv", ["unit,年份,revenue", f"{app},2024,2.5e10"])
        self.ok("application", "figures", "--round", self.rid, path)
        self.assertEqual(self.figures("常州芯片集群"), {2024: {"revenue": 2.5e10}})
        bad = self.write("fields-bad.csv", ["unit,年份,revenue", f"{app},1890,2.5e10"])
        r = self.fails(2, "application", "figures", "--round", self.rid, bad)
        self.assertIn("fields-bad.csv, row 2, column 年份: 1890 is not a year of the programme",
                      r.err)
        self.assertEqual(self.figures("常州芯片集群"), {2024: {"revenue": 2.5e10}})


if __name__ == "__main__":
    import unittest
    unittest.main()
