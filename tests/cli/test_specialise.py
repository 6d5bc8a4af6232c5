"""`clusteratlas specialise` end to end: location quotients, US Cluster Mapping flags and European
Cluster Observatory stars on a table worked out by hand, the same rules re-implemented here with
the standard library on a larger table, Chinese headers and names, and bad input."""
import csv
import json
import math
import os
import random

from harness import CliTest

# Five provinces, traded categories A and B, local category L (one year):
#        A emp (est)  B emp (est)  L emp (est)   total  traded
#   R1   40 (10)      10 (2)       50 (20)       100    50
#   R2   10 (5)       30 (6)       60 (30)       100    40
#   R3    0 (0)       20 (4)       80 (25)       100    20
#   R4   30 (8)       10 (3)      160 (40)       200    40
#   R5   20 (2)       30 (9)      150 (35)       200    50
# E = 700, traded 200; E_A = E_B = 100, E_L = 500.
HAND = [
    ("R1", "A", 40, 10), ("R1", "B", 10, 2), ("R1", "L", 50, 20),
    ("R2", "A", 10, 5), ("R2", "B", 30, 6), ("R2", "L", 60, 30),
    ("R3", "A", 0, 0), ("R3", "B", 20, 4), ("R3", "L", 80, 25),
    ("R4", "A", 30, 8), ("R4", "B", 10, 3), ("R4", "L", 160, 40),
    ("R5", "A", 20, 2), ("R5", "B", 30, 9), ("R5", "L", 150, 35),
]


def percentile(values, q):
    """numpy.percentile's default ('linear'): x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]), h = (n−1)q."""
    v = sorted(x for x in values if x is not None)
    if not v:
        return None
    h = (len(v) - 1) * q
    lo = math.floor(h)
    if lo + 1 >= len(v):
        return v[-1]
    return v[lo] + (h - lo) * (v[lo + 1] - v[lo])


def reference(rows, traded_denominator):
    """The rules of docs/specialisation-and-spatial.md, directly: rows are dicts with region,
    category, employment, establishments, type; one level and year."""
    total = sum(r["employment"] for r in rows)
    by_type = {}
    region, region_type, category = {}, {}, {}
    for r in rows:
        e = r["employment"]
        by_type[r["type"]] = by_type.get(r["type"], 0) + e
        region[r["region"]] = region.get(r["region"], 0) + e
        key = (r["region"], r["type"])
        region_type[key] = region_type.get(key, 0) + e
        category[r["category"]] = category.get(r["category"], 0) + e
    out = {}
    for r in rows:
        e = r["employment"]
        share = e / region[r["region"]]
        lq_total = share / (category[r["category"]] / total)
        if traded_denominator:
            lq = (e / region_type[(r["region"], r["type"])]) / (category[r["category"]] / by_type[r["type"]])
        else:
            lq = lq_total
        out[(r["region"], r["category"])] = dict(lq=lq, lq_total=lq_total, share=share, row=r)
    for cat in {r["category"] for r in rows}:
        group = [v for (reg, c), v in out.items() if c == cat]
        pool = [v for v in group if v["row"]["employment"] > 0]
        p = {q: percentile([v["lq"] for v in pool], q) for q in (0.25, 0.5, 0.75, 0.9)}
        emp25 = percentile([v["row"]["employment"] for v in pool], 0.25)
        emp90 = percentile([v["row"]["employment"] for v in pool], 0.9)
        est25 = percentile([v["row"]["establishments"] for v in pool], 0.25)
        share90 = percentile([v["share"] for v in pool], 0.9)
        for v in group:
            e, est, lq = v["row"]["employment"], v["row"]["establishments"], v["lq"]
            base = e > 0 and e > emp25 and est > est25
            v["strong"] = int(base and lq >= p[0.75] and lq >= 1)
            v["strong_top10"] = int(base and lq >= p[0.9] and lq >= 1)
            v["significant"] = int(base and lq > p[0.5])
            v["qualifying"] = int(base and lq > p[0.25])
            v["size_star"] = int(e > 0 and e >= emp90)
            v["specialisation_star"] = int(v["lq_total"] >= 2)
            v["focus_star"] = int(e > 0 and v["share"] >= share90)
            v["stars"] = v["size_star"] + v["specialisation_star"] + v["focus_star"]
    return out


class SpecialiseTest(CliTest):
    def hand_file(self):
        return self.write_csv("emp.csv",
                          ["region", "category", "employment", "establishments", "type",
                           "region_level", "year"],
                          [(r, c, e, s, "local" if c == "L" else "traded", "province", 2023)
                           for r, c, e, s in HAND])

    def rows(self, *args):
        doc = self.ok("specialise", *args, "--format", "json", db=False).json()
        return {(r["region"], r["category"]): r for r in doc["rows"]}

    def test_total_denominator_by_hand(self):
        rows = self.rows("--employment", self.hand_file())
        # A: E_A/E = 1/7 → R1 .4·7 = 2.8, R4 .15·7 = 1.05; B: R2 .3·7 = 2.1
        self.assertAlmostEqual(rows[("R1", "A")]["lq"], 2.8)
        self.assertAlmostEqual(rows[("R4", "A")]["lq"], 1.05)
        self.assertAlmostEqual(rows[("R2", "B")]["lq"], 2.1)
        self.assertAlmostEqual(rows[("R4", "L")]["share"], 0.8)
        # B: LQ sorted .35 .7 1.05 1.4 2.1 → P25 .7, P50 1.05, P75 1.4, P90 1.82; employment
        # P25 10; establishments P25 3. R3 (1.4, 20, 4): strong, not top 10%; R5 (1.05, 30, 9):
        # qualifying only; R1 (employment 10, not > 10): nothing.
        r3, r5, r1 = rows[("R3", "B")], rows[("R5", "B")], rows[("R1", "B")]
        self.assertEqual((r3["strong"], r3["strong_top10"], r3["significant"], r3["qualifying"]),
                         (1, 0, 1, 1))
        self.assertEqual(r3["strength"], "strong")
        self.assertEqual((r5["strong"], r5["significant"], r5["qualifying"]), (0, 0, 1))
        self.assertEqual(r5["strength"], "qualifying")
        self.assertEqual(r1["qualifying"], 0)
        self.assertEqual(r1["strength"], "")
        # Stars of B: employment P90 = 30 → R2, R5; LQ ≥ 2 → R2; share P90 .26 → R2 (.3).
        self.assertEqual(rows[("R2", "B")]["stars"], 3)
        self.assertEqual((r5["size_star"], r5["specialisation_star"], r5["focus_star"]), (1, 0, 0))
        self.assertEqual(rows[("R1", "A")]["year"], 2023)
        self.assertEqual(rows[("R1", "A")]["region_level"], "province")

    def test_traded_denominator_by_hand(self):
        rows = self.rows("--employment", self.hand_file(), "--denominator", "traded")
        # A against traded totals: E_A / 200 = .5. R1 (40/50)/.5 = 1.6, R4 (30/40)/.5 = 1.5.
        self.assertAlmostEqual(rows[("R1", "A")]["lq"], 1.6)
        self.assertAlmostEqual(rows[("R4", "A")]["lq"], 1.5)
        self.assertAlmostEqual(rows[("R1", "A")]["lq_total"], 2.8)
        # LQ P75 = 1.525, P90 = 1.57; employment P25 = 17.5; establishments P25 = 4.25.
        self.assertEqual(rows[("R1", "A")]["strength"], "strong (top 10%)")
        self.assertEqual(rows[("R4", "A")]["strength"], "significant")
        self.assertEqual(rows[("R5", "A")]["strength"], "")  # 2 establishments ≤ 4.25
        # L is local: against local totals its LQ is 1 in every province.
        self.assertAlmostEqual(rows[("R3", "L")]["lq"], 1.0)

    def test_matches_an_independent_implementation(self):
        rng = random.Random(20240601)
        cats = [("C%d" % i, "traded" if i < 4 else "local") for i in range(6)]
        data = []
        for r in range(25):
            for c, t in cats:
                e = 0 if rng.random() < 0.1 else rng.randint(1, 5000)
                data.append(dict(region="P%02d" % r, category=c, type=t, employment=e,
                                 establishments=0 if e == 0 else rng.randint(1, 300)))
        path = self.write_csv("big.csv", ["region", "category", "type", "employment", "establishments"],
                          [(d["region"], d["category"], d["type"], d["employment"], d["establishments"])
                           for d in data])
        for traded in (False, True):
            expected = reference(data, traded)
            got = self.rows("--employment", path, "--denominator", "traded" if traded else "total")
            self.assertEqual(set(got), set(expected))
            for key, e in expected.items():
                g = got[key]
                self.assertAlmostEqual(g["lq"], e["lq"], places=9, msg=key)
                for flag in ("strong", "strong_top10", "significant", "qualifying", "size_star",
                             "specialisation_star", "focus_star", "stars"):
                    self.assertEqual(g[flag], e[flag], msg=(key, flag, traded))

    def test_chinese_headers_and_names(self):
        path = self.write_csv("省份.csv", ["地区", "产业", "就业人数", "企业数", "年份"],
                          [("湖北", "光电子", 300, 30, 2023), ("湖北", "汽车", 100, 10, 2023),
                           ("广东", "光电子", 100, 20, 2023), ("广东", "汽车", 500, 40, 2023)])
        rows = self.rows("--employment", path)
        # E = 1000, 光电子 400: 湖北 (300/400)/(400/1000) = 1.875; 广东 汽车 (500/600)/(600/1000)
        self.assertAlmostEqual(rows[("湖北", "光电子")]["lq"], 1.875)
        self.assertAlmostEqual(rows[("广东", "汽车")]["lq"], (500 / 600) / 0.6)
        table = self.ok("specialise", "--employment", path, db=False).out
        self.assertIn("湖北", table)
        self.assertIn("光电子", table)
        out = os.path.join(self.tmp.name, "out.csv")
        self.ok("specialise", "--employment", path, "--format", "csv", "--out", out, db=False)
        with open(out, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual(len(rows), 4)
        self.assertEqual(rows[0]["region"], "湖北")

    def test_a_title_and_total_rows_are_skipped_with_a_note(self):
        """A statistical office's table: a title above the header, a 小计 row under each
        region and a 合计 row at the end. Taken as a region or a category they would double
        every total; they are skipped, and stderr names them."""
        rows = []
        for region in ("R1", "R2", "R3", "R4", "R5"):
            mine = [r for r in HAND if r[0] == region]
            rows += [(r, c, e, s, "local" if c == "L" else "traded") for r, c, e, s in mine]
            rows.append((region, "小计", sum(r[2] for r in mine), sum(r[3] for r in mine), ""))
        rows.append(("合计", "", 700, sum(r[3] for r in HAND), ""))
        path = os.path.join(self.tmp.name, "office.csv")
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(["2023年分地区分产业从业人员", "", "", "", ""])
            w.writerow(["region", "category", "employment", "establishments", "type"])
            w.writerows(rows)
        r = self.ok("specialise", "--employment", path, "--format", "json", db=False)
        got = {(x["region"], x["category"]): x for x in r.json()["rows"]}
        want = self.rows("--employment", self.hand_file())
        self.assertEqual(set(got), set(want))
        for key, row in want.items():
            self.assertAlmostEqual(got[key]["lq"], row["lq"], places=12, msg=key)
            self.assertEqual(got[key]["stars"], row["stars"], key)
        # The 小计 rows are the file's rows 6, 10, 14, 18 and 22; 合计 is row 23.
        self.assertEqual(r.err.splitlines(),
                         ["note: office.csv: header found on row 2; row 1 skipped (title)",
                          "note: office.csv, rows 6, 10, 14, 18, 22–23: skipped, total rows "
                          "('小计', '合计')"])

    def test_gb18030_file_from_excel(self):
        path = os.path.join(self.tmp.name, "gbk.csv")
        with open(path, "w", newline="", encoding="gb18030") as f:
            f.write("地区,产业,从业人员,企业数\r\n湖北,光电子,300,30\r\n湖北,汽车,100,10\r\n"
                    "广东,光电子,100,20\r\n广东,汽车,500,40\r\n")
        rows = self.rows("--employment", path)
        self.assertAlmostEqual(rows[("湖北", "光电子")]["lq"], 1.875)

    def test_missing_employment_is_null_not_zero(self):
        path = self.write_csv("gap.csv", ["region", "category", "employment", "establishments"],
                          [("A", "x", 10, 1), ("A", "y", "", 1), ("B", "x", 5, 1), ("B", "y", 5, 1)])
        rows = self.rows("--employment", path)
        self.assertIsNone(rows[("A", "y")]["lq"])
        self.assertIsNone(rows[("A", "y")]["employment"])
        # Without A/y: E = 20, x = 15; A (10/10)/(15/20) = 4/3
        self.assertAlmostEqual(rows[("A", "x")]["lq"], 4 / 3)

    def test_bad_input(self):
        r = self.fails(2, "specialise", "--employment",
                       self.write_csv("nocol.csv", ["region", "category", "employment"], [("A", "x", 1)]),
                       db=False)
        self.assertIn("establishments", r.err)
        r = self.fails(2, "specialise", "--employment",
                       self.write_csv("nan.csv", ["region", "category", "employment", "establishments"],
                                  [("A", "x", 1, 1), ("B", "x", "many", 1)]), db=False)
        self.assertIn("row 3", r.err)
        self.assertIn("column employment", r.err)
        r = self.fails(2, "specialise", "--employment",
                       self.write_csv("neg.csv", ["region", "category", "employment", "establishments"],
                                  [("A", "x", 1, 1), ("B", "x", 2, -4)]), db=False)
        self.assertIn("row 3", r.err)
        self.assertIn("establishments", r.err)
        r = self.fails(2, "specialise", "--employment",
                       self.write_csv("dup.csv", ["region", "category", "employment", "establishments"],
                                  [("A", "x", 1, 1), ("A", "x", 2, 1)]), db=False)
        self.assertIn("row 3", r.err)
        r = self.fails(2, "specialise", "--employment",
                       self.write_csv("type.csv", ["region", "category", "employment", "establishments",
                                               "type"], [("A", "x", 1, 1, "export")]), db=False)
        self.assertIn("column type", r.err)
        self.fails(2, "specialise", "--employment", os.path.join(self.tmp.name, "absent.csv"),
                   db=False)
        self.fails(1, "specialise", db=False)  # neither a file nor --from-statistics
        self.fails(1, "specialise", "--employment", self.hand_file(), "--denominator", "both",
                   db=False)

    def test_from_statistics_on_the_demo(self):
        self.ok("demo")
        doc = self.ok("specialise", "--from-statistics", "--format", "json").json()
        rows = doc["rows"]
        self.assertTrue(rows)
        self.assertTrue(any("SYNTHETIC" in n for n in doc.get("notes", [])))
        # Each province's shares of its own (reported) employment add up to 1.
        regions = {}
        for r in rows:
            if r["employment"] is None:
                continue
            regions.setdefault(r["region"], 0)
            regions[r["region"]] += r["share"]
        for name, total in regions.items():
            self.assertAlmostEqual(total, 1.0, places=9, msg=name)


if __name__ == "__main__":
    import unittest
    unittest.main()
