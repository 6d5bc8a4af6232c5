"""`clusteratlas reliability` end to end: Shrout & Fleiss's published ICCs on their Table 2 written
as a round's long table; a nested round (each application its own panel) in GBK with Chinese
headers and an XLSX workbook, checked against the statistics re-implemented here from their
textbook definitions (docs/methods.md §7) in plain Python (ctest's interpreter need not have
NumPy); bad input refused with its row; and the JSON document valid against
docs/schemas/reliability.schema.json in every shape it takes."""
import copy
import csv
import io
import json
import itertools
import math
import os
import random
import statistics

from harness import CliTest
from office_files import Number, write_csv, write_xlsx

# Shrout, P. E. & Fleiss, J. L. (1979), Psychological Bulletin 86(2), Table 2: six targets, four
# judges; Table 4 gives ICC(1,1) .17, ICC(2,1) .29, ICC(3,1) .71, ICC(1,4) .44, ICC(2,4) .62,
# ICC(3,4) .91.
SHROUT_FLEISS = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
SAMPLE = os.path.join(ROOT, "data/samples/review-scores.csv")


def trimmed(scores):
    """Drop one highest and one lowest with three or more scores (去掉一个最高分和一个最低分)."""
    s = sorted(scores)
    return sum(s[1:-1]) / (len(s) - 2) if len(s) >= 3 else sum(s) / len(s)


def alpha_interval(units):
    """Krippendorff's alpha by its definition with every pair written out (O(n²), fine here):
    units is a list of lists of values; units with one value are not pairable."""
    units = [u for u in units if len(u) >= 2]
    values = [v for u in units for v in u]
    n = len(values)
    d_o = sum(sum((a - b) ** 2 for a, b in itertools.permutations(u, 2)) / (len(u) - 1)
              for u in units) / n
    d_e = sum((a - b) ** 2 for a, b in itertools.permutations(values, 2)) / (n * (n - 1))
    return 1 - d_o / d_e


def one_way_icc(units):
    """One-way random ICC(1) with k0 for unequal group sizes (Snedecor & Cochran)."""
    units = [u for u in units if len(u) >= 2]
    k = [len(u) for u in units]
    N, n = sum(k), len(units)
    grand = sum(map(sum, units)) / N
    mean = [sum(u) / len(u) for u in units]
    bms = sum(len(u) * (m - grand) ** 2 for u, m in zip(units, mean)) / (n - 1)
    wms = sum((v - m) ** 2 for u, m in zip(units, mean) for v in u) / (N - n)
    k0 = (N - sum(x * x for x in k) / N) / (n - 1)
    return (bms - wms) / (bms + (k0 - 1) * wms), (bms - wms) / bms, k0


def nested_round(seed=7, apps=40, experts=30, per=5):
    """Each application scored by `per` experts drawn at random; experts differ in leniency."""
    rng = random.Random(seed)
    lean = {f"专家{e:02d}": rng.gauss(0, 6) for e in range(experts)}
    rows = []
    for a in range(apps):
        quality = rng.gauss(72, 9)
        for e in rng.sample(sorted(lean), per):
            rows.append((f"申报{a:03d}", e, round(min(100, max(0, quality + lean[e] + rng.gauss(0, 5))), 1)))
    return rows


def objects(doc, path=()):
    """The path of every object in the document, itself first (an array's first item stands for
    all its items)."""
    if isinstance(doc, dict):
        yield path
        for key, value in doc.items():
            yield from objects(value, path + (key,))
    elif isinstance(doc, list) and doc:
        yield from objects(doc[0], path + (0,))


def at(doc, path):
    for key in path:
        doc = doc[key]
    return doc


class Reliability(CliTest):
    def run_json(self, path, *extra):
        return self.ok("reliability", "--scores", path, "--format", "json", *extra, db=False).json()

    def validator(self):
        jsonschema = __import__("jsonschema")  # only this test needs it
        with open(os.path.join(ROOT, "docs/schemas/reliability.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    def valid(self, path, *extra):
        """The document of one run, validated against docs/schemas/reliability.schema.json."""
        doc = self.run_json(path, *extra)
        errors = sorted(self.validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
        self.assertEqual([], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]],
                         f"{os.path.basename(path)} {' '.join(extra)}")
        return doc

    def test_shrout_fleiss_table_2_as_a_crossed_round(self):
        rows = [(f"T{i + 1}", f"J{j + 1}", v) for i, r in enumerate(SHROUT_FLEISS) for j, v in enumerate(r)]
        path = self.write_csv("sf.csv", ["application", "expert", "score"], rows)
        doc = self.run_json(path)
        self.assertEqual(doc["design"]["kind"], "crossed")
        two = doc["reliability"]["icc_two_way"]
        for key, published in [("icc_1_1", .17), ("icc_2_1", .29), ("icc_3_1", .71),
                               ("icc_1_k", .44), ("icc_2_k", .62), ("icc_3_k", .91)]:
            self.assertAlmostEqual(two[key], published, delta=0.005, msg=key)
        # The mean squares from the ANOVA definitions.
        x = SHROUT_FLEISS
        n, k = len(x), len(x[0])
        g = sum(map(sum, x)) / (n * k)
        r = [sum(row) / k for row in x]
        c = [sum(row[j] for row in x) / n for j in range(k)]
        self.assertAlmostEqual(two["bms"], k * sum((ri - g) ** 2 for ri in r) / (n - 1), places=10)
        self.assertAlmostEqual(two["jms"], n * sum((cj - g) ** 2 for cj in c) / (k - 1), places=10)
        ems = sum((x[i][j] - r[i] - c[j] + g) ** 2 for i in range(n) for j in range(k))
        self.assertAlmostEqual(two["ems"], ems / ((n - 1) * (k - 1)), places=10)
        self.assertAlmostEqual(doc["reliability"]["icc_one_way"]["icc_1_1"], two["icc_1_1"], places=12)
        self.assertAlmostEqual(doc["reliability"]["krippendorff_alpha_interval"]["alpha"],
                               alpha_interval(SHROUT_FLEISS), places=12)
        # Kendall's W on the whole table (no ties within a judge? judge 1 has 6, 6; judge 2 has
        # 1, 1 and 2, 2; judge 4 has 8, 8): mid-ranks and the tie correction by hand here.
        (w,) = doc["reliability"]["kendall_w"]
        rank_sum = [0.0] * n
        ties = 0
        for j in range(k):
            col = [row[j] for row in x]
            for i in range(n):
                below = sum(1 for v in col if v < col[i])
                rank_sum[i] += below + (col.count(col[i]) + 1) / 2
            ties += sum(t ** 3 - t for t in (col.count(v) for v in set(col)))
        s = sum((R - k * (n + 1) / 2) ** 2 for R in rank_sum)
        self.assertAlmostEqual(w["w"], 12 * s / (k * k * (n ** 3 - n) - k * ties), places=12)
        self.assertEqual(w["ties"], ties)
        self.assertEqual(len(w["experts"]), 4)

    def test_a_nested_round_in_gbk_with_chinese_headers(self):
        rows = nested_round()
        path = write_csv(os.path.join(self.tmp.name, "评审.csv"),
                         [["申报项目", "评审专家", "评分"]] + [[a, e, str(s)] for a, e, s in rows])
        doc = self.run_json(path)
        self.assertEqual(doc["design"]["kind"], "nested")
        self.assertIsNone(doc["reliability"]["icc_two_way"])
        self.assertTrue(any("crossed design" in n for n in doc["reliability"]["notes"]))
        by_app = {}
        for a, e, s in rows:
            by_app.setdefault(a, []).append(s)
        got = {r["application"]: r for r in doc["applications"]}
        self.assertEqual(list(got), list(by_app))  # the file's order
        for a, scores in by_app.items():
            self.assertEqual(got[a]["count"], 5)
            self.assertAlmostEqual(got[a]["mean"], sum(scores) / 5, places=10)
            self.assertAlmostEqual(got[a]["trimmed_mean"], trimmed(scores), places=10)
        # Competition ranks by trimmed mean, highest first.
        order = sorted(by_app, key=lambda a: -trimmed(by_app[a]))
        for a in by_app:
            higher = sum(1 for b in by_app if trimmed(by_app[b]) > trimmed(by_app[a]) + 1e-12)
            self.assertEqual(got[a]["rank"], higher + 1)
        self.assertEqual(got[order[0]]["rank"], 1)
        units = list(by_app.values())
        self.assertAlmostEqual(doc["reliability"]["krippendorff_alpha_interval"]["alpha"],
                               alpha_interval(units), places=10)
        icc1, icc1k, k0 = one_way_icc(units)
        one = doc["reliability"]["icc_one_way"]
        self.assertAlmostEqual(one["icc_1_1"], icc1, places=10)
        self.assertAlmostEqual(one["icc_1_k"], icc1k, places=10)
        self.assertAlmostEqual(one["k0"], k0, places=12)
        self.assertEqual(one["k0"], 5)
        table = self.ok("reliability", "--scores", path, db=False).out
        self.assertIn("not computed: needs a crossed design", table)

    def test_normalise_maps_each_expert_back_to_the_pooled_scale(self):
        rows = nested_round(seed=3, apps=25)
        path = self.write_csv("r.csv", ["application", "expert", "score"], rows)
        doc = self.run_json(path, "--normalise")
        pooled = [s for _, _, s in rows]
        m, sd = statistics.fmean(pooled), statistics.stdev(pooled)
        self.assertAlmostEqual(doc["normalisation"]["pooled_mean"], m, places=10)
        self.assertAlmostEqual(doc["normalisation"]["pooled_sd"], sd, places=10)
        by_expert = {}
        for _, e, s in rows:
            by_expert.setdefault(e, []).append(s)
        kept = sorted(e for e, v in by_expert.items() if len(v) < 2 or len(set(v)) == 1)
        self.assertEqual(sorted(doc["normalisation"]["unnormalised_experts"]), kept)
        norm = {}
        for a, e, s in rows:
            v = by_expert[e]
            z = s if e in kept else m + sd * (s - statistics.fmean(v)) / statistics.stdev(v)
            norm.setdefault(a, []).append(z)
        got = {r["application"]: r for r in doc["applications"]}
        for a, z in norm.items():
            self.assertAlmostEqual(got[a]["normalised_mean"], sum(z) / len(z), places=9)
            self.assertAlmostEqual(got[a]["normalised_trimmed_mean"], trimmed(z), places=9)
        best = max(norm, key=lambda a: trimmed(norm[a]))
        self.assertEqual(got[best]["rank"], 1)

    def test_flags_an_expert_far_from_the_panel(self):
        # Three applications scored by A, B, C, D; D gives 40 below the others (base, base + 2,
        # base − 2): D's deviation from the median of the others is −40 (> 20 points), every
        # time: severe (mean −40 < −10). A, B, C are within 4 points of the median of theirs
        # (A: base − (base − 2) = 2, B: 4, C: −2), so only D is flagged.
        rows = []
        for a, base in (("X", 80), ("Y", 70), ("Z", 90)):
            rows += [(a, "A", base), (a, "B", base + 2), (a, "C", base - 2), (a, "D", base - 40)]
        path = self.write_csv("f.csv", ["application", "expert", "score"], rows)
        doc = self.run_json(path)
        (d,) = doc["flags"]["experts"]
        self.assertEqual(d["expert"], "D")
        self.assertTrue(d["severe"])
        self.assertEqual(d["flagged_scores"], 3)
        self.assertAlmostEqual(d["mean_deviation"], -40)
        self.assertEqual([(s["application"], s["row"]) for s in doc["flags"]["scores"]],
                         [("X", 5), ("Y", 9), ("Z", 13)])
        # Raising the threshold past 40 points leaves the scores unflagged, the pattern flagged.
        doc = self.run_json(path, "--flag-points", "45")
        self.assertEqual(doc["flags"]["scores"], [])
        self.assertTrue(doc["flags"]["experts"][0]["severe"])

    def test_flag_points_is_measured_from_the_median_of_the_others_as_its_help_says(self):
        # D's 20 against the others' 90, 88 and 50: the median of the others is 88 (deviation
        # −68), their mean 76 (deviation −56). At 60 points the median flags it, the mean would
        # not. The other applications keep the round from being one application.
        others = [90, 88, 50]
        median = statistics.median(others)
        rows = [("X", e, v) for e, v in zip("ABC", others)] + [("X", "D", 20)]
        rows += [(a, e, 70) for a in "YZ" for e in "ABCD"]
        path = self.write_csv("m.csv", ["application", "expert", "score"], rows)
        doc = self.run_json(path, "--flag-points", "60")
        flagged = [s for s in doc["flags"]["scores"] if s["expert"] == "D"]
        self.assertEqual([(s["application"], s["consensus"], s["deviation"]) for s in flagged],
                         [("X", median, 20 - median)])
        self.assertGreater(20 - sum(others) / len(others), -60)
        help_text = " ".join(self.ok("reliability", "--help", db=False).out.split())
        self.assertIn("--flag-points", help_text)
        flag_help = help_text.split("--flag-points", 1)[1].split("--lenience-points", 1)[0]
        self.assertIn("median of the other scores", flag_help)
        self.assertNotIn("mean", flag_help)

    def test_xlsx_table_and_csv_output(self):
        rows = [("集群甲", "张三", 85), ("集群甲", "李四", 80), ("集群甲", "王五", 90),
                ("集群乙", "张三", 70), ("集群乙", "李四", 72), ("集群乙", "王五", 60)]
        path = os.path.join(self.tmp.name, "scores.xlsx")
        write_xlsx(path, [["评审打分"], ["申请", "专家", "得分"]] +
                   [[a, e, Number(s)] for a, e, s in rows], merged=["A1:C1"])
        table = self.ok("reliability", "--scores", path, db=False).out
        self.assertIn("Krippendorff alpha (interval)", table)
        self.assertIn("去最高最低平均", table)
        self.assertIn("ICC(3,1)", table)  # crossed: every form applies
        out = os.path.join(self.tmp.name, "r.csv")
        self.ok("reliability", "--scores", path, "--format", "csv", "--output", out, db=False)
        with open(out, encoding="utf-8-sig") as f:
            got = list(csv.DictReader(f))
        self.assertEqual([r["application"] for r in got], ["集群甲", "集群乙"])
        self.assertEqual([r["trimmed_mean"] for r in got], ["85", "70"])
        self.assertEqual([r["rank"] for r in got], ["1", "2"])

    def test_a_blank_score_is_not_scored_never_zero(self):
        path = self.write_csv("b.csv", ["application", "expert", "score"],
                              [("A", "x", 80), ("A", "y", ""), ("A", "z", 90), ("B", "x", 60)])
        r = self.ok("reliability", "--scores", path, "--format", "json", db=False)
        doc = r.json()
        a = doc["applications"][0]
        self.assertEqual((a["count"], a["mean"], a["trimmed_mean"]), (2, 85, 85))
        self.assertEqual(doc["design"]["not_scored"], 1)
        self.assertIn("1 row has no score", r.err)

    def test_json_documents_match_their_schema(self):
        header = ["application", "expert", "score"]
        # The sample: unbalanced (an unscored row), three panels for Kendall's W, experts flagged
        # lenient and severe.
        doc = self.valid(SAMPLE)
        self.assertEqual(doc["design"]["kind"], "unbalanced")
        self.assertIsNone(doc["reliability"]["icc_two_way"])
        self.assertIsNone(doc["normalisation"])
        self.assertEqual(len(doc["reliability"]["kendall_w"]), 3)
        self.assertTrue(doc["flags"]["experts"])
        self.assertNotIn("normalised_mean", doc["applications"][0])
        doc = self.valid(SAMPLE, "--normalise")
        self.assertIsInstance(doc["normalisation"], dict)
        self.assertIn("normalised_trimmed_mean", doc["applications"][0])
        # A balanced complete (crossed) table: the two-way ICCs are an object; with --normalise too.
        crossed = self.write_csv("sf.csv", header, [(f"T{i + 1}", f"J{j + 1}", v)
                                                    for i, r in enumerate(SHROUT_FLEISS)
                                                    for j, v in enumerate(r)])
        for extra in ((), ("--normalise",)):
            doc = self.valid(crossed, *extra)
            self.assertEqual(doc["design"]["kind"], "crossed")
            self.assertEqual(sorted(doc["reliability"]["icc_two_way"]),
                             sorted(["n", "k", "icc_1_1", "icc_2_1", "icc_3_1", "icc_1_k",
                                     "icc_2_k", "icc_3_k", "bms", "wms", "jms", "ems"]))
        # Nested: equal panels of their own, no two-way ICC, no complete panel for W.
        nested = self.write_csv("nested.csv", header, nested_round(seed=5, apps=12))
        doc = self.valid(nested)
        self.assertEqual(doc["design"]["kind"], "nested")
        self.assertIsNone(doc["reliability"]["icc_two_way"])
        # Flagged scores (D 40 points below the others, crossed), every part of the document filled.
        rows = []
        for a, base in (("X", 80), ("Y", 70), ("Z", 90)):
            rows += [(a, "A", base), (a, "B", base + 2), (a, "C", base - 2), (a, "D", base - 40)]
        flagged = self.write_csv("flagged.csv", header, rows)
        doc = self.valid(flagged, "--normalise")
        self.assertEqual(len(doc["flags"]["scores"]), 3)
        # The nulls: an application without a score (means and rank null), too few scores for
        # alpha and the one-way ICC (every figure null), experts kept as scored.
        thin = self.write_csv("thin.csv", header, [("A", "x", 80), ("B", "x", ""), ("C", "y", 60)])
        doc = self.valid(thin, "--normalise")
        b = doc["applications"][1]
        self.assertEqual((b["count"], b["mean"], b["normalised_mean"], b["rank"]), (0, None, None, None))
        self.assertIsNone(doc["reliability"]["krippendorff_alpha_interval"]["alpha"])
        self.assertIsNone(doc["reliability"]["icc_one_way"]["k0"])
        self.assertEqual(doc["reliability"]["kendall_w"], [])
        self.assertEqual(doc["normalisation"]["unnormalised_experts"], ["x", "y"])
        # One application scored three times: alpha would be 0 whatever the scores (its D_e is
        # its own D_o), so it has no value; nor have the one-way ICC's figures.
        one = self.write_csv("one.csv", header, [("A", "x", 70), ("A", "y", 80), ("A", "z", 90)])
        doc = self.valid(one)
        alpha = doc["reliability"]["krippendorff_alpha_interval"]
        self.assertEqual((alpha["alpha"], alpha["units"]), (None, 1))
        # Σ_{i≠j} (v_i − v_j)² = 2 (100 + 400 + 100) = 1200: D_o = 1200 / 2 / 3, D_e = 1200 / 6.
        self.assertAlmostEqual(alpha["observed_disagreement"], 200)
        self.assertAlmostEqual(alpha["expected_disagreement"], 200)
        self.assertIsNone(doc["reliability"]["icc_one_way"]["k0"])
        table = self.ok("reliability", "--scores", one, db=False).out
        (line,) = [l for l in table.splitlines() if l.startswith("Krippendorff alpha")]
        self.assertEqual(line.split()[3], "—", line)
        # Every score equal, crossed: the ICC forms and W have no value (denominators 0).
        equal = self.write_csv("equal.csv", header, [(a, e, 70) for a in "AB" for e in "xy"])
        doc = self.valid(equal)
        self.assertIsNone(doc["reliability"]["icc_two_way"]["icc_2_1"])
        (w,) = doc["reliability"]["kendall_w"]
        self.assertEqual((w["w"], w["chi_square"], w["p"]), (None, None, None))
        # The table gives what has no value as "—", in the details too, never "nan".
        table = self.ok("reliability", "--scores", equal, db=False).out
        self.assertNotIn("nan", table.lower())
        self.assertIn("ties corrected; χ² = —, df 1, p = —", table)

    def test_the_schema_is_closed_and_exact(self):
        header = ["application", "expert", "score"]
        rows = []
        for a, base in (("X", 80), ("Y", 70), ("Z", 90)):
            rows += [(a, "A", base), (a, "B", base + 2), (a, "C", base - 2), (a, "D", base - 40)]
        doc = self.valid(self.write_csv("flagged.csv", header, rows), "--normalise")
        validator = self.validator()
        # An undocumented field in any object, at the top, in a row or deeper, is refused.
        paths = list(objects(doc))
        for need in [(), ("applications", 0), ("reliability", "icc_two_way"),
                     ("reliability", "kendall_w", 0), ("normalisation",),
                     ("flags", "experts", 0), ("flags", "scores", 0)]:
            self.assertIn(need, paths)
        for path in paths:
            extra = copy.deepcopy(doc)
            at(extra, path)["undocumented"] = 1
            self.assertFalse(validator.is_valid(extra), f"undocumented field at {path}")
        # Missing is null, not a string or left out.
        wrong = copy.deepcopy(doc)
        wrong["applications"][0]["mean"] = "80"
        self.assertFalse(validator.is_valid(wrong))
        wrong = copy.deepcopy(doc)
        del wrong["reliability"]["icc_one_way"]["k0"]
        self.assertFalse(validator.is_valid(wrong))
        # The two-way ICCs exactly when crossed; the normalised means exactly with normalisation.
        wrong = copy.deepcopy(doc)
        wrong["reliability"]["icc_two_way"] = None
        self.assertFalse(validator.is_valid(wrong))
        wrong = copy.deepcopy(doc)
        wrong["design"]["kind"] = "unbalanced"
        self.assertFalse(validator.is_valid(wrong))
        wrong = copy.deepcopy(doc)
        wrong["normalisation"] = None
        self.assertFalse(validator.is_valid(wrong))
        wrong = copy.deepcopy(doc)
        del wrong["applications"][0]["normalised_trimmed_mean"]
        self.assertFalse(validator.is_valid(wrong))

    def test_bad_input_is_refused_with_its_row_and_column(self):
        header = ["application", "expert", "score"]
        cases = [
            ([("A", "x", 80), ("A", "y", 101)], "row 3, column score: '101' is not a score"),
            ([("A", "x", "高")], "row 2, column score: '高' is not a score"),
            ([("A", "x", 80), ("B", "x", 70), ("A", "x", 75)],
             "row 4, column expert: expert 'x' scored application 'A' twice: rows 2 and 4"),
        ]
        for i, (rows, message) in enumerate(cases):
            with self.subTest(message=message):
                path = self.write_csv(f"bad{i}.csv", header, rows)
                r = self.fails(2, "reliability", "--scores", path, db=False)
                self.assertIn(f"bad{i}.csv", r.err)
                self.assertIn(message, r.err)
                self.assertEqual(r.out, "")
        path = self.write_csv("nocol.csv", ["application", "expert"], [("A", "x")])
        self.assertIn("no score column", self.fails(2, "reliability", "--scores", path, db=False).err)
        self.fails(2, "reliability", "--scores", os.path.join(self.tmp.name, "absent.csv"), db=False)
        self.fails(1, "reliability", db=False)  # --scores is required
