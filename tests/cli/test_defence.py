"""Defence sessions (视频答辩) on the command line: `defence schedule|list|move|notice`. A round in
its review stage with four recommended applications, each assigned two of four experts; slot
times below are counted by hand from the start, the slot length and the break, and the panels and
the stored rows are read back with a database client of the test's own (tests/backends.py: SQLite
or PostgreSQL). A refused change leaves the database as it was, byte for byte of its dump."""
from harness import CliTest
from round_setup import day, submitted_round, to_review

SESSION_DAY = day(70)  # within the review stage, which ends on day(90)


class DefenceTest(CliTest):
    def setUp(self):
        super().setUp()
        self.rid, self.apps = submitted_round(self)
        to_review(self, self.rid, self.apps, ["北京大学", "清华大学", "中科院微电子所", "复旦大学"])
        self.ok("assign", "--round", self.rid, "--reviewers", "2", "--max-load", "2")
        self.ids = sorted(self.apps.values())

    def panel(self, application):
        return [c for (c,) in self.sql(
            "SELECT e.code FROM review_assignment r JOIN expert e ON e.id = r.expert_id "
            "WHERE r.application_id = ? ORDER BY e.code", (application,))]

    def slots(self):
        return self.sql('SELECT application_id, date, start, "end" FROM defence_slot '
                        "ORDER BY date, start")

    def test_a_session_lays_out_every_recommended_application_with_breaks(self):
        r = self.ok("defence", "schedule", "--round", self.rid, "--date", SESSION_DAY,
                    "--start", "09:00", "--minutes", "20", "--break-after", "2", "--break", "10",
                    "--panel", "第一组", "--link", "https://meeting.example/abc",
                    "--format", "json")
        # By id; after the second slot a break from 09:40 to 09:50.
        self.assertEqual(self.slots(), [
            (self.ids[0], SESSION_DAY, "09:00", "09:20"),
            (self.ids[1], SESSION_DAY, "09:20", "09:40"),
            (self.ids[2], SESSION_DAY, "09:50", "10:10"),
            (self.ids[3], SESSION_DAY, "10:10", "10:30")])
        self.assertEqual(self.sql("SELECT panel, date, place, minutes FROM defence_session"),
                         [("第一组", SESSION_DAY, "https://meeting.example/abc", 20)])
        rows = r.json()["rows"]
        self.assertEqual([row["application"] for row in rows], self.ids)
        first = rows[0]
        self.assertEqual(first["experts"], ", ".join(self.panel(self.ids[0])))
        self.assertEqual(first["reviews_in"], "0/2")
        self.assertEqual(first["zone"], "襄阳高新区")
        # Told: the zone and the two experts of its panel.
        (told,) = self.sql("SELECT told FROM defence_slot WHERE application_id = ?",
                           (self.ids[0],))[0]
        self.assertEqual(told, "襄阳高新区; " + ", ".join(self.panel(self.ids[0])))
        # A review is the session's score: one of two in.
        self.ok("review", "submit", "--application", str(self.ids[0]),
                "--expert", self.panel(self.ids[0])[0], "--points", "80")
        rows = self.ok("defence", "list", "--round", self.rid, "--format", "json").json()["rows"]
        self.assertEqual(rows[0]["reviews_in"], "1/2")
        self.assertEqual(rows[1]["reviews_in"], "0/2")
        (entries,) = self.sql("SELECT count(*) FROM audit_log WHERE action = 'schedule'")[0]
        self.assertEqual(entries, 1)

    def test_refused_schedules_change_nothing(self):
        self.ok("defence", "schedule", "--round", self.rid, "--date", SESSION_DAY,
                "--start", "09:00", "--application", str(self.ids[0]),
                "--application", str(self.ids[1]))
        before = self.dump()
        base = ["defence", "schedule", "--round", self.rid, "--date", SESSION_DAY]
        # The same panel (第一组, the default) at 09:30 while it hears ids[1] until 09:40.
        r = self.fails(3, *base, "--start", "09:30", "--application", str(self.ids[2]))
        self.assertIn("panel 第一组 would hear two applications at once", r.err)
        # An application with its slot already.
        self.fails(3, *base, "--start", "14:00", "--panel", "第二组",
                   "--application", str(self.ids[0]))
        # Three slots of 30 minutes from 23:00 end at 24:30.
        r = self.fails(2, *base, "--start", "23:00", "--minutes", "30", "--panel", "第二组",
                       "--application", str(self.ids[2]), "--application", str(self.ids[3]),
                       "--application", str(self.ids[2] + 1000))
        self.assertIn("would end at", r.err)
        self.fails(2, *base, "--start", "9am", "--panel", "第二组")
        # After the review stage's deadline.
        self.fails(3, "defence", "schedule", "--round", self.rid, "--date", day(91),
                   "--start", "09:00", "--panel", "第二组")
        self.assertEqual(self.dump(), before)

    def test_a_slot_moves_with_its_reason_and_keeps_its_length(self):
        self.ok("defence", "schedule", "--round", self.rid, "--date", SESSION_DAY,
                "--start", "09:00", "--minutes", "25", "--application", str(self.ids[0]),
                "--application", str(self.ids[1]))
        (slot,) = self.sql("SELECT id FROM defence_slot WHERE application_id = ?",
                           (self.ids[1],))[0]
        before = self.dump()
        self.fails(1, "defence", "move", str(slot), "--start", "15:00")  # no reason
        r = self.fails(3, "defence", "move", str(slot), "--start", "09:10",
                       "--reason", "专家时间冲突")  # into ids[0]'s 09:00–09:25
        self.assertIn("at once", r.err)
        self.fails(2, "defence", "move", str(slot), "--start", "15:00", "--reason", " ")
        self.assertEqual(self.dump(), before)
        self.ok("defence", "move", str(slot), "--start", "15:00", "--date", day(71),
                "--reason", "申报单位网络故障")
        self.assertEqual(self.sql('SELECT date, start, "end" FROM defence_slot WHERE id = ?',
                                  (slot,)), [(day(71), "15:00", "15:25")])
        self.assertEqual(self.sql("SELECT old_date, old_start, new_date, new_start, reason, "
                                  "moved_by FROM defence_slot_move"),
                         [(SESSION_DAY, "09:25", day(71), "15:00", "申报单位网络故障", "tester")])
        self.assertEqual(self.sql("SELECT entity, entity_key, reason FROM audit_log "
                                  "WHERE action = 'move'"),
                         [("defence-slot", str(slot), "申报单位网络故障")])
        rows = self.ok("defence", "list", "--round", self.rid, "--format", "json").json()["rows"]
        self.assertEqual([(row["application"], row["moves"]) for row in rows],
                         [(self.ids[0], 0), (self.ids[1], 1)])

    def test_each_party_is_told_its_own_slots(self):
        self.ok("defence", "schedule", "--round", self.rid, "--date", SESSION_DAY,
                "--start", "09:00", "--panel", "第一组")
        r = self.ok("defence", "notice", "--round", self.rid, "--zone", "宜昌高新区",
                    "--format", "json")
        rows = r.json()["rows"]
        # 宜昌's is the second application by id: 09:20–09:40 with the default 20 minutes.
        self.assertEqual(self.apps["宜昌芯片集群"], self.ids[1])
        self.assertEqual([(row["application"], row["start"], row["end"]) for row in rows],
                         [(self.ids[1], "09:20", "09:40")])
        self.assertNotIn("experts", rows[0])  # the applicant is not told who reviews it
        expert = self.panel(self.ids[0])[0]
        sits = sorted(a for (a,) in self.sql(
            "SELECT r.application_id FROM review_assignment r JOIN expert e "
            "ON e.id = r.expert_id WHERE e.code = ?", (expert,)))
        rows = self.ok("defence", "notice", "--round", self.rid, "--expert", expert,
                       "--format", "json").json()["rows"]
        self.assertEqual(sorted(row["application"] for row in rows), sits)
        self.fails(1, "defence", "notice", "--round", self.rid)
        self.fails(2, "defence", "notice", "--round", self.rid, "--expert", "E99")

    def test_help_has_examples(self):
        for verb in ("schedule", "list", "move", "notice"):
            r = self.ok("defence", verb, "--help", db=False)
            self.assertIn("Examples:", r.out)
            self.assertIn("clusteratlas defence " + verb, r.out)


if __name__ == "__main__":
    import unittest
    unittest.main()
