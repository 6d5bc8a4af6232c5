"""Evaluation end to end: the worked example scored by hand, the ASEM index against an
independent implementation of COINr's min-max normalisation and weighted arithmetic means, the
--year path on a small registry, gates and what failing them does, missing indicators, a
province's own ranking, raw values under normalise none against the textbook formulas, expert
scores, and bad input."""
import csv
import json
import math
import os
import subprocess
import tempfile

from harness import BIN, CliTest, backends

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "../..")
EXAMPLE_DATA = os.path.join(ROOT, "data/systems/example.csv")
ASEM = os.path.join(ROOT, "tests/data/asem")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class WorkedExample(CliTest):
    """data/systems/example.{yaml,csv}, worked out by hand (docs/indicator-systems.md):

    revenue (亿元) A 600, B 150, C 300, D —: min-max over 150…600 → A 100, B 0, C 33.33, D —.
    rd_intensity = rd / revenue: A 0.05, B 0.06, C 0.02, D — → A 75, B 100, C 0, D —.
    energy_per_output (negative) A .2 B .5 C .3 D .4 → (0.5 − x)/0.3·100: A 100, B 0, C 66.67,
    D 33.33. innovation = 0.6·rd + 0.4·energy over what is present: A 85, B 60, C 26.67,
    D 33.33 (energy alone). index = 0.4·scale + 0.6·innovation: A 91, B 36, C 29.33, D 33.33.
    The gate revenue ≥ 200 (亿元) excludes B (150): ranks A 1, D 2, C 3, B none.
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
        # revenue ≥ 200 (亿元): A 600 passes, B 150 fails, C 300 passes, D has no revenue.
        self.assertEqual({c: u["gates"]["revenue_scale"] for c, u in units.items()},
                         {"A": "pass", "B": "fail", "C": "pass", "D": "undecided"})
        # Failing the gate excludes B: scored with the others, but neither ranked nor graded.
        # D cannot be decided and stays ranked.
        self.assertEqual({c: u["rank"] for c, u in units.items()},
                         {"A": 1, "B": None, "D": 2, "C": 3})
        self.assertEqual(units["B"]["excluded_by"], ["revenue_scale"])
        self.assertIsNone(units["B"]["grade"])
        self.assertEqual(units["B"]["uncapped_grade"], "不合格")  # 36 < 60
        self.assertEqual(units["D"]["excluded_by"], [])
        self.assertEqual(units["A"]["grade"], "优秀")
        self.assertEqual(doc["gates"], [{"id": "revenue_scale", "rule": "revenue >= 200",
                                         "message": "营业收入不低于200亿元", "effect": "exclude",
                                         "cap": None}])
        # D lacks revenue and so R&D intensity: 2 of 3 indicators missing.
        self.assertEqual({c: u["missing_indicators"] for c, u in units.items()},
                         {"A": 0, "B": 0, "C": 0, "D": 2})
        self.assertEqual(doc["population"]["scope"], "data")
        self.assertEqual(doc["population"]["units"], 4)
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
        for u in doc["units"]:  # D's missing indicators contribute nothing (null)
            points = [c for c in u["contributions"].values() if c is not None]
            self.assertAlmostEqual(sum(points), u["score"], places=9)
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
        # C 11.733 + 42 = 53.733, D 13.333 + 36 = 49.333. B is excluded by the gate.
        self.assertAlmostEqual(units["A"]["final_score"], 84.4)
        self.assertAlmostEqual(units["B"]["final_score"], 68.4)
        self.assertEqual(units["A"]["grade"], "良好")  # 84.4 < 85
        self.assertEqual([units[c]["rank"] for c in "ABCD"], [1, None, 2, 3])

    def test_expert_scores_by_cluster_name_and_the_units_without_one(self):
        # The usual Chinese headers: 集群名称 and 专家评分. D has no score (a blank cell) and C
        # is not listed: one warning names both, and neither gets a final score or a rank.
        path = os.path.join(self.tmp.name, "专家评分.csv")
        with open(path, "w", encoding="utf-8-sig") as f:
            f.write("集群名称,专家评分\n甲集群,80\n乙集群,90\n丁集群,\n")
        doc = self.run_json("--expert-scores", path)
        units = {u["unit"]: u for u in doc["units"]}
        self.assertAlmostEqual(units["A"]["final_score"], 84.4)
        self.assertIsNone(units["C"]["final_score"])
        self.assertIsNone(units["D"]["rank"])
        warnings = [line for line in doc["log"] if "no expert score" in line]
        self.assertEqual(warnings, ["warning: no expert score for 2 units (C, D): no final score, "
                                    "no rank"])
        # Warnings go to stderr in every format: standard output is the result alone.
        for fmt in ("table", "csv"):
            r = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                        "--expert-scores", path, "--format", fmt, db=False)
            self.assertEqual(r.err.count("no expert score"), 1, fmt)
            self.assertNotIn("no expert score", r.out, fmt)
        # A name the evaluation does not have: the row, the column and the closest name.
        with open(path, "w", encoding="utf-8") as f:
            f.write("集群,专家评分\n甲集群,80\n乙集君,90\n")
        r = self.fails(2, "evaluate", "--system", "example", "--data", EXAMPLE_DATA,
                       "--expert-scores", path, db=False)
        self.assertIn("row 3, column 集群: '乙集君' is not a unit of this evaluation (did you mean "
                      "'乙集群'", r.err)

    def test_table_and_xlsx(self):
        r = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        lines = r.out.splitlines()
        self.assertIn("甲集群", lines[2])  # best first, after the header and its rule
        # The excluded unit comes last, its failed gate in 门槛 and the effect in 门槛影响 (the
        # gate is not named twice); D's two missing indicators.
        self.assertIn("乙集群", lines[5])
        self.assertRegex(lines[5], r"✗revenue_scale +不排名 ")
        self.assertEqual(lines[5].count("revenue_scale"), 1)
        self.assertIn("缺失指标", lines[0])
        rows = list(csv.DictReader(self.ok("evaluate", "--system", "example", "--data",
                                           EXAMPLE_DATA, "--format", "csv", db=False)
                                   .out.splitlines()))
        self.assertEqual({r["unit"]: r["missing_indicators"] for r in rows},
                         {"A": "0", "B": "0", "C": "0", "D": "2"})
        self.assertEqual([r["rank"] for r in rows], ["1", "2", "3", ""])
        self.assertIn("scores relative to the 4 units of", r.out)
        self.assertIn("revenue_scale (exclude) 2 pass, 1 fail, 1 undecided", r.out)
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
        # Both fields the file lacks, in one line, each where example.yaml reads it.
        text = read(os.path.join(ROOT, "data/systems/example.yaml"))
        lines = text.splitlines()
        rd = next(i for i, l in enumerate(lines) if "formula: rd_expenditure" in l)
        energy = next(i for i, l in enumerate(lines) if "id: energy_per_output" in l)
        self.assertIn(f"example.yaml:{rd + 1}:{lines[rd].index('rd_exp') + 1}: unknown field "
                      f"'rd_expenditure' in the formula of 'rd_intensity'", r.err)
        self.assertIn(f"example.yaml:{energy + 1}:{lines[energy].index('energy') + 1}: unknown "
                      f"field 'energy_per_output' in the indicator of 'energy_per_output'", r.err)
        self.assertIn(f"checked against the columns of {missing}", r.err)
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


GATED = """id: gated
name_zh: 门槛效果
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营收}
grades:
  - {name: 优秀, min: 60}
  - {name: 合格, min: 30}
  - {name: 不合格, min: 0}
gates:
  - {id: top, rule: revenue >= 500, effect: cap, cap: 合格}
  - {id: note, rule: energy_per_output <= 0.3, effect: flag}
"""


class GateEffects(CliTest):
    """example.csv's revenue (亿元) 600, 150, 300, — → min-max over 150…600: A 100, B 0,
    C 33.33, D none (no revenue: no score). `top` (cap at 合格): B and C fail; C's 33.33 earns
    合格 already, B's 0 不合格 is below the cap. `note` (flag only): B (0.5) and D (0.4) fail and
    nothing follows from it."""

    def test_cap_and_flag(self):
        system = os.path.join(self.tmp.name, "gated.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(GATED.replace("revenue >= 500", "revenue >= 200"))
        doc = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        units = {u["unit"]: u for u in doc["units"]}
        # revenue ≥ 200: A and C pass, B fails. B's grade 不合格 is already below 合格.
        self.assertEqual(units["B"]["grade_capped_by"], ["top"])
        self.assertEqual(units["B"]["grade"], "不合格")
        self.assertEqual([units[c]["rank"] for c in "ABC"], [1, 3, 2])
        with open(system, "w", encoding="utf-8") as f:
            f.write(GATED)
        doc = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        units = {u["unit"]: u for u in doc["units"]}
        # revenue ≥ 500: only A passes. C's 33.33 earns 合格 — the cap changes nothing; no
        # unit is excluded, so every scored unit is ranked.
        self.assertEqual(units["C"]["grade_capped_by"], ["top"])
        self.assertEqual((units["C"]["grade"], units["C"]["uncapped_grade"]), ("合格", "合格"))
        self.assertEqual(units["B"]["gates"]["note"], "fail")
        self.assertEqual([units[c]["rank"] for c in "ABCD"], [1, 3, 2, None])
        self.assertEqual([g["effect"] for g in doc["gates"]], ["cap", "flag"])
        # A cap that bites: revenue ≥ 700 fails A too, whose 100 earns 优秀: capped to 合格.
        with open(system, "w", encoding="utf-8") as f:
            f.write(GATED.replace("revenue >= 500", "revenue >= 700"))
        doc = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        a = [u for u in doc["units"] if u["unit"] == "A"][0]
        self.assertEqual((a["rank"], a["grade"], a["uncapped_grade"]), (1, "合格", "优秀"))
        table = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, db=False).out
        a_row = next(line for line in table.splitlines() if "甲集群" in line)
        self.assertRegex(a_row, r"✗top +封顶 优秀→合格 ")
        # Failing a flag gate as well, A's effect names the gate that capped it.
        with open(system, "w", encoding="utf-8") as f:
            f.write(GATED.replace("revenue >= 500", "revenue >= 700").replace("<= 0.3", "<= 0.1"))
        table = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, db=False).out
        a_row = next(line for line in table.splitlines() if "甲集群" in line)
        self.assertRegex(a_row, r"✗top ✗note +封顶 优秀→合格 \(top\) ")
        explain = self.ok("explain", "A", "--system", system, "--data", EXAMPLE_DATA,
                          db=False).out
        self.assertIn("grade capped at 合格 by the gates top (its score earns 优秀)", explain)
        self.assertIn("等级封顶 cap at 合格", explain)

    def test_a_gate_no_unit_can_decide_is_an_error(self):
        system = os.path.join(self.tmp.name, "gated.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(GATED + "  - {id: history, rule: growth(revenue) > 0}\n")
        # A --data table is a single year: growth needs last year's revenue, which no unit has.
        r = self.fails(2, "evaluate", "--system", system, "--data", EXAMPLE_DATA, db=False)
        line = GATED.count("\n") + 1
        self.assertIn(f"gated.yaml:{line}: gate 'history' is undecided for every one of the 4 "
                      "units", r.err)


class Explained(CliTest):
    def test_weights_used_and_the_exclusion(self):
        rows = self.ok("explain", "D", "--system", "example", "--data", EXAMPLE_DATA, "--format",
                       "json", db=False).json()["rows"]
        by_id = {row["node"].strip(): row for row in rows}
        # D has energy only: the index's weight went to innovation (0.6 → 1) and innovation's to
        # energy (0.4 → 1); its effective weight stays 0.24.
        self.assertAlmostEqual(by_id["energy_per_output"]["weight"], 0.24)
        self.assertAlmostEqual(by_id["energy_per_output"]["weight_used"], 1.0)
        self.assertAlmostEqual(by_id["revenue"]["weight_used"], 0.0)
        out = self.ok("explain", "D", "--system", "example", "--data", EXAMPLE_DATA,
                      db=False).out
        self.assertIn("缺失 2 of 3 indicators have no value", out)
        b = self.ok("explain", "B", "--system", "example", "--data", EXAMPLE_DATA, db=False).out
        self.assertIn("excluded from the ranking by the gates revenue_scale (its score would earn "
                      "不合格)", b)
        self.assertIn("名次 rank —", b)


# Two indicators x (benefit) and c (cost), and raw values under normalise none.
RAW = """id: raw
name_zh: 原值
methods: {normalise: none, weighting: entropy, aggregate: topsis}
index:
  id: index
  name_zh: 指数
  children:
    - {id: x, name_zh: 效益}
    - {id: c, name_zh: 成本, polarity: negative}
"""


def entropy_weights(columns, cost):
    """The textbook entropy weights on raw values: p = x / Σx (1/x for a cost criterion)."""
    d = []
    for col, is_cost in zip(columns, cost):
        y = [1 / v for v in col] if is_cost else col
        p = [v / sum(y) for v in y]
        d.append(1 + sum(q * math.log(q) for q in p if q > 0) / math.log(len(col)))
    return [v / sum(d) for v in d]


def topsis(columns, w, cost, vector=True):
    """TOPSIS closeness × 100: vector normalisation (unless the values are normalised already),
    ideal = best of each column by its polarity."""
    n = len(columns[0])
    norms = [math.sqrt(sum(v * v for v in col)) if vector else 1 for col in columns]
    v = [[w[j] * columns[j][i] / norms[j] for j in range(len(columns))] for i in range(n)]
    pick = lambda j, best: (min if cost[j] == best else max)(row[j] for row in v)
    ideal = [pick(j, True) for j in range(len(columns))]
    anti = [pick(j, False) for j in range(len(columns))]
    return [100 * math.dist(row, anti) / (math.dist(row, ideal) + math.dist(row, anti))
            for row in v]


class RawValues(CliTest):
    """normalise none: entropy weights and TOPSIS as their textbooks state them, with a cost
    criterion; computed here in plain Python."""

    def test_entropy_and_topsis_with_a_cost_criterion(self):
        system = os.path.join(self.tmp.name, "raw.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(RAW)
        x, c = [2, 4, 6, 5], [1, 2, 4, 3]
        data = self.write_csv("raw.csv", ["unit", "x", "c"],
                              [[u, a, b] for u, a, b in zip("ABCD", x, c)])
        doc = self.ok("evaluate", "--system", system, "--data", data, "--format", "json",
                      db=False).json()
        w = entropy_weights([x, c], [False, True])
        nodes = {n["id"]: n for n in doc["nodes"]}
        self.assertAlmostEqual(nodes["x"]["weight_in_parent"], w[0], places=12)
        self.assertAlmostEqual(nodes["c"]["weight_in_parent"], w[1], places=12)
        expected = topsis([x, c], w, [False, True])
        for u, score in zip(doc["units"], expected):
            self.assertAlmostEqual(u["score"], score, places=9, msg=u["unit"])
        self.assertEqual(doc["methods"]["normalise"], "none")
        # The same with --normalise none over a system that normalises, and the refusal of a
        # mean, which cannot add raw values in different units.
        again = self.ok("evaluate", "--system", self.write_raw(RAW.replace("normalise: none",
                                                                           "normalise: minmax")),
                        "--data", data, "--normalise", "none", "--format", "json",
                        db=False).json()
        self.assertEqual([u["score"] for u in again["units"]], [u["score"] for u in doc["units"]])
        r = self.fails(2, "evaluate", "--system", system, "--data", data, "--aggregate",
                       "arithmetic", db=False)
        self.assertIn("normalise none hands 'index' the raw values of its indicators", r.err)
        r = self.fails(2, "systems", "validate", self.write_raw(RAW.replace(", aggregate: topsis",
                                                                            "")))
        self.assertIn("aggregate arithmetic cannot combine", r.out)

    def test_entropy_on_raw_values_needs_shares(self):
        # A loss (negative profit) has no share of a total: the unit and indicator are named.
        system = self.write_raw(RAW)
        data = self.write_csv("raw.csv", ["unit", "name", "x", "c"],
                              [["A", "甲", 2, 1], ["B", "乙", -4, 2], ["C", "丙", 6, 4]])
        r = self.fails(2, "evaluate", "--system", system, "--data", data, db=False)
        self.assertIn("B (乙) has -4 for 'x'; entropy needs values of 0 or more", r.err)

    def write_raw(self, text):
        path = os.path.join(self.tmp.name, "raw-mean.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_topsis_takes_normalised_values_as_they_are(self):
        # After min-max (polarity applied) TOPSIS uses the values directly: v = w·z. Equal
        # weights; x = (2, 4, 6, 5) → (0, 50, 100, 75); c = (1, 2, 4, 3), a cost → (100, 66.67,
        # 0, 33.33).
        system = os.path.join(self.tmp.name, "mm.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(RAW.replace("normalise: none, weighting: entropy", "normalise: minmax"))
        data = self.write_csv("raw.csv", ["unit", "x", "c"],
                              [["A", 2, 1], ["B", 4, 2], ["C", 6, 4], ["D", 5, 3]])
        doc = self.ok("evaluate", "--system", system, "--data", data, "--format", "json",
                      db=False).json()
        z = [[0, 50, 100, 75], [100, 200 / 3, 0, 100 / 3]]
        expected = topsis(z, [0.5, 0.5], [False, False], vector=False)
        for u, score in zip(doc["units"], expected):
            self.assertAlmostEqual(u["score"], score, places=9, msg=u["unit"])


class Range(CliTest):
    def test_min_max_onto_the_range_the_system_sets(self):
        # methods.range [1, 100]: revenue 150…600 → A 100, B 1, C 1 + 150/450·99 = 34; energy
        # (cost) 0.2…0.5 → A 100, B 1, C 1 + 0.2/0.3·99 = 67, D 1 + 0.1/0.3·99 = 34.
        text = read(os.path.join(ROOT, "data/systems/example.yaml"))
        system = os.path.join(self.tmp.name, "range.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(text.replace("  aggregate: arithmetic\n",
                                 "  aggregate: arithmetic\n  range: [1, 100]\n"))
        doc = self.ok("evaluate", "--system", system, "--data", EXAMPLE_DATA, "--format", "json",
                      db=False).json()
        units = {u["unit"]: u for u in doc["units"]}
        self.assertAlmostEqual(units["C"]["scores"]["revenue"], 34)
        self.assertAlmostEqual(units["B"]["scores"]["revenue"], 1)
        self.assertAlmostEqual(units["C"]["scores"]["energy_per_output"], 67)
        self.assertAlmostEqual(units["D"]["scores"]["energy_per_output"], 34)
        self.assertEqual(doc["methods"]["range"], [1, 100])


class Registry(CliTest):
    """Two clusters in the programme with figures for 2021 and 2022 (A) and 2023 (A, B), an
    applicant."""

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
        rows = [(c1, "甲", self.a, 2021, 30000, 600, "否"),
                (c1, "甲", self.a, 2022, 10000, 500, "否"), (c2, "乙", self.a, 2022, 10000, 300, "否"),
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


_demo = {}  # the demo data set, made by the first test that needs it: its directory, database


def demo_database():
    """The demo data set, generated once for the module (on the database the tests run on)."""
    if not _demo:
        directory = tempfile.TemporaryDirectory()
        _demo.update(dir=directory, db=backends.new_database(directory.name))  # tearDownModule
        proc = subprocess.run([BIN, "--db", _demo["db"], "demo"], capture_output=True, text=True)
        _demo["error"] = f"exit {proc.returncode}\n{proc.stderr}" if proc.returncode else None
    if _demo["error"]:
        raise AssertionError(f"the demo data set could not be made: {_demo['error']}")
    return _demo["db"]


def tearDownModule():
    if _demo:
        backends.drop_database(_demo["db"])
        _demo["dir"].cleanup()


class OnTheDemo(CliTest):
    """The demo data set (demo_database); each test works on its own copy."""

    def setUp(self):
        demo = demo_database()
        super().setUp()
        backends.copy_database(demo, self.db)


class TorchIicOnTheDemo(OnTheDemo):
    """The shipped model system on the demo data set: the revenue gate agrees with sums computed
    here with SQL from the enterprise rows, and a cluster failing any of the 2026 thresholds is
    neither ranked nor graded."""

    def test_revenue_gate_and_ranks(self):
        doc = self.ok("evaluate", "--system", "torch-iic", "--year", "2024", "--format", "json").json()
        self.assertIn("SYNTHETIC", " ".join(doc["notes"]))
        sums = {}
        for cid, year, revenue in self.sql(
                "SELECT cluster_id, year, sum(revenue) FROM enterprise_year WHERE current = 1 "
                "AND year BETWEEN 2022 AND 2024 GROUP BY cluster_id, year"):
            sums.setdefault(str(cid), {})[year] = revenue
        self.assertGreater(len(doc["units"]), 100)
        self.assertEqual({g["effect"] for g in doc["gates"]}, {"exclude"})
        ranked = []
        for u in doc["units"]:
            years = sums[u["unit"]]
            if len(years) < 3 or None in years.values():
                expected = "undecided"
            else:
                expected = "pass" if sum(years.values()) / 3 >= 3e10 else "fail"
            self.assertEqual(u["gates"]["revenue_scale"], expected, u["name"])
            failed = sorted(g for g, outcome in u["gates"].items() if outcome == "fail")
            self.assertEqual(sorted(u["excluded_by"]), failed, u["name"])
            if failed:
                self.assertIsNone(u["rank"], u["name"])
                self.assertIsNone(u["grade"], u["name"])
            else:
                ranked.append(u)
                self.assertIn(u["grade"], ["优秀", "良好", "合格", "不合格"])
        # Some clusters are excluded and some ranked; the eligible ones hold ranks 1, 2, 3 …
        # in the order of their final scores.
        self.assertTrue(0 < len(ranked) < len(doc["units"]))
        ranked.sort(key=lambda u: -u["final_score"])
        self.assertEqual([u["rank"] for u in ranked], list(range(1, len(ranked) + 1)))

    def test_a_mistyped_field_is_refused_by_validate_and_evaluate(self):
        text = read(os.path.join(ROOT, "data/systems/torch-iic.yaml"))
        typo = text.replace("qualified_firms >= firms / 3", "qualified_firms >= firms / 3 and "
                            "hightech_share > 0").replace("rule: national_platforms +",
                                                          "rule: national_platform +")
        path = os.path.join(self.tmp.name, "typo.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(typo)
        lines = typo.splitlines()
        where = {}
        for name in ("national_platform ", "hightech_share"):
            n = next(i for i, l in enumerate(lines) if name in l)
            where[name.strip()] = f"{path}:{n + 1}:{lines[n].index(name) + 1}"
        r = self.fails(2, "systems", "validate", path)
        self.assertEqual(r.out.splitlines(), [
            f"{where['national_platform']}: unknown field 'national_platform' in the rule of gate "
            "'platforms' (did you mean 'national_platforms'?)",
            f"{where['hightech_share']}: unknown field 'hightech_share' in the rule of gate "
            "'chain_firms' (did you mean 'high_tech_share'?)"])
        self.assertIn("2 problems", r.err)
        # evaluate names both in its one line, before computing anything.
        r = self.fails(2, "evaluate", "--system", path, "--year", "2024")
        self.assertIn(f"{where['national_platform']}: unknown field 'national_platform'", r.err)
        self.assertIn(f"{where['hightech_share']}: unknown field 'hightech_share'", r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM evaluation_run"), [(0,)])


# One indicator, revenue, min-max: a province's best cluster scores 100, its weakest 0.
REVENUE = """id: revenue
name_zh: 营收
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营业收入}
"""


class ProvinceRanking(OnTheDemo):
    def test_a_province_ranked_among_itself(self):
        system = os.path.join(self.tmp.name, "revenue.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(REVENUE)
        national = self.ok("evaluate", "--system", system, "--year", "2024", "--format",
                           "json").json()
        hubei = self.ok("evaluate", "--system", system, "--year", "2024", "--province", "湖北",
                        "--format", "json").json()
        province = dict(self.sql("SELECT id, province_code FROM cluster"))
        expected = {u["unit"] for u in national["units"] if province[int(u["unit"])] == "420000"}
        self.assertEqual({u["unit"] for u in hubei["units"]}, expected)
        self.assertGreater(len(expected), 2)
        # Normalised among themselves: revenue from SQL, min-max over Hubei's clusters only.
        revenue = {str(cid): v for cid, v in self.sql(
            "SELECT cluster_id, sum(revenue) FROM enterprise_year WHERE current = 1 AND "
            "year = 2024 GROUP BY cluster_id")}
        values = [revenue[c] for c in expected]
        lo, hi = min(values), max(values)
        for u in hubei["units"]:
            self.assertAlmostEqual(u["score"], (revenue[u["unit"]] - lo) / (hi - lo) * 100,
                                   places=6)
        self.assertEqual(sorted(u["rank"] for u in hubei["units"]),
                         list(range(1, len(expected) + 1)))
        self.assertEqual(hubei["population"], {
            "scope": "province", "province": "420000", "province_name": "湖北省",
            "units": len(expected),
            "text": f"relative to the {len(expected)} clusters of 湖北省 in the programme at the "
                    "end of 2024 with figures for it"})
        self.assertEqual(national["population"]["scope"], "national")
        table = self.ok("evaluate", "--system", system, "--year", "2024", "--province", "420000")
        self.assertIn(f"scores relative to the {len(expected)} clusters of 湖北省", table.out)
        stored = self.ok("runs", "list", "--format", "json").json()["rows"]
        self.assertEqual(len(stored), 3)
        shown = self.ok("runs", "show", str(stored[-1]["id"])).out
        self.assertIn("湖北省", shown)
        self.fails(2, "evaluate", "--system", system, "--year", "2024", "--province", "火星")
        self.fails(1, "evaluate", "--system", system, "--data", EXAMPLE_DATA, "--province", "湖北")


class Explain(CliTest):
    def test_explains_a_unit_with_its_indicators_gates_and_peers(self):
        r = self.ok("explain", "D", "--system", "example", "--data", EXAMPLE_DATA, db=False)
        self.assertIn("丁集群 — example", r.out)
        self.assertIn("名次 rank 2 / 3", r.out)  # B is excluded: three units are ranked
        self.assertIn("? 数据缺失 undecided", r.out)  # D reported no revenue
        # Peers: A above (rank 1), C below (rank 3).
        tail = r.out.split("名次  名称")[-1]
        self.assertIn("甲集群", tail)
        self.assertIn("丙集群", tail)
        b = self.ok("explain", "B", "--system", "example", "--data", EXAMPLE_DATA, db=False).out
        self.assertIn("✗ 未通过 fail", b)  # revenue 150 < 200
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

        # TOPSIS on values normalised already takes them as they are (v = w·z): a second, vector
        # normalisation would re-weight the columns by their norms.
        def closeness(columns, w):
            return topsis(columns, w, [False] * len(columns), vector=False)

        w_innov = entropy([rd, energy])
        innovation = closeness([rd, energy], w_innov)
        scale = closeness([revenue], [1])  # one child: TOPSIS of a single column
        w_index = entropy([scale, innovation])
        index = closeness([scale, innovation], w_index)
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
            if u["excluded_by"]:  # B: excluded by its gate in every replication too
                self.assertEqual((q["ranked"], q["median_rank"]), (0, None))
                continue
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

    def test_a_run_stored_before_gates_had_effects_still_shows(self):
        # The JSON of an evaluation stored before issue 13: no excluded_by, population, gates.
        old = {"system": {"id": "small"}, "input": "x year 2023",
               "units": [{"unit": "1", "name": "甲", "rank": 2, "score": 10.0,
                          "final_score": 10.0, "grade": None, "gates": {"scale": "pass"}},
                         {"unit": "2", "name": "乙", "rank": 1, "score": 100.0,
                          "final_score": 100.0, "grade": None, "gates": {"scale": "undecided"}}],
               "log": []}
        self.sql_write("INSERT INTO evaluation_run (system_id, system_sha256, input, year, "
                       "methods, units, result, operator, created_at) VALUES ('small', '', "
                       "'x year 2023', 2023, 'minmax / manual / arithmetic', 2, ?, 'tester', "
                       "'2025-01-01')", (json.dumps(old, ensure_ascii=False),))
        rows = self.ok("runs", "show", "1", "--format", "json").json()["rows"]
        self.assertEqual([(r["unit"], r["rank"], r["excluded_by"]) for r in rows],
                         [("2", 1, None), ("1", 2, None)])


class SuppliedFields(Registry):
    def test_a_field_nobody_imported_names_the_column_that_supplies_it(self):
        # The registry's firms reported revenue, R&D and the high-tech flag only: torch-iic's
        # patents per 10,000 staff have nothing to come from.
        r = self.fails(2, "evaluate", "--system", "torch-iic", "--year", "2023")
        self.assertIn("no cluster evaluated has granted_patents_per_10k_staff (每万名从业人员发明专利授权) "
                      "for 2023 or before; it comes from import enterprises: 发明专利授权, 从业人员",
                      r.err)
        self.assertIn("torch-iic.yaml:", r.err)


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
