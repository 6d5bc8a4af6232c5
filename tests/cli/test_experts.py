"""The expert pool on the command line: `expert add|import|list|conflicts`. Pool files are written
here as offices keep them (GBK CSV from Excel, XLSX); the stored pool is read back with sqlite3;
the conflicts of a round are worked out by hand from the rules (same organisation as the
building unit, management body or a leading firm; same province; declared)."""
import datetime
import json

from harness import CliTest
from office_files import write_csv, write_xlsx

HEADER = ["专家编号", "姓名", "工作单位", "省份", "职称", "熟悉领域", "回避单位"]
LATER = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


class ExpertTest(CliTest):
    def pool(self):
        return self.sql("SELECT code, name, organisation, province_code, fields, "
                        "declared_conflicts FROM expert ORDER BY code")

    def test_a_gbk_pool_is_imported_then_updated_by_code(self):
        path = write_csv(f"{self.tmp.name}/专家库.csv", [
            HEADER,
            ["E001", "张三", "华中科技大学", "湖北", "教授", "3973、39", ""],
            ["E002", "李四", "南京大学", "江苏省", "研究员", "3612", "某汽车有限公司；常州高新区"],
        ])
        r = self.ok("expert", "import", path)
        self.assertIn("2 added, 0 updated, 0 unchanged", r.out)
        self.assertEqual(self.pool(), [
            ("E001", "张三", "华中科技大学", "420000", '["3973","39"]', "[]"),
            ("E002", "李四", "南京大学", "320000", '["3612"]', '["某汽车有限公司","常州高新区"]')])
        # The same experts from an XLSX: one changed, one as it was.
        xlsx = write_xlsx(f"{self.tmp.name}/专家库.xlsx", [
            HEADER,
            ["E001", "张三", "武汉大学", "湖北", "教授", "3973、39", ""],
            ["E002", "李四", "南京大学", "江苏省", "研究员", "3612", "某汽车有限公司；常州高新区"],
        ])
        r = self.ok("expert", "import", xlsx)
        self.assertIn("0 added, 1 updated, 1 unchanged", r.out)
        self.assertEqual(self.pool()[0][2], "武汉大学")
        listed = self.ok("expert", "list", "--format", "json").json()["rows"]
        self.assertEqual([(row["code"], row["province"], row["fields"]) for row in listed],
                         [("E001", "湖北", "3973、39"), ("E002", "江苏", "3612")])

    def test_a_bad_pool_file_names_its_row_and_column_and_keeps_nothing(self):
        self.ok("expert", "add", "E009", "--name", "王五", "--organisation", "某研究院",
                "--province", "北京", "--field", "3973")
        before = self.dump()
        cases = [
            ([HEADER, ["E001", "张三", "华中科技大学", "湖北", "", "3973", ""],
              ["E001", "张三", "武汉大学", "湖北", "", "3973", ""]], "E001"),  # twice
            ([HEADER, ["E001", "张三", "华中科技大学", "湖北", "", "99x", ""]], "99x"),
            ([HEADER, ["E001", "张三", "华中科技大学", "火星", "", "3973", ""]], "火星"),
            ([HEADER, ["E001", "张三", "华中科技大学", "湖北", "", "", ""]], "熟悉领域"),
        ]
        for i, (rows, named) in enumerate(cases):
            with self.subTest(named=named):
                path = write_csv(f"{self.tmp.name}/bad{i}.csv", rows)
                r = self.fails(2, "expert", "import", path)
                self.assertIn(f"bad{i}.csv", r.err)
                self.assertIn(named, r.err)
                self.assertEqual(self.dump(), before)
        # A code already in the pool cannot be added again.
        self.fails(3, "expert", "add", "E009", "--name", "王五", "--organisation", "某研究院",
                   "--province", "北京", "--field", "3973")

    def test_the_conflicts_of_a_round(self):
        self.ok("round", "create", "--year", "2026", "--name", "遴选", "--doc-no", "文号",
                "--system", "torch-iic", "--applications", LATER, "--recommendation", LATER,
                "--review", LATER, "--decision", LATER, "--notice", LATER)
        self.ok("application", "submit", "--round", "1", "--zone", "襄阳高新区",
                "--name", "襄阳汽车集群", "--industry", "3612", "--building-unit", "襄阳高新区管委会",
                "--management-body", "襄阳汽车产业促进中心", "--firm", "东风汽车（襄阳）有限公司")
        path = write_csv(f"{self.tmp.name}/pool.csv", [
            HEADER,
            # Works at the leading firm, written with half-width brackets and a space.
            ["E1", "甲", "东风汽车(襄阳) 有限公司", "北京", "", "3612", ""],
            # Same province (湖北) as the application.
            ["E2", "乙", "武汉理工大学", "湖北", "", "3612", ""],
            # Declared the zone.
            ["E3", "丙", "同济大学", "上海", "", "36", "襄阳高新区"],
            # No conflict.
            ["E4", "丁", "清华大学", "北京", "", "3612", ""],
        ])
        self.ok("expert", "import", path)
        (app_id,) = self.sql("SELECT id FROM application")[0]
        rows = self.ok("expert", "conflicts", "--round", "1", "--format", "json").json()["rows"]
        self.assertEqual(sorted((row["application"], row["expert"], row["reason"]) for row in rows),
                         [(app_id, "E1", "same_organisation"), (app_id, "E2", "same_province"),
                          (app_id, "E3", "declared")])
        rows = self.ok("expert", "conflicts", "--round", "1", "--allow-same-province",
                       "--format", "json").json()["rows"]
        self.assertEqual(sorted(row["expert"] for row in rows), ["E1", "E3"])
        self.fails(2, "expert", "conflicts", "--round", "7")
