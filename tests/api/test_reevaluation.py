"""Re-evaluation (复核) over HTTP, as the programme office uses it: a re-evaluation round opened
with the API, its proposals read (GET …/reevaluation), the decision refused before the decision
stage, then confirmed (POST …/reevaluation/confirm) and recorded under the round's 文号 by the
office's account — once. Which clusters are due is worked out here from the status history read
with sqlite3 (three whole years in the programme on the close of the review), not by the server."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from harness import ServerTest
from uploads import schema_problems

TODAY = datetime.date.today()
ROUND_DOC = "国科火字〔2026〕31号"
IN_PROGRAMME = {"cultivation", "pilot", "recognised", "warned"}


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


def whole_years(start, end):
    a, b = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
    return b.year - a.year - ((b.month, b.day) < (a.month, a.day))


class ReevaluationOverHttp(ServerTest):
    def due_by_hand(self, reference):
        s = self.server
        withdrawn = {row[0] for row in s.sql("SELECT status_change_id FROM cluster_status_correction")}
        due = set()
        for (cid, status) in s.sql("SELECT id, status FROM cluster"):
            if status not in IN_PROGRAMME:
                continue
            admitted = None
            for (change_id, st, date) in s.sql("SELECT id, status, date FROM "
                                               "cluster_status_change WHERE cluster_id = ? "
                                               "ORDER BY id", (cid,)):
                if change_id in withdrawn:
                    continue
                if st in IN_PROGRAMME:
                    admitted = admitted or date
                else:
                    admitted = None
            if admitted and whole_years(admitted, reference) >= 3:
                due.add(cid)
        return due

    def test_proposals_then_the_offices_decision(self):
        s = self.server
        office = s.login("admin")[:2]
        analyst = s.login("analyst")[:2]
        # A cluster in the programme since 2015 without a single figure: no data, said so.
        s.cli("zone", "add", "复核测试高新区", "--province", "湖北", "--city", "某市")
        s.cli("cluster", "add", "复核测试无数据集群", "--zone", "复核测试高新区", "--industry",
              "3973", "--status", "pilot", "--date", "2015-01-01")
        (no_data,) = s.sql("SELECT id FROM cluster WHERE name = '复核测试无数据集群'")[0]

        r = s.request("POST", "/api/v1/rounds", {
            "kind": "reevaluation", "year": TODAY.year, "name": "复核", "document_number": ROUND_DOC,
            "system": "torch-iic", "deadlines": {"review": day(30), "decision": day(60),
                                                 "notice": day(90)}}, session=office)
        self.assertEqual(r.status, 201, r)
        rid = r.json()["round"]

        r = s.request("GET", f"/api/v1/rounds/{rid}/reevaluation?year=2023", session=office)
        self.assertEqual(r.status, 200, r)
        doc = r.json()
        self.assertEqual(schema_problems("reevaluation", doc), [])
        rows = {row["cluster"]: row for row in doc["rows"]}
        self.assertEqual(set(rows), self.due_by_hand(day(30)))
        self.assertEqual((rows[no_data]["proposal"], rows[no_data]["score"]), ("no-data", None))
        self.assertIn("no statistics for 2023", rows[no_data]["reason"])
        to_change = {cid for cid, row in rows.items() if row["proposal"] in ("warn", "remove")}
        # The demo's synthetic clusters miss the shipped gates often: something to decide.
        self.assertTrue(to_change)
        # The proposals are the office's: an analyst may not read them.
        self.assertError(s.request("GET", f"/api/v1/rounds/{rid}/reevaluation?year=2023",
                                   session=analyst), 403, "forbidden")
        # A threshold the system does not have is a bad parameter.
        err = self.assertError(s.request("GET", f"/api/v1/rounds/{rid}/reevaluation?year=2023"
                                         "&below=C", session=office), 422, "invalid-input")
        self.assertIn("优秀, 良好, 合格, 不合格", err["message"]["en"])
        # The demo's own round is an admission round.
        self.assertError(s.request("GET", "/api/v1/rounds/1/reevaluation", session=office), 422)

        # Still in the review stage: refused, nothing recorded.
        recorded = "SELECT cluster_id FROM cluster_status_change WHERE doc_no = ?"
        r = s.request("POST", f"/api/v1/rounds/{rid}/reevaluation/confirm", {"year": 2023},
                      session=office)
        self.assertError(r, 409, "rule-violated")
        self.assertEqual(s.sql(recorded, (ROUND_DOC,)), [])
        r = s.request("POST", f"/api/v1/rounds/{rid}/advance", {}, session=office)
        self.assertEqual(r.json()["stage"], "decision", r)

        # A cluster with no data cannot be warned through the proposals.
        r = s.request("POST", f"/api/v1/rounds/{rid}/reevaluation/confirm",
                      {"year": 2023, "only": [no_data]}, session=office)
        self.assertError(r, 422, "invalid-input")
        self.assertEqual(s.sql(recorded, (ROUND_DOC,)), [])

        r = s.request("POST", f"/api/v1/rounds/{rid}/reevaluation/confirm", {"year": 2023},
                      session=office)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(schema_problems("reevaluation-decision", r.json()), [])
        self.assertEqual({row["cluster"] for row in r.json()["rows"]}, to_change)
        self.assertEqual({row[0] for row in s.sql(recorded, (ROUND_DOC,))}, to_change)
        self.assertEqual({row[0] for row in s.sql(
            "SELECT date FROM cluster_status_change WHERE doc_no = ?", (ROUND_DOC,))},
            {TODAY.isoformat()})
        # Each change in the audit log under the office's account.
        logins = s.sql("SELECT DISTINCT l.login FROM audit_log a JOIN account l ON l.id = "
                       "a.account_id WHERE a.action = 'set-status' AND a.after LIKE ?",
                       (f"%{ROUND_DOC}%",))
        self.assertEqual(logins, [("admin",)])

        # Once: a second confirmation records nothing.
        r = s.request("POST", f"/api/v1/rounds/{rid}/reevaluation/confirm", {"year": 2023},
                      session=office)
        self.assertEqual((r.status, r.json()["rows"]), (200, []), r)
        self.assertEqual(len(s.sql(recorded, (ROUND_DOC,))), len(to_change))
        self.assertStillServing()


if __name__ == "__main__":
    import unittest
    unittest.main()
