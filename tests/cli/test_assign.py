"""`clusteratlas assign` end to end: the optimal reviewer assignment from an office's tables,
checked against solvers written here — brute force over every assignment for small random
instances, GLPK's simplex (`glpsol`, an LP whose optimum is integral: the constraint matrix of a
bipartite b-matching is totally unimodular) for medium ones — never against ClusterAtlas itself.
Also: no conflicted pair, no load above L, each application exactly k, fixed pairs kept;
infeasible instances name their binding constraint; GBK CSV and XLSX input; bad files."""
import csv
import io
import itertools
import json
import os
import random
import re
import shutil
import subprocess
import unittest

from harness import CliTest
from office_files import Number, write_csv, write_xlsx


def instance(rng, n, m, listed=0.6, conflicts=0.15):
    """Random affinities in hundredths (some pairs unlisted), random conflicts."""
    apps = [f"A{i:02d}" for i in range(n)]
    experts = [f"E{j:02d}" for j in range(m)]
    aff, conf = {}, set()
    for a in apps:
        for e in experts:
            if rng.random() < conflicts:
                conf.add((a, e))
            elif rng.random() < listed:
                aff[(a, e)] = rng.randint(-10, 100) / 100
    # Every id must appear in the affinity file: the file defines the round.
    for a in apps:
        if not any(k[0] == a for k in aff):
            e = next(e for e in experts if (a, e) not in conf)
            aff[(a, e)] = 0.5
    for e in experts:
        if not any(k[1] == e for k in aff):
            conf.discard((apps[0], e))
            aff[(apps[0], e)] = 0.3
    return apps, experts, aff, conf


def value(aff, default, a, e):
    return aff.get((a, e), default)


def brute_force(apps, experts, aff, conf, k, L, default=0.0, fixed=()):
    """The best total over every assignment (each application a k-subset), or None."""
    best = None
    options = []
    for a in apps:
        allowed = [e for e in experts if (a, e) not in conf]
        must = {e for (fa, e) in fixed if fa == a}
        options.append([c for c in itertools.combinations(allowed, k) if must <= set(c)])
    for choice in itertools.product(*options):
        load = {}
        for c in choice:
            for e in c:
                load[e] = load.get(e, 0) + 1
        if any(v > L for v in load.values()):
            continue
        total = sum(value(aff, default, a, e) for a, c in zip(apps, choice) for e in c)
        if best is None or total > best:
            best = total
    return best


def glpk(apps, experts, aff, conf, k, L, default=0.0, fixed=(), workdir="."):
    """The LP optimum by glpsol (CPLEX LP format), or None when glpsol finds it infeasible."""
    x = {}
    lines = ["Maximize", " obj:"]
    terms = []
    for i, a in enumerate(apps):
        for j, e in enumerate(experts):
            if (a, e) in conf:
                continue
            x[(a, e)] = f"x_{i}_{j}"
            terms.append(f"{value(aff, default, a, e):+.2f} x_{i}_{j}")
    lines += ["  " + t for t in terms]
    lines.append("Subject To")
    for i, a in enumerate(apps):
        vars_ = [x[(a, e)] for e in experts if (a, e) in x]
        lines.append(f" app_{i}: " + " + ".join(vars_) + f" = {k}")
    for j, e in enumerate(experts):
        vars_ = [x[(a, e)] for a in apps if (a, e) in x]
        if vars_:
            lines.append(f" exp_{j}: " + " + ".join(vars_) + f" <= {L}")
    lines.append("Bounds")
    for (a, e), name in x.items():
        low = 1 if (a, e) in set(fixed) else 0
        lines.append(f" {low} <= {name} <= 1")
    lines.append("End")
    model = os.path.join(workdir, "model.lp")
    out = os.path.join(workdir, "model.sol")
    with open(model, "w") as f:
        f.write("\n".join(lines) + "\n")
    run = subprocess.run(["glpsol", "--lp", model, "-o", out], capture_output=True, text=True)
    if "PROBLEM HAS NO PRIMAL FEASIBLE SOLUTION" in run.stdout or "NO PRIMAL FEASIBLE" in run.stdout:
        return None
    assert run.returncode == 0, run.stdout + run.stderr
    with open(out) as f:
        text = f.read()
    if "UNDEFINED" in text or "INFEASIBLE" in text:
        return None
    return float(re.search(r"obj = (\S+)", text).group(1))


def write_tables(tmp, apps, experts, aff, conf, fixed=(), encoding="utf-8"):
    ap = os.path.join(tmp, "affinity.csv")
    with open(ap, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(["application", "expert", "affinity"])
        for (a, e), v in sorted(aff.items()):
            w.writerow([a, e, f"{v:.2f}"])
    cp = os.path.join(tmp, "conflicts.csv")
    with open(cp, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application", "expert"])
        for a, e in sorted(conf):
            w.writerow([a, e])
    fp = None
    if fixed:
        fp = os.path.join(tmp, "fixed.csv")
        with open(fp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["application", "expert", "reason"])
            for a, e in fixed:
                w.writerow([a, e, "chair of the panel"])
    return ap, cp, fp


class Assign(CliTest):
    def assign(self, ap, cp, k, L, fp=None, *extra):
        args = ["assign", "--affinities", ap, "--conflicts", cp, "--reviewers", str(k),
                "--max-load", str(L), "--format", "json", *extra]
        if fp:
            args += ["--fixed", fp]
        return self.run_cli(*args, db=False)

    def check_valid(self, doc, apps, experts, aff, conf, k, L, default=0.0, fixed=()):
        """What a user relies on, recomputed from the rows: k each, loads ≤ L, no conflict, fixed
        kept, the total the sum of the rows' affinities as given in the file."""
        rows = doc["rows"]
        pairs = [(r["application"], r["expert"]) for r in rows]
        self.assertEqual(len(set(pairs)), len(pairs))
        for a in apps:
            self.assertEqual(sum(1 for p in pairs if p[0] == a), k, a)
        load = {e: 0 for e in experts}
        for a, e in pairs:
            self.assertNotIn((a, e), conf)
            load[e] += 1
        self.assertLessEqual(max(load.values()), L)
        self.assertEqual({x["expert"]: x["load"] for x in doc["loads"]}, load)
        for p in fixed:
            self.assertIn(p, pairs)
        total = sum(value(aff, default, a, e) for a, e in pairs)
        self.assertAlmostEqual(doc["total_affinity"], total, places=6)
        for r in rows:
            self.assertAlmostEqual(r["affinity"], value(aff, default, r["application"], r["expert"]))

    def test_small_random_instances_equal_brute_force(self):
        rng = random.Random(15)
        feasible = infeasible = 0
        for trial in range(30):
            n, m = rng.randint(1, 3), rng.randint(2, 5)
            k, L = rng.randint(1, 2), rng.randint(1, 2)
            apps, experts, aff, conf = instance(rng, n, m)
            fixed = ()
            if trial % 4 == 0:
                a = rng.choice(apps)
                free = [e for e in experts if (a, e) not in conf]
                fixed = ((a, rng.choice(free)),) if free else ()
            with self.subTest(trial=trial):
                ap, cp, fp = write_tables(self.tmp.name, apps, experts, aff, conf, fixed)
                expected = brute_force(apps, experts, aff, conf, k, L, fixed=fixed)
                r = self.assign(ap, cp, k, L, fp)
                if expected is None:
                    infeasible += 1
                    self.assertEqual(r.code, 3, r)
                    self.assertIn("no assignment exists", r.err)
                    continue
                feasible += 1
                self.assertEqual(r.code, 0, r)
                doc = r.json()
                self.assertAlmostEqual(doc["total_affinity"], expected, places=6)
                self.check_valid(doc, apps, experts, aff, conf, k, L, fixed=fixed)
        self.assertGreater(feasible, 10)
        self.assertGreater(infeasible, 2)

    @unittest.skipUnless(shutil.which("glpsol"), "glpsol (glpk-utils) is not installed")
    def test_medium_random_instances_equal_glpk(self):
        rng = random.Random(2026)
        for trial in range(6):
            n, m, k = rng.randint(20, 40), rng.randint(30, 50), rng.randint(2, 5)
            L = -(-n * k // m) + rng.randint(0, 1)  # tight: the loads bind
            default = [0.0, 0.25][trial % 2]
            apps, experts, aff, conf = instance(rng, n, m, listed=0.15, conflicts=0.1)
            with self.subTest(trial=trial):
                ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, conf)
                expected = glpk(apps, experts, aff, conf, k, L, default, workdir=self.tmp.name)
                self.assertIsNotNone(expected)
                r = self.assign(ap, cp, k, L, None, "--default-affinity", str(default))
                self.assertEqual(r.code, 0, r)
                doc = r.json()
                self.assertAlmostEqual(doc["total_affinity"], expected, places=6)
                self.check_valid(doc, apps, experts, aff, conf, k, L, default)

    def test_table_and_csv_output(self):
        apps, experts = ["甲", "乙"], ["张", "王", "李"]
        aff = {("甲", "张"): 0.9, ("甲", "王"): 0.5, ("乙", "张"): 0.8, ("乙", "李"): 0.1}
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, set())
        # By hand: k=1, L=1 — 甲 takes 张 (0.9) and 乙 王 (0 by default) = 0.9, or 甲 王 and 乙 张
        # = 1.3: the optimum is 1.3.
        out = self.ok("assign", "--affinities", ap, "--reviewers", "1", "--max-load", "1",
                      "--format", "csv", db=False)
        rows = list(csv.DictReader(io.StringIO(out.out.lstrip("\ufeff"))))
        self.assertEqual({(r["application"], r["expert"]) for r in rows}, {("甲", "王"), ("乙", "张")})
        self.assertIn("total affinity 1.3 over 2 pairs", out.err)
        table = self.ok("assign", "--affinities", ap, "--reviewers", "1", "--max-load", "1",
                        db=False).out
        self.assertIn("total affinity 1.3", table)
        self.assertIn("专家", table)
        # One application, one expert: one pair, in the singular.
        ap, _, _ = write_tables(self.tmp.name, ["甲"], ["张"], {("甲", "张"): 0.9}, set())
        out = self.ok("assign", "--affinities", ap, "--reviewers", "1", "--max-load", "1",
                      "--format", "csv", db=False)
        self.assertIn("total affinity 0.9 over 1 pair (1 reviewer each, load ≤ 1)", out.err)

    def test_json_document_matches_its_schema(self):
        jsonschema = __import__("jsonschema")
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "../../docs/schemas/assignment.schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        apps, experts = ["A", "B"], ["X", "Y", "Z"]
        aff = {("A", "X"): 0.9, ("B", "Y"): 0.5, ("B", "Z"): 0.2}
        ap, cp, fp = write_tables(self.tmp.name, apps, experts, aff, {("A", "Y")}, fixed=(("B", "Z"),))
        doc = self.assign(ap, cp, 2, 2, fp).json()
        jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)
        extra = dict(doc, undocumented=1)  # closed: an undocumented field is refused
        self.assertFalse(jsonschema.Draft202012Validator(schema).is_valid(extra))

    def test_same_bytes_whatever_the_order_of_the_rows(self):
        rng = random.Random(5)
        apps, experts, aff, conf = instance(rng, 12, 15, listed=0.4, conflicts=0.1)
        for key in aff:  # many ties: two values only
            aff[key] = 1.0 if aff[key] > 0.4 else 0.5
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, conf)
        first = self.assign(ap, cp, 3, 3).out
        for _ in range(3):
            for path in (ap, cp):
                with open(path) as f:
                    lines = f.readlines()
                body = lines[1:]
                rng.shuffle(body)
                with open(path, "w") as f:
                    f.writelines(lines[:1] + body)
            self.assertEqual(self.assign(ap, cp, 3, 3).out, first)

    def test_output_file(self):
        apps, experts = ["A"], ["X", "Y"]
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, {("A", "X"): 1, ("A", "Y"): 2}, set())
        target = os.path.join(self.tmp.name, "out.json")
        self.ok("assign", "--affinities", ap, "--reviewers", "1", "--max-load", "1", "--format",
                "json", "--output", target, db=False)
        with open(target) as f:
            doc = json.load(f)
        self.assertEqual([(r["application"], r["expert"]) for r in doc["rows"]], [("A", "Y")])
        self.assertEqual(doc["total_affinity"], 2)

    def test_fixed_pairs_are_kept_with_their_reason(self):
        apps, experts = ["A"], ["X", "Y", "Z"]
        aff = {("A", "X"): 0.9, ("A", "Y"): 0.8, ("A", "Z"): 0.1}
        ap, cp, fp = write_tables(self.tmp.name, apps, experts, aff, set(), fixed=(("A", "Z"),))
        doc = self.assign(ap, cp, 2, 1, fp).json()
        rows = {r["expert"]: r for r in doc["rows"]}
        self.assertEqual(set(rows), {"X", "Z"})
        self.assertEqual(rows["Z"]["fixed"], "chair of the panel")
        self.assertIsNone(rows["X"]["fixed"])
        self.assertAlmostEqual(doc["total_affinity"], 1.0)

    def test_excluded_pairs_are_avoided_and_overrides_recorded(self):
        apps, experts = ["A"], ["X", "Y", "Z"]
        aff = {("A", "X"): 0.9, ("A", "Y"): 0.8, ("A", "Z"): 0.1}
        ap, cp, fp = write_tables(self.tmp.name, apps, experts, aff, set(), fixed=(("A", "Z"),))
        ex = write_csv(os.path.join(self.tmp.name, "排除.csv"), [["申报", "专家", "理由"], ["A", "X", "同单位"]])
        doc = self.assign(ap, cp, 2, 1, fp, "--excluded", ex).json()
        # By hand: X excluded, Z fixed: the second reviewer is Y; 0.8 + 0.1.
        self.assertEqual({r["expert"] for r in doc["rows"]}, {"Y", "Z"})
        self.assertAlmostEqual(doc["total_affinity"], 0.9)
        self.assertEqual(doc["overrides"], [
            {"application": "A", "expert": "Z", "kind": "fixed", "reason": "chair of the panel"},
            {"application": "A", "expert": "X", "kind": "excluded", "reason": "同单位"}])
        # A fixed pair that is also excluded cannot be kept: named, exit 3.
        both = write_csv(os.path.join(self.tmp.name, "both.csv"), [["申报", "专家", "理由"], ["A", "Z", "错"]])
        r = self.fails(3, "assign", "--affinities", ap, "--fixed", fp, "--excluded", both,
                       "--reviewers", "2", "--max-load", "1", db=False)
        self.assertIn("the fixed pair A – Z is excluded: it may not be assigned", r.err)

    # Infeasible instances: the message names the constraint that binds.
    def test_total_capacity_too_small(self):
        apps = [f"A{i}" for i in range(4)]
        experts = ["X", "Y", "Z"]
        aff = {(a, e): 1 for a in apps for e in experts}
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, set())
        r = self.fails(3, "assign", "--affinities", ap, "--reviewers", "2", "--max-load", "2", db=False)
        self.assertIn("the 4 applications need 8 reviews (2 each), but the 3 experts can take only 6 "
                      "(at most 2 each)", r.err)

    def test_application_with_too_few_experts(self):
        apps, experts = ["A", "B"], ["X", "Y", "Z", "W"]
        aff = {(a, e): 1 for a in apps for e in experts}
        conf = {("B", "X"), ("B", "Y")}
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, conf)
        r = self.fails(3, "assign", "--affinities", ap, "--conflicts", cp, "--reviewers", "3",
                       "--max-load", "2", db=False)
        self.assertIn("B has only 2 experts without a conflict or an exclusion, it needs 3", r.err)

    def test_hall_violation_names_the_applications_and_their_experts(self):
        # 甲 乙 丙 may use only P and Q (the rest conflict): 3 reviews needed, 2 available with
        # load 1, though each has 2 ≥ 1 experts and 5 experts take 5 ≥ 5.
        apps = ["甲", "乙", "丙", "丁", "戊"]
        experts = ["P", "Q", "R", "S", "T"]
        aff = {(a, e): 1 for a in apps for e in experts}
        conf = {(a, e) for a in apps[:3] for e in experts[2:]}
        ap, cp, _ = write_tables(self.tmp.name, apps, experts, aff, conf)
        r = self.fails(3, "assign", "--affinities", ap, "--conflicts", cp, "--reviewers", "1",
                       "--max-load", "1", db=False)
        self.assertIn("the 3 applications 丙, 乙, 甲 need 3 reviews (1 each), but the only experts "
                      "they may use are the 2 experts P, Q, who can take 2", r.err)

    # Office files: GBK CSV with Chinese headers, and XLSX.
    def test_gbk_csv_and_xlsx(self):
        rows = [["申报项目", "评审专家", "匹配度"], ["集群甲", "张三", "0.9"], ["集群甲", "李四", "0.4"],
                ["集群乙", "张三", "0.7"], ["集群乙", "李四", "0.6"]]
        gbk = write_csv(os.path.join(self.tmp.name, "匹配度.csv"), rows)
        conf = write_csv(os.path.join(self.tmp.name, "回避.csv"), [["申报", "专家"], ["集群乙", "李四"]])
        xlsx = os.path.join(self.tmp.name, "匹配度.xlsx")
        write_xlsx(xlsx, [rows[0]] + [[a, e, Number(v)] for a, e, v in rows[1:]])
        for path in (gbk, xlsx):
            with self.subTest(path=path):
                doc = self.run_cli("assign", "--affinities", path, "--conflicts", conf, "--reviewers",
                                   "1", "--max-load", "1", "--format", "json", db=False).json()
                # By hand: 乙 cannot have 李四, so 乙 张三 (0.7) and 甲 李四 (0.4) = 1.1.
                self.assertEqual({(r["application"], r["expert"]) for r in doc["rows"]},
                                 {("集群甲", "李四"), ("集群乙", "张三")})
                self.assertAlmostEqual(doc["total_affinity"], 1.1)

    # Bad input: one line naming file, row and column; exit 2.
    def test_bad_files(self):
        def file(name, text):
            p = os.path.join(self.tmp.name, name)
            with open(p, "w") as f:
                f.write(text)
            return p

        good = file("good.csv", "application,expert,affinity\nA,X,1\nA,Y,0.5\n")
        r = self.fails(2, "assign", "--affinities", file("text.csv", "application,expert,affinity\nA,X,1\nA,Y,high\n"),
                       "--reviewers", "1", "--max-load", "1", db=False)
        self.assertIn("text.csv, row 3, column affinity: 'high' is not an affinity", r.err)
        r = self.fails(2, "assign", "--affinities", file("dup.csv", "application,expert,affinity\nA,X,1\nA,X,2\n"),
                       "--reviewers", "1", "--max-load", "1", db=False)
        self.assertIn("dup.csv, row 3, column expert: the pair A – X is listed twice", r.err)
        r = self.fails(2, "assign", "--affinities", file("nocol.csv", "application,affinity\nA,1\n"),
                       "--reviewers", "1", "--max-load", "1", db=False)
        self.assertIn("no expert (专家 or expert) column", r.err)
        r = self.fails(2, "assign", "--affinities", good, "--conflicts",
                       file("unknown.csv", "application,expert\nA,X\nA,Z\n"),
                       "--reviewers", "1", "--max-load", "1", db=False)
        self.assertIn("unknown.csv, row 3, column expert: expert 'Z' is not in the affinity file", r.err)
        r = self.fails(2, "assign", "--affinities", good, "--fixed",
                       file("noreason.csv", "application,expert\nA,X\n"),
                       "--reviewers", "1", "--max-load", "1", db=False)
        self.assertIn("no reason (理由 or reason) column", r.err)
        r = self.fails(1, "assign", "--affinities", good, "--reviewers", "0", "--max-load", "1", db=False)
        self.assertIn("--reviewers must be at least 1", r.err)
        self.fails(2, "assign", "--affinities", os.path.join(self.tmp.name, "missing.csv"), db=False)


if __name__ == "__main__":
    unittest.main()
