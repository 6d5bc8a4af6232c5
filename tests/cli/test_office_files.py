"""The files statistics offices really have, imported end to end (issue 13): GBK CSV and XLSX made
here (office_files.py) with a title above the header, 合计 rows, money headers spelt every way,
full-width digits, accounting negatives, dates where a year belongs, lower-case credit codes,
codes Excel turned into numbers, formulas never computed, a misspelt cluster on many rows.
Each case asserts the exact lines a clerk reads and the values stored, read back with sqlite3;
expected values are worked out by hand in the comments."""
import csv
import os
import unittest

from harness import CliTest
from office_files import CHINESE_DATE, DATE, Formula, Number, write_csv, write_xlsx
from test_crash import credit_code

CLUSTER = "襄阳高新区新能源汽车创新型产业集群"
MISSPELT = "襄阳高新区新能源汽车创新产业集群"  # 型 left out
HUAWEI = "914403001922038216"  # check character verified in credit_code_test.cpp
G = credit_code(47)  # 91420600G10000000D
N = credit_code(84)  # 91420600N20000000K
TITLE = "2024年度襄阳高新区新能源汽车创新型产业集群企业统计表"
MONEY_UNITS = "元, 千元, 万元, 百万元 or 亿元"
SEE_LIST = "give its id or full name (see `clusteratlas cluster list`)"


class OfficeFiles(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")
        self.ok("cluster", "add", CLUSTER, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def err_lines(self, r):
        return r.err.strip().splitlines()

    def current(self, columns="credit_code, year, revenue"):
        return self.sql(f"SELECT {columns} FROM enterprise_year WHERE current = 1 "
                        "ORDER BY credit_code")

    # --- money headers -----------------------------------------------------------------------

    def test_money_columns_however_their_unit_is_written(self):
        # Each header gives revenue in 万元: '1,234.5' is 12,345,000 元. Before, all but the
        # matched-bracket spellings were left out with a note and revenue stayed missing.
        spellings = ["营业收入万元", "营业收入/万元", "营业收入 万元", "营业收入(万元）",
                     "营业收入（万元)", "2024年营业收入(万元)", "２０２４年营业收入（万元）",
                     "主营业务收入(万元)", "营业收入（单位：万元）", "营业收入【万元】",
                     "营业收入\n(万元)", "营业收入 (万元人民币)", "revenue_wan_yuan"]
        for i, header in enumerate(spellings):
            with self.subTest(header):
                path = write_csv(self.path(f"h{i}.csv"),
                                 [["统一社会信用代码", "企业名称", "集群名称", header],
                                  [HUAWEI, "华为技术有限公司", CLUSTER, "1,234.5"]])
                r = self.ok("import", "enterprises", path, "--year", "2024")
                self.assertNotIn("not imported", r.err)
                self.assertEqual(self.current(), [(HUAWEI, 2024, 12_345_000.0)])

    def test_other_figures_in_office_spellings(self):
        header = ["统一社会信用代码", "企业名称（全称）", "集群名称", "统计年度",
                  "工业总产值(现价)(万元)", "净利润/千元", "其中：出口额(万元)", "研发费用 万元",
                  "从业人员期末人数(人)", "是否高新技术企业(是/否)", "上缴税金(百万元)"]
        row = [HUAWEI, "华为技术有限公司", CLUSTER, "2024", "2,000", "(1,871.0)", "300", "１２０",
               "３００", "是", "1.5"]
        path = write_csv(self.path("figures.csv"), [header, row])
        r = self.ok("import", "enterprises", path)
        self.assertEqual(r.err, "")
        # 2,000 万元 = 2e7; (1,871.0) 千元 = -1,871,000; 300 万元 = 3e6; １２０ 万元 = 1.2e6;
        # 1.5 百万元 = 1.5e6.
        self.assertEqual(
            self.current("year, industrial_output, profit, exports, rd_expenditure, employment, "
                         "high_tech, taxes"),
            [(2024, 2e7, -1_871_000.0, 3e6, 1.2e6, 300.0, 1, 1.5e6)])

    def test_a_money_column_that_cannot_be_bound_is_refused(self):
        accepted = "write {0}(万元), {0}/万元 or {0}万元, in " + MONEY_UNITS
        cases = [
            ("营业收入万美元",
             "column '营业收入万美元': '万美元' is not a unit of money; " + accepted.format("营业收入")),
            ("营业收入(美元)",
             "column '营业收入(美元)': '美元' is not a unit of money; " + accepted.format("营业收入")),
            ("主营业务收入/港元", "column '主营业务收入/港元': '港元' is not a unit of money; "
             + accepted.format("主营业务收入")),
            ("从业人员(万元)", "column '从业人员(万元)': '万元' is not a unit of a count; use 人 or "
             "万人 for people, 件, 项, 个 or 家 for things, or no unit"),
            ("2024年营业收入",
             "column '2024年营业收入': say the unit, e.g. '2024年营业收入(万元)' or '2024年营业收入(元)'"),
        ]
        for header, message in cases:
            with self.subTest(header):
                path = write_csv(self.path("m.csv"), [["统一社会信用代码", "企业名称", "集群名称", header],
                                                      [HUAWEI, "华为技术有限公司", CLUSTER, "1"]])
                before = self.dump()
                r = self.fails(2, "import", "enterprises", path, "--year", "2024")
                self.assertEqual(self.err_lines(r), [f"clusteratlas: m.csv, row 1: header: {message}"])
                self.assertEqual(self.dump(), before)

    def test_columns_headed_with_a_year(self):
        header = ["统一社会信用代码", "企业名称", "集群名称", "年份", "2023年营业收入(万元)",
                  "2024年营业收入(万元)"]
        rows = [header, [HUAWEI, "华为技术有限公司", CLUSTER, "2024", "1", "2"]]
        path = write_csv(self.path("years.csv"), rows)
        # Two years of revenue and the year from a column: which is meant is for --year to say.
        r = self.fails(2, "import", "enterprises", path)
        self.assertEqual(self.err_lines(r), [
            "clusteratlas: years.csv, row 1: header: columns '2023年营业收入(万元)' and "
            "'2024年营业收入(万元)' both give revenue; give --year to take the column of that year"])
        r = self.ok("import", "enterprises", path, "--year", "2024")
        self.assertEqual(self.err_lines(r), ["note: columns not imported: 2023年营业收入(万元)"])
        self.assertEqual(self.current(), [(HUAWEI, 2024, 20_000.0)])
        # One column headed 2024 and a row of 2023: the figure is not that row's.
        path = write_csv(self.path("other-year.csv"),
                         [["统一社会信用代码", "企业名称", "集群名称", "年份", "2024年营业收入(万元)"],
                          [HUAWEI, "华为技术有限公司", CLUSTER, "2023", "1"]])
        r = self.run_cli("import", "enterprises", path)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.err_lines(r), [
            "other-year.csv, row 2, column 2024年营业收入(万元): the column is for 2024 but the row "
            "is for 2023",
            "clusteratlas: other-year.csv has 1 error"])

    # --- the office's GBK file ---------------------------------------------------------------

    def test_gbk_file_with_title_totals_and_office_typing(self):
        rows = [
            [TITLE, "", "", "", "", "", "", ""],
            ["填报单位：襄阳高新区管委会", "", "", "", "", "", "", "填报日期：2025年1月15日"],
            ["序号", "统一社会信用代码", "企业名称", "集群名称", "统计年度", "营业收入(万元)",
             "净利润(万元)", "从业人员(人)"],
            ["1", HUAWEI, "华为技术有限公司", CLUSTER, "2024年", "1,234.5", "(1,871.0)", "３００"],
            ["2", G.lower(), "某某科技有限公司", CLUSTER, "２０２４", "８００", "12.5", "1,020"],
            ["", "", "", "", "", "", "", ""],
            ["3", N, "某某材料有限公司", CLUSTER, "2024/12/31", "￥2,000.00", "-3", "45"],
            ["合  计", "", "", "", "", "4,034.5", "(1,861.5)", "1,365"],
            ["", "", "", "", "", "", "", ""],
            ["", "", "", "", "", "", "", ""],
        ]
        path = write_csv(self.path("v04.csv"), rows)
        r = self.ok("import", "enterprises", path)
        self.assertEqual(self.err_lines(r), [
            "note: v04.csv: header found on row 3; rows 1–2 skipped (title)",
            "note: v04.csv, row 8: skipped, a total row ('合  计')",
            "note: v04.csv, row 6: skipped, empty",
            "note: columns not imported: 序号"])
        self.assertIn(": 3 rows read, 3 valid, 0 rejected, 0 errors, 0 warnings", r.out)
        # 万元 × 10⁴: 1,234.5 → 12,345,000; (1,871.0) → -18,710,000; ８００ → 8,000,000;
        # 12.5 → 125,000; ￥2,000.00 → 20,000,000; -3 → -30,000. The lower-case code is stored
        # as GB 32100-2015 writes it.
        self.assertEqual(self.current("credit_code, year, revenue, profit, employment"), [
            (G, 2024, 8e6, 125_000.0, 1020.0),
            (N, 2024, 2e7, -30_000.0, 45.0),
            (HUAWEI, 2024, 12_345_000.0, -18_710_000.0, 300.0)])
        self.assertEqual(self.sql("SELECT rows_read, rows_imported FROM import_revision"),
                         [(3, 3)])

    def test_header_row_given(self):
        rows = [[TITLE], ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)"],
                [HUAWEI, "华为技术有限公司", CLUSTER, "5"]]
        path = write_csv(self.path("given.csv"), rows)
        r = self.ok("import", "enterprises", path, "--year", "2024", "--header-row", "2")
        self.assertEqual(self.err_lines(r),
                         ["note: given.csv: header on row 2 (--header-row); row 1 skipped"])
        self.assertEqual(self.current(), [(HUAWEI, 2024, 50_000.0)])
        r = self.fails(2, "import", "enterprises", path, "--year", "2024", "--header-row", "5")
        self.assertEqual(self.err_lines(r), [
            "clusteratlas: given.csv, row 5: --header-row 5: the row is empty or not in the file"])

    def test_what_is_ambiguous_is_refused_with_the_reason(self):
        header = ["统一社会信用代码", "企业名称", "集群名称", "年份", "营业收入(万元)"]
        rows = [header,
                [HUAWEI, "甲", CLUSTER, "24", "1"],
                [G, "乙", CLUSTER, "2024-2025", "1"],
                [N, "丙", CLUSTER, "45657", "1"],
                [credit_code(121), "丁", CLUSTER, "2024", "12,34"]]
        path = write_csv(self.path("ambiguous.csv"), rows)
        r = self.run_cli("import", "enterprises", path)
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.err_lines(r), [
            "ambiguous.csv, row 2, column 年份: '24' is not a year: write the year in full (2024)",
            "ambiguous.csv, row 3, column 年份: '2024-2025' is not a year (write 2024, 2024年 or a "
            "date such as 2024-12-31)",
            "ambiguous.csv, row 4, column 年份: '45657' is not a year: it looks like an Excel date "
            "serial (2024-12-31); format the cell as a date, or type the year",
            "ambiguous.csv, row 5, column 营业收入(万元): '12,34' is not a number: a comma may only "
            "separate thousands (12,345); write decimals with a point",
            "clusteratlas: ambiguous.csv has 4 errors"])

    def test_a_credit_code_excel_turned_into_a_number(self):
        header = ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)"]
        fix = ("Excel turned the code into a number and lost its last digits; format the column "
               "as text in Excel (设置单元格格式 → 文本) and type the codes again")
        path = write_csv(self.path("codes.csv"),
                         [header, ["9.142060010007919e+17", "甲公司", CLUSTER, "1"],
                          [HUAWEI, "华为技术有限公司", CLUSTER, "1"]])
        r = self.run_cli("import", "enterprises", path, "--year", "2024")
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.err_lines(r), [
            "codes.csv, row 2, column 统一社会信用代码: '9.142060010007919e+17' is a number, not a "
            "credit code: " + fix,
            "clusteratlas: codes.csv has 1 error"])
        self.assertEqual(r.out, "codes.csv: 2 rows read, 1 valid, 1 rejected, 1 error, 0 warnings; "
                                "nothing imported (fix the file, or use --skip-invalid REJECTS.csv "
                                "to import the valid rows)\n")
        # In a workbook the cell is a number: Excel keeps 15 digits, 9.14206001000791E+17.
        path = write_xlsx(self.path("codes.xlsx"),
                          [header, [Number("9.14206001000791E+17"), "甲公司", CLUSTER, Number(1)]])
        r = self.run_cli("import", "enterprises", path, "--year", "2024")
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.err_lines(r)[0],
                         "codes.xlsx, row 2, column 统一社会信用代码: '9.14206001000791e+17' is a "
                         "number, not a credit code (cell A2): " + fix)

    def test_a_misspelt_cluster_on_many_rows_is_one_line_and_rejects_keep_every_problem(self):
        header = ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)"]
        rows = [header] + [[credit_code(i), f"企业{i}", MISSPELT, "10"] for i in range(30)]
        rows.append(["914403001922038217", "", CLUSTER, "-5"])  # row 32: three problems
        rows.append([HUAWEI, "华为技术有限公司", CLUSTER, "7"])  # row 33: valid
        path = write_csv(self.path("v04.csv"), rows)
        rejects = self.path("rejects.csv")
        r = self.ok("import", "enterprises", path, "--year", "2024", "--skip-invalid", rejects)
        cluster = f"no such cluster (did you mean '{CLUSTER}'?); {SEE_LIST}"
        code = "check character of '914403001922038217' is '7' but should be '6' (GB 32100-2015)"
        self.assertEqual(self.err_lines(r), [
            f"v04.csv, rows 2–31, column 集群名称: '{MISSPELT}' {cluster}",
            f"v04.csv, row 32, column 统一社会信用代码: '914403001922038217' {code}",
            "v04.csv, row 32, column 企业名称: is empty",
            "v04.csv, row 32, column 营业收入(万元): '-5' is negative"])
        self.assertIn(": 32 rows read, 1 valid, 31 rejected, 33 errors, 0 warnings", r.out)
        with open(rejects, encoding="utf-8-sig") as f:
            rejected = list(csv.reader(f))
        self.assertEqual(len(rejected), 1 + 31)
        self.assertEqual(rejected[1][-2:], ["2", f"集群名称: {cluster}"])
        self.assertEqual(rejected[31][-2:], [
            "32", f"统一社会信用代码: {code}; 企业名称: is empty; 营业收入(万元): is negative"])
        self.assertEqual(self.current(), [(HUAWEI, 2024, 70_000.0)])

    # --- the office's workbook ---------------------------------------------------------------

    def workbook_rows(self, revenue=Number(12000)):
        return [
            [TITLE] + [None] * 7,  # merged A1:H1
            None,  # row 2: nothing
            ["序号", "统一社会信用代码", "企业名称", "集群名称", "统计年度", "营业收入（万元)",
             "净利润(万元)", "从业人员(人)"],
            [Number(1), HUAWEI, "华为技术有限公司", CLUSTER, Number(45657, DATE), revenue,
             Number(-1871), Number(300)],
            [Number(2), G.lower(), "某某科技有限公司", CLUSTER, Number(45292, CHINESE_DATE),
             "1,234.5", Formula("F5*0.1", 123.45), "２０"],
            ["合计", None, None, None, None, Formula("SUM(F4:F5)", 13234.5),
             Formula("SUM(G4:G5)", -1747.55), Formula("SUM(H4:H5)", 320)],  # merged A6:E6
        ]

    def test_workbook_with_merged_title_dates_and_a_total_row(self):
        path = write_xlsx(self.path("v04.xlsx"), self.workbook_rows(), merged=["A1:H1", "A6:E6"])
        r = self.ok("import", "enterprises", path)
        self.assertEqual(self.err_lines(r), [
            "note: v04.xlsx: header found on row 3; rows 1–2 skipped (title)",
            "note: v04.xlsx, row 6: skipped, a total row ('合计')",
            "note: columns not imported: 序号"])
        # 45657 = 2024-12-31 and 45292 = 2024-01-01 (date-formatted): both 2024. 12000 万元 =
        # 1.2e8; -1871 万元 = -18,710,000; the formula's computed 123.45 万元 = 1,234,500.
        self.assertEqual(self.current("credit_code, year, revenue, profit, employment"), [
            (G, 2024, 12_345_000.0, 1_234_500.0, 20.0),
            (HUAWEI, 2024, 1.2e8, -18_710_000.0, 300.0)])

    def test_a_formula_with_an_empty_computed_value_names_its_cell(self):
        # openpyxl writes <f>…</f><v></v> for a formula nothing computed: not a missing figure.
        rows = self.workbook_rows(revenue=Formula("1000*12"))
        path = write_xlsx(self.path("uncomputed.xlsx"), rows, merged=["A1:H1", "A6:E6"])
        before = self.dump()
        r = self.fails(2, "import", "enterprises", path)
        self.assertEqual(self.err_lines(r), [
            "clusteratlas: uncomputed.xlsx[Sheet1], row 4, column F (营业收入（万元)): cell F4 holds "
            "a formula with no computed value; open the file in Excel and save it again"])
        self.assertEqual(self.dump(), before)

    # --- the other forms and readers ---------------------------------------------------------

    def test_cluster_forms_share_the_readers(self):
        jq01 = [["2024年创新型产业集群统计表（JQ01）"],
                ["集群名称", "年份", "企业数(家)", "2024年营业收入(亿元)", "研发经费内部支出/万元",
                 "从业人员 人"],
                [CLUSTER, "２０２４年", "186", "412.6", "168,000", "(12)"],
                ["合计", "", "186", "412.6", "168,000", ""]]
        r = self.run_cli("import", "clusters", write_csv(self.path("jq01.csv"), jq01))
        # (12) staff is a negative count: refused like -12, the rest of the row is fine.
        self.assertEqual(r.code, 2, r)
        self.assertEqual(self.err_lines(r), [
            "note: jq01.csv: header found on row 2; row 1 skipped (title)",
            "note: jq01.csv, row 4: skipped, a total row ('合计')",
            "jq01.csv, row 3, column 从业人员 人: '(12)' is negative",
            "clusteratlas: jq01.csv has 1 error"])
        jq01[2][5] = "１２，０００"  # full-width digits and comma: 12,000
        self.ok("import", "clusters", write_csv(self.path("jq01.csv"), jq01))
        # 412.6 亿元 = 4.126e10 元; 168,000 万元 = 1.68e9 元.
        self.assertEqual(self.sql("SELECT year, firms, revenue, rd_expenditure, employment "
                                  "FROM cluster_year WHERE current = 1"),
                         [(2024, 186, 4.126e10, 1.68e9, 12000.0)])
        jq03 = [["JQ03 服务机构"], [],
                ["序号", "集群名称", "年份", "机构名称", "是否国家级", "机构类别"],
                ["1", CLUSTER, "2024-12-31", "某某孵化器", "是", "1"],
                ["小计", "", "", "", "", ""]]
        r = self.ok("import", "institutions", write_csv(self.path("jq03.csv"), jq03))
        self.assertEqual(self.err_lines(r), [
            "note: jq03.csv: header found on row 3; rows 1–2 skipped (title)",
            "note: jq03.csv, row 5: skipped, a total row ('小计')",
            "note: columns not imported: 序号"])
        self.assertEqual(self.sql("SELECT name, year, national, category FROM service_institution"),
                         [("某某孵化器", 2024, 1, 1)])

    def test_evaluate_data_under_a_title_with_a_total_row(self):
        # data/systems/example.csv under a title, as GBK, with office numbers and a 合计 row;
        # the worked example's scores (tests/cli/test_evaluate.py) must come out unchanged.
        rows = [["2024年集群评价数据"],
                ["unit", "name", "region_group", "revenue", "rd_expenditure", "energy_per_output"],
                ["A", "甲集群", "east", "６００", "30", "0.2"],
                ["B", "乙集群", "east", "150", "9", "0.5"],
                ["C", "丙集群", "west", "300", "6", "0.3"],
                ["D", "丁集群", "west", "", "4", "0.4"],
                ["合计", "", "", "1,050", "49", ""]]
        path = write_csv(self.path("units.csv"), rows)
        doc = self.ok("evaluate", "--system", "example", "--data", path, "--format", "json",
                      db=False).json()
        scores = {u["unit"]: u["score"] for u in doc["units"]}
        self.assertEqual(sorted(scores), ["A", "B", "C", "D"])
        for unit, score in {"A": 91.0, "B": 36.0, "C": 88 / 3, "D": 100 / 3}.items():
            self.assertAlmostEqual(scores[unit], score, places=9, msg=unit)


if __name__ == "__main__":
    unittest.main()
