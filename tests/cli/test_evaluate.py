"""Evaluation end to end: the worked example scored by hand, the ASEM index against an
independent implementation of COINr's min-max normalisation and weighted arithmetic means, the
--year path on a small registry, expert scores, and bad input."""
import csv
import math
import os

from harness import CliTest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "../..")
EXAMPLE_DATA = os.path.join(ROOT, "data/systems/example.csv")
ASEM = os.path.join(ROOT, "tests/data/asem")


class WorkedExample(CliTest):
    """data/systems/example.{yaml,csv}, worked out by hand (docs/indicator-systems.md):

    revenue (亿元) A 600, B 150, C 300, D —: min-max over 150…600 → A 100, B 0, C 33.33, D —.
    rd_intensity = rd / revenue: A 0.05, B 0.06, C 0.02, D — → A 75, B 100, C 0, D —.
    energy_per_output (negative) A .2 B .5 C .3 D .4 → (0.5 − x)/0.3·100: A 100, B 0, C 66.67,
    D 33.33. innovation = 0.6·rd + 0.4·energy over what is present: A 85, B 60, C 26.67,
    D 33.33 (energy alone). index = 0.4·scale + 0.6·innovation: A 91, B 36, C 29.33, D 33.33.
    """

    def run_json(self, *extra):
        return self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                       "--format", "json", *extra, db=False).json()

    def test_scores_ranks_grades_and_gates(self):
        doc = self.run_json()
        units = {u["unit"]: u for u in doc["units"]}
        expected = {"A": 91.0, "B": 36.0, "C": 88 / 3, "D": 100 / 3}
        for code, score in expected.items():
            self.assertAlmostEqual(units[code]["score"], score, places=9, msg=code)
        self.assertEqual({c: u["rank"] for c, u in units.items()}, {"A": 1, "B": 2, "D": 3, "C": 4})
        self.assertEqual(units["A"]["grade"], "优秀")
        self.assertEqual(units["B"]["grade"], "不合格")
        # revenue ≥ 200 (亿元): A 600 passes, B 150 fails, C 300 passes, D has no revenue.
        self.assertEqual({c: u["gates"]["revenue_scale"] for c, u in units.items()},
                         {"A": "pass", "B": "fail", "C": "pass", "D": "undecided"})
        self.assertAlmostEqual(units["C"]["scores"]["innovation"], 80 / 3, places=9)
        self.assertIsNone(units["D"]["scores"]["scale"])
        self.assertAlmostEqual(units["A"]["raw"]["rd_intensity"], 0.05)

    def test_contributions_add_up_to_the_score(self):
        doc = self.run_json()
        a = [u for u in doc["units"] if u["unit"] == "A"][0]
        # A: revenue 0.4·100 = 40, R&D 0.36·75 = 27, energy 0.24·100 = 24.
        self.assertAlmostEqual(a["contributions"]["revenue"], 40)
        self.assertAlmostEqual(a["contributions"]["rd_intensity"], 27)
        self.assertAlmostEqual(a["contributions"]["energy_per_output"], 24)
        for u in doc["units"]:
            self.assertAlmostEqual(sum(u["contributions"].values()), u["score"], places=9)
        weights = {n["id"]: n["effective_weight"] for n in doc["nodes"]}
        self.assertAlmostEqual(weights["rd_intensity"], 0.36)
        self.assertEqual(len(doc["system"]["sha256"]), 64)

    def test_expert_scores_make_the_final_score(self):
        path = os.path.join(self.tmp.name, "experts.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("unit,专家评分\nA,80\nB,90\nC,70\nD,60\n")
        doc = self.run_json("--expert-scores", path)
        units = {u["unit"]: u for u in doc["units"]}
        # final = 0.4·data + 0.6·expert: A 36.4 + 48 = 84.4, B 14.4 + 54 = 68.4,
        # C 11.733 + 42 = 53.733, D 13.333 + 36 = 49.333.
        self.assertAlmostEqual(units["A"]["final_score"], 84.4)
        self.assertAlmostEqual(units["B"]["final_score"], 68.4)
        self.assertEqual(units["A"]["grade"], "良好")  # 84.4 < 85
        self.assertEqual([units[c]["rank"] for c in "ABCD"], [1, 2, 3, 4])

    def test_table_and_xlsx(self):
        r = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        lines = r.out.splitlines()
        self.assertIn("甲集群", lines[2])  # best first, after the header and its rule
        out = os.path.join(self.tmp.name, "ranking.xlsx")
        self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--format", "xlsx",
                "--out", out, db=False)
        self.assertTrue(os.path.getsize(out) > 0)

    def test_bad_input(self):
        bad = os.path.join(self.tmp.name, "bad.csv")
        with open(bad, "w", encoding="utf-8") as f:
            f.write("unit,revenue,rd_expenditure,energy_per_output\nA,1,2,3\nB,x,2,3\n")
        r = self.fails(2, "evaluate", "--system", "example", "--data", bad, db=False)
        self.assertIn("bad.csv, row 3, column revenue: 'x' is not a number", r.err)
        missing = os.path.join(self.tmp.name, "missing.csv")
        with open(missing, "w", encoding="utf-8") as f:
            f.write("unit,revenue\nA,1\n")
        r = self.fails(2, "evaluate", "--system", "example", "--data", missing, db=False)
        self.assertIn("rd_expenditure, energy_per_output", r.err)
        self.fails(1, "evaluate", "--system", "example", "--data", missing, "--year", "2023")


class Asem(CliTest):
    """COINr's own example index, evaluated as COINr defines min-max normalisation (0–100, by
    direction) and the weighted arithmetic mean (missing values skipped, weights re-normalised
    over what is present), recomputed here in plain Python from the two CSV files."""

    def coinr_scores(self):
        with open(os.path.join(ASEM, "ASEM_iMeta.csv"), encoding="utf-8") as f:
            meta = [r for r in csv.DictReader(f) if r["Type"] in ("Indicator", "Aggregate")]
        with open(os.path.join(ASEM, "ASEM_iData.csv"), encoding="utf-8") as f:
            data = list(csv.DictReader(f))
        value = {}
        for m in meta:
            if m["Type"] != "Indicator":
                continue
            xs = [None if r[m["iCode"]] in ("", "NA") else float(r[m["iCode"]]) for r in data]
            d = float(m["Direction"])
            present = [d * x for x in xs if x is not None]
            lo, hi = min(present), max(present)
            value[m["iCode"]] = [None if x is None else (d * x - lo) / (hi - lo) * 100 for x in xs]
        for level in ("2", "3", "4"):
            for m in [m for m in meta if m["Level"] == level]:
                kids = [k for k in meta if k["Parent"] == m["iCode"]]
                scores = []
                for u in range(len(data)):
                    num = den = 0.0
                    for k in kids:
                        v = value[k["iCode"]][u]
                        if v is not None:
                            num += float(k["Weight"]) * v
                            den += float(k["Weight"])
                    scores.append(num / den if den else None)
                value[m["iCode"]] = scores
        return {r["uCode"]: value["Index"][i] for i, r in enumerate(data)}, value, data

    def test_matches_coinr_definitions(self):
        system = os.path.join(self.tmp.name, "asem.yaml")
        self.ok("systems", "from-coinr", os.path.join(ASEM, "ASEM_iMeta.csv"), "--id", "asem",
                "--out", system, db=False)
        doc = self.ok("evaluate", "--system", system, "--data",
                      os.path.join(ASEM, "ASEM_iData.csv"), "--format", "json", db=False).json()
        expected, value, data = self.coinr_scores()
        self.assertEqual(len(doc["units"]), 51)
        for u in doc["units"]:
            self.assertAlmostEqual(u["score"], expected[u["unit"]], places=9, msg=u["unit"])
            for node in ("Conn", "Sust", "Physical", "Environ"):
                i = [r["uCode"] for r in data].index(u["unit"])
                self.assertAlmostEqual(u["scores"][node], value[node][i], places=9)
        # Ranks: 1 for the highest index score, by the independent scores.
        best = max(expected, key=expected.get)
        self.assertEqual([u["rank"] for u in doc["units"] if u["unit"] == best], [1])
        ranks = sorted(u["rank"] for u in doc["units"])
        self.assertEqual(ranks, list(range(1, 52)))


def credit_code(first17):
    """GB 32100-2015: the 18th character checks the first 17 (weights 3^i mod 31)."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(chars.index(c) * w for c, w in zip(first17, weights))
    return first17 + chars[(31 - total % 31) % 31]


SYSTEM = """id: small
name_zh: 小体系
index:
  id: index
  name_zh: 指数
  children:
    - {id: rd_intensity, name_zh: 研发强度, weight: 0.4}
    - {id: high_tech_share, name_zh: 高企占比, weight: 0.4}
    - {id: revenue_2y, name_zh: 两年平均营收, formula: "mean_last(revenue, 2)", weight: 0.2}
gates:
  - {id: scale, rule: "mean_last(revenue, 2) >= 2亿"}
"""


class Registry(CliTest):
    """Two clusters in the programme with figures for 2022 (A) and 2023 (A, B), an applicant."""

    def setUp(self):
        super().setUp()
        self.ok("init")
        self.a, self.b = "襄阳高新区新能源汽车创新型产业集群", "天津滨海高新区计算机创新型产业集群"
        self.ok("cluster", "add", self.a, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        self.ok("cluster", "add", self.b, "--zone", "天津滨海高新区", "--industry", "3911",
                "--status", "pilot", "--date", "2021-08-10")
        self.ok("zone", "add", "示例高新区", "--province", "湖北", "--city", "襄阳市",
                "--level", "provincial")
        self.ok("cluster", "add", "示例高新区申报集群", "--zone", "示例高新区", "--industry", "3911",
                "--status", "applicant", "--date", "2023-03-01")
        c1, c2, c3 = (credit_code(p) for p in ("91420600MA4F00001", "91420600MA4F00012",
                                                "91120000MA4F00023"))
        header = "统一社会信用代码,企业名称,集群名称,年份,营业收入(万元),研发经费内部支出(万元),是否高新技术企业\n"
        rows = [(c1, "甲", self.a, 2022, 10000, 500, "否"), (c2, "乙", self.a, 2022, 10000, 300, "否"),
                (c1, "甲", self.a, 2023, 20000, 1000, "是"), (c2, "乙", self.a, 2023, 10000, 200, "否"),
                (c3, "丙", self.b, 2023, 5000, 500, "是")]
        path = os.path.join(self.tmp.name, "firms.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(header + "".join(",".join(map(str, r)) + "\n" for r in rows))
        self.ok("import", "enterprises", path)
        self.system = os.path.join(self.tmp.name, "small.yaml")
        with open(self.system, "w", encoding="utf-8") as f:
            f.write(SYSTEM)



class YearPath(Registry):
    """Clusters from the database: their metrics over the years up to --year feed the formulas."""

    def test_metrics_over_years(self):
        doc = self.ok("evaluate", "--system", self.system, "--year", "2023", "--format", "json").json()
        units = {u["name"]: u for u in doc["units"]}
        # The applicant is not in the programme; the bundled 2013 pilots have no figures.
        self.assertEqual(set(units), {self.a, self.b})
        a, b = units[self.a], units[self.b]
        # A 2023: R&D 1200万 over revenue 30000万 = 0.04; 1 of 2 firms high-tech; revenue mean
        # of 2023 and 2022 = (3e8 + 2e8) / 2 = 2.5e8 元. B: 500 / 5000 = 0.1, 1 of 1, no 2022.
        self.assertAlmostEqual(a["raw"]["rd_intensity"], 0.04)
        self.assertAlmostEqual(a["raw"]["high_tech_share"], 0.5)
        self.assertAlmostEqual(a["raw"]["revenue_2y"], 2.5e8)
        self.assertAlmostEqual(b["raw"]["rd_intensity"], 0.1)
        self.assertIsNone(b["raw"]["revenue_2y"])
        self.assertEqual((a["gates"]["scale"], b["gates"]["scale"]), ("pass", "undecided"))
        # B is best on R&D intensity and high-tech share: 100 against A's 0. Only A has a
        # two-year revenue mean: a constant column, 50. A = 0.4·0 + 0.4·0 + 0.2·50 = 10; B has
        # no revenue_2y, so its 0.4 + 0.4 carry the whole: 100.
        self.assertAlmostEqual(b["score"], 100)
        self.assertAlmostEqual(a["score"], 10)
        # In 2022 only A had figures: first of one. In 2023 second: down one place. B is new.
        self.assertEqual((a["rank"], a["rank_change"]), (2, -1))
        self.assertIsNone(b["rank_change"])
        # A's place among the two on each indicator: R&D 2nd, high-tech share 2nd, two-year
        # revenue 1st (alone). With three ranked indicators one strength and one weakness.
        self.assertEqual(a["strengths"], ["revenue_2y"])
        self.assertEqual(a["weaknesses"], ["high_tech_share"])


class TorchIicOnTheDemo(CliTest):
    """The shipped model system on the demo data set: every cluster with 2024 figures is ranked,
    and the revenue gate agrees with sums computed here with SQL from the enterprise rows."""

    def test_revenue_gate_and_ranks(self):
        self.ok("demo")
        doc = self.ok("evaluate", "--system", "torch-iic", "--year", "2024", "--format", "json").json()
        self.assertIn("SYNTHETIC", " ".join(doc["notes"]))
        sums = {}
        for cid, year, revenue in self.sql(
                "SELECT cluster_id, year, sum(revenue) FROM enterprise_year WHERE current = 1 "
                "AND year BETWEEN 2022 AND 2024 GROUP BY cluster_id, year"):
            sums.setdefault(str(cid), {})[year] = revenue
        self.assertGreater(len(doc["units"]), 100)
        for u in doc["units"]:
            years = sums[u["unit"]]
            if len(years) < 3 or None in years.values():
                expected = "undecided"
            else:
                expected = "pass" if sum(years.values()) / 3 >= 3e10 else "fail"
            self.assertEqual(u["gates"]["revenue_scale"], expected, u["name"])
            self.assertIsNotNone(u["rank"])
            self.assertIn(u["grade"], ["优秀", "良好", "合格", "不合格"])
        ranks = sorted(u["rank"] for u in doc["units"])
        self.assertEqual(ranks[0], 1)


class Explain(CliTest):
    def test_explains_a_unit_with_its_indicators_gates_and_peers(self):
        r = self.ok("explain", "B", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        self.assertIn("乙集群 — example", r.out)
        self.assertIn("名次 rank 2 / 4", r.out)
        self.assertIn("✗ 未通过 fail", r.out)  # revenue 150 < 200
        # Peers: A above (rank 1), D below (rank 3).
        tail = r.out.split("名次  名称")[-1]
        self.assertIn("甲集群", tail)
        self.assertIn("丁集群", tail)
        rows = self.ok("explain", "乙集群", "--system", "example", "--data", EXAMPLE_DATA,
                       "--format", "json", db=False).json()["rows"]
        by_id = {row["node"].strip(): row for row in rows}
        # B: R&D intensity 9 / 150 = 0.06, the best of the four → 100, weight 0.36 → 36 points.
        self.assertAlmostEqual(by_id["rd_intensity"]["raw"], 0.06)
        self.assertAlmostEqual(by_id["rd_intensity"]["contribution"], 36)
        self.assertEqual(by_id["rd_intensity"]["peer_rank"], 1)
        self.assertEqual(by_id["revenue"]["peer_rank"], 3)  # 150 is the lowest of three values

    def test_unknown_and_ambiguous_units(self):
        r = self.fails(2, "explain", "Z", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        self.assertIn("no unit 'Z'", r.err)
        r = self.fails(2, "explain", "集群", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        self.assertIn("matches 4 units", r.err)


AHP_SYSTEM = """id: ahp
name_zh: 层次分析示例
methods: {weighting: ahp}
index:
  id: index
  name_zh: 指数
  pairwise: [[1, 1], [1, 1]]
  children:
    - {id: scale, name_zh: 规模, children: [{id: revenue, name_zh: 营收}]}
    - id: innovation
      name_zh: 创新
      pairwise: [[1, 3], [1/3, 1]]
      children:
        - {id: rd_intensity, name_zh: 研发强度, formula: rd_expenditure / revenue}
        - {id: energy_per_output, name_zh: 能耗, polarity: negative}
"""

COMPLETE = """unit,revenue,rd_expenditure,energy_per_output
A,600,30,0.2
B,150,9,0.5
C,300,6,0.3
"""


def minmax(xs, negative=False):
    lo, hi = min(xs), max(xs)
    return [((hi - x) if negative else (x - lo)) / (hi - lo) * 100 for x in xs]


class Methods(CliTest):
    """The methods of the library in the pipeline, against hand arithmetic and plain Python."""

    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def scores(self, *args, data=EXAMPLE_DATA, system="example"):
        doc = self.ok("evaluate", "--system", system, "--data", data, "--format", "json", *args,
                      db=False).json()
        return {u["unit"]: u for u in doc["units"]}, doc

    def test_equal_weights(self):
        units, _ = self.scores("--weighting", "equal")
        # innovation = (R&D + energy) / 2: A (75 + 100)/2 = 87.5, B (100 + 0)/2 = 50;
        # index = (scale + innovation) / 2: A (100 + 87.5)/2 = 93.75, B (0 + 50)/2 = 25.
        self.assertAlmostEqual(units["A"]["score"], 93.75)
        self.assertAlmostEqual(units["B"]["score"], 25)
        self.assertAlmostEqual(units["D"]["score"], 100 / 3)  # energy alone, innovation alone

    def test_ahp_weights_from_the_pairwise_matrices(self):
        system = self.write("ahp.yaml", AHP_SYSTEM)
        units, doc = self.scores(system=system)
        # [[1, 3], [1/3, 1]] is consistent: weights 3/4 and 1/4. A: innovation 0.75·75 + 0.25·100
        # = 81.25, index (100 + 81.25)/2 = 90.625. B: 0.75·100 + 0 = 75, index (0 + 75)/2 = 37.5.
        self.assertAlmostEqual(units["A"]["score"], 90.625)
        self.assertAlmostEqual(units["B"]["score"], 37.5)
        weights = {n["id"]: n["weight_in_parent"] for n in doc["nodes"]}
        self.assertAlmostEqual(weights["rd_intensity"], 0.75)
        self.assertTrue(any("CR 0.0000" in line for line in doc["log"]), doc["log"])

    def test_entropy_weights_and_topsis_match_plain_python(self):
        data = self.write("complete.csv", COMPLETE)
        units, doc = self.scores("--weighting", "entropy", "--aggregate", "topsis", data=data)
        revenue = minmax([600, 150, 300])
        rd = minmax([30 / 600, 9 / 150, 6 / 300])
        energy = minmax([0.2, 0.5, 0.3], negative=True)

        def entropy(columns):
            m = len(columns[0])
            d = []
            for col in columns:
                total = sum(col)
                p = [x / total for x in col]
                e = -sum(q * math.log(q) for q in p if q > 0) / math.log(m)
                d.append(1 - e)
            return [x / sum(d) for x in d]

        def topsis(columns, w):
            norms = [math.sqrt(sum(x * x for x in col)) for col in columns]
            v = [[w[j] * columns[j][i] / norms[j] for j in range(len(columns))]
                 for i in range(len(columns[0]))]
            best = [max(row[j] for row in v) for j in range(len(columns))]
            worst = [min(row[j] for row in v) for j in range(len(columns))]
            out = []
            for row in v:
                dp = math.dist(row, best)
                dm = math.dist(row, worst)
                out.append(100 * dm / (dp + dm))
            return out

        w_innov = entropy([rd, energy])
        innovation = topsis([rd, energy], w_innov)
        scale = topsis([revenue], [1])  # one child: TOPSIS of a single column
        w_index = entropy([scale, innovation])
        index = topsis([scale, innovation], w_index)
        for i, code in enumerate("ABC"):
            self.assertAlmostEqual(units[code]["scores"]["innovation"], innovation[i], places=9)
            self.assertAlmostEqual(units[code]["score"], index[i], places=9)
        # Missing values stop TOPSIS with the unit and the advice, not a crash.
        r = self.fails(2, "evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                       "--aggregate", "topsis", db=False)
        self.assertIn("needs complete data", r.err)

    def test_no_grades_off_the_0_100_scale(self):
        units, doc = self.scores("--normalise", "zscore")
        self.assertTrue(all(u["grade"] is None for u in units.values()))
        self.assertTrue(any("no grades" in line for line in doc["log"]))


class Uncertainty(CliTest):
    def test_seeded_rank_intervals_and_the_replications_file(self):
        args = ["evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--format", "json",
                "--uncertainty", "300", "--seed", "11"]
        first = self.ok(*args, db=False).json()
        again = self.ok(*args, db=False).json()
        self.assertEqual([u["uncertainty"] for u in first["units"]],
                         [u["uncertainty"] for u in again["units"]], "a seed reproduces the result")
        self.assertEqual(first["uncertainty"]["replications"], 300)
        self.assertEqual(first["uncertainty"]["aggregate"], ["arithmetic", "geometric"])
        for u in first["units"]:
            q = u["uncertainty"]
            self.assertEqual(q["nominal_rank"], u["rank"])
            self.assertLessEqual(q["p5_rank"], q["median_rank"])
            self.assertLessEqual(q["median_rank"], q["p95_rank"])
            self.assertEqual(q["ranked"], 300)
        out = os.path.join(self.tmp.name, "reps.csv")
        self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--uncertainty", "50",
                "--replications-out", out, db=False)
        with open(out, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 50)
        self.assertTrue({r["aggregate"] for r in rows} <= {"arithmetic", "geometric"})
        self.assertTrue({r["normalise"] for r in rows} <= {"minmax", "rank"})

    def test_replications_out_needs_uncertainty(self):
        self.fails(1, "evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                   "--replications-out", os.path.join(self.tmp.name, "x.csv"), db=False)


class Runs(Registry):
    """Evaluations on the database are stored; runs show and compare read them back."""

    def test_stored_shown_and_compared(self):
        first = self.ok("evaluate", "--system", self.system, "--year", "2023", "--format", "json")
        self.assertIn("stored as run 1", first.err)
        self.ok("evaluate", "--system", self.system, "--year", "2022")
        listed = self.ok("runs", "list", "--format", "json").json()["rows"]
        self.assertEqual([(r["id"], r["system"], r["year"], r["revision"]) for r in listed],
                         [(1, "small", 2023, 1), (2, "small", 2022, 1)])
        shown = self.ok("runs", "show", "1", "--format", "json").json()["rows"]
        ranks = {u["unit"]: u["rank"] for u in first.json()["units"]}
        self.assertEqual({r["unit"]: r["rank"] for r in shown}, ranks)
        # 2022: only A had figures, first of one. 2023: A second, B first (new).
        compared = self.ok("runs", "compare", "2", "1", "--format", "json").json()["rows"]
        by_name = {r["name"]: r for r in compared}
        self.assertEqual((by_name[self.a]["rank_a"], by_name[self.a]["rank_b"],
                          by_name[self.a]["shift"]), (1, 2, -1))
        self.assertEqual((by_name[self.b]["rank_a"], by_name[self.b]["rank_b"]), (None, 1))
        self.fails(2, "runs", "show", "9")


class Sensitivity(CliTest):
    def test_sobol_indices_for_each_choice_reproducible_by_seed(self):
        args = ["evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--format", "json",
                "--sensitivity", "200", "--seed", "5"]
        first = self.ok(*args, db=False).json()["sensitivity"]
        self.assertEqual([f["factor"] for f in first], ["weights", "normalise", "aggregate"])
        for f in first:
            self.assertGreaterEqual(f["total"], 0)
            lo, hi = f["total_95"]
            self.assertLessEqual(lo, hi)
        self.assertEqual(self.ok(*args, db=False).json()["sensitivity"], first)
        table = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                        "--sensitivity", "50", db=False).out
        self.assertIn("总效应指数 ST", table)


class Audit(CliTest):
    def test_audit_of_the_worked_example(self):
        doc = self.ok("audit", "--system", "example", "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        ind = {r["indicator"]: r for r in doc["indicators"]}
        self.assertAlmostEqual(ind["revenue"]["availability"], 0.75)  # D has no revenue
        self.assertIsNone(ind["revenue"]["removal_shift"])  # the only child of scale
        # innovation's children on A, B, C (D lacks R&D intensity): R&D (75, 100, 0) against
        # energy (100, 0, 66.67): sxy = −2222.2, sxx = 5416.7, syy = 5185.2, r = −0.419.
        self.assertEqual(len(doc["pairs"]), 1)
        self.assertAlmostEqual(doc["pairs"][0]["r"], -2222.2222 / math.sqrt(5416.6667 * 5185.1852),
                               places=3)
        self.assertEqual(doc["pairs"][0]["flag"], "negative")
        self.assertEqual({n["node"] for n in doc["nodes"]}, {"index", "innovation"})
