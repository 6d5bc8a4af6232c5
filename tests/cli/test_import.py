"""Importing annual enterprise statistics end to end: formats, encodings, validation messages,
revisions, identical files, rejects, and migration of an older database."""
import csv
import io
import os
import random
import sqlite3
import unittest

from harness import CliTest, backends
from test_crash import credit_code

CLUSTER = "襄阳高新区新能源汽车创新型产业集群"
HUAWEI = "914403001922038216"  # published code; check character verified by hand in the unit tests
OTHER = "91110000100000000R"   # check character computed by hand in credit_code_test.cpp

HEADER = ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)", "从业人员(人)",
          "是否高新技术企业", "有效发明专利(件)", "研发经费内部支出(千元)"]


class Import(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")  # bundled zones, 襄阳高新区 among them
        self.ok("cluster", "add", CLUSTER, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")

    def write(self, name, rows, header=HEADER, encoding="utf-8", newline="\r\n"):
        path = os.path.join(self.tmp.name, name)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator=newline)
        writer.writerow(header)
        writer.writerows(rows)
        with open(path, "wb") as f:
            f.write(buffer.getvalue().encode(encoding))
        return path

    def good_rows(self, revenue="12,000"):
        return [[HUAWEI, "华为技术有限公司", CLUSTER, revenue, "300", "是", "12", "5000"],
                [OTHER, "某某有限公司", CLUSTER, "800", "20", "否", "", ""]]

    def current(self):
        return self.sql("SELECT credit_code, year, revenue, employment, high_tech, rd_expenditure, "
                        "valid_invention_patents FROM enterprise_year WHERE current = 1 "
                        "ORDER BY credit_code")

    def test_units_are_converted_and_missing_stays_missing(self):
        path = self.write("2023.csv", self.good_rows())
        r = self.ok("import", "enterprises", path, "--year", "2023")
        self.assertIn("revision 1", r.out)
        # 12,000 万元 = 1.2e8 元; 5000 千元 = 5e6 元; blank cells are NULL, not 0.
        self.assertEqual(self.current(), [
            (OTHER, 2023, 8e6, 20.0, 0, None, None),
            (HUAWEI, 2023, 1.2e8, 300.0, 1, 5e6, 12.0)])

    def test_a_row_with_two_conflicts_is_rejected_once(self):
        # 天津滨海高新区's cluster holds HUAWEI for 2023. The new file lists HUAWEI twice for our
        # cluster (rows 2 and 3) and OTHER once (row 4). Row 2 is held by the other cluster; row 3
        # is both a repeat of row 2 and held: 3 errors, but 2 rows rejected, each once.
        other_cluster = "天津滨海高新区测试创新型产业集群"
        self.ok("cluster", "add", other_cluster, "--zone", "天津滨海高新区", "--industry", "3911",
                "--status", "pilot", "--date", "2021-08-10")
        held = self.write("held.csv",
                          [[HUAWEI, "华为技术有限公司", other_cluster, "1", "1", "否", "", ""]])
        self.ok("import", "enterprises", held, "--year", "2023")
        rows = [[HUAWEI, "华为技术有限公司", CLUSTER, "10", "1", "否", "", ""],
                [HUAWEI, "华为第二行", CLUSTER, "20", "2", "否", "", ""],
                [OTHER, "某某有限公司", CLUSTER, "800", "20", "否", "", ""]]
        path = self.write("both.csv", rows)
        rejects = os.path.join(self.tmp.name, "rejects.csv")
        r = self.ok("import", "enterprises", path, "--year", "2023", "--skip-invalid", rejects)
        self.assertIn("3 rows read, 1 valid, 2 rejected, 3 errors", r.out)
        self.assertIn("appears twice for 2023: also on row 2", r.err)
        with open(rejects, encoding="utf-8-sig") as f:
            rejected = list(csv.reader(f))
        self.assertEqual([row[-2] for row in rejected[1:]], ["2", "3"])
        self.assertEqual(rejected[2][1], "华为第二行")
        self.assertIn("appears twice", rejected[2][-1])
        self.assertIn("already belongs to " + other_cluster, rejected[2][-1])
        self.assertEqual(self.sql("SELECT y.credit_code, c.name FROM enterprise_year y JOIN "
                                  "cluster c ON c.id = y.cluster_id WHERE y.current = 1 "
                                  "ORDER BY y.credit_code"),
                         [(OTHER, CLUSTER), (HUAWEI, other_cluster)])

    def test_gbk_file_and_english_headers(self):
        header = ["credit_code", "name", "cluster", "year", "revenue_yuan", "employment"]
        rows = [[HUAWEI, "华为技术有限公司", CLUSTER, "2022", "3500000", "40"]]
        path = self.write("gbk.csv", rows, header=header, encoding="gb18030")
        r = self.ok("import", "enterprises", path)
        self.assertIn("gb18030", r.out)
        self.assertEqual(self.sql("SELECT e.name, y.year, y.revenue FROM enterprise_year y JOIN "
                                  "enterprise e USING (credit_code)"),
                         [("华为技术有限公司", 2022, 3500000.0)])

    def test_every_problem_is_named_and_nothing_is_written(self):
        rows = self.good_rows() + [
            ["914403001922038217", "错码公司", CLUSTER, "1", "1", "是", "", ""],   # check char
            [HUAWEI[:-1] + "X", "", CLUSTER, "abc", "-3", "maybe", "", ""],
            [OTHER, "重复公司", "不存在的集群", "5", "5", "否", "", ""],
        ]
        path = self.write("bad.csv", rows)
        before = self.dump()
        r = self.run_cli("import", "enterprises", path, "--year", "2023")
        self.assertEqual(r.code, 2, r)  # one line per problem on stderr, then the summary
        self.assertEqual(self.dump(), before, "an import with errors changes nothing")
        self.assertIn("bad.csv, row 4, column 统一社会信用代码: '914403001922038217' check character",
                      r.err)
        self.assertIn("row 5, column 企业名称: is empty", r.err)
        self.assertIn("row 5, column 营业收入(万元): 'abc' is not a number", r.err)
        self.assertIn("row 5, column 从业人员(人): '-3' is negative", r.err)
        self.assertIn("row 5, column 是否高新技术企业: 'maybe' is not yes or no", r.err)
        self.assertIn("row 6, column 集群名称: '不存在的集群' no such cluster", r.err)

    def test_dry_run_writes_nothing(self):
        path = self.write("ok.csv", self.good_rows())
        before = self.dump()
        r = self.ok("import", "enterprises", path, "--year", "2023", "--dry-run")
        self.assertIn("2 valid", r.out)
        self.assertEqual(self.dump(), before)

    def test_skip_invalid_keeps_valid_rows_and_writes_rejects(self):
        rows = self.good_rows() + [[OTHER, "同一企业第二行", CLUSTER, "5", "5", "否", "", ""]]
        path = self.write("dup.csv", rows)
        rejects = os.path.join(self.tmp.name, "rejects.csv")
        r = self.ok("import", "enterprises", path, "--year", "2023", "--skip-invalid", rejects)
        self.assertIn("2 valid, 1 rejected", r.out)
        self.assertIn("appears twice for 2023: also on row 3", r.err)
        with open(rejects, encoding="utf-8-sig") as f:
            rejected = list(csv.reader(f))
        self.assertEqual(rejected[0][-2:], ["_row", "_problem"])
        self.assertEqual(rejected[1][1], "同一企业第二行")
        self.assertEqual(rejected[1][-2], "4")
        self.assertEqual(len(self.current()), 2)

    def test_reimport_is_a_new_revision_and_diff_shows_the_change(self):
        first = self.write("v1.csv", self.good_rows())
        self.ok("import", "enterprises", first, "--year", "2023")
        r = self.ok("import", "enterprises", first, "--year", "2023")
        self.assertIn("identical to revision 1", r.out)
        self.assertEqual(self.sql("SELECT count(*) FROM import_revision"), [(1,)])

        second = self.write("v2.csv", self.good_rows(revenue="13000")[:1])
        self.ok("import", "enterprises", second, "--year", "2023")
        # The earlier values stay, no longer current; the new revision replaces the cluster's year.
        self.assertEqual(self.sql("SELECT revision_id, credit_code, revenue, current FROM "
                                  "enterprise_year ORDER BY revision_id, credit_code"),
                         [(1, OTHER, 8e6, 0), (1, HUAWEI, 1.2e8, 0), (2, HUAWEI, 1.3e8, 1)])
        rows = self.ok("diff", "1", "2", "--format", "json").json()["rows"]
        changes = {(row["credit_code"], row["field"]): (row["old"], row["new"]) for row in rows}
        self.assertEqual(changes[(HUAWEI, "revenue")], ("120000000", "130000000"))
        self.assertEqual(changes[(OTHER, "row")], ("present", "—"))
        history = self.ok("history", "--year", "2023", "--format", "json").json()["rows"]
        self.assertEqual([h["revision"] for h in history], [1, 2])
        self.assertEqual(history[0]["operator"], "tester")

    def test_diff_of_two_large_revisions_matches_one_computed_here(self):
        # 600 enterprises in shuffled order: the first file has 0-399, the second 200-599, with
        # every seventh common one's revenue changed. The expected changes, in the order diff
        # lists them (year, then credit code), are worked out from the two files alone.
        rng = random.Random(7)
        codes = [credit_code(i) for i in range(600)]

        def rows(indices, revenue):
            out = [[codes[i], f"企业{i}", CLUSTER, str(revenue(i)), "10", "否", "", ""]
                   for i in indices]
            rng.shuffle(out)
            return out

        old = {i: i + 1 for i in range(0, 400)}
        new = {i: i + 1 + (5 if i % 7 == 0 else 0) for i in range(200, 600)}
        self.ok("import", "enterprises", self.write("a.csv", rows(old, old.get)), "--year", "2023")
        self.ok("import", "enterprises", self.write("b.csv", rows(new, new.get)), "--year", "2023")
        expected = []
        for i in sorted(set(old) | set(new), key=lambda i: codes[i]):
            if i not in new:
                expected.append((codes[i], "row", "present", "—"))
            elif i not in old:
                expected.append((codes[i], "row", "—", "present"))
            elif old[i] != new[i]:  # 万元 → 元
                expected.append((codes[i], "revenue", str(old[i] * 10000), str(new[i] * 10000)))
        rows = self.ok("diff", "1", "2", "--format", "json").json()["rows"]
        self.assertEqual([(r["credit_code"], r["field"], r["old"], r["new"]) for r in rows],
                         expected)

    def test_header_problems_are_listed_at_once(self):
        path = self.write("header.csv", [["x"]], header=["企业名称", "营业收入", "营业收入(万元)"])
        r = self.fails(2, "import", "enterprises", path, "--year", "2023")
        self.assertIn("say the unit", r.err)
        self.assertIn("no column for credit_code", r.err)

    def test_unknown_cluster_flag_is_one_clear_error(self):
        path = self.write("ok.csv", self.good_rows())
        r = self.fails(2, "import", "enterprises", path, "--year", "2023", "--cluster", "不存在的集群")
        self.assertIn("--cluster 不存在的集群", r.err)

    def test_mapping_file_for_another_layout(self):
        mapping = os.path.join(self.tmp.name, "m.yaml")
        with open(mapping, "w", encoding="utf-8") as f:
            f.write("columns:\n  编码: credit_code\n  单位: name\n  本年营收: {field: revenue, unit: 亿元}\n")
        path = self.write("custom.csv", [[HUAWEI, "华为", "2.5"]], header=["编码", "单位", "本年营收"])
        self.ok("import", "enterprises", path, "--year", "2024", "--cluster", CLUSTER,
                "--mapping", mapping)
        self.assertEqual(self.sql("SELECT revenue, year FROM enterprise_year"), [(2.5e8, 2024)])

    def test_a_mapping_file_of_the_wrong_shape_is_refused_naming_its_line(self):
        # Lists and maps where a header, field or unit belongs: exit 2 with the mapping file and
        # the line of the problem, nothing imported (these once failed as "unexpected error").
        path = self.write("ok.csv", self.good_rows())
        mapping = os.path.join(self.tmp.name, "m.yaml")
        cases = [("columns:\n  [a, b]: revenue\n", "row 2", "a header must be plain text"),
                 ("columns:\n  本年营收: {field: [1, 2]}\n", "row 2, field 本年营收",
                  "field must be plain text"),
                 ("columns:\n  本年营收:\n    field: revenue\n    unit: {a: 1}\n",
                  "row 4, field 本年营收", "unit must be plain text"),
                 ("just text\n", "m.yaml:", "a 'columns:' map")]
        for text, where, what in cases:
            with open(mapping, "w", encoding="utf-8") as f:
                f.write(text)
            r = self.fails(2, "import", "enterprises", path, "--year", "2023", "--mapping", mapping)
            self.assertIn("m.yaml", r.err)
            self.assertIn(where, r.err)
            self.assertIn(what, r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM enterprise_year"), [(0,)])

    def test_encoding_problems_name_the_line(self):
        path = os.path.join(self.tmp.name, "mixed.csv")
        with open(path, "wb") as f:
            f.write(",".join(HEADER).encode() + b"\n" + (HUAWEI + ",").encode() +
                    "华为".encode("gb18030") + b",x,1,1,1,1,1\n")
        r = self.fails(2, "import", "enterprises", path, "--year", "2023", "--encoding", "utf-8")
        self.assertIn("mixed.csv, row 2", r.err)
        self.assertIn("gb18030", r.err)


class ExportRoundTrip(CliTest):
    """Export then import gives the same data: diff between the two revisions is empty."""

    def setUp(self):
        super().setUp()
        self.ok("init")
        self.ok("cluster", "add", CLUSTER, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        rows = [[HUAWEI, "华为技术有限公司", CLUSTER, "12345.67", "300", "是", "12", "5000"],
                [OTHER, "某某有限公司，含逗号", CLUSTER, "800", "", "否", "", "0.5"]]
        path = os.path.join(self.tmp.name, "src.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([HEADER] + rows)
        self.ok("import", "enterprises", path, "--year", "2023")

    def round_trip(self, fmt, name):
        out = os.path.join(self.tmp.name, name)
        extra = ["--bom"] if fmt == "csv" else []
        self.ok("export", "enterprises", "--year", "2023", "--format", fmt, "--out", out, *extra)
        r = self.ok("import", "enterprises", out)
        self.assertIn("revision 2", r.out)
        self.assertEqual(self.ok("diff", "1", "2", "--format", "json").json()["rows"], [])
        return out

    def test_csv(self):
        out = self.round_trip("csv", "export.csv")
        with open(out, "rb") as f:
            self.assertTrue(f.read(3) == b"\xef\xbb\xbf", "Excel needs the BOM")

    def test_xlsx(self):
        out = self.round_trip("xlsx", "export.xlsx")
        import zipfile
        with zipfile.ZipFile(out) as z:
            self.assertIn("xl/workbook.xml", z.namelist())

    def test_json_has_nulls_for_missing(self):
        rows = self.ok("export", "enterprises", "--year", "2023", "--format", "json").json()["rows"]
        other = [r for r in rows if r["credit_code"] == OTHER][0]
        self.assertIsNone(other["employment"])
        self.assertEqual(other["rd_expenditure_yuan"], 500.0)  # 0.5 千元

    def test_a_year_exports_only_its_rows_largest_revenue_first(self):
        # 2024 holds three enterprises: OTHER (900 万元), a third (no revenue) and HUAWEI (50).
        third = credit_code(42)
        path = os.path.join(self.tmp.name, "2024.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            csv.writer(f).writerows([HEADER,
                                     [HUAWEI, "华为技术有限公司", CLUSTER, "50", "1", "是", "", ""],
                                     [third, "第三家", CLUSTER, "", "2", "否", "", ""],
                                     [OTHER, "某某有限公司", CLUSTER, "900", "3", "否", "", ""]])
        self.ok("import", "enterprises", path, "--year", "2024")
        for fmt in ("csv", "json"):
            r = self.ok("export", "enterprises", "--year", "2024", "--format", fmt)
            rows = r.json()["rows"] if fmt == "json" else list(csv.DictReader(io.StringIO(r.out)))
            self.assertEqual([(r["credit_code"], str(r["year"])) for r in rows],
                             [(OTHER, "2024"), (HUAWEI, "2024"), (third, "2024")], fmt)
        rows = self.ok("export", "enterprises", "--year", "2023", "--format", "json").json()["rows"]
        self.assertEqual([r["credit_code"] for r in rows], [HUAWEI, OTHER])  # 12,345.67 > 800

    def test_metrics_export(self):
        rows = self.ok("export", "metrics", "--year", "2023", "--format", "json").json()["rows"]
        ours = [r for r in rows if r["cluster"] == CLUSTER][0]
        self.assertEqual(ours["firms"], 2)
        self.assertAlmostEqual(ours["high_tech_share"], 0.5)
        # R&D 5e6 + 500 元 over revenue 123,456,700 + 8,000,000 元.
        self.assertAlmostEqual(ours["rd_intensity"], (5e6 + 500) / (1.234567e8 + 8e6))
        self.assertIsNone(ours["revenue_growth"])  # no 2022 figures


class Migration(CliTest):
    @backends.sqlite_only("SQLite's migrations from version 1")
    def test_a_version_1_database_keeps_its_rows(self):
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "../../src/atlas/store/sqlite/migrations/001_registry.sql"),
                  encoding="utf-8") as f:
            sql = f.read()
        con = sqlite3.connect(self.db)
        con.executescript(sql)
        con.executescript("""
            CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL,
                                            file TEXT NOT NULL);
            INSERT INTO schema_migrations VALUES (1, '2026-01-01', '001_registry.sql');
            INSERT INTO province VALUES ('420000', '湖北省', '湖北', 'Hubei', 'central');
            INSERT INTO industry VALUES ('C', 'section', NULL, '制造业', 'Manufacturing', NULL);
            INSERT INTO zone VALUES (1, '襄阳高新区', 'national', '420000', '襄阳市', NULL, NULL);
            INSERT INTO cluster (id, name, zone_id, industry_code, province_code, status)
              VALUES (1, '老集群', 1, 'C', '420000', 'pilot');
            INSERT INTO enterprise (credit_code, name) VALUES ('914403001922038216', '华为');
            INSERT INTO enterprise_year (credit_code, year, cluster_id, role, high_tech,
              specialised, single_champion, listed, revenue)
              VALUES ('914403001922038216', 2019, 1, 'leader', 1, 0, 0, 0, 5e9);
            INSERT INTO platform (cluster_id, name, level, kind, year_established)
              VALUES (1, '襄阳汽车工程中心', 'provincial', '工程技术研究中心', 2015);
            INSERT INTO service_institution (cluster_id, year, name, national, category)
              VALUES (1, 2019, '襄阳孵化器', 1, 1);
            INSERT INTO alliance (cluster_id, year, name, backbone_members, other_members)
              VALUES (1, 2019, '襄阳汽车联盟', 5, 20);
        """)
        con.commit()
        con.close()
        self.ok("province", "list")  # opening migrates
        migrations = os.listdir(os.path.join(here, "../../src/atlas/store/sqlite/migrations"))
        self.assertEqual(self.sql("SELECT max(version) FROM schema_migrations"),
                         [(max(int(m[:3]) for m in migrations if m.endswith(".sql")),)])
        self.assertEqual(self.sql("SELECT credit_code, year, revenue, current, revision_id FROM "
                                  "enterprise_year"),
                         [("914403001922038216", 2019, 5e9, 1, None)])
        # The support records recorded by hand stay, current, with no revision.
        self.assertEqual(self.sql("SELECT name, year_established, current, revision_id FROM "
                                  "platform"), [("襄阳汽车工程中心", 2015, 1, None)])
        self.assertEqual(self.sql("SELECT name, category, current FROM service_institution"),
                         [("襄阳孵化器", 1, 1)])
        self.assertEqual(self.sql("SELECT name, other_members, current FROM alliance"),
                         [("襄阳汽车联盟", 20, 1)])


if __name__ == "__main__":
    unittest.main()
