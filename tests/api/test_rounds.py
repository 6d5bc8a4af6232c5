"""A selection round over HTTP, as its parties use it: the programme office opens it, a zone's
account applies for its own zone, the province returns the application with reasons and, in the
next stage, ranks it — each call by the account whose scope it is, each refusal with the
programme's message, and each change in the audit log under the account that made it. The state
is read back with sqlite3 from the database file, not from the server."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))

from harness import PASSWORD, ServerTest

DEADLINES = {"applications": "2098-01-01", "recommendation": "2098-02-01",
             "review": "2098-03-01", "decision": "2098-04-01", "notice": "2098-05-01"}


class RoundsOverHttp(ServerTest):
    def test_from_the_application_to_the_provinces_list(self):
        s = self.server
        province = s.a["province"]
        # A zone of cluster A's province without a cluster, and its own account.
        s.cli("zone", "add", "轮次测试高新区", "--province", province, "--city", "某市")
        (zone,) = s.sql("SELECT id FROM zone WHERE name = '轮次测试高新区'")[0]
        s.cli("user", "add", "zone-applicant", "--role", "zone", "--zone", str(zone),
              "--password-stdin", stdin=PASSWORD + "\n")
        office = s.login("admin")[:2]
        applicant = s.login("zone-applicant")[:2]
        recommender = s.login("province")[:2]  # scoped to cluster A's province

        r = s.request("POST", "/api/v1/rounds", {
            "year": 2026, "name": "2026年度遴选", "document_number": "国科火字〔2026〕99号",
            "system": "torch-iic", "data_weight": 0.4, "deadlines": DEADLINES,
            "quotas": {province: 1}}, session=office)
        self.assertEqual(r.status, 201, r)
        rid = r.json()["round"]
        # A file path is not a system the server loads.
        r = s.request("POST", "/api/v1/rounds", {
            "year": 2026, "name": "x", "document_number": "y", "system": "/etc/passwd",
            "deadlines": DEADLINES}, session=office)
        self.assertError(r, 422)

        form = {"cluster_name": "轮次测试集群", "industry": "3973", "building_unit": "管委会",
                "management_body": "促进中心", "leading_firms": ["甲公司", "乙公司"]}
        r = s.request("POST", f"/api/v1/rounds/{rid}/applications?zone={zone}", form,
                      session=applicant)
        self.assertEqual(r.status, 201, r)
        app_id = r.json()["application"]
        # Its own zone only; and one application per zone.
        r = s.request("POST", f"/api/v1/rounds/{rid}/applications?zone={s.b['zone']}", form,
                      session=applicant)
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", f"/api/v1/rounds/{rid}/applications?zone={zone}", form,
                      session=applicant)
        self.assertEqual(r.status, 409, r)
        self.assertIn("applied in this round already", r.raw.decode("utf-8"))

        r = s.request("GET", f"/api/v1/rounds/{rid}/applications?zone={zone}", session=applicant)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([(row["id"], row["state"]) for row in r.json()["rows"]],
                         [(app_id, "submitted")])

        # The province returns it; reasons are required.
        r = s.request("POST", f"/api/v1/applications/{app_id}/return", {}, session=recommender)
        self.assertError(r, 422)
        r = s.request("POST", f"/api/v1/applications/{app_id}/return",
                      {"reason": "龙头企业名单不完整"}, session=recommender)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(s.sql("SELECT state, return_reason FROM application WHERE id = ?",
                               (app_id,)), [("returned", "龙头企业名单不完整")])

        # Not the recommendation stage yet: refused, naming the stage.
        listing = {"list": [{"application": app_id, "opinion": "同意推荐"}]}
        r = s.request("PUT", f"/api/v1/rounds/{rid}/recommendations?province={province}",
                      listing, session=recommender)
        self.assertEqual(r.status, 409, r)
        self.assertIn("recommendation", r.raw.decode("utf-8"))
        r = s.request("POST", f"/api/v1/rounds/{rid}/advance", {}, session=recommender)
        self.assertError(r, 403, "forbidden")
        r = s.request("POST", f"/api/v1/rounds/{rid}/advance", {}, session=office)
        self.assertEqual(r.json()["stage"], "recommendation", r)

        # Corrected and submitted again: the same application.
        form["leading_firms"].append("丙公司")
        r = s.request("POST", f"/api/v1/rounds/{rid}/applications?zone={zone}", form,
                      session=applicant)
        self.assertEqual((r.status, r.json()["application"]), (201, app_id), r)
        r = s.request("PUT", f"/api/v1/rounds/{rid}/recommendations?province={province}",
                      listing, session=recommender)
        self.assertEqual(r.status, 200, r)
        # This round's list (the demo data set has a round of its own, with lists).
        self.assertEqual(s.sql("SELECT application_id, rank, opinion FROM recommendation "
                               "WHERE round_id = ?", (rid,)), [(app_id, 1, "同意推荐")])
        # Another province's list is not this account's to send.
        r = s.request("PUT", f"/api/v1/rounds/{rid}/recommendations?province={s.b['province']}",
                      {"list": []}, session=recommender)
        self.assertError(r, 403, "forbidden")

        actors = s.sql("SELECT a.action, l.login FROM audit_log a JOIN account l "
                       "ON l.id = a.account_id WHERE a.entity IN ('round', 'application', "
                       "'recommendation') ORDER BY a.id")
        self.assertEqual(actors, [("add", "admin"), ("submit", "zone-applicant"),
                                  ("return", "province"), ("advance", "admin"),
                                  ("resubmit", "zone-applicant"), ("recommend", "province")])
