"""The steps before normalisation, end to end: screening units by data availability, imputation
(mean, group median, last year, linear trend), outlier treatment, PCA weights and distance to a
reference unit. Every expectation is worked out by hand or in plain Python below."""
import os

from harness import CliTest
from test_evaluate import Registry, credit_code

# Two equally weighted indicators; the methods block is filled in per test.
SYSTEM = """id: prep
name_zh: 预处理
methods:
{methods}
index:
  id: index
  name_zh: 指数
  children:
    - {{id: x, name_zh: 甲}}
    - {{id: y, name_zh: 乙}}
"""

# D reports nothing; B lacks y. Regions group A, B (north) and C, D, E (south).
DATA = """unit,region_group,x,y
A,north,1,10
B,north,2,
C,south,3,30
D,south,,
E,south,4,20
"""


class Preparation(CliTest):
    def files(self, methods, data=DATA):
        """Writes the system with `methods` and the data table; returns their paths."""
        system = os.path.join(self.tmp.name, "prep.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(SYSTEM.format(methods=methods))
        path = os.path.join(self.tmp.name, "data.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(data)
        return system, path

    def evaluate(self, methods, data=DATA, *extra):
        system, path = self.files(methods, data)
        doc = self.ok("evaluate", "--system", system, "--data", path, "--format", "json", *extra,
                      db=False).json()
        return doc, {u["unit"]: u for u in doc["units"]}

    def test_screening_and_mean_imputation(self):
        doc, units = self.evaluate("  screen: 0.5\n  impute: mean")
        # D has 0 of 2 indicators (< 50%): screened out, no score, no rank.
        self.assertTrue(units["D"]["screened_out"])
        self.assertIsNone(units["D"]["score"])
        self.assertIsNone(units["D"]["rank"])
        # B's y: the mean of the kept units' 10, 30, 20 = 20.
        self.assertEqual(units["B"]["imputed"], {"y": 20})
        self.assertIsNone(units["B"]["raw"]["y"])
        # Min-max: x over 1…4 → A 0, B 33.3, C 66.7, E 100; y over 10…30 → A 0, B 50, C 100,
        # E 50. Means: A 0, B 41.67, C 83.33, E 75.
        want = {"A": 0, "B": (100 / 3 + 50) / 2, "C": (200 / 3 + 100) / 2, "E": 75}
        for code, score in want.items():
            self.assertAlmostEqual(units[code]["score"], score, places=9, msg=code)
        self.assertEqual({c: units[c]["rank"] for c in want}, {"C": 1, "E": 2, "B": 3, "A": 4})
        self.assertEqual(doc["methods"]["impute"], "mean")
        self.assertTrue(any("screened out: D (0/2)" in line for line in doc["log"]), doc["log"])

    def test_explain_and_the_table_show_what_preparation_did(self):
        system, data = self.files("  screen: 0.5\n  impute: mean")
        table = self.ok("evaluate", "--system", system, "--data", data, db=False).out
        self.assertIn("1 screened out: D (0/2)", table)
        explain = self.ok("explain", "B", "--system", system, "--data", data, db=False).out
        # B's y was not reported (原值 —) and was computed from the mean, 20.
        y_line = [line for line in explain.splitlines() if line.startswith("y ")][0]
        self.assertEqual(y_line.split()[2:4], ["—", "20.0000"])
        d = self.ok("explain", "D", "--system", system, "--data", data, db=False).out
        self.assertIn("screened out: fewer than 50% of the indicators", d)

    def test_group_median_imputation(self):
        _, units = self.evaluate("  screen: 0.5\n  impute: group_median\n  impute_group: region")
        # B is in the north, where only A has y (10).
        self.assertEqual(units["B"]["imputed"], {"y": 10})

    def test_group_median_needs_a_known_group(self):
        # Two group columns and no impute_group: which one is meant cannot be guessed.
        data = DATA.replace("unit,region_group,", "unit,region_group,size_group,")
        data = "\n".join(line if i == 0 else line.replace(",", ",s,", 1)
                         for i, line in enumerate(data.splitlines())) + "\n"
        system, path = self.files("  impute: group_median", data)
        r = self.fails(2, "evaluate", "--system", system, "--data", path, db=False)
        self.assertIn("impute_group", r.err)
        self.assertIn("region_group, size_group", r.err)

    def test_without_history_last_year_leaves_values_missing(self):
        doc, units = self.evaluate("  impute: last_year")
        self.assertIsNone(units["B"]["scores"]["y"])
        self.assertTrue(any("no earlier year" in line for line in doc["log"]), doc["log"])

    def test_winsorising_an_outlier(self):
        # COINr's example: 1 … 10, 30, 100. Skewness 3.06 and kurtosis 9.74 (Excel's SKEW and
        # KURT) break the rule; moving 100 down to 30 gives skewness 1.71 < 2, which passes.
        values = list(range(1, 11)) + [30, 100]
        data = "unit,x,y\n" + "".join(f"U{v},{v},{v % 3}\n" for v in values)
        doc, units = self.evaluate("  outliers: winsorise", data)
        # Min-max of x over 1…30: U100 and U30 both 100, U10 (10 − 1)/29 · 100.
        self.assertAlmostEqual(units["U100"]["scores"]["x"], 100)
        self.assertAlmostEqual(units["U30"]["scores"]["x"], 100)
        self.assertAlmostEqual(units["U10"]["scores"]["x"], 900 / 29)
        self.assertTrue(any("x: 1 point winsorised" in line for line in doc["log"]), doc["log"])
        self.assertEqual(units["U100"]["treated"]["x"], 30)  # kept with the run
        self.assertEqual(units["U100"]["raw"]["x"], 100)
        # Without treatment U10 is (10 − 1)/99 · 100.
        _, plain = self.evaluate("  outliers: none", data)
        self.assertAlmostEqual(plain["U10"]["scores"]["x"], 900 / 99)

    def test_pca_weights_match_a_power_iteration(self):
        rows = [(1, 2), (2, 4.5), (3, 5), (4, 4), (5, 7)]
        data = "unit,x,y\n" + "".join(f"U{i},{x},{y}\n" for i, (x, y) in enumerate(rows))
        doc, _ = self.evaluate("  weighting: pca", data)
        # Two columns: the correlation matrix [[1, r], [r, 1]] has the eigenvector (1, 1)/√2
        # for the larger eigenvalue 1 + r whatever r > 0 is, so each weight is 1/2 — and the
        # first component explains (1 + r)/2 of the variance.
        weights = {n["id"]: n["weight_in_parent"] for n in doc["nodes"]}
        self.assertAlmostEqual(weights["x"], 0.5)
        self.assertAlmostEqual(weights["y"], 0.5)
        xs, ys = [r[0] for r in rows], [r[1] for r in rows]
        mx, my = sum(xs) / 5, sum(ys) / 5
        sxy = sum((a - mx) * (b - my) for a, b in zip(xs, ys))
        r = sxy / (sum((a - mx) ** 2 for a in xs) * sum((b - my) ** 2 for b in ys)) ** 0.5
        share = f"{100 * (1 + r) / 2:.1f}%"
        self.assertTrue(any(share in line for line in doc["log"]), (share, doc["log"]))

    def test_power_mean_with_the_nodes_exponent(self):
        system = os.path.join(self.tmp.name, "power.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write("id: p\nname_zh: 幂\nindex:\n  id: index\n  name_zh: 指数\n"
                    "  aggregate: power\n  power: 3\n  children:\n"
                    "    - {id: x, name_zh: 甲, weight: 0.75}\n"
                    "    - {id: y, name_zh: 乙, weight: 0.25}\n")
        path = os.path.join(self.tmp.name, "data.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("unit,x,y\nA,1,1\nB,2,3\nC,3,2\n")
        doc = self.ok("evaluate", "--system", system, "--data", path, "--format", "json",
                      db=False).json()
        units = {u["unit"]: u for u in doc["units"]}
        # Min-max: x A 0, B 50, C 100; y A 0, B 100, C 50. (0.75·x³ + 0.25·y³)^(1/3):
        # B (93750 + 250000)^(1/3) = 70.05, C (750000 + 31250)^(1/3) = 92.10.
        self.assertAlmostEqual(units["B"]["score"], (0.75 * 50 ** 3 + 0.25 * 100 ** 3) ** (1 / 3))
        self.assertAlmostEqual(units["C"]["score"], (0.75 * 100 ** 3 + 0.25 * 50 ** 3) ** (1 / 3))
        self.assertAlmostEqual(units["A"]["score"], 0)

    def test_distance_to_a_reference_unit(self):
        doc, units = self.evaluate("  normalise: dist2ref\n  reference: C\n  screen: 0.5")
        # x: 1 − (3 − x)/(3 − 1): A 0, B 0.5, C 1, E 1.5 (beyond the reference).
        got = {c: units[c]["scores"]["x"] for c in "ABCE"}
        for code, want in {"A": 0, "B": 0.5, "C": 1, "E": 1.5}.items():
            self.assertAlmostEqual(got[code], want, msg=code)

    def test_unknown_reference_unit(self):
        system, path = self.files("  normalise: dist2ref\n  reference: Z")
        r = self.fails(2, "evaluate", "--system", system, "--data", path, db=False)
        self.assertIn("reference unit 'Z'", r.err)

    def test_screen_share_out_of_range_is_a_system_problem(self):
        system, _ = self.files("  screen: 1.5")
        r = self.run_cli("systems", "validate", system, db=False)
        self.assertEqual(r.code, 2, r)
        self.assertIn("screen", r.out + r.err)


class OverYears(Registry):
    """A's R&D spending: 800万 in 2022 (500 + 300), 1200万 in 2023, not reported in 2024."""

    def setUp(self):
        super().setUp()
        c1, c3 = (credit_code(p) for p in ("91420600MA4F00001", "91120000MA4F00023"))
        header = "统一社会信用代码,企业名称,集群名称,年份,营业收入(万元),研发经费内部支出(万元),是否高新技术企业\n"
        rows = [(c1, "甲", self.a, 2024, 30000, "", "是"), (c3, "丙", self.b, 2024, 6000, 600, "是")]
        path = os.path.join(self.tmp.name, "firms-2024.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + "".join(",".join(map(str, r)) + "\n" for r in rows))
        self.ok("import", "enterprises", path)
        with open(self.system, "w", encoding="utf-8") as f:
            f.write("id: rd\nname_zh: 研发\nindex:\n  id: index\n  name_zh: 指数\n  children:\n"
                    "    - {id: rd_expenditure, name_zh: 研发经费}\n"
                    "    - {id: revenue, name_zh: 营业收入}\n")

    def imputed(self, method):
        doc = self.ok("evaluate", "--system", self.system, "--year", "2024", "--impute", method,
                      "--format", "json").json()
        return {u["name"]: u for u in doc["units"]}[self.a]

    def test_last_year_and_linear_trend(self):
        # last year: 2023's 1200万 = 1.2e7 元; linear: 1.2e7 + (1.2e7 − 8e6) = 1.6e7.
        self.assertAlmostEqual(self.imputed("last_year")["imputed"]["rd_expenditure"], 1.2e7)
        self.assertAlmostEqual(self.imputed("linear")["imputed"]["rd_expenditure"], 1.6e7)
        self.assertIsNone(self.imputed("linear")["raw"]["rd_expenditure"])
