"""Re-evaluation (复核) end to end on the command line: a re-evaluation round, `reevaluate ROUND`
proposing keep / warn / remove / no-data for the clusters in the programme three years or more,
and `--confirm` recording the office's decision under the round's 文号 — in the decision stage
only, all or nothing, once. The registry is built by hand so that every proposal can be worked
out on paper: one indicator (revenue) min-max scaled over the clusters with 2023 figures, grades
优秀 ≥ 80, 合格 ≥ 40, 不合格 below, and a gate of at least two firms. State is read back with
a database client of the test's own (tests/backends.py: SQLite or PostgreSQL)."""
import datetime
import os

from harness import CliTest
from test_evaluate import credit_code

TODAY = datetime.date.today()
ROUND_DOC = "国科火字〔2026〕30号"

SYSTEM = """id: reeval
name_zh: 复核测试体系
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营业收入}
grades:
  - {name: 优秀, min: 80}
  - {name: 合格, min: 40}
  - {name: 不合格, min: 0}
gates:
  - {id: chain, rule: firms >= 2, message: 企业不少于2家}
"""


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


# name → (status, admitted, 2023 revenue of each firm in 万元). Revenue min-max over the clusters
# with 2023 figures (A 10000, B 6000, C 2000, D 6000, F 2000): A 100 优秀, B and D 50 合格, C and F
# 0 不合格. D has one firm and fails the gate. F was warned in 2020. G has no figures at all; E
# joined a month ago (not due); H is an applicant (not in the programme).
CLUSTERS = {
    "甲": ("pilot", "2016-05-01", [5000, 5000]),
    "乙": ("recognised", "2018-01-01", [3000, 3000]),
    "丙": ("cultivation", "2019-07-01", [1000, 1000]),
    "丁": ("pilot", "2017-01-01", [6000]),
    "戊": ("cultivation", day(-30), []),
    "己": ("pilot", "2015-01-01", [1000, 1000]),
    "庚": ("pilot", "2014-01-01", []),
    "辛": ("applicant", "2020-01-01", []),
}


def cluster_name(key):
    return f"{key}高新区复核测试创新型产业集群"


class Reevaluation(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init", "--bare")
        rows, serial = [], 0
        for key, (status, admitted, revenues) in CLUSTERS.items():
            zone = f"{key}高新区"
            self.ok("zone", "add", zone, "--province", "湖北", "--city", "武汉市")
            self.ok("cluster", "add", cluster_name(key), "--zone", zone, "--industry", "3973",
                    "--status", status, "--date", admitted, "--doc-no", "国科发火〔2014〕1号")
            for revenue in revenues:
                serial += 1
                code = credit_code(f"91420100MA4F{serial:05d}")
                rows.append([code, f"{key}企业{serial}", cluster_name(key), 2023, revenue])
        # 己 was warned in 2020 by an earlier re-evaluation.
        self.ok("cluster", "set-status", cluster_name("己"), "warned", "--date", "2020-03-01",
                "--doc-no", "国科火字〔2020〕9号")
        firms = self.write_csv("firms.csv", ["统一社会信用代码", "企业名称", "集群名称", "年份",
                                             "营业收入(万元)"], rows)
        self.ok("import", "enterprises", firms)
        self.system = os.path.join(self.tmp.name, "reeval.yaml")
        with open(self.system, "w", encoding="utf-8") as f:
            f.write(SYSTEM)
        self.round = self.open_round("reevaluation", ROUND_DOC)
        self.ids = {key: self.sql("SELECT id FROM cluster WHERE name = ?",
                                  (cluster_name(key),))[0][0] for key in CLUSTERS}

    def open_round(self, kind, doc_no):
        deadlines = ["--review", day(30), "--decision", day(60), "--notice", day(90)]
        if kind == "admission":
            deadlines = ["--applications", day(10), "--recommendation", day(20)] + deadlines
        self.ok("round", "create", "--kind", kind, "--year", str(TODAY.year), "--name",
                f"{TODAY.year}年度复核", "--doc-no", doc_no, "--system", self.system, *deadlines)
        return self.sql("SELECT id FROM selection_round WHERE doc_no = ?", (doc_no,))[0][0]

    def propose(self, *extra):
        doc = self.ok("reevaluate", str(self.round), "--year", "2023", "--format", "json",
                      *extra).json()
        return {row["name"][0]: row for row in doc["rows"]}, doc["notes"]

    def confirm(self, *extra):
        return self.run_cli("reevaluate", str(self.round), "--year", "2023", "--confirm",
                            "--format", "json", *extra)

    def changes(self, key):
        return self.sql("SELECT status, date, doc_no, actor FROM cluster_status_change "
                        "WHERE cluster_id = ? ORDER BY id", (self.ids[key],))

    def test_proposals_of_the_clusters_due(self):
        rows, notes = self.propose()
        # Due: in the programme on the close of the review; not 戊 (a month), not 辛 (applicant).
        self.assertEqual(set(rows), {"甲", "乙", "丙", "丁", "己", "庚"})
        self.assertEqual({k: r["proposal"] for k, r in rows.items()},
                         {"甲": "keep", "乙": "keep", "丙": "warn", "丁": "warn", "己": "remove",
                          "庚": "no-data"})
        self.assertEqual({k: (r["score"], r["grade"]) for k, r in rows.items()},
                         {"甲": (100, "优秀"), "乙": (50, "合格"), "丙": (0, "不合格"),
                          "丁": (50, None), "己": (0, "不合格"), "庚": (None, None)})
        self.assertEqual(rows["丁"]["failed_gates"], "chain")
        self.assertIn("未通过门槛：企业不少于2家", rows["丁"]["reason"])
        self.assertIn("graded 不合格 in 2023, below 合格", rows["丙"]["reason"])
        self.assertIn("warned already and failing again", rows["己"]["reason"])
        self.assertIn("no statistics for 2023", rows["庚"]["reason"])
        # Admission date and whole years on the reference date (the review's deadline).
        ref = TODAY + datetime.timedelta(days=30)
        years = ref.year - 2016 - ((ref.month, ref.day) < (5, 1))
        self.assertEqual((rows["甲"]["admitted"], rows["甲"]["years"]), ("2016-05-01", years))
        self.assertEqual(rows["己"]["status"], "warned")
        self.assertIn("grades below 合格 fail", notes)

        # Its round says what a re-evaluation weighs: the system's data score, no experts.
        notes = self.ok("round", "show", str(self.round), "--format", "json").json()["notes"]
        self.assertTrue(any("evaluated with" in n for n in notes), notes)
        self.assertFalse(any("experts' weight" in n for n in notes), notes)

        # A stricter threshold: 合格 is below 良好… which this system does not have.
        r = self.fails(1, "reevaluate", str(self.round), "--year", "2023", "--below", "良好")
        self.assertIn("no grade '良好'; its grades, best first: 优秀, 合格, 不合格", r.err)
        rows, _ = self.propose("--below", "优秀")
        self.assertEqual(rows["乙"]["proposal"], "warn")
        # Nobody is in the programme 100 years.
        rows, _ = self.propose("--min-years", "100")
        self.assertEqual(rows, {})

    def test_confirm_in_the_decision_stage_under_the_rounds_document_number(self):
        # In the review stage the decision is refused, and nothing changes.
        before = self.dump()
        r = self.fails(3, "reevaluate", str(self.round), "--year", "2023", "--confirm")
        # The refusal names what was refused: confirming the re-evaluation, not an admission
        # round's list.
        self.assertIn("is in its review (专家评审) stage: one may confirm the re-evaluation only "
                      "in the decision (评审决定) stage", r.err)
        self.assertNotIn("decide the list", r.err)
        self.assertEqual(self.dump(), before)
        self.ok("round", "advance", str(self.round))
        before = self.dump()

        # Only the clusters the office names; one proposed to keep cannot be warned this way.
        r = self.fails(2, "reevaluate", str(self.round), "--year", "2023", "--confirm",
                       "--only", f"{self.ids['丙']},{self.ids['甲']}")
        self.assertIn("proposed to keep", r.err)
        self.assertEqual(self.dump(), before)
        r = self.confirm("--only", str(self.ids["丙"]))
        self.assertEqual(r.code, 0, r)
        self.assertEqual([row["cluster"] for row in r.json()["rows"]], [self.ids["丙"]])
        self.assertEqual(self.changes("丙"),
                         [("cultivation", "2019-07-01", "国科发火〔2014〕1号", "tester"),
                          ("warned", TODAY.isoformat(), ROUND_DOC, "tester")])

        # Then the rest: 丁 warned, 己 removed; 丙 is not changed a second time.
        r = self.confirm()
        self.assertEqual(r.code, 0, r)
        self.assertEqual({(row["cluster"], row["from"], row["to"]) for row in r.json()["rows"]},
                         {(self.ids["丁"], "pilot", "warned"),
                          (self.ids["己"], "warned", "removed")})
        self.assertIn("1 cluster decided in this round earlier, left as recorded",
                      r.json()["notes"])
        statuses = dict(self.sql("SELECT name, status FROM cluster"))
        self.assertEqual({k: statuses[cluster_name(k)] for k in CLUSTERS},
                         {"甲": "pilot", "乙": "recognised", "丙": "warned", "丁": "warned",
                          "戊": "cultivation", "己": "removed", "庚": "pilot", "辛": "applicant"})
        self.assertEqual(self.changes("己")[-1], ("removed", TODAY.isoformat(), ROUND_DOC,
                                                  "tester"))
        # The history shows it with the round's 文号, and the audit log has who, before, after, why.
        history = self.ok("cluster", "history", str(self.ids["己"])).out
        self.assertIn(ROUND_DOC, history)
        audit = self.sql("SELECT actor, before, after, reason FROM audit_log WHERE "
                         "action = 'set-status' AND entity_key = ? ORDER BY id DESC LIMIT 1",
                         (str(self.ids["己"]),))[0]
        self.assertEqual(audit[:3], ("tester", '{"status":"warned"}',
                                     f'{{"date":"{TODAY.isoformat()}","doc_no":"{ROUND_DOC}",'
                                     '"status":"removed"}'))
        self.assertIn("warned already and failing again", audit[3])

        # Confirming again records nothing; the proposals now say "decided".
        before = self.dump()
        r = self.confirm()
        self.assertEqual((r.code, r.json()["rows"]), (0, []), r)
        self.assertEqual(self.dump(), before)
        rows, _ = self.propose()
        self.assertEqual({k: r["proposal"] for k, r in rows.items() if k != "己"},
                         {"甲": "keep", "乙": "keep", "丙": "decided", "丁": "decided",
                          "庚": "no-data"})
        # 己 is removed: out of the programme, no longer due.
        self.assertNotIn("己", rows)

    def test_all_or_nothing(self):
        self.ok("round", "advance", str(self.round))
        # A change of 己 dated after today, written behind the rules' back: its removal cannot be
        # recorded in order, so neither are 丙's and 丁's warnings.
        self.sql_write("INSERT INTO cluster_status_change (cluster_id, status, date, doc_no, "
                       "reason, actor, recorded_at) VALUES (?, 'warned', ?, 'x', '', 'x', 'x')",
                       (self.ids["己"], day(400)))
        before = self.dump()
        r = self.fails(3, "reevaluate", str(self.round), "--year", "2023", "--confirm")
        self.assertIn("record changes in order", r.err)
        self.assertEqual(self.dump(), before)

    def test_only_a_reevaluation_round(self):
        admission = self.open_round("admission", "国科火字〔2026〕18号")
        r = self.fails(2, "reevaluate", str(admission), "--year", "2023")
        self.assertIn("is an admission (新申报) round", r.err)
        self.assertIn("round create --kind reevaluation", r.err)
        self.fails(2, "reevaluate", "999", "--year", "2023")
        self.fails(1, "reevaluate", str(self.round), "--only", "1")  # --only needs --confirm


if __name__ == "__main__":
    import unittest
    unittest.main()
