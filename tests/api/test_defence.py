"""Defence sessions (视频答辩) over HTTP, on the demo data set's round 1 (in its review stage, its
recommended applications assigned five experts each): the office schedules a session and moves a
slot with its reason; a zone's account reads its own slot and a linked expert's account the slots
its expert sits in; other accounts have none. Slot times are counted by hand; the stored rows are
read back from the database (tests/backends.py); the documents are checked against docs/schemas."""
import datetime
import json
import os
import sys

import jsonschema

sys.path.insert(0, os.path.dirname(__file__))

from harness import PASSWORD, ServerTest

SCHEMAS = os.path.join(os.path.dirname(__file__), "../../docs/schemas")


def schema(name):
    with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
        return json.load(f)


class DefenceOverHttp(ServerTest):
    def valid(self, name, doc):
        errors = list(jsonschema.Draft202012Validator(schema(name)).iter_errors(doc))
        self.assertEqual(errors, [], name)

    def test_schedule_move_and_each_party_told(self):
        s = self.server
        office = s.login("admin")[:2]
        province = s.login("province")[:2]
        analyst = s.login("analyst")[:2]
        (rid,) = s.sql("SELECT id FROM selection_round WHERE stage = 'review' ORDER BY id")[0]
        (deadline,) = s.sql("SELECT deadline FROM round_deadline WHERE round_id = ? AND "
                            "stage = 'review'", (rid,))[0]
        tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
        self.assertLessEqual(tomorrow, deadline)
        first, second = [a for (a,) in s.sql(
            "SELECT application_id FROM recommendation WHERE round_id = ? ORDER BY "
            "application_id LIMIT 2", (rid,))]
        body = {"date": tomorrow, "start": "09:00", "minutes": 30, "panel": "第一组",
                "place": "https://meeting.example/r1", "applications": [first, second]}

        # The demo's own two panels are taken away: this test schedules from none.
        for table in ("defence_slot_move", "defence_slot", "defence_session"):
            s.execute(f"DELETE FROM {table}")
        (audited,) = s.sql("SELECT max(id) FROM audit_log")[0]

        r = s.request("POST", f"/api/v1/rounds/{rid}/defence", body, session=province)
        self.assertError(r, 403, "forbidden")
        self.assertEqual(s.sql("SELECT count(*) FROM defence_slot")[0][0], 0)
        r = s.request("POST", f"/api/v1/rounds/{rid}/defence", dict(body, start="25:00"),
                      session=office)
        self.assertError(r, 422)
        r = s.request("POST", f"/api/v1/rounds/{rid}/defence", body, session=office)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json()["slots"], 2)
        self.assertEqual(s.sql("SELECT application_id, date, start, \"end\" FROM defence_slot "
                               "ORDER BY start"),
                         [(first, tomorrow, "09:00", "09:30"), (second, tomorrow, "09:30", "10:00")])

        r = s.request("GET", f"/api/v1/rounds/{rid}/defence", session=office)
        self.assertEqual(r.status, 200, r)
        self.valid("defence", r.json())
        rows = r.json()["rows"]
        panel = [c for (c,) in s.sql(
            "SELECT e.code FROM review_assignment r JOIN expert e ON e.id = r.expert_id "
            "WHERE r.application_id = ? ORDER BY e.code", (first,))]
        (reviewed,) = s.sql("SELECT count(*) FROM review WHERE application_id = ?", (first,))[0]
        self.assertEqual(rows[0]["experts"], ", ".join(panel))
        self.assertEqual(rows[0]["reviews_in"], f"{reviewed}/{len(panel)}")

        (slot,) = s.sql("SELECT id FROM defence_slot WHERE application_id = ?", (second,))[0]
        r = s.request("POST", f"/api/v1/defence-slots/{slot}/move", {"start": "14:00"},
                      session=office)
        self.assertError(r, 422)  # no reason
        r = s.request("POST", f"/api/v1/defence-slots/{slot}/move",
                      {"start": "09:15", "reason": "专家时间冲突"}, session=office)
        self.assertError(r, 409)  # 第一组 hears `first` until 09:30
        self.assertEqual(s.sql("SELECT count(*) FROM defence_slot_move")[0][0], 0)
        r = s.request("POST", f"/api/v1/defence-slots/{slot}/move",
                      {"start": "14:00", "reason": "申报单位网络故障"}, session=office)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(s.sql("SELECT start, \"end\" FROM defence_slot WHERE id = ?", (slot,)),
                         [("14:00", "14:30")])
        self.assertEqual(s.sql("SELECT old_start, new_start, reason, moved_by FROM "
                               "defence_slot_move"),
                         [("09:30", "14:00", "申报单位网络故障", "admin")])

        # The zone of `second` is told its slot, and nothing else.
        (zone,) = s.sql("SELECT zone_id FROM application WHERE id = ?", (second,))[0]
        s.cli("user", "add", "applicant", "--role", "zone", "--zone", str(zone),
              "--password-stdin", stdin=PASSWORD + "\n")
        applicant = s.login("applicant")[:2]
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-defence", session=applicant)
        self.assertEqual(r.status, 200, r)
        self.valid("defence-notice", r.json())
        self.assertEqual([(row["application"], row["start"], row["end"])
                          for row in r.json()["rows"]], [(second, "14:00", "14:30")])
        # An expert of `first`'s panel is told the scheduled slots of its applications.
        s.cli("review", "link", "--expert", panel[0], "--account", "expert")
        expert = s.login("expert")[:2]
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-defence", session=expert)
        self.assertEqual(r.status, 200, r)
        sits = sorted(a for (a,) in s.sql(
            "SELECT r.application_id FROM review_assignment r JOIN expert e ON e.id = r.expert_id "
            "WHERE e.code = ? AND r.application_id IN (?, ?)", (panel[0], first, second)))
        self.assertEqual(sorted(row["application"] for row in r.json()["rows"]), sits)
        # An analyst has no defence of its own.
        r = s.request("GET", f"/api/v1/rounds/{rid}/my-defence", session=analyst)
        self.assertError(r, 404)

        actions = s.sql("SELECT action, entity, reason FROM audit_log WHERE action IN "
                        "('schedule', 'move') AND id > ? ORDER BY id", (audited,))
        self.assertEqual(actions, [("schedule", "round", ""),
                                   ("move", "defence-slot", "申报单位网络故障")])


if __name__ == "__main__":
    import unittest
    unittest.main()
