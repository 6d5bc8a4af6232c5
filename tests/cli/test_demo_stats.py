"""The demo data set and the national overview, checked against sums computed independently
with SQL on the database file."""
import datetime
import json
import os
import unicodedata
import unittest

from harness import CliTest

IN_PROGRAMME = ("cultivation", "pilot", "recognised", "warned")


def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


class Demo(CliTest):
    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.shared = tempfile.TemporaryDirectory()
        cls.demo_db = cls.shared.name + "/demo.db"

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()

    def demo(self):
        import os
        if not os.path.exists(self.demo_db):
            self.ok("demo", "--clusters", "40", "--years", "2020-2024", "--seed", "11",
                    db=self.demo_db)
        return self.demo_db

    def status_at_year_end(self, db, year):
        """cluster id → status on 31 December of `year`, from the raw history."""
        status = {}
        for cid, s, date in self.sql("SELECT cluster_id, status, date FROM cluster_status_change "
                                     "ORDER BY id", db=db):
            if date <= f"{year}-12-31":
                status[cid] = s
        return status

    def test_stats_by_province_equal_independent_sums(self):
        db = self.demo()
        year = 2023
        status = self.status_at_year_end(db, year)
        members = {cid for cid, s in status.items() if s in IN_PROGRAMME}
        expected = {}
        for cid, short in self.sql("SELECT c.id, p.short_zh FROM cluster c JOIN province p "
                                   "ON p.code = c.province_code", db=db):
            if cid in members:
                expected.setdefault(short, {"clusters": 0, "firms": 0, "high_tech_firms": 0,
                                            "revenue": 0.0, "employment": 0.0, "patents": 0.0})
                expected[short]["clusters"] += 1
        for cid, short, high_tech, revenue, staff, patents in self.sql(
                "SELECT y.cluster_id, p.short_zh, y.high_tech, y.revenue, y.employment, "
                "y.valid_invention_patents FROM enterprise_year y JOIN cluster c ON "
                "c.id = y.cluster_id JOIN province p ON p.code = c.province_code "
                "WHERE y.year = ?", (year,), db=db):
            if cid not in members:
                continue
            e = expected[short]
            e["firms"] += 1
            e["high_tech_firms"] += high_tech
            e["revenue"] += revenue or 0
            e["employment"] += staff or 0
            e["patents"] += patents or 0

        rows = self.ok("stats", "--by", "province", "--year", str(year), "--format", "json",
                       db=db).json()["rows"]
        got = {r["province"]: r for r in rows}
        total = got.pop("全国")
        self.assertEqual(set(got), set(expected))
        for short, e in expected.items():
            r = got[short]
            self.assertEqual(r["clusters"], e["clusters"], short)
            self.assertEqual(r["firms"], e["firms"], short)
            self.assertEqual(r["high_tech_firms"], e["high_tech_firms"], short)
            self.assertAlmostEqual(r["revenue_yuan"], e["revenue"], delta=1e-6 * e["revenue"])
            # A share is a fraction in CSV and JSON, as every export gives it.
            self.assertAlmostEqual(r["high_tech_share"], e["high_tech_firms"] / e["firms"],
                                   places=12)
            self.assertNotIn("high_tech_share_pct", r)
            self.assertAlmostEqual(r["patents_per_10k_staff"],
                                   e["patents"] / e["employment"] * 1e4, places=6)
        self.assertEqual(total["clusters"], len(members))
        self.assertEqual(total["firms"], sum(e["firms"] for e in expected.values()))
        # The terminal shows it in per cent, under a title that says so.
        firms = sum(e["firms"] for e in expected.values())
        high_tech = sum(e["high_tech_firms"] for e in expected.values())
        table = self.ok("stats", "--by", "province", "--year", str(year), db=db).out
        self.assertIn("高企占比(%)", table)
        line = [l for l in table.splitlines() if l.startswith("全国")][0]
        self.assertIn(f" {100 * high_tech / firms:.2f} ", line)
        csv_header = self.ok("stats", "--year", str(year), "--format", "csv",
                             db=db).out.splitlines()[0]
        self.assertIn(",high_tech_share,", csv_header)

    def test_enterprise_list_filters_match_sql(self):
        # Each filter alone and together, against the same selection made here in SQL: current
        # rows of the year, ordered by cluster, revenue (largest first, missing last), code.
        db = self.demo()
        cluster_id, province = self.sql(
            "SELECT y.cluster_id, c.province_code FROM enterprise_year y JOIN cluster c "
            "ON c.id = y.cluster_id WHERE y.year = 2023 GROUP BY y.cluster_id "
            "ORDER BY count(*) DESC LIMIT 1", db=db)[0]
        cases = [([], "", ()),
                 (["--cluster", str(cluster_id)], "AND y.cluster_id = ?", (cluster_id,)),
                 (["--province", province], "AND c.province_code = ?", (province,)),
                 (["--high-tech"], "AND y.high_tech = 1", ()),
                 (["--province", province, "--high-tech", "--limit", "7"],
                  "AND c.province_code = ? AND y.high_tech = 1", (province,))]
        for flags, where, params in cases:
            limit = int(flags[flags.index("--limit") + 1]) if "--limit" in flags else 0
            expected = [code for (code,) in self.sql(
                "SELECT y.credit_code FROM enterprise_year y JOIN cluster c ON c.id = y.cluster_id "
                f"WHERE y.current = 1 AND y.year = 2023 {where} "
                "ORDER BY c.id, y.revenue IS NULL, y.revenue DESC, y.credit_code", params, db=db)]
            if limit:
                expected = expected[:limit]
            if "--limit" not in flags:
                flags = flags + ["--limit", "0"]
            rows = self.ok("enterprise", "list", "--year", "2023", *flags, "--format", "json",
                           db=db).json()["rows"]
            self.assertGreater(len(expected), 0, flags)
            self.assertEqual([r["credit_code"] for r in rows], expected, flags)

    def test_stats_by_status_uses_the_status_at_year_end(self):
        db = self.demo()
        status = self.status_at_year_end(db, 2021)
        rows = self.ok("stats", "--by", "status", "--year", "2021", "--all", "--format", "json",
                       db=db).json()["rows"]
        counts = {r["status"]: r["clusters"] for r in rows}
        names = {"applicant": "申报", "cultivation": "培育", "pilot": "试点",
                 "recognised": "创新型产业集群", "warned": "警告", "removed": "撤销"}
        expected = {}
        for s in status.values():
            expected[names[s]] = expected.get(names[s], 0) + 1
        expected["全国"] = len(status)
        self.assertEqual(counts, expected)

    def test_demo_is_realistic_and_labelled(self):
        db = self.demo()
        # 40 generated clusters, and those the round of a year ago admitted (test below).
        self.assertEqual(self.sql("SELECT count(*) FROM cluster WHERE id NOT IN (SELECT "
                                  "cluster_id FROM cluster_status_change WHERE doc_no = (SELECT "
                                  "doc_no FROM selection_round WHERE stage = 'closed'))", db=db),
                         [(40,)])
        # The real 2013 pilots are in it, with their real decision.
        self.assertEqual(self.sql("SELECT count(*) FROM cluster_status_change WHERE "
                                  "doc_no = '国科发火〔2013〕505号'", db=db), [(10,)])
        # No zone holds two active clusters.
        self.assertEqual(self.sql("SELECT zone_id FROM cluster WHERE status != 'removed' "
                                  "GROUP BY zone_id HAVING count(*) > 1", db=db), [])
        # About a quarter of firms are high-tech; R&D intensity mostly 1–8 %.
        (share,), = self.sql("SELECT avg(high_tech) FROM enterprise_year", db=db)
        self.assertTrue(0.15 < share < 0.4, share)
        (mostly,), = self.sql("SELECT avg(rd_expenditure / revenue BETWEEN 0.01 AND 0.08) FROM "
                              "enterprise_year WHERE revenue > 0 AND rd_expenditure IS NOT NULL",
                              db=db)
        self.assertGreater(mostly, 0.6)
        # Some figures are missing on purpose, and stay missing (NULL), not 0.
        (missing,), = self.sql("SELECT count(*) FROM enterprise_year WHERE profit IS NULL", db=db)
        self.assertGreater(missing, 0)
        # Every output says the data is synthetic.
        self.assertIn("SYNTHETIC", self.ok("cluster", "list", db=db).out)
        self.assertIn("SYNTHETIC", " ".join(self.ok("stats", "--format", "json", db=db).json()["notes"]))
        r = self.ok("stats", "--format", "csv", db=db)
        self.assertIn("SYNTHETIC", r.err)
        self.assertTrue(r.out.startswith("region,clusters,"))

    def test_demo_round_is_in_review_with_its_applications_lists_and_experts(self):
        db = self.demo()
        today = datetime.date.today()
        (rid, kind, year, name, stage, system, weight), = self.sql(
            "SELECT id, kind, year, name, stage, system_id, data_weight FROM selection_round "
            "WHERE stage != 'closed'", db=db)
        self.assertEqual((kind, year, stage, system, weight),
                         ("admission", today.year, "review", "torch-iic", 0.4))
        self.assertEqual(name, f"{today.year}年度创新型产业集群遴选（演示）")
        deadlines = dict(self.sql("SELECT stage, deadline FROM round_deadline WHERE round_id = ?",
                                  (rid,), db=db))
        self.assertEqual(deadlines, {
            stage: (today + datetime.timedelta(days=days)).isoformat()
            for stage, days in [("applications", 10), ("recommendation", 40), ("review", 80),
                                ("decision", 95), ("notice", 110)]})
        # 40 applications from 20 provinces, each from a zone of its province, one per zone, none
        # where a cluster is active (一区一主导产业), all submitted.
        self.assertEqual(self.sql("SELECT count(*), count(DISTINCT province_code), "
                                  "count(DISTINCT zone_id) FROM application WHERE round_id = ?",
                                  (rid,), db=db), [(40, 20, 40)])
        self.assertEqual(self.sql("SELECT count(*) FROM application a JOIN zone z ON "
                                  "z.id = a.zone_id WHERE a.round_id = ? AND (z.province_code != "
                                  "a.province_code OR a.state != 'submitted')", (rid,), db=db),
                         [(0,)])
        self.assertEqual(self.sql("SELECT a.id FROM application a JOIN cluster c ON "
                                  "c.zone_id = a.zone_id WHERE a.round_id = ? AND "
                                  "c.status != 'removed'", (rid,), db=db), [])
        for firms, in self.sql("SELECT leading_firms FROM application", db=db):
            self.assertIn(len(json.loads(firms)), (1, 2, 3))
        # Every applying province has a quota and a ranked list (ranks 1…n) within it, of its
        # own applications.
        quotas = dict(self.sql("SELECT province_code, quota FROM round_quota WHERE round_id = ?",
                               (rid,), db=db))
        applied = dict(self.sql("SELECT province_code, count(*) FROM application "
                                "WHERE round_id = ? GROUP BY province_code", (rid,), db=db))
        self.assertEqual(set(quotas), set(applied))
        lists = {}
        for province, rank, own in self.sql(
                "SELECT r.province_code, r.rank, a.province_code FROM recommendation r JOIN "
                "application a ON a.id = r.application_id WHERE r.round_id = ? "
                "ORDER BY r.province_code, r.rank", (rid,), db=db):
            self.assertEqual(own, province)
            lists.setdefault(province, []).append(rank)
        self.assertEqual(set(lists), set(applied))
        for province, ranks in lists.items():
            self.assertEqual(ranks, list(range(1, len(ranks) + 1)), province)
            self.assertLessEqual(len(ranks), quotas[province], province)
        # 60 experts, E0001…E0060, each with 1–3 fields that are industries of the list.
        experts = self.sql("SELECT code, fields FROM expert ORDER BY code", db=db)
        self.assertEqual([code for code, _ in experts], [f"E{n:04}" for n in range(1, 61)])
        listed = {code for code, in self.sql("SELECT code FROM industry", db=db)}
        for code, fields in experts:
            fields = json.loads(fields)
            self.assertIn(len(fields), (1, 2, 3), code)
            self.assertTrue(set(fields) <= listed, (code, fields))
        # Every step went through the store's rules and into the audit log, whose chain holds.
        # (Recorded today; the round of a year ago was recorded as of its own days.)
        since = (today - datetime.timedelta(days=100)).isoformat()
        actions = self.sql("SELECT action, count(*) FROM audit_log WHERE entity IN "
                           "('round', 'application', 'recommendation') AND at >= ? "
                           "GROUP BY action", (since,), db=db)
        recommended = sum(len(ranks) for ranks in lists.values())
        self.assertEqual(dict(actions), {"add": 1, "submit": 40, "report": 40, "advance": 2,
                                         "recommend": 20, "set-form": 1, "assign": 1,
                                         "review": 5 * recommended, "schedule": 2})
        self.assertIn("verified", self.ok("audit-log", "verify", db=db).out)
        # The review stage's work is done: every recommended application has 5 reviewers, no
        # expert more than 8, none of its own province, and every reviewer's points on the form
        # (创新能力 30, 产业规模 25, 发展潜力 25, 组织管理 20) add up to the stored total.
        panels = self.sql("SELECT r.application_id, count(*) FROM review_assignment r "
                          "JOIN recommendation c ON c.application_id = r.application_id "
                          "WHERE r.round_id = ? GROUP BY r.application_id", (rid,), db=db)
        self.assertEqual(len(panels), recommended)
        self.assertEqual({n for _, n in panels}, {5})
        (most,), = self.sql("SELECT max(n) FROM (SELECT count(*) AS n FROM review_assignment "
                            "WHERE round_id = ? GROUP BY expert_id)", (rid,), db=db)
        self.assertLessEqual(most, 8)
        self.assertEqual(self.sql("SELECT count(*) FROM review_assignment r JOIN application a "
                                  "ON a.id = r.application_id JOIN expert e ON e.id = r.expert_id "
                                  "WHERE substr(a.province_code, 1, 2) = "
                                  "substr(e.province_code, 1, 2)", db=db), [(0,)])
        reviews = self.sql("SELECT points, total FROM review WHERE round_id = ?", (rid,), db=db)
        self.assertEqual(len(reviews), 5 * recommended)
        for points, total in reviews:
            points = json.loads(points)
            self.assertEqual(len(points), 4)
            for value, most in zip(points, (30, 25, 25, 20)):
                self.assertTrue(0 <= value <= most, points)
            self.assertAlmostEqual(sum(points), total)

    def test_the_open_round_has_its_defence_scheduled(self):
        # Every recommended application heard once, by one of two panels on consecutive days,
        # 20-minute slots that never overlap within a panel.
        db = self.demo()
        rid = self.sql("SELECT id FROM selection_round WHERE stage = 'review'", db=db)[0][0]
        rows = self.ok("defence", "list", "--round", str(rid), "--format", "json",
                       db=db).json()["rows"]
        recommended = {a for (a,) in self.sql(
            "SELECT application_id FROM recommendation WHERE round_id = ?", (rid,), db=db)}
        self.assertEqual(sorted(r["application"] for r in rows), sorted(recommended))
        panels = {}
        for r in rows:
            panels.setdefault((r["panel"], r["date"]), []).append((r["start"], r["end"]))
        self.assertEqual(len(panels), 2)
        self.assertEqual(len({date for _, date in panels}), 2)
        for slots in panels.values():
            slots.sort()
            for (_, end), (start, _) in zip(slots, slots[1:]):
                self.assertLessEqual(end, start)

    def test_the_open_round_can_be_decided_on_its_figures_and_reviews(self):
        # Each application reported three years of figures; moved on to its decision, the round
        # scores them with torch-iic (40% data) and its reviews (60%).
        import shutil
        db = os.path.join(self.shared.name, "decided.db")
        shutil.copy(self.demo(), db)
        rid = self.sql("SELECT id FROM selection_round WHERE stage = 'review'", db=db)[0][0]
        years = self.sql("SELECT application_id, count(DISTINCT year) FROM application_figure "
                         "GROUP BY application_id", db=db)
        self.assertEqual(len(years), 40)
        self.assertEqual({n for _, n in years}, {3})
        self.ok("round", "advance", str(rid), db=db)
        rows = self.ok("decide", "--round", str(rid), "--places", "20", "--format", "json",
                       db=db).json()["rows"]
        recommended = self.sql("SELECT count(*) FROM recommendation WHERE round_id = ?", (rid,),
                               db=db)[0][0]
        self.assertEqual(len(rows), recommended)
        revenue = {}
        for app, year, value in self.sql(
                "SELECT application_id, year, value FROM application_figure "
                "WHERE field = 'revenue'", db=db):
            revenue.setdefault(app, []).append(value)
        for row in rows:
            # The gate of torch-iic on scale, checked on the stored figures: three-year mean
            # revenue of at least 300亿元.
            small = sum(revenue[row["application"]]) / 3 < 300e8
            self.assertEqual(small, "revenue_scale" in (row["reason"] or ""), row)
            if row["data_score"] is not None:
                self.assertAlmostEqual(row["composite"],
                                       0.4 * row["data_score"] + 0.6 * row["expert_score"],
                                       places=6)
        listed = [r for r in rows if r["listed"] == "yes"]
        self.assertEqual(len(listed), 20)
        self.assertTrue(all(r["data_score"] is not None for r in listed))

    def test_the_round_of_a_year_ago_went_from_applications_to_admission(self):
        db = self.demo()
        today = datetime.date.today()
        opened = today - datetime.timedelta(days=400)
        (rid, doc_no, stage, weight), = self.sql(
            "SELECT id, doc_no, stage, data_weight FROM selection_round WHERE stage = 'closed'",
            db=db)
        self.assertEqual((stage, weight), ("closed", 0))
        self.assertTrue(doc_no.startswith(f"演示〔{opened.year}〕"), doc_no)
        # None of its zones applies in the open round or had an active cluster when it applied.
        self.assertEqual(self.sql("SELECT count(*) FROM application a JOIN application b ON "
                                  "b.zone_id = a.zone_id AND b.round_id != a.round_id "
                                  "WHERE a.round_id = ?", (rid,), db=db), [(0,)])
        # 创新能力 was scored on its anchored scale: every first value is a level's points.
        firsts = {json.loads(p)[0] for p, in self.sql(
            "SELECT points FROM review WHERE round_id = ?", (rid,), db=db)}
        self.assertTrue(firsts and firsts <= {30, 24, 18, 10}, firsts)
        # The decision by the panel's trimmed mean alone (data weight 0), at most 12 listed at
        # 60 or more; recomputed here from the stored reviews.
        totals = {}
        for app, total in self.sql("SELECT application_id, total FROM review WHERE round_id = ?",
                                   (rid,), db=db):
            totals.setdefault(app, []).append(total)
        trimmed = {app: (sum(t) - max(t) - min(t)) / (len(t) - 2) for app, t in totals.items()}
        decided = self.sql("SELECT application_id, expert_score, listed FROM decision "
                           "WHERE round_id = ?", (rid,), db=db)
        for app, score, _ in decided:
            self.assertAlmostEqual(score, trimmed[app], places=9)
        listed = sorted(app for app, _, on in decided if on)
        ranked = sorted(trimmed, key=lambda a: -trimmed[a])
        self.assertEqual(len(listed), min(12, sum(1 for v in trimmed.values() if v >= 60)))
        self.assertTrue(all(trimmed[a] >= trimmed[b] for a in listed for b in ranked
                            if b not in listed), "the listed are the best")
        # One objection, answered (not upheld), so the whole list was admitted the day after the
        # notice: pilot clusters in the applications' zones under the round's 文号.
        self.assertEqual(self.sql("SELECT count(*), sum(answer != ''), sum(upheld) FROM objection "
                                  "WHERE round_id = ?", (rid,), db=db), [(1, 1, 0)])
        admitted = self.sql(
            "SELECT a.id, c.zone_id = a.zone_id, c.name = a.cluster_name, s.status, s.date "
            "FROM cluster_status_change s JOIN cluster c ON c.id = s.cluster_id JOIN application "
            "a ON a.zone_id = c.zone_id AND a.round_id = ? WHERE s.doc_no = ?",
            (rid, doc_no), db=db)
        self.assertEqual(sorted(a for a, *_ in admitted), listed)
        notice_end = (opened + datetime.timedelta(days=110)).isoformat()
        day = (opened + datetime.timedelta(days=112)).isoformat()
        self.assertEqual({tuple(row[1:]) for row in admitted}, {(1, 1, "pilot", day)})
        self.assertGreater(day, notice_end)
        self.assertIn("verified", self.ok("audit-log", "verify", db=db).out)

    def test_same_seed_same_data_set(self):
        a, b = self.tmp.name + "/a.db", self.tmp.name + "/b.db"
        for db in (a, b):
            r = self.ok("demo", "--clusters", "15", "--years", "2022-2024", "--seed", "5", db=db)
            self.assertIn("round 1: 40 applications, 20 provinces, 60 experts", r.out)
        query = "SELECT * FROM enterprise_year ORDER BY credit_code, year"
        self.assertEqual(self.sql(query, db=a), self.sql(query, db=b))
        # The round too: the same zones apply with the same forms, listed the same way.
        query = ("SELECT z.name, z.level, a.cluster_name, a.industry_code, a.leading_firms, "
                 "r.rank, r.opinion FROM application a JOIN zone z ON z.id = a.zone_id "
                 "LEFT JOIN recommendation r ON r.application_id = a.id ORDER BY a.id")
        self.assertEqual(self.sql(query, db=a), self.sql(query, db=b))
        query = "SELECT code, name, organisation, fields, declared_conflicts FROM expert"
        self.assertEqual(self.sql(query, db=a), self.sql(query, db=b))
        self.ok("demo", "--clusters", "15", "--years", "2022-2024", "--seed", "6",
                db=self.tmp.name + "/c.db")
        self.assertNotEqual(self.sql(query, db=a), self.sql(query, db=self.tmp.name + "/c.db"))
        # Running it again on the same database is harmless; a different demo is refused.
        self.ok("demo", "--clusters", "15", "--years", "2022-2024", "--seed", "5", db=a)
        self.fails(3, "demo", "--seed", "6", db=a)

    def test_demo_refuses_a_registry_with_data(self):
        self.ok("init")
        self.ok("zone", "add", "测试高新区", "--province", "湖北", "--city", "武汉市")
        self.ok("cluster", "add", "测试集群", "--zone", "测试高新区", "--industry", "39")
        self.fails(3, "demo")

    def test_tables_align_cjk_by_display_width(self):
        db = self.demo()
        rows = self.ok("cluster", "list", "--format", "json", db=db).json()["rows"]
        lines = self.ok("cluster", "list", db=db).out.splitlines()
        rule = lines[1]
        # Each column starts where its dashes start in the rule line.
        starts = [i for i, ch in enumerate(rule) if ch == "-" and (i == 0 or rule[i - 1] == " ")]
        keys = ["id", "name", "province", "zone", "industry", "status", "batch"]
        self.assertEqual(len(starts), len(keys))
        for row, line in zip(rows, lines[2:]):
            for key, start in list(zip(keys, starts))[1:]:  # left-aligned text columns
                # The character index at which `start` display columns have been used.
                used, index = 0, 0
                while used < start:
                    used += width(line[index])
                    index += 1
                self.assertEqual(used, start, line)
                self.assertTrue(line[index:].startswith(str(row[key])), (key, line))


class Help(CliTest):
    VERBS = [["init"], ["demo"], ["province", "list"], ["industry", "list"], ["industry", "show"],
             ["zone", "add"], ["zone", "list"], ["zone", "show"], ["cluster", "add"],
             ["cluster", "list"], ["cluster", "show"], ["cluster", "set-status"],
             ["cluster", "rename"], ["cluster", "rescope"], ["cluster", "history"],
             ["enterprise", "add"], ["enterprise", "list"], ["enterprise", "show"], ["stats"]]

    def test_every_verb_has_help_with_examples(self):
        for verb in self.VERBS:
            r = self.ok(*verb, "--help", db=False)
            self.assertIn("Example", r.out, verb)
            self.assertIn("clusteratlas " + verb[0], r.out, verb)


if __name__ == "__main__":
    unittest.main()
