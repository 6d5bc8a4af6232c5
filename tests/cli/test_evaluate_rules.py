"""The ranking's rules hold in every part of an evaluation (issue 13): screened-out units are left
out of TOPSIS, VIKOR and GRA and have no contributions; uncertainty analysis keeps each node's own
aggregation; the audit ranks as the ranking does; platform and institution counts exist for the
years before the one evaluated; what reading a --data table noticed is said; the sensitivity's
run count is what the help says. Expected values by hand or in plain Python here."""
import os
import re

from harness import CliTest
from test_evaluate import EXAMPLE_DATA, ROOT, Registry, read, topsis

# Two indicators, both more-is-better, equal weights; C has 1 of 2 values and the 75% screen
# leaves it out.
SCREENED = """id: screened
name_zh: 筛选
methods: {screen: 0.75, aggregate: METHOD}
index:
  id: index
  name_zh: 指数
  children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙}]
"""


def minmax(xs):
    lo, hi = min(xs), max(xs)
    return [(x - lo) / (hi - lo) * 100 for x in xs]


def vikor(columns, w, v=0.5):
    """VIKOR on normalised columns (more is better): 100 · (1 − Q)."""
    n = len(columns[0])
    t = [[w[j] * (max(c) - c[i]) / (max(c) - min(c)) for j, c in enumerate(columns)]
         for i in range(n)]
    s, r = [sum(row) for row in t], [max(row) for row in t]
    q = [v * (s[i] - min(s)) / (max(s) - min(s)) + (1 - v) * (r[i] - min(r)) / (max(r) - min(r))
         for i in range(n)]
    return [100 * (1 - x) for x in q]


def grey(columns, w, rho=0.5):
    """Grey relational grade × 100 against the ideal 1 on every min-max rescaled column."""
    z = [[(x - min(c)) / (max(c) - min(c)) for x in c] for c in columns]
    delta = [[abs(1 - col[i]) for col in z] for i in range(len(columns[0]))]
    lo, hi = min(map(min, delta)), max(map(max, delta))
    return [100 * sum(w[j] * (lo + rho * hi) / (d + rho * hi) for j, d in enumerate(row))
            for row in delta]


class ScreenedUnits(CliTest):
    """Before issue 13 a unit screened out reached the rankers as a row of missing values and
    stopped the run: "unit 3 has no value for indicator 1", though the file has C's x."""

    def setUp(self):
        super().setUp()
        self.data = self.write_csv("units.csv", ["unit", "name", "x", "y"],
                                   [["A", "甲", 1, 4], ["B", "乙", 3, 3], ["C", "丙", 5, ""],
                                    ["D", "丁", 4, 1]])

    def evaluate(self, method, *extra):
        system = os.path.join(self.tmp.name, f"{method}.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(SCREENED.replace("METHOD", method))
        return self.ok("evaluate", "--system", system, "--data", self.data, *extra, db=False)

    def test_left_out_of_topsis_vikor_and_gra(self):
        # The kept units A, B, D: min-max over them only (C's 5 takes no part).
        x, y = minmax([1, 3, 4]), minmax([4, 3, 1])
        expected = {"topsis": topsis([x, y], [0.5, 0.5], [False, False], vector=False),
                    "vikor": vikor([x, y], [0.5, 0.5]), "gra": grey([x, y], [0.5, 0.5])}
        for method, scores in expected.items():
            doc = self.evaluate(method, "--format", "json").json()
            units = {u["unit"]: u for u in doc["units"]}
            for code, score in zip("ABD", scores):
                self.assertAlmostEqual(units[code]["score"], score, places=9, msg=method + code)
            c = units["C"]
            self.assertEqual((c["screened_out"], c["score"], c["rank"]), (True, None, None))
            self.assertIn(f"aggregate index with {method}: 3 of the 4 units compared; left out, "
                          "with no value: C (丙)", doc["log"])
        table = self.evaluate("topsis").out
        self.assertIn("screened out: C (1/2)", table)

    def test_a_unit_without_a_score_has_no_contributions(self):
        doc = self.evaluate("arithmetic", "--format", "json").json()
        c = next(u for u in doc["units"] if u["unit"] == "C")
        self.assertEqual(c["contributions"], {"x": None, "y": None})
        system = os.path.join(self.tmp.name, "arithmetic.yaml")
        rows = self.ok("explain", "C", "--system", system, "--data", self.data, "--format",
                       "json", db=False).json()["rows"]
        self.assertEqual([r["contribution"] for r in rows], [None, None])
        table = self.ok("explain", "C", "--system", system, "--data", self.data, db=False).out
        # x: raw 5, no normalised value, weights 0.5 and 0 as used, no contribution, no place.
        cells = next(l for l in table.splitlines() if l.startswith("x ")).split()
        self.assertEqual(cells[6:], ["—", "—"])
        # In the worked example D has no revenue and so no R&D intensity: no points from them;
        # energy alone carries its score.
        doc = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--format",
                      "json", db=False).json()
        d = next(u for u in doc["units"] if u["unit"] == "D")
        self.assertIsNone(d["contributions"]["revenue"])
        self.assertIsNone(d["contributions"]["rd_intensity"])
        self.assertAlmostEqual(d["contributions"]["energy_per_output"], 100 / 3)


class UncertaintyKeepsOwnAggregation(CliTest):
    def test_with_nothing_uncertain_every_replication_is_the_ranking(self):
        # The worked example, its index aggregating by its own geometric mean, no gate and
        # nothing uncertain: A 100^0.4 · 85^0.6 = 90.7, D 33.3 (innovation alone), C 29.1, B 0
        # (scale 0). Before issue 13 the replications took the default arithmetic mean at the
        # index too and ranked A, B, D, C.
        text = read(os.path.join(ROOT, "data/systems/example.yaml"))
        text = text.replace("  name_en: Index\n", "  name_en: Index\n  aggregate: geometric\n")
        text = text[:text.index("gates:")] + text[text.index("grades:"):text.index("uncertainty:")]
        system = os.path.join(self.tmp.name, "geometric.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(text)
        doc = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--format", "json",
                      "--uncertainty", "40", db=False).json()
        units = {u["unit"]: u for u in doc["units"]}
        self.assertAlmostEqual(units["A"]["score"], 100 ** 0.4 * 85 ** 0.6, places=9)
        self.assertEqual({c: u["rank"] for c, u in units.items()}, {"A": 1, "D": 2, "C": 3, "B": 4})
        for code, u in units.items():
            q = u["uncertainty"]
            self.assertEqual((q["nominal_rank"], q["p5_rank"], q["median_rank"], q["p95_rank"],
                              q["ranked"]), (u["rank"],) * 4 + (40,), code)


class AuditRanksAsTheRanking(CliTest):
    def test_units_the_gates_exclude_are_not_ranked(self):
        # The worked example; its gate excludes B: A 1, D 2, C 3. Without R&D intensity:
        # A 100, C 53.3, D 33.3 → A 1, C 2, D 3: shifts 0, 1, 1 → 2/3. Without energy D has no
        # value left: A 85, C 13.3 → 1, 2; over A and C, shifts 0 and 1 → 1/2. Before issue 13 B
        # was ranked in both, giving 1 and 1/3.
        doc = self.ok("audit", "--system", "example", "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        shift = {r["indicator"]: r["removal_shift"] for r in doc["indicators"]}
        self.assertAlmostEqual(shift["rd_intensity"], 2 / 3, places=2)
        self.assertAlmostEqual(shift["energy_per_output"], 0.5, places=2)


class DataNotes(CliTest):
    def test_a_title_and_a_total_row_are_said(self):
        path = os.path.join(self.tmp.name, "2023年数据.csv")
        with open(path, "w", encoding="utf-8-sig") as f:
            f.write("2023年创新型产业集群数据\n" + read(EXAMPLE_DATA) + "合计,,,1050,49,1.4\n")
        name = os.path.basename(path)  # as the file is named in every message
        notes = [f"{name}: header found on row 2; row 1 skipped (title)",
                 f"{name}, row 7: skipped, a total row ('合计')"]
        r = self.ok("evaluate", "--system", "example", "--data", path, db=False)
        self.assertEqual(r.err.splitlines(), [f"note: {n}" for n in notes])
        doc = self.ok("evaluate", "--system", "example", "--data", path, "--format", "json",
                      db=False).json()
        self.assertEqual(doc["notes"], notes)
        self.assertEqual(len(doc["units"]), 4)  # the total row is not a unit
        quiet = self.ok("--quiet", "evaluate", "--system", "example", "--data", path, db=False)
        self.assertEqual(quiet.err, "")
        self.assertIn("note: ", self.ok("audit", "--system", "example", "--data", path,
                                        db=False).err)


# One indicator per support count, looking back: the mean of three years and a growth.
SUPPORT = """id: support
name_zh: 支撑
index:
  id: index
  name_zh: 指数
  children:
    - {id: institutions_3y, name_zh: 服务机构三年均值, formula: "mean_last(institutions, 3)"}
    - {id: institutions_growth, name_zh: 服务机构增长, formula: growth(institutions)}
    - {id: platforms_2y, name_zh: 平台两年均值, formula: "mean_last(platforms, 2)"}
"""


class SupportCountsOverYears(Registry):
    """A has figures for 2021–2023, B for 2023. A's service institutions (JQ03 rows): 2 in 2021,
    4 in 2022, 3 in 2023; B's: 5 in 2023. A's platforms: a national one established in 2020 and a
    provincial one in 2022, so 1 in 2021 and 2 in 2022 and 2023. Before issue 13 only the year
    evaluated had counts, so every look-back was missing."""

    def test_mean_last_growth_and_imputation_look_back(self):
        rows = [(self.a, 2021, 2), (self.a, 2022, 4), (self.a, 2023, 3), (self.b, 2023, 5)]
        institutions = self.write_csv(
            "institutions.csv", ["集群名称", "年份", "机构名称", "机构类别"],
            [[c, y, f"机构{k}", 1] for c, y, n in rows for k in range(n)])
        self.ok("import", "institutions", institutions)
        platforms = self.write_csv("platforms.csv", ["集群名称", "平台名称", "级别", "建立年份"],
                                   [[self.a, "国家重点实验室", "国家级", 2020],
                                    [self.a, "省级工程技术研究中心", "省级", 2022]])
        self.ok("import", "platforms", platforms)
        system = os.path.join(self.tmp.name, "support.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(SUPPORT)
        doc = self.ok("evaluate", "--system", system, "--year", "2023", "--format", "json").json()
        units = {u["name"]: u for u in doc["units"]}
        a, b = units[self.a]["raw"], units[self.b]["raw"]
        self.assertAlmostEqual(a["institutions_3y"], 3)  # (2 + 4 + 3) / 3
        self.assertAlmostEqual(a["institutions_growth"], -0.25)  # 3 / 4 − 1
        self.assertAlmostEqual(a["platforms_2y"], 2)  # (2 + 2) / 2
        self.assertEqual((b["institutions_3y"], b["institutions_growth"]), (None, None))
        doc = self.ok("evaluate", "--system", system, "--year", "2022", "--format", "json").json()
        a = doc["units"][0]["raw"]
        self.assertAlmostEqual(a["platforms_2y"], 1.5)  # (1 + 2) / 2
        self.assertAlmostEqual(a["institutions_growth"], 1)  # 4 / 2 − 1


class SensitivityRuns(CliTest):
    def test_the_help_says_how_many_runs_and_so_does_the_run(self):
        help_text = " ".join(self.ok("evaluate", "--help", db=False).out.split())
        self.assertIn("N × 5 (weights, normalisation, aggregation), N × 6 when the system lists "
                      "two or more imputations", help_text)
        # Two imputations make a fourth factor: 10 samples, 60 runs.
        text = read(os.path.join(ROOT, "data/systems/example.yaml"))
        system = os.path.join(self.tmp.name, "impute.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(text.replace("  aggregate: [arithmetic, geometric]\n",
                                 "  aggregate: [arithmetic, geometric]\n  impute: [mean, median]\n"))
        table = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--sensitivity",
                        "10", db=False).out
        self.assertEqual(re.findall(r"(\d+) runs", table), ["60"])
