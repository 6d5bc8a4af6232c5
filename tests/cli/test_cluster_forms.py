"""The cluster-level forms end to end: a cluster's own totals (JQ01), platforms, JQ03 service
institutions and JQ04 alliances — units, the consistency checks with row and column, rejects,
revisions, diff, history, the JQ01 totals in the indicators, and export → import round trips.
Expected values are worked out by hand in the comments or read back with sqlite3."""
import csv
import io
import os
import unittest
import zipfile

from harness import CliTest

A = "襄阳高新区新能源汽车创新型产业集群"
B = "天津滨海高新区计算机创新型产业集群"
HUAWEI = "914403001922038216"
OTHER = "91110000100000000R"

REPORT = ["集群名称", "年份", "企业数", "高新技术企业数", "服务机构数", "营业收入(亿元)",
          "研发经费内部支出(万元)", "从业人员(人)"]
INSTITUTION = ["集群名称", "年份", "机构名称", "是否国家级", "机构类别", "主要服务内容"]
ALLIANCE = ["集群名称", "年份", "联盟名称", "骨干企业数", "其他企业数"]
PLATFORM = ["集群名称", "平台名称", "级别", "类型", "建立年份"]


class ClusterForms(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")
        self.ok("cluster", "add", A, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        self.ok("cluster", "add", B, "--zone", "天津滨海高新区", "--industry", "3911",
                "--status", "pilot", "--date", "2021-08-10")

    def write(self, name, header, rows):
        path = os.path.join(self.tmp.name, name)
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows([header] + rows)
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(buffer.getvalue())
        return path

    def revisions(self):
        return self.sql("SELECT count(*) FROM import_revision")[0][0]

    def refused(self, kind, path, *expected):
        """The import exits 2 with each expected text on stderr and leaves the database as it was."""
        before = self.dump()
        r = self.run_cli("import", kind, path)
        self.assertEqual(r.code, 2, r)
        for text in expected:
            self.assertIn(text, r.err)
        self.assertEqual(self.dump(), before, "a refused import changes nothing")
        return r

    def institutions(self, cluster):
        return self.sql("SELECT s.name, s.category, s.national, s.current FROM service_institution s "
                        "JOIN cluster c ON c.id = s.cluster_id WHERE c.name = ? ORDER BY s.id",
                        (cluster,))

    # --- JQ01: a cluster's own totals ---------------------------------------------------------

    def test_report_units_and_missing_figures(self):
        path = self.write("jq01.csv", REPORT, [[A, "2023", "186", "52", "", "412.6", "168000", ""]])
        r = self.ok("import", "clusters", path)
        self.assertIn("revision 1", r.out)
        # 412.6 亿元 = 4.126e10 元; 168000 万元 = 1.68e9 元; blank institutions and staff stay NULL.
        self.assertEqual(self.sql(
            "SELECT firms, high_tech_firms, institutions, revenue, rd_expenditure, employment, current "
            "FROM cluster_year"), [(186, 52, None, 4.126e10, 1.68e9, None, 1)])

    def test_more_high_tech_firms_than_firms_is_refused(self):
        path = self.write("jq01.csv", REPORT, [[A, "2023", "10", "11", "", "", "", ""]])
        r = self.refused("clusters", path, "jq01.csv, row 2, column 高新技术企业数", "11")
        self.assertEqual(self.revisions(), 0)

    def test_rd_above_revenue_is_a_warning_only(self):
        # 2 亿元 of R&D against 1 亿元 of revenue: suspicious, not impossible.
        path = self.write("jq01.csv", REPORT, [[A, "2023", "10", "3", "", "1", "20000", "500"]])
        r = self.ok("import", "clusters", path)
        self.assertIn("row 2", r.err)
        self.assertIn("1 warning\n", r.out)  # one, not "1 warnings"
        self.assertEqual(self.sql("SELECT count(*) FROM cluster_year WHERE current = 1")[0][0], 1)

    def test_duplicate_cluster_year_in_one_file(self):
        path = self.write("jq01.csv", REPORT, [[A, "2023", "10", "3", "", "", "", ""],
                                               [A, "2023", "12", "3", "", "", "", ""]])
        self.refused("clusters", path, "row 3")

    def test_report_totals_replace_enterprise_sums_in_the_indicators(self):
        ent = self.write("ent.csv", ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)",
                                     "是否高新技术企业", "研发经费内部支出(万元)"],
                         [[HUAWEI, "华为技术有限公司", A, "10000", "是", "500"],
                          [OTHER, "某某有限公司", A, "10000", "否", "300"]])
        self.ok("import", "enterprises", ent, "--year", "2023")

        def ours():
            rows = self.ok("export", "metrics", "--year", "2023", "--format", "json").json()["rows"]
            return [r for r in rows if r["cluster"] == A][0]

        # From the two firms: 2 firms, 1 high-tech, R&D 800 万元 over revenue 20000 万元.
        self.assertEqual(ours()["firms"], 2)
        self.assertAlmostEqual(ours()["high_tech_share"], 0.5)
        self.assertAlmostEqual(ours()["rd_intensity"], 800 / 20000)
        # The cluster reports 40 firms, 10 of them high-tech, revenue 5 亿元 and no R&D figure:
        # its figures win where it gives them; R&D stays the firms' sum, 8e6 元 over 5e8 元.
        jq01 = self.write("jq01.csv", REPORT, [[A, "2023", "40", "10", "", "5", "", ""]])
        self.ok("import", "clusters", jq01)
        self.assertEqual(ours()["firms"], 40)
        self.assertAlmostEqual(ours()["high_tech_share"], 0.25)
        self.assertAlmostEqual(ours()["rd_intensity"], 8e6 / 5e8)

    # --- JQ03: the institution rows must add up to the reported total -----------------------

    def test_institution_rows_must_match_the_stored_total(self):
        self.ok("import", "clusters", self.write("jq01.csv", REPORT,
                                                 [[A, "2023", "10", "3", "2", "", "", ""]]))
        three = [[A, "2023", f"机构{i}", "否", "1", "孵化"] for i in range(1, 4)]
        r = self.refused("institutions", self.write("jq03.csv", INSTITUTION, three),
                         "jq03.csv", "JQ03", "2", "3")
        # With --skip-invalid the cluster's whole group is refused, with the reason, and B's
        # valid row still goes in.
        rejects = os.path.join(self.tmp.name, "rejects.csv")
        mixed = three + [[B, "2023", "滨海孵化器", "是", "研发", "研发服务"]]
        r = self.ok("import", "institutions", self.write("mixed.csv", INSTITUTION, mixed),
                    "--skip-invalid", rejects)
        self.assertEqual(self.institutions(A), [])
        self.assertEqual(self.institutions(B), [("滨海孵化器", 2, 1, 1)])
        with open(rejects, encoding="utf-8-sig") as f:
            rejected = list(csv.reader(f))
        self.assertEqual(len(rejected), 1 + 3, rejected)  # header and A's three rows
        self.assertTrue(all("JQ03" in " ".join(row) for row in rejected[1:]), rejected)
        # Two rows balance.
        self.ok("import", "institutions", self.write("two.csv", INSTITUTION, three[:2]))
        self.assertEqual([row[0] for row in self.institutions(A)], ["机构1", "机构2"])

    def test_a_total_must_match_the_stored_institution_rows(self):
        rows = [[A, "2023", "机构1", "否", "金融机构", ""], [A, "2023", "机构2", "是", "4", ""]]
        self.ok("import", "institutions", self.write("jq03.csv", INSTITUTION, rows))
        self.assertEqual(self.institutions(A), [("机构1", 3, 0, 1), ("机构2", 4, 1, 1)])
        self.refused("clusters", self.write("jq01.csv", REPORT,
                                            [[A, "2023", "10", "3", "3", "", "", ""]]),
                     "jq01.csv, row 2, column 服务机构数", "JQ03")
        self.ok("import", "clusters", self.write("ok.csv", REPORT,
                                                 [[A, "2023", "10", "3", "2", "", "", ""]]))

    def test_bad_category_level_and_duplicate_name(self):
        self.refused("institutions", self.write("cat.csv", INSTITUTION,
                                                [[A, "2023", "机构1", "否", "5", ""]]),
                     "cat.csv, row 2, column 机构类别", "5")
        self.refused("platforms", self.write("level.csv", PLATFORM,
                                             [[A, "襄阳实验室", "市级", "重点实验室", "2019"]]),
                     "level.csv, row 2, column 级别", "市级")
        dup = [[A, "2023", "联盟", "3", "4"], [A, "2023", "联盟", "5", "6"]]
        self.refused("alliances", self.write("dup.csv", ALLIANCE, dup), "dup.csv, row 3")
        self.refused("clusters", self.write("unknown.csv", REPORT,
                                            [["不存在的集群", "2023", "1", "0", "", "", "", ""]]),
                     "unknown.csv, row 2, column 集群名称", "不存在的集群")

    # --- revisions ----------------------------------------------------------------------------

    def test_reimport_supersedes_keeps_the_old_rows_and_diff_shows_the_change(self):
        v1 = self.write("v1.csv", ALLIANCE, [[A, "2023", "襄阳新能源汽车联盟", "12", "35"],
                                             [B, "2023", "滨海信创联盟", "8", "20"]])
        self.ok("import", "alliances", v1)
        again = self.ok("import", "alliances", v1)
        self.assertIn("identical to revision 1", again.out)
        self.assertEqual(self.revisions(), 1)

        v2 = self.write("v2.csv", ALLIANCE, [[A, "2023", "襄阳新能源汽车联盟", "12", "40"]])
        self.ok("import", "alliances", v2)
        # A's row is superseded but kept; B, not in the second file, keeps its row.
        self.assertEqual(self.sql(
            "SELECT c.name, a.other_members, a.current, a.revision_id FROM alliance a "
            "JOIN cluster c ON c.id = a.cluster_id ORDER BY a.id"),
            [(A, 35, 0, 1), (B, 20, 1, 1), (A, 40, 1, 2)])
        # diff compares the two files: B's row is only in the first one.
        changes = self.ok("diff", "1", "2", "--format", "json").json()["rows"]
        self.assertEqual(sorted((c["name"], c["field"], c["old"], c["new"]) for c in changes),
                         [(f"{B} / 滨海信创联盟", "row", "present", "—"),
                          (f"{A} / 襄阳新能源汽车联盟", "other_members", "35", "40")], changes)

        history = self.ok("history", "--cluster", B, "--format", "json").json()["rows"]
        self.assertEqual([h["revision"] for h in history], [1])
        history = self.ok("history", "--cluster", A, "--format", "json").json()["rows"]
        self.assertEqual([(h["revision"], h["kind"]) for h in history],
                         [(1, "alliances"), (2, "alliances")])
        self.assertEqual(self.ok("history", "--year", "2022", "--format", "json").json()["rows"], [])

    def test_diff_of_two_kinds_is_a_usage_error(self):
        self.ok("import", "alliances", self.write("a.csv", ALLIANCE, [[A, "2023", "联盟", "1", "2"]]))
        self.ok("import", "platforms", self.write("p.csv", PLATFORM,
                                                  [[A, "襄阳实验室", "省级", "重点实验室", "2019"]]))
        r = self.fails(1, "diff", "1", "2")
        self.assertIn("alliances", r.err)
        self.assertIn("platforms", r.err)

    def test_a_platform_file_replaces_the_named_clusters_lists_only(self):
        self.ok("import", "platforms", self.write("p1.csv", PLATFORM, [
            [A, "襄阳实验室", "省级", "重点实验室", "2019"],
            [A, "国家新能源汽车中心", "国家级", "工程技术研究中心", "2015"],
            [B, "滨海实验室", "national", "重点实验室", ""]]))
        self.ok("import", "platforms", self.write("p2.csv", PLATFORM, [
            [A, "襄阳实验室", "国家级", "重点实验室", "2019"]]))
        self.assertEqual(self.sql(
            "SELECT p.name, p.level FROM platform p JOIN cluster c ON c.id = p.cluster_id "
            "WHERE p.current = 1 ORDER BY p.name"),
            [("滨海实验室", "national"), ("襄阳实验室", "national")])


class Samples(CliTest):
    def test_the_samples_import_into_the_demo_database_in_the_documented_order(self):
        samples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../data/samples")
        self.ok("demo")
        # JQ03 rows before the JQ01 totals they must add up to (docs/data-formats.md).
        for kind in ["institutions", "clusters", "platforms", "alliances"]:
            with self.subTest(kind=kind):
                r = self.ok("import", kind, os.path.join(samples, f"{kind}.csv"), "--year", "2023")
                self.assertIn("0 errors", r.out)
        self.assertEqual(self.sql("SELECT kind FROM import_revision ORDER BY id"),
                         [("institutions",), ("clusters",), ("platforms",), ("alliances",)])


class ClusterFormsRoundTrip(CliTest):
    """Export then import of each kind, as CSV with a BOM and as XLSX: the new revision differs
    from the exported one in nothing."""

    def setUp(self):
        super().setUp()
        self.ok("init")
        self.ok("cluster", "add", A, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        forms = {
            "clusters": (REPORT, [[A, "2023", "40", "10", "2", "5.25", "", "12000"]]),
            "institutions": (INSTITUTION, [[A, "2023", "机构，含逗号", "是", "2", "研发\n中试"],
                                           [A, "2023", "机构2", "否", "4", ""]]),
            "alliances": (ALLIANCE, [[A, "2023", "联盟", "12", "35"]]),
            "platforms": (PLATFORM, [[A, "襄阳实验室", "省级", "重点实验室", ""],
                                     [A, "国家中心", "国家级", "", "2015"]]),
        }
        self.first = {}
        for kind in ["institutions", "clusters", "alliances", "platforms"]:
            header, rows = forms[kind]
            path = os.path.join(self.tmp.name, f"{kind}.csv")
            with open(path, "w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows([header] + rows)
            self.ok("import", kind, path)
            self.first[kind] = self.sql("SELECT max(id) FROM import_revision")[0][0]

    def round_trip(self, kind, fmt):
        out = os.path.join(self.tmp.name, f"out-{kind}.{fmt}")
        extra = ["--bom"] if fmt == "csv" else []
        self.ok("export", kind, "--year", "2023", "--format", fmt, "--out", out, *extra)
        self.ok("import", kind, out)
        latest = self.sql("SELECT max(id) FROM import_revision")[0][0]
        self.assertEqual(latest, self.revisions_before + 1)
        changes = self.ok("diff", str(self.first[kind]), str(latest), "--format", "json")
        self.assertEqual(changes.json()["rows"], [])
        return out

    def test_each_kind_round_trips(self):
        for kind in ["clusters", "platforms", "institutions", "alliances"]:
            for fmt in ["csv", "xlsx"]:
                with self.subTest(kind=kind, fmt=fmt):
                    self.revisions_before = self.sql("SELECT max(id) FROM import_revision")[0][0]
                    out = self.round_trip(kind, fmt)
                    if fmt == "xlsx":
                        with zipfile.ZipFile(out) as z:
                            self.assertIn("xl/workbook.xml", z.namelist())

    def test_exported_report_in_yuan_with_blanks(self):
        rows = self.ok("export", "clusters", "--year", "2023", "--format", "json").json()["rows"]
        self.assertEqual(len(rows), 1)
        # 5.25 亿元 = 525,000,000 元; the blank R&D stays null.
        self.assertEqual(rows[0]["revenue_yuan"], 525000000.0)
        self.assertIsNone(rows[0]["rd_expenditure_yuan"])
        self.assertEqual(rows[0]["province"], "湖北")


if __name__ == "__main__":
    unittest.main()
