"""The administration page's API: accounts (list, add, role, disable, enable, unlock) and the audit
log (a page newest first, the chain check). Expected values come from the database, read and
tampered with behind the server's back (tests/backends.py: sqlite3 or psycopg2), and the audit
chain is recomputed here from the serialisation docs/accounts-and-audit.md documents, never asked
of the server."""
import hashlib
import json
import os
import sys
import unittest

import jsonschema

sys.path.insert(0, os.path.dirname(__file__))

from harness import PASSWORD, ROLES, Server, ServerTest

GENESIS = "0" * 64
CHAIN_FIELDS = ("id, at, actor, account_id, origin, action, entity, entity_key, detail, reason, "
                "before, after, prev_hash, hash")
# Words no key of an account or audit document may contain: the secrets of an account.
SECRET_WORDS = ("hash", "password", "secret", "token", "session", "csrf")


def first_broken_entry(rows):
    """The id of the first entry that does not link to the one before (the first to 64 zeros) or
    does not hash to its stored hash, or None: the walk docs/accounts-and-audit.md describes."""
    previous = GENESIS
    for row in rows:
        fields, stored = list(row[:13]), row[13]
        text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        if fields[12] != previous or hashlib.sha256(text.encode("utf-8")).hexdigest() != stored:
            return fields[0]
        previous = stored
    return None


def keys_of(document):
    """Every key of every object in a JSON document, however deep."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield key
            yield from keys_of(value)
    elif isinstance(document, list):
        for value in document:
            yield from keys_of(value)


class AdminTest(ServerTest):
    def session_of(self, role):
        return self.server.login(role)[:2]

    def admin(self):
        if not hasattr(self, "_admin"):
            self._admin = self.session_of("admin")
        return self._admin

    def get(self, path, session=None):
        return self.server.request("GET", path, session=session or self.admin())

    def post(self, path, body=None, session=None, method="POST"):
        return self.server.request(method, path, body, session=session or self.admin())

    def assertDocumented(self, method, pattern, r):
        """The answer has exactly the shape the OpenAPI document gives the route: the contract
        the web page is written against."""
        api = self.server.request("GET", "/api/v1/openapi.json").json()
        response = api["paths"][pattern][method.lower()]["responses"][str(r.status)]
        schema = response["content"]["application/json"]["schema"]
        errors = [e.message for e in
                  jsonschema.Draft202012Validator(schema).iter_errors(r.json())]
        self.assertEqual(errors, [], f"{method} {pattern}")

    def assertInvalid(self, r, field):
        err = self.assertError(r, 422, "invalid-input")
        self.assertEqual(err.get("field"), field, err)


class Accounts(AdminTest):
    def test_the_list_is_the_account_table_without_any_secret(self):
        s = self.server
        # The expert account acts as a pool expert once linked (`review link`).
        (expert_code,) = s.sql("SELECT min(code) FROM expert")[0]
        s.cli("review", "link", "--expert", expert_code, "--account", "expert")
        r = self.get("/api/v1/accounts")
        self.assertEqual(r.status, 200, r)
        self.assertDocumented("GET", "/api/v1/accounts", r)
        accounts = r.json()["accounts"]
        rows = s.sql("SELECT id, login, role, disabled, province_code, zone_id, cluster_id, "
                     "created_at FROM account ORDER BY id")
        self.assertEqual([(a["id"], a["login"], a["role"]) for a in accounts],
                         [row[:3] for row in rows])
        for a, row in zip(accounts, rows):
            self.assertEqual(a["disabled"], bool(row[3]))
            self.assertEqual(a["created_at"], row[7])
        by_login = {a["login"]: a for a in accounts}
        (province_name,) = s.sql("SELECT name_zh FROM province WHERE code = ?",
                                 (s.a["province"],))[0]
        (zone_name,) = s.sql("SELECT name FROM zone WHERE id = ?", (s.a["zone"],))[0]
        (cluster_name,) = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))[0]
        self.assertEqual(by_login["province"]["scope"],
                         {"kind": "province", "code": s.a["province"], "name": province_name,
                          "label": province_name})
        self.assertEqual(by_login["zone"]["scope"],
                         {"kind": "zone", "id": s.a["zone"], "name": zone_name,
                          "label": f"{zone_name} ({s.a['zone']})"})
        self.assertEqual(by_login["cluster"]["scope"]["id"], s.a["id"])
        self.assertEqual(by_login["cluster"]["scope"]["name"], cluster_name)
        self.assertEqual(by_login["expert"]["scope"],
                         {"kind": "expert", "code": expert_code, "label": f"expert {expert_code}"})
        self.assertIsNone(by_login["admin"]["scope"])
        self.assertIsNone(by_login["analyst"]["scope"])
        # Logged in (above, by this test's admin session): the time is the table's.
        (last_login,) = s.sql("SELECT last_login_at FROM account WHERE login = 'admin'")[0]
        self.assertEqual(by_login["admin"]["last_login_at"], last_login)
        # No secret under any name, nor any stored secret's value anywhere in the text.
        for key in keys_of(r.json()):
            for word in SECRET_WORDS:
                if key == "must_change_password":
                    continue
                self.assertNotIn(word, key.lower(), key)
        text = r.raw.decode("utf-8")
        self.assertNotIn("argon2", text)
        secrets = [h for (h,) in s.sql("SELECT password_hash FROM account")]
        secrets += [h for (h,) in s.sql("SELECT token_hash FROM api_token")]
        for secret in secrets:
            self.assertNotIn(secret, text)

    def test_only_the_administrator_manages_accounts(self):
        s = self.server
        routes = [("GET", "/api/v1/accounts", None),
                  ("POST", "/api/v1/accounts", {"login": "x-refused", "role": "analyst"}),
                  ("PUT", "/api/v1/accounts/1/role", {"role": "analyst"}),
                  ("POST", "/api/v1/accounts/1/disable", None),
                  ("POST", "/api/v1/accounts/1/enable", None),
                  ("POST", "/api/v1/accounts/1/unlock", None),
                  ("GET", "/api/v1/audit-log", None),
                  ("GET", "/api/v1/audit-log/verification", None)]
        before = s.sql("SELECT * FROM account ORDER BY id")
        for role in ROLES:
            if role == "admin":
                continue
            session = self.session_of(role)
            for method, path, body in routes:
                with self.subTest(role=role, route=f"{method} {path}"):
                    self.assertError(s.request(method, path, body, session=session), 403,
                                     "forbidden")
        for method, path, body in routes:
            with self.subTest(role="public", route=f"{method} {path}"):
                self.assertError(s.request(method, path, body), 401, "unauthenticated")
        self.assertEqual(len(s.sql("SELECT * FROM account")), len(before))
        self.assertEqual(s.sql("SELECT count(*) FROM account WHERE login = 'x-refused'"), [(0,)])

    def test_an_added_account_logs_in_with_the_password_sent_once(self):
        s = self.server
        (admin_id,) = s.sql("SELECT id FROM account WHERE login = 'admin'")[0]
        r = self.post("/api/v1/accounts", {"login": "hubei-new", "role": "province",
                                           "scope": "湖北", "display_name": "湖北省科技厅",
                                           "reason": "新办公室"})
        self.assertEqual(r.status, 201, r)
        self.assertDocumented("POST", "/api/v1/accounts", r)
        body = r.json()
        password = body["password"]
        account = body["account"]
        (row,) = s.sql("SELECT id, role, province_code, must_change_password, password_hash "
                       "FROM account WHERE login = 'hubei-new'")
        self.assertEqual((account["id"], account["role"], account["scope"]["code"]),
                         row[:3])
        self.assertEqual(row[2], "420000")
        # Generated: handed on by someone, so it must be changed at the first login.
        self.assertEqual(row[3], 1)
        self.assertTrue(account["must_change_password"])
        self.assertTrue(row[4].startswith("$argon2id$"))
        self.assertNotIn(password, row[4])
        # It logs in with it.
        login = s.request("POST", "/api/v1/session", {"login": "hubei-new", "password": password})
        self.assertEqual(login.status, 200, login)
        self.assertEqual(login.json()["account"]["login"], "hubei-new")
        # It is listed.
        listed = [a["login"] for a in self.get("/api/v1/accounts").json()["accounts"]]
        self.assertIn("hubei-new", listed)
        # The audit log has it, by the administrator's account, from the API, with the reason,
        # and without the password or its hash.
        (entry,) = s.sql("SELECT id, actor, account_id, origin, action, reason, after FROM "
                         "audit_log WHERE entity = 'account' AND action = 'add' AND "
                         "entity_key = ?", (str(row[0]),))
        self.assertEqual(entry[1:6], ("admin", admin_id, "127.0.0.1", "add", "新办公室"))
        self.assertNotIn(password, entry[6])
        self.assertNotIn("argon2", entry[6])
        page = self.get("/api/v1/audit-log?entity=account&limit=500").json()["entries"]
        self.assertIn(entry[0], [e["id"] for e in page])

    def test_an_account_given_its_password_keeps_it(self):
        s = self.server
        r = self.post("/api/v1/accounts", {"login": "reader-2", "role": "analyst",
                                           "password": PASSWORD})
        self.assertEqual(r.status, 201, r)
        self.assertNotIn("password", r.json())
        self.assertFalse(r.json()["account"]["must_change_password"])
        self.assertEqual(s.sql("SELECT must_change_password FROM account WHERE login = "
                               "'reader-2'"), [(0,)])
        self.assertTrue(s.login("reader-2")[1])

    def test_refusals_name_their_field_and_write_nothing(self):
        s = self.server
        before = s.sql("SELECT count(*) FROM account")
        self.assertEqual(self.post("/api/v1/accounts", {"login": "dup-1", "role": "analyst"})
                         .status, 201)
        after_one = s.sql("SELECT count(*) FROM account")
        self.assertEqual(after_one[0][0], before[0][0] + 1)
        err = self.assertError(self.post("/api/v1/accounts", {"login": "dup-1", "role": "admin"}),
                               409, "rule-violated")
        self.assertEqual(err.get("field"), "login", err)
        for body, field in [
                ({"login": "x1", "role": "superuser"}, "role"),
                ({"login": "x1", "role": "public"}, "role"),
                ({"role": "analyst"}, "login"),
                ({"login": "with space", "role": "analyst"}, "login"),
                ({"login": "x1"}, "role"),
                ({"login": "x1", "role": "province"}, "scope"),
                ({"login": "x1", "role": "province", "scope": "火星"}, "scope"),
                ({"login": "x1", "role": "zone", "scope": "999999"}, "scope"),
                ({"login": "x1", "role": "analyst", "scope": "湖北"}, "scope"),
                ({"login": "x1", "role": "analyst", "password": "short"}, "password"),
                ({"login": "x1", "role": "analyst", "temporary": "yes"}, "temporary")]:
            with self.subTest(body=body):
                self.assertInvalid(self.post("/api/v1/accounts", body), field)
        self.assertEqual(s.sql("SELECT count(*) FROM account"), after_one)
        # The message of a mistyped role offers the right one.
        err = self.assertError(self.post("/api/v1/accounts", {"login": "x1", "role": "provnce"}),
                               422)
        self.assertIn("province", err["message"]["en"])

    def test_disable_enable_unlock_and_a_new_role(self):
        s = self.server
        s.cli("user", "add", "temp-office", "--role", "analyst", "--password-stdin",
              stdin=PASSWORD + "\n")
        (id_,) = s.sql("SELECT id FROM account WHERE login = 'temp-office'")[0]
        own = s.login("temp-office")[:2]
        r = self.post(f"/api/v1/accounts/{id_}/disable")
        self.assertEqual(r.status, 200, r)
        self.assertDocumented("POST", "/api/v1/accounts/{id}/disable", r)
        self.assertTrue(r.json()["account"]["disabled"])
        self.assertEqual(s.sql("SELECT disabled FROM account WHERE id = ?", (id_,)), [(1,)])
        # Its session ended with it; it cannot log in.
        self.assertError(s.request("GET", "/api/v1/session", session=own), 401)
        r = s.request("POST", "/api/v1/session", {"login": "temp-office", "password": PASSWORD})
        self.assertError(r, 401, "login-failed")
        r = self.post(f"/api/v1/accounts/{id_}/enable")
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["account"]["disabled"])
        s.login("temp-office")
        # Locked by hand in the database, as five failed logins would; unlocked through the API.
        con_time = "2999-01-01T00:00:00Z"
        s.execute("UPDATE account SET locked_until = ?, failed_logins = 5 WHERE id = ?",
                  (con_time, id_))
        listed = {a["id"]: a for a in self.get("/api/v1/accounts").json()["accounts"]}
        self.assertTrue(listed[id_]["locked"])
        self.assertEqual(listed[id_]["locked_until"], con_time)
        r = self.post(f"/api/v1/accounts/{id_}/unlock")
        self.assertEqual(r.status, 200, r)
        self.assertFalse(r.json()["account"]["locked"])
        self.assertEqual(s.sql("SELECT locked_until, failed_logins FROM account WHERE id = ?",
                               (id_,)), [(None, 0)])
        # A new role and scope: a zone account of cluster A's zone.
        r = self.post(f"/api/v1/accounts/{id_}/role", {"role": "zone", "scope": str(s.a["zone"])},
                      method="PUT")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(s.sql("SELECT role, zone_id FROM account WHERE id = ?", (id_,)),
                         [("zone", s.a["zone"])])
        self.assertInvalid(self.post(f"/api/v1/accounts/{id_}/role", {"role": "cluster"},
                                     method="PUT"), "scope")
        actions = [a for (a,) in s.sql("SELECT action FROM audit_log WHERE entity = 'account' "
                                       "AND entity_key = ? ORDER BY id", (str(id_),))]
        for action in ("add", "disable", "enable", "unlock", "set-role"):
            self.assertIn(action, actions)
        # An unknown account is 404; the administrator's own account is not disabled here.
        self.assertError(self.post("/api/v1/accounts/999999/disable"), 404)
        (admin_id,) = s.sql("SELECT id FROM account WHERE login = 'admin'")[0]
        self.assertError(self.post(f"/api/v1/accounts/{admin_id}/disable"), 409)
        self.assertEqual(s.sql("SELECT disabled FROM account WHERE id = ?", (admin_id,)), [(0,)])


class AuditLogPages(AdminTest):
    def test_entries_newest_first_a_page_at_a_time(self):
        s = self.server
        session = self.admin()  # logged in before the log is read: its entry is in the table
        ids = [i for (i,) in s.sql("SELECT id FROM audit_log ORDER BY id DESC")]
        self.assertGreater(len(ids), 12)
        first = self.get("/api/v1/audit-log?limit=5", session)
        self.assertEqual(first.status, 200, first)
        self.assertDocumented("GET", "/api/v1/audit-log", first)
        page = first.json()
        self.assertEqual([e["id"] for e in page["entries"]], ids[:5])
        self.assertEqual(page["next_before"], ids[4])
        second = self.get(f"/api/v1/audit-log?limit=5&before={page['next_before']}", session)
        self.assertEqual([e["id"] for e in second.json()["entries"]], ids[5:10])
        # The last page says so.
        last = self.get(f"/api/v1/audit-log?limit=500&before={ids[-3]}", session).json()
        self.assertEqual([e["id"] for e in last["entries"]], ids[-2:])
        self.assertIsNone(last["next_before"])
        # Each entry is its row.
        want = s.sql("SELECT id, at, actor, account_id, origin, action, entity, entity_key, "
                     "detail, reason FROM audit_log ORDER BY id DESC LIMIT 5")
        got = [tuple(e[k] for k in ("id", "at", "actor", "account_id", "origin", "action",
                                    "entity", "entity_key", "detail", "reason"))
               for e in page["entries"]]
        self.assertEqual(got, want)
        for key in keys_of(page):
            self.assertNotIn("hash", key)
        self.assertNotIn("argon2", first.raw.decode("utf-8"))
        # Filtered as `audit-log list` filters.
        accounts = self.get("/api/v1/audit-log?entity=account&limit=500", session).json()
        want_ids = [i for (i,) in s.sql("SELECT id FROM audit_log WHERE entity = 'account' "
                                        "ORDER BY id DESC")]
        self.assertEqual([e["id"] for e in accounts["entries"]], want_ids)

    def test_bad_paging_names_its_parameter(self):
        for query, field in [("limit=0", "limit"), ("limit=501", "limit"), ("limit=ten", "limit"),
                             ("before=0", "before"), ("since=yesterday", "since")]:
            with self.subTest(query=query):
                self.assertInvalid(self.get(f"/api/v1/audit-log?{query}"), field)

    def test_an_intact_chain_verifies(self):
        s = self.server
        rows = s.sql(f"SELECT {CHAIN_FIELDS} FROM audit_log ORDER BY id")
        self.assertIsNone(first_broken_entry(rows))
        r = self.get("/api/v1/audit-log/verification")
        self.assertEqual(r.status, 200, r)
        self.assertDocumented("GET", "/api/v1/audit-log/verification", r)
        v = r.json()
        self.assertTrue(v["ok"], v)
        self.assertIsNone(v["first_broken"])
        # Logging in above wrote nothing after the rows were read: the same count.
        (count,) = s.sql("SELECT count(*) FROM audit_log")[0]
        self.assertEqual(v["entries"], count)
        self.assertEqual(v["head_hash"], s.sql("SELECT hash FROM audit_log ORDER BY id DESC "
                                               "LIMIT 1")[0][0])


class AuditLogTampered(AdminTest):
    """A server of its own: the tampering stays."""

    def test_an_entry_changed_behind_the_servers_back_is_named(self):
        s = self.server
        self.admin()
        (count,) = s.sql("SELECT count(*) FROM audit_log")[0]
        (victim,) = s.sql("SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET ?",
                          (count // 2,))[0]
        # What someone with the owner's rights on the database could do: lift the append-only
        # guard and edit.
        s.tamper_with_audit_log("UPDATE audit_log SET detail = detail || ' (edited)' "
                                "WHERE id = ?", (victim,))
        rows = s.sql(f"SELECT {CHAIN_FIELDS} FROM audit_log ORDER BY id")
        broken = first_broken_entry(rows)
        self.assertEqual(broken, victim)  # the walk here agrees with where the edit was
        r = self.get("/api/v1/audit-log/verification")
        self.assertEqual(r.status, 200, r)
        self.assertDocumented("GET", "/api/v1/audit-log/verification", r)
        v = r.json()
        self.assertFalse(v["ok"], v)
        self.assertEqual(v["first_broken"], broken)
        self.assertEqual(v["entries"], sum(1 for row in rows if row[0] < broken))
        (at,) = s.sql("SELECT at FROM audit_log WHERE id = ?", (broken,))[0]
        self.assertEqual(v["broken_at"], at)
        self.assertIn(f"entry {broken}", v["message"])


if __name__ == "__main__":
    unittest.main()
