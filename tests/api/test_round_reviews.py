"""Expert review over HTTP, on the demo data set's round 1 (in its review stage, 40 recommended
applications, 60 experts, every assigned expert's review in): the office assigns the pool again
(the reviewed pairs stay), an expert's account sees only its own assignment and reviews only what
it is given, and the office alone reads every review and decides. Expectations are read back
from the database (tests/backends.py: sqlite3 or psycopg2)."""
import hashlib
import json
import os
import sys
from urllib.parse import quote

import jsonschema

sys.path.insert(0, os.path.dirname(__file__))

from harness import PASSWORD, ServerTest

DEADLINES = {"applications": "2098-01-01", "recommendation": "2098-02-01",
             "review": "2098-03-01", "decision": "2098-04-01", "notice": "2098-05-01"}
# The smallest PDF a reader accepts: header, one object, trailer, end marker.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
POOL = "/api/v1/experts/import?filename=" + quote("专家库.csv")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
SCHEMAS = os.path.join(os.path.dirname(__file__), "../../docs/schemas")


def schema(name):
    with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
        return json.load(f)


def attach(application, name):
    return f"/api/v1/applications/{application}/documents?filename={quote(name)}"


class RoundReviewsOverHttp(ServerTest):
    def test_assignment_and_an_experts_own_reviews(self):
        s = self.server
        office = s.login("admin")[:2]
        expert = s.login("expert")[:2]
        province = s.login("province")[:2]
        (rid,) = s.sql("SELECT id FROM selection_round WHERE stage = 'review' ORDER BY id")[0]

        r = s.request("POST", f"/api/v1/rounds/{rid}/assignment", {"reviewers": 5, "max_load": 8},
                      session=province)
        self.assertError(r, 403, "forbidden")
        before = set(s.sql("SELECT application_id, expert_id FROM review_assignment"))
        r = s.request("POST", f"/api/v1/rounds/{rid}/assignment", {"reviewers": 5, "max_load": 8},
                      session=office)
        self.assertEqual(r.status, 200, r)
        # Every pair has a review already: the assignment keeps them all.
        self.assertEqual(set(s.sql("SELECT application_id, expert_id FROM review_assignment")),
                         before)
        recommended = s.sql("SELECT count(*) FROM recommendation WHERE round_id = ?", (rid,))[0][0]
        stored = s.sql("SELECT application_id, expert_id FROM review_assignment WHERE round_id = ?",
                       (rid,))
        self.assertEqual(len(stored), 5 * recommended)
        self.assertEqual(len(r.json()["rows"]), len(stored))
        loads = {}
        for _, e in stored:
            loads[e] = loads.get(e, 0) + 1
        self.assertLessEqual(max(loads.values()), 8)
        # No pair of the same province (the default conflict rule), read from the tables.
        same = s.sql("SELECT count(*) FROM review_assignment r JOIN application a "
                     "ON a.id = r.application_id JOIN expert e ON e.id = r.expert_id "
                     "WHERE r.round_id = ? AND substr(a.province_code, 1, 2) = "
                     "substr(e.province_code, 1, 2)", (rid,))[0][0]
        self.assertEqual(same, 0)

        # The expert account reviews as one pool expert; before the link it has none.
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-assignment", session=expert)
        self.assertError(r, 404)
        code, = s.sql("SELECT e.code FROM review_assignment r JOIN expert e ON e.id = r.expert_id "
                      "WHERE r.round_id = ? ORDER BY e.code LIMIT 1", (rid,))[0]
        s.cli("review", "link", "--expert", code, "--account", "expert")
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-assignment", session=expert)
        self.assertEqual(r.status, 200, r)
        mine = sorted(row["application"] for row in r.json()["rows"])
        expected = sorted(a for (a,) in s.sql(
            "SELECT r.application_id FROM review_assignment r JOIN expert e ON e.id = r.expert_id "
            "WHERE r.round_id = ? AND e.code = ?", (rid, code)))
        self.assertEqual(mine, expected)
        self.assertTrue({row["expert"] for row in r.json()["rows"]} == {code})

        assigned = mine[0]
        (other,) = s.sql("SELECT application_id FROM recommendation WHERE round_id = ? AND "
                         "application_id NOT IN (SELECT r.application_id FROM review_assignment r "
                         "JOIN expert e ON e.id = r.expert_id WHERE e.code = ?) LIMIT 1",
                         (rid, code))[0]
        r = s.request("PUT", f"/api/v1/applications/{other}/review", {"points": [20, 20, 20, 20]},
                      session=expert)
        self.assertError(r, 403, "forbidden")

        # The expert reads what it reviews — the review copy and its documents — and nothing of
        # another application. A document and two figures reported in the application stage,
        # written here.
        s.execute("DELETE FROM application_figure WHERE application_id = ?", (assigned,))
        # Two years: the review copy gives the latest.
        for figure in [(assigned, 2024, "revenue", 2.5e10),
                       (assigned, 2024, "high_tech_share", 0.42),
                       (assigned, 2023, "revenue", 2.0e10),
                       (assigned, 2023, "profit", 1.0e9)]:
            s.execute("INSERT INTO application_figure (application_id, year, field, value) "
                      "VALUES (?, ?, ?, ?)", figure)
        sha = hashlib.sha256(PDF).hexdigest()
        s.execute("INSERT INTO application_document (application_id, name, type, sha256, size, "
                  "content, attached_at) VALUES (?, '申报书.pdf', 'pdf', ?, ?, ?, "
                  "'2098-01-01T00:00:00Z')", (assigned, sha, len(PDF), PDF))
        (doc,) = s.sql("SELECT id FROM application_document WHERE application_id = ? AND "
                       "sha256 = ?", (assigned, sha))[0]  # one row: (application, sha256) is unique
        r = s.request("GET", f"/api/v1/applications/{assigned}/review-copy", session=expert)
        self.assertEqual(r.status, 200, r)
        copy = r.json()
        errors = list(jsonschema.Draft202012Validator(schema("review-copy")).iter_errors(copy))
        self.assertEqual(errors, [])
        self.assertEqual(
            (copy["application"]["cluster_name"], copy["application"]["industry"]),
            s.sql("SELECT cluster_name, industry_code FROM application WHERE id = ?",
                  (assigned,))[0])
        self.assertNotIn("contact", copy["application"])  # not the expert's to weigh
        self.assertEqual(copy["figures"], {"revenue": 2.5e10, "high_tech_share": 0.42})
        self.assertEqual([(d["id"], d["name"], d["size"]) for d in copy["documents"]],
                         [(doc, "申报书.pdf", len(PDF))])
        r = s.request("GET", f"/api/v1/applications/{assigned}/review-copy/documents/{doc}",
                      session=expert)
        self.assertEqual((r.status, r.raw), (200, PDF), r)
        self.assertEqual(r.headers["Content-Type"], "application/pdf")
        self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
        self.assertIn("filename*=UTF-8''" + quote("申报书.pdf"), r.headers["Content-Disposition"])
        for path in (f"/api/v1/applications/{other}/review-copy",
                     f"/api/v1/applications/{other}/review-copy/documents/{doc}"):
            self.assertError(s.request("GET", path, session=expert), 403, "forbidden")
        # The office reads it through the registry; a document is found only under its own
        # application.
        r = s.request("GET", f"/api/v1/applications/{assigned}/documents/{doc}", session=office)
        self.assertEqual((r.status, r.raw), (200, PDF), r)
        r = s.request("GET", f"/api/v1/applications/{other}/documents/{doc}", session=office)
        self.assertError(r, 404)
        r = s.request("PUT", f"/api/v1/applications/{assigned}/review",
                      {"points": [31, 20, 20, 15]}, session=expert)
        self.assertError(r, 422)
        # A level is taken only on a criterion scored by levels; the demo's are scored 0 to 30.
        r = s.request("PUT", f"/api/v1/applications/{assigned}/review",
                      {"points": ["优", 20, 20, 15]}, session=expert)
        self.assertError(r, 422)
        self.assertIn("'优' is not points for 创新能力: a number from 0 to 30",
                      r.raw.decode("utf-8"))
        # The demo's form has four criteria: 30, 25, 25 and 20 points.
        r = s.request("PUT", f"/api/v1/applications/{assigned}/review",
                      {"points": [25, 20, 22.5, 15], "comment": "产业基础扎实"}, session=expert)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(s.sql("SELECT v.total, v.comment, v.revisions FROM review v JOIN expert e "
                               "ON e.id = v.expert_id WHERE v.application_id = ? AND e.code = ?",
                               (assigned, code)),
                         [(82.5, "产业基础扎实", 2)])  # the demo's review, then this revision
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-reviews", session=expert)
        rows = r.json()["rows"]
        self.assertEqual(sorted(row["application"] for row in rows), mine)
        self.assertEqual([row["total"] for row in rows if row["application"] == assigned], [82.5])
        # Every review, and the decision, are the office's.
        r = s.request("GET", f"/api/v1/rounds/{rid}/reviews", session=expert)
        self.assertError(r, 403, "forbidden")
        r = s.request("GET", f"/api/v1/rounds/{rid}/reviews", session=office)
        self.assertEqual(len(r.json()["rows"]), 5 * recommended, r)
        r = s.request("POST", f"/api/v1/rounds/{rid}/decision", {"places": 10}, session=expert)
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", f"/api/v1/rounds/{rid}/decision", {}, session=office)
        self.assertError(r, 422)
        self.assertIn('"places"', r.raw.decode("utf-8"))  # the field, not a flag
        # The list is published only with the notice.
        r = s.request("GET", f"/api/v1/rounds/{rid}/notice")
        self.assertEqual(r.status, 409, r)

        actors = s.sql("SELECT a.action, l.login FROM audit_log a JOIN account l "
                       "ON l.id = a.account_id WHERE a.action IN ('assign', 'review', 'revise') "
                       "ORDER BY a.id")
        self.assertEqual(actors, [("assign", "admin"), ("revise", "expert")])

        # Manual overrides, as `assign --round --fixed --excluded` takes them from files. Six
        # reviewers each, so that a fixed pair fits beside the five reviewed ones. The fixed
        # pair: the first application and the first expert of another province not assigned to
        # it (the demo's experts declare no conflicts and work at no applicant's body); the
        # excluded pair: the second application and an expert not assigned to it.
        app1, app2 = [a for (a,) in s.sql("SELECT application_id FROM recommendation WHERE "
                                          "round_id = ? ORDER BY application_id LIMIT 2", (rid,))]
        unassigned = ("SELECT e.code, e.id FROM expert e, application a WHERE a.id = ? AND "
                      "substr(e.province_code, 1, 2) <> substr(a.province_code, 1, 2) AND "
                      "e.declared_conflicts = '[]' AND e.id NOT IN (SELECT expert_id FROM "
                      "review_assignment WHERE application_id = a.id) ORDER BY e.code LIMIT 1")
        (fixed_code, fixed_id), = s.sql(unassigned, (app1,))
        (excluded_code, excluded_id), = s.sql(unassigned, (app2,))
        fixed = {"application": app1, "expert": fixed_code, "reason": "产业链专家"}
        excluded = {"application": app2, "expert": excluded_code, "reason": "曾合作"}
        path = f"/api/v1/rounds/{rid}/assignment"
        stored_before = s.sql("SELECT * FROM assignment_override ORDER BY 1, 2")
        # Each problem is a 422 naming the element's field, and nothing is stored.
        for body, field, words in [
                ({"excluded": [{"application": app2, "expert": excluded_code}]},
                 "excluded[0].reason", "a manual override needs its reason"),
                ({"fixed": [fixed, dict(fixed, expert="E9999")]},
                 "fixed[1].expert", "expert 'E9999' is not in the expert pool"),
                ({"fixed": [dict(fixed, application=999999)]}, "fixed[0].application",
                 f"application '999999' is not on a province's list in round {rid}"),
                ({"fixed": [fixed, fixed]}, "fixed[1].expert",
                 f"the pair {app1} – {fixed_code} is listed twice"),
                ({"fixed": [fixed], "excluded": [excluded, fixed]}, "excluded[1].expert",
                 f"the fixed pair {app1} – {fixed_code} is excluded: it may not be assigned"),
                ({"fixed": [dict(fixed, application="1")]}, "fixed[0].application", "integer"),
                ({"excluded": {"application": app2}}, "excluded", "an array"),
        ]:
            r = s.request("POST", path, dict(body, reviewers=6), session=office)
            err = self.assertError(r, 422, "invalid-input")
            self.assertEqual(err.get("field"), field, err)
            self.assertIn(words, err["message"]["en"])
        self.assertEqual(s.sql("SELECT * FROM assignment_override ORDER BY 1, 2"), stored_before)
        r = s.request("POST", path, {"reviewers": 6, "max_load": 8, "fixed": [fixed],
                                     "excluded": [excluded]}, session=province)
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", path, {"reviewers": 6, "max_load": 8, "fixed": [fixed],
                                     "excluded": [excluded]}, session=office)
        self.assertEqual(r.status, 200, r)
        # Both overrides are stored with their reasons, beside a fixed pair per review already in.
        overrides = s.sql("SELECT application_id, expert_id, fixed, reason FROM "
                          "assignment_override WHERE round_id = ?", (rid,))
        self.assertIn((app1, fixed_id, 1, "产业链专家"), overrides)
        self.assertIn((app2, excluded_id, 0, "曾合作"), overrides)
        reviewed = s.sql("SELECT count(*) FROM review WHERE round_id = ?", (rid,))[0][0]
        self.assertEqual(len(overrides), reviewed + 2)
        pairs = s.sql("SELECT application_id, expert_id, fixed, reason FROM review_assignment "
                      "WHERE round_id = ?", (rid,))
        self.assertIn((app1, fixed_id, 1, "产业链专家"), pairs)
        self.assertNotIn((app2, excluded_id), [(a, e) for a, e, _, _ in pairs])
        self.assertEqual(len(pairs), 6 * recommended)


    def test_one_pair_is_counted_in_the_singular(self):
        # An expert new to the pool with one pair of the round, written straight into the table
        # (an assignment would hand it more): the listing's note counts "1 pair", not "1 pairs".
        # The pair is taken out again, so the round is as the other tests find it.
        s = self.server
        office = s.login("admin")[:2]
        (rid,) = s.sql("SELECT id FROM selection_round WHERE stage = 'review' ORDER BY id")[0]
        (app,) = s.sql("SELECT application_id FROM recommendation WHERE round_id = ? "
                       "ORDER BY application_id LIMIT 1", (rid,))[0]
        s.cli("expert", "add", "E9901", "--name", "单对专家", "--organisation", "某研究院",
              "--province", "北京", "--field", "3973")
        (eid,) = s.sql("SELECT id FROM expert WHERE code = 'E9901'")[0]
        s.execute("INSERT INTO review_assignment (application_id, expert_id, round_id, "
                  "affinity, assigned_at) VALUES (?, ?, ?, 0.5, '2026-01-01T00:00:00Z')",
                  (app, eid, rid))

        def remove_pair():
            s.execute("DELETE FROM review_assignment WHERE expert_id = ?", (eid,))

        self.addCleanup(remove_pair)
        r = s.request("GET", f"/api/v1/rounds/{rid}/assignment?expert=E9901", session=office)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(row["application"], row["expert"]) for row in r.json()["rows"]],
                         [(app, "E9901")])
        self.assertEqual(r.json()["notes"][0], "1 pair, total affinity 0.50, 0 reviewed")

    def test_uploads_of_documents_and_of_the_expert_pool(self):
        s = self.server
        s.cli("zone", "add", "上传测试高新区", "--province", s.a["province"], "--city", "某市")
        (zone,) = s.sql("SELECT id FROM zone WHERE name = '上传测试高新区'")[0]
        s.cli("user", "add", "zone-uploader", "--role", "zone", "--zone", str(zone),
              "--password-stdin", stdin=PASSWORD + "\n")
        office = s.login("admin")[:2]
        applicant = s.login("zone-uploader")[:2]
        r = s.request("POST", "/api/v1/rounds", {
            "year": 2026, "name": "上传测试", "document_number": "国科火字〔2026〕77号",
            "system": "torch-iic", "deadlines": DEADLINES}, session=office)
        rid = r.json()["round"]
        r = s.request("POST", f"/api/v1/rounds/{rid}/applications?zone={zone}",
                      {"cluster_name": "上传测试集群", "industry": "3973", "building_unit": "管委会",
                       "management_body": "促进中心"}, session=applicant)
        app_id = r.json()["application"]

        r = s.request("POST", attach(app_id, "申报书.pdf"), PDF,
                      session=applicant, content_type="application/pdf")
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json()["type"], r.json()["size"]), ("pdf", len(PDF)))
        # An image named .pdf is what its bytes are; nothing more is stored.
        r = s.request("POST", attach(app_id, "证明.pdf"), PNG,
                      session=applicant, content_type="application/pdf")
        self.assertError(r, 422)
        self.assertIn("证明.pdf", r.raw.decode("utf-8"))
        r = s.request("POST", f"/api/v1/applications/{app_id}/documents?filename=../../x.pdf",
                      PDF, session=applicant, content_type="application/pdf")
        self.assertError(r, 422)
        r = s.request("GET", f"/api/v1/applications/{app_id}/documents", session=applicant)
        self.assertEqual([(d["name"], d["type"]) for d in r.json()["rows"]],
                         [("申报书.pdf", "pdf")])
        self.assertEqual(s.sql("SELECT name, size, length(content) FROM application_document "
                               "WHERE application_id = ?", (app_id,)),
                         [("申报书.pdf", len(PDF), len(PDF))])

        pool = f"专家编号,姓名,工作单位,省份,熟悉领域\nU001,赵六,某大学,{s.a['province']},3973\n"
        r = s.request("POST", POOL, pool.encode("gbk"),
                      session=applicant, content_type="text/csv")
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", POOL, pool.encode("gbk"),
                      session=office, content_type="text/csv")
        self.assertEqual((r.status, r.json()), (200, {"added": 1, "updated": 0, "unchanged": 0}), r)
        bad = pool + "U002,钱七,某研究所,999999,3973\n"
        r = s.request("POST", POOL, bad.encode("utf-8"),
                      session=office, content_type="text/csv")
        self.assertError(r, 422)
        self.assertIn("专家库.csv", r.raw.decode("utf-8"))
        self.assertEqual(s.sql("SELECT count(*) FROM expert WHERE code IN ('U001', 'U002')"),
                         [(1,)])

        # A table of figures (as `application figures`): a blank cell is a figure not reported.
        figures = f"/api/v1/rounds/{rid}/figures?filename=" + quote("申报数据.csv")
        table = f"unit,revenue,rd_expenditure\n{app_id},320.5,\n"
        r = s.request("POST", figures, table.encode("utf-8"), session=applicant,
                      content_type="text/csv")
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", figures, table.encode("gbk"), session=office,
                      content_type="text/csv")
        self.assertEqual((r.status, r.json()), (200, {"round": rid, "applications": 1}), r)
        stored = [("revenue", 320.5)]
        self.assertEqual(s.sql("SELECT field, value FROM application_figure "
                               "WHERE application_id = ?", (app_id,)), stored)
        # An id not of the round, on row 3: nothing of the file is stored, not even row 2.
        bad = f"unit,revenue\n{app_id},1\n999999,2\n"
        r = s.request("POST", figures, bad.encode("utf-8"), session=office,
                      content_type="text/csv")
        err = self.assertError(r, 422, "invalid-input")
        self.assertEqual((err["file"], err["row"], err["column"]), ("申报数据.csv", 3, "unit"))
        self.assertNotIn("/tmp", r.raw.decode("utf-8"))
        self.assertEqual(s.sql("SELECT field, value FROM application_figure "
                               "WHERE application_id = ?", (app_id,)), stored)
        # The JQ01 form, its year given as ?year=: revenue 320.5 亿元 and R&D 16,025 万元 are
        # 元, their ratio the R&D intensity (0.05); the error names the client's file.
        jq01 = f"/api/v1/rounds/{rid}/figures?year=2025&filename=" + quote("JQ01.csv")
        form = f"集群名称,营业收入(亿元),研发经费内部支出(万元)\n{app_id},320.5,16025\n"
        r = s.request("POST", jq01, form.encode("gbk"), session=office, content_type="text/csv")
        self.assertEqual((r.status, r.json()), (200, {"round": rid, "applications": 1}), r)
        got = dict(s.sql("SELECT field, value FROM application_figure WHERE application_id = ?",
                         (app_id,)))
        self.assertEqual(set(got), {"revenue", "rd_expenditure", "rd_intensity"})
        self.assertAlmostEqual(got["revenue"], 320.5e8)
        self.assertAlmostEqual(got["rd_intensity"], 16025e4 / 320.5e8)
        r = s.request("POST", jq01, form.replace("16025", "many").encode("utf-8"),
                      session=office, content_type="text/csv")
        err = self.assertError(r, 422, "invalid-input")
        self.assertEqual((err["file"], err["row"], err["column"]),
                         ("JQ01.csv", 2, "研发经费内部支出(万元)"))
        r = s.request("POST", jq01.replace("year=2025", "year=1890"), form.encode("utf-8"),
                      session=office, content_type="text/csv")
        self.assertEqual(self.assertError(r, 422)["field"], "year")

        # An objection's evidence, uploaded by the office while the objection is open: the round
        # put under notice and the objection written behind the server's back (the CLI tests
        # decide a round).
        s.execute("UPDATE selection_round SET stage = 'notice' WHERE id = ?", (rid,))
        s.execute("INSERT INTO objection (round_id, application_id, objector, grounds, filed_at) "
                  "VALUES (?, ?, '李四', '数据不实', '2026-07-02T09:00:00Z')", (rid, app_id))
        (objection,), = s.sql("SELECT id FROM objection WHERE round_id = ? AND application_id = ?",
                              (rid, app_id))  # the round's only objection
        upload = f"/api/v1/objections/{objection}/documents?filename=" + quote("举报材料.pdf")
        r = s.request("POST", upload, PDF, session=applicant, content_type="application/pdf")
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", upload, PDF, session=office, content_type="application/pdf")
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["sha256"], hashlib.sha256(PDF).hexdigest())
        r = s.request("POST", upload, PDF, session=office, content_type="application/pdf")
        self.assertError(r, 409)  # the same content twice
        r = s.request("GET", f"/api/v1/objections/{objection}/documents", session=office)
        rows = r.json()["rows"]
        self.assertEqual([(d["name"], d["size"]) for d in rows], [("举报材料.pdf", len(PDF))])
        r = s.request("GET", f"/api/v1/objections/{objection}/documents/{rows[0]['id']}",
                      session=office)
        self.assertEqual((r.status, r.raw), (200, PDF), r)
        r = s.request("GET", f"/api/v1/rounds/{rid}/objections", session=office)
        self.assertEqual([row["documents"] for row in r.json()["rows"]], [1])


    def test_a_round_scored_with_a_system_file_is_decided_on_the_command_line(self):
        s = self.server
        office = s.login("admin")[:2]
        system = os.path.join(os.path.dirname(__file__), "../../data/systems/example.yaml")
        s.cli("round", "create", "--year", "2026", "--name", "文件体系遴选", "--doc-no",
              "国科火字〔2026〕88号", "--system", os.path.abspath(system),
              "--applications", "2098-01-01", "--recommendation", "2098-02-01",
              "--review", "2098-03-01", "--decision", "2098-04-01", "--notice", "2098-05-01")
        (rid,) = s.sql("SELECT id FROM selection_round WHERE doc_no = '国科火字〔2026〕88号'")[0]
        for _ in range(3):
            s.cli("round", "advance", str(rid))  # to the decision stage
        r = s.request("POST", f"/api/v1/rounds/{rid}/decision", {"places": 1}, session=office)
        self.assertError(r, 409)
        self.assertIn("clusteratlas decide", r.raw.decode("utf-8"))
        self.assertEqual(s.sql("SELECT count(*) FROM decision WHERE round_id = ?", (rid,)), [(0,)])


if __name__ == "__main__":
    import unittest
    unittest.main()
