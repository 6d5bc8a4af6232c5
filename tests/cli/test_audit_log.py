"""The audit log as a hash chain, end to end: a realistic session of CLI writes verifies; one
entry edited by hand, or one removed from the middle, makes `audit-log verify` fail naming it;
the first entry's hash is recomputed here from the serialisation documented in
docs/accounts-and-audit.md; `audit-log list` filters by account, entity and time."""
import hashlib
import json
import os
import subprocess

from harness import BIN, CliTest, backends

GENESIS = "0" * 64


def canonical(row):
    """docs/accounts-and-audit.md: the JSON array of the entry's fields and prev_hash."""
    (id_, at, actor, account_id, origin, action, entity, key, detail, reason, before, after,
     prev_hash) = row
    return json.dumps([id_, at, actor, account_id, origin, action, entity, key, detail, reason,
                       before, after, prev_hash], ensure_ascii=False, separators=(",", ":"))


FIELDS = ("id, at, actor, account_id, origin, action, entity, entity_key, detail, reason, before, "
          "after, prev_hash")


class AuditLog(CliTest):
    def tamper(self, statement, params=()):
        """What someone with the database itself could do: drop the append-only triggers and
        change the table with a client of their own (sqlite3, psql)."""
        backends.drop_trigger(self.db, "audit_log_append_only_update", "audit_log")
        backends.drop_trigger(self.db, "audit_log_append_only_delete", "audit_log")
        self.sql_write(statement, params)

    def session(self):
        """Writes a programme office makes in a morning: a demo data set, status changes, a
        rename, a correction, an import."""
        self.ok("demo", "--clusters", "15", "--years", "2022-2024", "--seed", "5")
        cluster = self.sql("SELECT id FROM cluster WHERE status = 'pilot' ORDER BY id")[0][0]
        self.ok("--operator", "王工", "cluster", "set-status", str(cluster), "recognised",
                "--date", "2024-06-01", "--doc-no", "国科发火〔2024〕1号", "--reason", "复核通过")
        self.ok("cluster", "rename", str(cluster), "新名称创新型产业集群", "--date", "2024-07-01")
        self.ok("cluster", "correct", str(cluster), "--reason", "录入错误")
        code, name = self.sql("SELECT credit_code, name FROM enterprise LIMIT 1")[0]
        cname = self.sql("SELECT name FROM cluster WHERE id = ?", (cluster,))[0][0]
        path = self.write_csv("e.csv", ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)"],
                              [[code, name, cname, "1200"]])
        self.ok("import", "enterprises", path, "--year", "2025")
        return cluster

    def test_a_session_of_cli_writes_verifies_and_records_before_and_after(self):
        cluster = self.session()
        # The session's file import (the demo's expert pool is an import of its own).
        imports_before = self.sql("SELECT count(*) FROM audit_log WHERE action = 'import' "
                                  "AND entity = 'revision'")[0][0]
        r = self.ok("audit-log", "verify")
        total = self.sql("SELECT count(*) FROM audit_log")[0][0]
        self.assertIn(f"audit log verified: {total} entries", r.out)
        self.assertEqual(imports_before, 1, "an import is one entry, not one per row")
        # The status change keeps its before, after and why, by its operator.
        before, after, reason, actor = self.sql(
            "SELECT before, after, reason, actor FROM audit_log WHERE action = 'set-status' "
            "AND entity_key = ? ORDER BY id DESC", (str(cluster),))[0]
        self.assertEqual(json.loads(before), {"status": "pilot"})
        self.assertEqual(json.loads(after)["status"], "recognised")
        self.assertEqual((reason, actor), ("复核通过", "王工"))
        # The demo renames clusters too: the last entry is the session's own.
        rename = self.sql("SELECT before, after FROM audit_log WHERE action = 'rename' "
                          "ORDER BY id DESC")[0]
        self.assertEqual(json.loads(rename[1])["name"], "新名称创新型产业集群")
        correct = self.sql("SELECT after, reason FROM audit_log WHERE action = 'correct' "
                           "ORDER BY id DESC")[0]
        self.assertEqual((json.loads(correct[0])["status"], correct[1]), ("pilot", "录入错误"))
        # Every row links to the one before, recomputed here.
        rows = self.sql(f"SELECT {FIELDS}, hash FROM audit_log ORDER BY id")
        previous = GENESIS
        for row in rows:
            self.assertEqual(row[12], previous, row[0])
            self.assertEqual(hashlib.sha256(canonical(row[:13]).encode()).hexdigest(), row[13])
            previous = row[13]
        self.assertIn(previous, r.out, "verify prints the head of the chain")

    def test_the_first_entry_hash_follows_the_documented_serialisation(self):
        self.ok("zone", "add", "测试高新区", "--province", "湖北", "--city", "武汉市")
        row = self.sql(f"SELECT {FIELDS}, hash FROM audit_log WHERE id = 1")[0]
        self.assertEqual(row[12], GENESIS)
        text = canonical(row[:13])
        self.assertTrue(text.startswith('[1,"'), text)
        self.assertEqual(hashlib.sha256(text.encode("utf-8")).hexdigest(), row[13])

    def test_an_edited_entry_is_named(self):
        self.session()
        victim, at = self.sql("SELECT id, at FROM audit_log WHERE action = 'set-status' "
                              "ORDER BY id DESC")[0]
        total = self.sql("SELECT count(*) FROM audit_log")[0][0]
        self.tamper("UPDATE audit_log SET reason = '无' WHERE id = ?", (victim,))
        r = self.fails(4, "audit-log", "verify")
        self.assertIn(f"broken at entry {victim} ({at})", r.err)
        self.assertIn("changed after it was written", r.err)
        self.assertIn(f"the {victim - 1} entries before it verify", r.err)
        self.assertLess(victim, total)

    def test_an_entry_removed_from_the_middle_is_detected(self):
        self.session()
        total = self.sql("SELECT count(*) FROM audit_log")[0][0]
        middle = total // 2
        self.tamper("DELETE FROM audit_log WHERE id = ?", (middle,))
        r = self.fails(4, "audit-log", "verify")
        self.assertIn(f"broken at entry {middle + 1} ", r.err)
        self.assertIn(f"not the hash of entry {middle - 1}", r.err)

    def test_the_log_cannot_be_changed_even_with_a_database_client(self):
        # sqlite3 or psql on the database itself, not the binary: its triggers refuse.
        self.ok("zone", "add", "测试高新区", "--province", "湖北", "--city", "武汉市")
        entries = self.sql(f"SELECT {FIELDS}, hash FROM audit_log ORDER BY id")
        refused = backends.database_error(self.db)
        with self.assertRaises(refused):
            self.sql_write("UPDATE audit_log SET detail = 'x' WHERE id = 1")
        with self.assertRaises(refused):
            self.sql_write("DELETE FROM audit_log WHERE id = 1")
        self.assertEqual(self.sql(f"SELECT {FIELDS}, hash FROM audit_log ORDER BY id"), entries)

    def test_without_operator_or_user_the_system_account_is_recorded(self):
        # A cron job or a CI runner has no $USER: the entry names the account the process runs
        # as (read here from the password database), never "unknown".
        import pwd
        env = {k: v for k, v in os.environ.items() if k not in ("USER", "CLUSTERATLAS_DB")}
        proc = subprocess.run([BIN, "--db", self.db, "zone", "add", "丙高新区", "--province",
                               "湖北", "--city", "武汉市"], capture_output=True, text=True,
                              env=env, cwd=self.tmp.name, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        actor = self.sql("SELECT actor FROM audit_log WHERE entity = 'zone' AND detail LIKE "
                         "'%丙高新区%'")
        self.assertEqual(actor, [(pwd.getpwuid(os.geteuid()).pw_name,)])

    def test_list_filters_by_account_entity_and_time(self):
        self.ok("--operator", "王工", "zone", "add", "甲高新区", "--province", "湖北", "--city",
                "武汉市")
        self.ok("--operator", "李工", "zone", "add", "乙高新区", "--province", "湖北", "--city",
                "武汉市")
        rows = self.ok("audit-log", "list", "--account", "李工", "--format", "json").json()["rows"]
        self.assertEqual([(r["actor"], r["detail"]) for r in rows], [("李工", "乙高新区")])
        # A name of ten characters, the length of a date, is still a name.
        self.ok("--operator", "demo-admin", "zone", "add", "丙高新区", "--province", "湖北",
                "--city", "武汉市")
        rows = self.ok("audit-log", "list", "--account", "demo-admin", "--format",
                       "json").json()["rows"]
        self.assertEqual([(r["actor"], r["detail"]) for r in rows], [("demo-admin", "丙高新区")])
        every = self.sql("SELECT count(*) FROM audit_log WHERE entity = 'zone'")[0][0]
        rows = self.ok("audit-log", "list", "--entity", "zone", "--format", "json").json()["rows"]
        self.assertEqual(len(rows), every)
        self.assertTrue(all(len(r["hash"]) == 64 for r in rows))
        self.assertEqual(self.ok("audit-log", "list", "--until", "2000-01-01", "--format",
                                 "json").json()["rows"], [])
        today = self.sql("SELECT substr(max(at), 1, 10) FROM audit_log")[0][0]
        rows = self.ok("audit-log", "list", "--since", today, "--until", today, "--format",
                       "json").json()["rows"]
        self.assertEqual(len(rows), self.sql("SELECT count(*) FROM audit_log")[0][0])
        r = self.fails(1, "audit-log", "list", "--since", "yesterday")
        self.assertIn("--since: 'yesterday' is not a date", r.err)
