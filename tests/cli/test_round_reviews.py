"""A selection round from the provinces' lists to the clusters admitted, on the command line:
`review form`, `application figures`, `assign --round`, `review submit|list|export`,
`reliability --round`, `decide`, `notice show|object|attach|documents|download|answer|objections`
and `admit`, on the round of round_setup.py. The expected scores are worked by hand below from the
figures and points the test enters; the database is read with Python's sqlite3. Admission must
wait for the public notice to end: that step runs under libfaketime with the clock moved past the
notice's deadline."""
import csv
import hashlib
import io
import json
import os
import sqlite3
import subprocess

import jsonschema

from harness import BIN, CliTest
from round_setup import TODAY, day, submitted_round, to_review

# One indicator, revenue (亿元), min-max normalised to 0–100, and a gate of 200亿.
SYSTEM = """id: round-test
name_zh: 遴选测试
name_en: Round test
version: "1"
methods: {normalise: minmax, weighting: manual, aggregate: arithmetic}
index:
  id: index
  name_zh: 综合指数
  name_en: Index
  children:
    - {id: revenue, name_zh: 营业收入, name_en: Revenue, unit: 亿元}
gates:
  - {id: scale, rule: revenue >= 200, message: 营业收入不低于200亿元, effect: exclude}
"""

# What each application reports (revenue, 亿元), by cluster.
REVENUE = {"襄阳芯片集群": 150, "宜昌芯片集群": 300, "荆门芯片集群": 500, "常州芯片集群": 700}

# The panel's totals per application, in the order of its experts' codes: with three reviewers
# the trimmed mean drops the highest and the lowest, leaving the middle one.
PANEL = {"襄阳芯片集群": [85, 88, 92], "宜昌芯片集群": [70, 80, 90],
         "荆门芯片集群": [60, 75, 95], "常州芯片集群": [50, 55, 90]}


SCHEMAS = os.path.join(os.path.dirname(__file__), "../../docs/schemas")

# The smallest PDF a reader accepts: header, one object, trailer, end marker.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class RoundReviewTest(CliTest):
    def valid(self, name, *args):
        """Runs the verb with --format json and validates its document against the schema."""
        doc = self.ok(*args, "--format", "json").json()
        with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
            schema = json.load(f)
        errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(doc)]
        self.assertEqual(errors, [], f"{' '.join(args)} against {name}.schema.json")
        return doc

    def setUp(self):
        super().setUp()
        system = os.path.join(self.tmp.name, "round-test.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(SYSTEM)
        self.rid, self.apps = submitted_round(self, system, "--data-weight", "0.4")
        figures = ["unit,revenue"] + [f"{self.apps[n]},{r}" for n, r in REVENUE.items()]
        path = os.path.join(self.tmp.name, "申报数据.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(figures) + "\n")
        self.ok("application", "figures", "--round", self.rid, path)
        pdf = os.path.join(self.tmp.name, "申报书.pdf")
        with open(pdf, "wb") as f:
            f.write(PDF)
        self.ok("application", "attach", str(self.apps["常州芯片集群"]), pdf)
        rows = self.ok("application", "show", str(self.apps["常州芯片集群"]), "--format",
                       "json").json()["rows"]
        (doc,), = self.sql("SELECT id FROM application_document WHERE application_id = ?",
                           (self.apps["常州芯片集群"],))
        self.assertEqual({r["field"]: r["value"] for r in rows}["documents"], f"申报书.pdf ({doc})")
        # Four experts of Beijing; E04 works for 襄阳's building unit: a conflict of interest.
        to_review(self, self.rid, self.apps,
                  ["北京大学", "清华大学", "中科院微电子所", "襄阳高新区管委会"])

    def assigned(self):
        rows = self.sql("SELECT a.cluster_name, e.code FROM review_assignment r "
                        "JOIN application a ON a.id = r.application_id "
                        "JOIN expert e ON e.id = r.expert_id ORDER BY a.cluster_name, e.code")
        out = {}
        for name, code in rows:
            out.setdefault(name, []).append(code)
        return out

    def review_everything(self):
        self.ok("review", "form", "--round", self.rid, "--set", "创新能力:60,组织管理:40")
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        for name, experts in self.assigned().items():
            for code, total in zip(experts, PANEL[name]):
                # 60 points at most for the first criterion, the rest for the second.
                first = min(total, 60)
                self.ok("review", "submit", "--application", str(self.apps[name]),
                        "--expert", code, "--points", f"{first},{total - first}",
                        "--comment", "意见")

    def test_assignment_respects_conflicts_and_loads(self):
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        assigned = self.assigned()
        self.assertEqual(sorted(assigned), sorted(PANEL))
        for name, experts in assigned.items():
            self.assertEqual(len(experts), 3, name)
        self.assertNotIn("E04", assigned["襄阳芯片集群"])  # the conflict
        loads = {}
        for experts in assigned.values():
            for e in experts:
                loads[e] = loads.get(e, 0) + 1
        self.assertEqual(loads, {"E01": 3, "E02": 3, "E03": 3, "E04": 3})
        # Four reviews of three each need 12 places: with at most 2 each there are 8.
        before = self.dump()
        r = self.fails(3, "assign", "--round", self.rid, "--reviewers", "3", "--max-load", "2")
        self.assertIn("need 12 reviews (3 each), but the 4 experts can take only 8", r.err)
        self.assertEqual(self.dump(), before)
        # A pair both fixed and excluded is the office's contradiction: named at its row of the
        # excluded file (exit 2), nothing stored.
        pair = f"申报,专家,理由\n{self.apps['常州芯片集群']},E01,主审\n"
        files = []
        for name in ["指定.csv", "排除.csv"]:
            files.append(os.path.join(self.tmp.name, name))
            with open(files[-1], "w", encoding="utf-8") as f:
                f.write(pair)
        r = self.fails(2, "assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3",
                       "--fixed", files[0], "--excluded", files[1])
        self.assertIn("排除.csv", r.err)
        self.assertIn(f"row 2, column 专家: the fixed pair {self.apps['常州芯片集群']} – E01 is "
                      "excluded: it may not be assigned", r.err)
        self.assertEqual(self.dump(), before)

    def test_reviews_are_checked_against_the_form_and_the_assignment(self):
        self.ok("review", "form", "--round", self.rid, "--set", "创新能力：60，组织管理：40")
        r = self.fails(2, "review", "form", "--round", self.rid, "--set", "创新能力:60,组织管理:30")
        self.assertIn("add up to 100", r.err)
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        xiangyang = str(self.apps["襄阳芯片集群"])
        before = self.dump()
        r = self.fails(3, "review", "submit", "--application", xiangyang, "--expert", "E04",
                       "--points", "50,30")
        self.assertIn("not assigned", r.err)
        expert = self.assigned()["襄阳芯片集群"][0]
        r = self.fails(2, "review", "submit", "--application", xiangyang, "--expert", expert,
                       "--points", "61,30")
        self.assertIn("创新能力 is worth 0 to 60 points", r.err)
        self.assertEqual(self.dump(), before)
        self.ok("review", "submit", "--application", xiangyang, "--expert", expert,
                "--points", "50,30")
        # Submitted once, never revised: the list counts submissions, as `application list`
        # does, under that name (a count of revisions would be 0 here).
        rows = self.valid("reviews", "review", "list", "--round", self.rid)["rows"]
        self.assertEqual([(r["expert"], r["submissions"]) for r in rows], [(expert, 1)])
        self.assertNotIn("revisions", rows[0])
        self.assertIn("提交次数", self.ok("review", "list", "--round", self.rid).out)
        self.ok("review", "submit", "--application", xiangyang, "--expert", expert,
                "--points", "55,32.5", "--comment", "修改后")
        self.assertEqual(self.sql("SELECT total, revisions, comment FROM review"),
                         [(87.5, 2, "修改后")])
        # The form cannot change under a submitted review.
        self.fails(3, "review", "form", "--round", self.rid, "--set", "总分:100")
        rows = self.ok("review", "list", "--round", self.rid, "--format", "json").json()["rows"]
        self.assertEqual([(r["criterion_1"], r["criterion_2"], r["total"], r["submissions"])
                          for r in rows], [(55, 32.5, 87.5, 2)])
        out = os.path.join(self.tmp.name, "评审结果.csv")
        self.ok("review", "export", "--round", self.rid, "--output", out)
        with open(out, encoding="utf-8") as f:
            text = f.read()
        self.assertTrue(text.startswith("\ufeff"), "a BOM for Excel")
        exported = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
        self.assertEqual([(r["expert"], r["total"]) for r in exported], [(expert, "87.5")])

        # Two more reviews from an office's scoring sheet (review import): a title, one column per
        # criterion with its points, a total that must be their sum, a comment. A bad total
        # refuses the whole file; the sums are worked by hand.
        yichang = self.apps["宜昌芯片集群"]
        first, second = self.assigned()["宜昌芯片集群"][:2]
        sheet = os.path.join(self.tmp.name, "专家评分表.csv")

        def write_sheet(rows):
            with open(sheet, "w", encoding="utf-8") as f:
                f.write("宜昌芯片集群专家评分表\n"
                        "申报项目,评审专家,创新能力（60分）,组织管理(40分),总分,评审意见\n" + rows)

        write_sheet(f"{yichang},{first},50,30,80,龙头带动明显\n"
                    f"{yichang},{second},45,30,76,\n")  # 45 + 30 = 75, not 76
        before = self.dump()
        r = self.fails(2, "review", "import", "--round", self.rid, sheet)
        self.assertIn("row 4, column 总分: the total 76 is not the sum of the criteria's points, 75",
                      r.err)
        self.assertEqual(self.dump(), before)
        write_sheet(f"{yichang},{first},50,30,80,龙头带动明显\n"
                    f"{yichang},{second},45,30.5,75.5,\n")
        self.assertIn("2 reviews recorded",
                      self.ok("review", "import", "--round", self.rid, sheet).out)
        stored = self.sql("SELECT e.code, r.points, r.total, r.comment FROM review r "
                          "JOIN expert e ON e.id = r.expert_id WHERE r.application_id = ? "
                          "ORDER BY e.code", (yichang,))
        self.assertEqual([(code, json.loads(points), total, comment)
                          for code, points, total, comment in stored],
                         [(first, [50, 30], 80, "龙头带动明显"), (second, [45, 30.5], 75.5, "")])

    def test_a_criterion_scored_by_levels(self):
        # 创新能力 on an anchored scale of four levels (优 60 … 差 15); 组织管理 from 0 to 40.
        self.ok("review", "form", "--round", self.rid, "--set",
                "创新能力:60（优60/良48/中36/差15），组织管理:40")
        form = self.ok("review", "form", "--round", self.rid, "--format", "json").json()["rows"]
        self.assertEqual([(r["criterion"], r["points"], r["levels"]) for r in form],
                         [("创新能力", 60, "优 60 / 良 48 / 中 36 / 差 15"), ("组织管理", 40, "")])
        r = self.fails(2, "review", "form", "--round", self.rid, "--set",
                       "创新能力:60(优50/良40),组织管理:40")
        self.assertIn("the best level of criterion '创新能力', 优, is worth 50", r.err)
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        xiangyang = str(self.apps["襄阳芯片集群"])
        first, second, third = self.assigned()["襄阳芯片集群"][:3]
        before = self.dump()
        r = self.fails(2, "review", "submit", "--application", xiangyang, "--expert", first,
                       "--points", "50,30")
        self.assertIn("创新能力 is scored by its levels, 优 60 / 良 48 / 中 36 / 差 15; the review "
                      "gives 50", r.err)
        r = self.fails(2, "review", "submit", "--application", xiangyang, "--expert", first,
                       "--points", "较好,30")
        self.assertIn("'较好' is not a level of 创新能力", r.err)
        self.assertEqual(self.dump(), before)
        self.ok("review", "submit", "--application", xiangyang, "--expert", first,
                "--points", "良,30")
        self.ok("review", "submit", "--application", xiangyang, "--expert", second,
                "--points", "36,40")  # 中's points
        sheet = os.path.join(self.tmp.name, "等级评分表.csv")
        with open(sheet, "w", encoding="gbk") as f:
            f.write(f"申报项目,评审专家,创新能力,组织管理\n{xiangyang},{third},优,25.5\n")
        self.ok("review", "import", "--round", self.rid, sheet)
        stored = self.sql("SELECT e.code, r.points, r.total FROM review r JOIN expert e "
                          "ON e.id = r.expert_id WHERE r.application_id = ?", (xiangyang,))
        self.assertEqual(sorted((code, json.loads(points), total)
                                for code, points, total in stored),
                         sorted([(first, [48, 30], 78), (second, [36, 40], 76),
                                 (third, [60, 25.5], 85.5)]))

    def test_an_expert_who_reviewed_a_zone_last_round_is_conflicted_when_it_applies_again(self):
        self.review_everything()
        reviewed = self.assigned()["宜昌芯片集群"]
        self.ok("round", "create", "--year", str(TODAY.year), "--name", "集群遴选(二)",
                "--doc-no", "国科火字〔2026〕19号", "--system", "torch-iic",
                "--applications", day(30), "--recommendation", day(60), "--review", day(90),
                "--decision", day(100), "--notice", day(110))
        second = str(self.sql("SELECT max(id) FROM selection_round")[0][0])
        self.ok("application", "submit", "--round", second, "--zone", "宜昌高新区",
                "--name", "宜昌芯片集群", "--industry", "3973", "--building-unit", "宜昌管委会(新)",
                "--management-body", "宜昌促进中心(新)")
        rows = self.ok("expert", "conflicts", "--round", second, "--format", "json").json()["rows"]
        self.assertEqual(sorted(r["expert"] for r in rows if r["reason"] == "reviewed_last_round"),
                         sorted(reviewed))

    def test_reliability_of_a_round_with_one_application_reviewed(self):
        # Three reviews of 宜昌 alone (70, 80, 90): one application, so the one-way ICC has no k
        # and the table says "—" for it, never "nan", and counts in the singular.
        self.ok("review", "form", "--round", self.rid, "--set", "创新能力:60,组织管理:40")
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        name = "宜昌芯片集群"
        for code, total in zip(self.assigned()[name], PANEL[name]):
            first = min(total, 60)
            self.ok("review", "submit", "--application", str(self.apps[name]), "--expert", code,
                    "--points", f"{first},{total - first}")
        out = self.ok("reliability", "--round", self.rid).out
        self.assertNotIn("nan", out.lower())
        self.assertIn("nested: 1 application, 3 experts, 3 scores; 3–3 per application", out)
        self.assertIn("one expert's score; 1 application, k = —", out)
        self.assertNotIn("1 applications", out)
        # Krippendorff's alpha is undefined on one application (D_o = D_e whatever the scores,
        # so the formula's 0 says nothing): "—" in the table, null in JSON.
        (line,) = [l for l in out.splitlines() if l.startswith("Krippendorff alpha")]
        self.assertEqual(line.split()[3], "—", line)
        doc = self.valid("reliability", "reliability", "--round", self.rid)
        alpha = doc["reliability"]["krippendorff_alpha_interval"]
        self.assertEqual((alpha["alpha"], alpha["units"], alpha["pairable_values"]), (None, 1, 3))

    def test_from_reviews_to_admission(self):
        self.review_everything()
        stats = self.ok("reliability", "--round", self.rid, "--format", "json").json()
        means = {row["application"]: row["trimmed_mean"] for row in stats["applications"]}
        self.assertEqual(means[str(self.apps["宜昌芯片集群"])], 80)
        self.fails(3, "decide", "--round", self.rid, "--places", "2")  # still the review stage
        self.ok("round", "advance", self.rid)  # decision
        self.fails(1, "decide", "--round", self.rid)  # neither --places nor --pass-mark
        decision = self.valid("decision", "decide", "--round", self.rid, "--places", "2",
                              "--pass-mark", "60")["rows"]
        by_name = {row["cluster_name"]: row for row in decision}
        # Data scores: revenue min-max over all four (150 … 700), the gated one included.
        # 宜昌 (300 − 150) / 550 · 100 = 27.27; 荆门 350 / 550 · 100 = 63.64; 常州 100.
        # Composite 0.4 · data + 0.6 · trimmed mean:
        #   常州 40 + 33 = 73; 荆门 25.45 + 45 = 70.45; 宜昌 10.91 + 48 = 58.91.
        self.assertAlmostEqual(by_name["常州芯片集群"]["composite"], 73, places=6)
        self.assertAlmostEqual(by_name["荆门芯片集群"]["composite"], 0.4 * 350 / 5.5 + 45, places=6)
        self.assertAlmostEqual(by_name["宜昌芯片集群"]["composite"], 0.4 * 150 / 5.5 + 48, places=6)
        self.assertEqual([(r["cluster_name"], r["rank"], r["listed"]) for r in decision],
                         [("常州芯片集群", 1, "yes"), ("荆门芯片集群", 2, "yes"),
                          ("宜昌芯片集群", 3, "no"), ("襄阳芯片集群", None, "no")])
        self.assertIn("pass mark 60", by_name["宜昌芯片集群"]["reason"])
        self.assertIn("营业收入不低于200亿元", by_name["襄阳芯片集群"]["reason"])
        self.assertIsNone(by_name["襄阳芯片集群"]["data_score"])

        self.ok("round", "advance", self.rid)  # notice, until day(110)
        shown = self.ok("notice", "show", "--round", self.rid).out
        self.assertIn(f"until {day(110)}", shown)
        changzhou, jingmen = str(self.apps["常州芯片集群"]), str(self.apps["荆门芯片集群"])
        self.fails(3, "notice", "object", "--application", str(self.apps["宜昌芯片集群"]),
                   "--by", "李四", "--grounds", "不在名单上也要异议")
        # The objector's evidence comes with the objection: both are recorded, or neither.
        evidence_bytes = PDF.replace(b"/Catalog", b"/Catalog /Lang (zh-CN)")
        evidence, same, text = (os.path.join(self.tmp.name, n)
                                for n in ("举报材料.pdf", "同一份.pdf", "说明.txt"))
        for path, content in ((evidence, evidence_bytes), (same, evidence_bytes),
                              (text, "研发投入数据不实".encode())):
            with open(path, "wb") as f:
                f.write(content)
        objection_args = ("notice", "object", "--application", jingmen, "--by",
                          "李四 13800000000", "--grounds", "研发投入数据与统计年报不符")
        before = self.dump()
        r = self.fails(2, *objection_args, "--attach", evidence, "--attach", text)  # not a document
        self.assertEqual(r.err, f"clusteratlas: {text}: not a PDF, DOCX or XLSX document\n")
        self.fails(3, *objection_args, "--attach", evidence, "--attach", same)  # same content
        self.assertEqual(self.dump(), before)
        self.ok(*objection_args, "--attach", evidence)
        objection = str(self.sql("SELECT max(id) FROM objection")[0][0])
        self.assertEqual(
            self.sql("SELECT name, type, size, sha256, content, attached_at <> '' "
                     "FROM objection_document WHERE objection_id = ?", (int(objection),)),
            [("举报材料.pdf", "pdf", len(evidence_bytes),
              hashlib.sha256(evidence_bytes).hexdigest(), evidence_bytes, 1)])
        more = os.path.join(self.tmp.name, "补充.pdf")
        with open(more, "wb") as f:
            f.write(PDF)
        self.ok("notice", "attach", objection, more)
        listed = self.valid("documents", "notice", "documents", objection)["rows"]
        self.assertEqual([(d["name"], d["size"], d["sha256"]) for d in listed],
                         [("举报材料.pdf", len(evidence_bytes),
                           hashlib.sha256(evidence_bytes).hexdigest()),
                          ("补充.pdf", len(PDF), hashlib.sha256(PDF).hexdigest())])
        doc = str(listed[0]["id"])
        # Read back as attached: never over a file of its name here, to --out, or to stdout.
        self.assertIn("举报材料.pdf exists already",
                      self.fails(2, "notice", "download", objection, doc).err)
        copy = os.path.join(self.tmp.name, "副本.pdf")
        self.ok("notice", "download", objection, doc, "--out", copy)
        with open(copy, "rb") as f:
            self.assertEqual(f.read(), evidence_bytes)
        self.assertEqual(self.ok("notice", "download", objection, doc, "--out", "-").out,
                         evidence_bytes.decode("ascii"))
        # Too early, and with an objection open: refused, nothing written.
        before = self.dump()
        r = self.fails(3, "admit", "--round", self.rid, "--date", day(0))
        self.assertIn(f"runs until {day(110)}", r.err)
        self.assertEqual(self.dump(), before)
        self.ok("notice", "answer", objection, "--answer", "经核实属实", "--upheld")
        rows = self.valid("objections", "notice", "objections", "--round", self.rid)
        self.assertEqual(rows["rows"][0]["upheld"], "yes")
        self.assertEqual(rows["rows"][0]["documents"], 2)
        # Answered, the objection takes nothing more.
        before = self.dump()
        r = self.fails(3, "notice", "attach", objection, text.replace("说明.txt", "同一份.pdf"))
        self.assertIn("answered already", r.err)
        self.assertEqual(self.dump(), before)
        # A copy changed inside the database is refused (exit 4), and nothing is written.
        self.sql_write("UPDATE objection_document SET content = ? WHERE id = ?",
                       (evidence_bytes.replace(b"zh-CN", b"en-GB"), int(doc)))
        tampered = os.path.join(self.tmp.name, "篡改.pdf")
        r = self.fails(4, "notice", "download", objection, doc, "--out", tampered)
        self.assertIn("no longer matches the size and SHA-256", r.err)
        self.assertFalse(os.path.exists(tampered))
        self.assertEqual(self.sql("SELECT listed FROM decision WHERE application_id = ?",
                                  (int(jingmen),)), [(0,)])

        # The notice over: admission of what is left on the list, under the round's 文号.
        clusters_before = self.sql("SELECT count(*) FROM cluster")[0][0]
        later = self.faketime(111, "admit", "--round", self.rid, "--date", day(111),
                              "--format", "json")
        self.assertEqual(later.returncode, 0, later.stderr)
        self.assertEqual([r["cluster_name"] for r in json.loads(later.stdout)["rows"]],
                         ["常州芯片集群"])
        with open(os.path.join(SCHEMAS, "admission.schema.json"), encoding="utf-8") as f:
            jsonschema.validate(json.loads(later.stdout), json.load(f),
                                cls=jsonschema.Draft202012Validator)
        documents = self.valid("documents", "application", "documents",
                               str(self.apps["常州芯片集群"]))["rows"]
        self.assertEqual([(d["name"], d["type"], d["size"]) for d in documents],
                         [("申报书.pdf", "pdf", len(PDF))])
        self.assertEqual(self.sql("SELECT count(*) FROM cluster")[0][0], clusters_before + 1)
        self.assertEqual(self.sql("SELECT c.name, s.status, s.date, s.doc_no FROM cluster c "
                                  "JOIN cluster_status_change s ON s.cluster_id = c.id "
                                  "JOIN admission m ON m.cluster_id = c.id"),
                         [("常州芯片集群", "pilot", day(111), "国科火字〔2026〕18号")])
        self.assertEqual(self.sql("SELECT stage FROM selection_round WHERE id = ?",
                                  (int(self.rid),)), [("closed",)])
        self.assertIn("audit log verified", self.ok("audit-log", "verify").out)

    def faketime(self, days, *args):
        env = dict(os.environ)
        env.pop("CLUSTERATLAS_DB", None)
        return subprocess.run(["faketime", "-f", f"+{days}d", BIN, "--db", self.db, *args],
                              capture_output=True, text=True, env=env, cwd=self.tmp.name,
                              timeout=300)


if __name__ == "__main__":
    import unittest
    unittest.main()
