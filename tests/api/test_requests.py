"""What the server does with requests a user or an attacker may send: bad input of every kind
is one 4xx JSON error, the server keeps serving and nothing is stored; a cookie-authenticated
change without the CSRF header is refused; a status change made through the API lands in the
audit log with the account and the chain verifies; logins that fail say why."""
import json
import unittest

from harness import PASSWORD, ServerTest


class BadInput(ServerTest):
    def status_rows(self, cluster_id):
        return self.server.sql("SELECT * FROM cluster_status_change WHERE cluster_id = ?",
                               (cluster_id,))

    def audit_count(self):
        return self.server.sql("SELECT count(*) FROM audit_log")[0][0]

    def refused_write(self, status, code, **kw):
        """A write to cluster C that must fail with `status`/`code` and store nothing."""
        s = self.server
        before, audit = self.status_rows(s.c["id"]), self.audit_count()
        r = s.request("POST", f"/api/v1/clusters/{s.c['id']}/status", token=s.admin_token, **kw)
        err = self.assertError(r, status, code)
        self.assertEqual(self.status_rows(s.c["id"]), before)
        self.assertEqual(self.audit_count(), audit)
        self.assertStillServing()
        return err

    def test_malformed_json(self):
        self.refused_write(400, "malformed-json", body='{"status": "warned",')

    def test_a_number_too_large_for_a_double(self):
        # Valid JSON that no double holds: the fuzzer found it escaped the body's parser.
        self.refused_write(400, "malformed-json",
                           body='{"status": "warned", "date": "2024-05-01", "year": 2024E2024}')

    def test_a_body_that_is_not_an_object(self):
        self.refused_write(400, "body-not-object", body='["warned"]')

    def test_wrong_content_type(self):
        self.refused_write(415, "unsupported-media-type", body='{"status": "warned"}',
                           content_type="text/plain")
        self.refused_write(415, "unsupported-media-type", body='{"status": "warned"}',
                           content_type="application/json; charset=gbk")

    def test_oversized_body(self):
        # 1 MiB is the documented limit (docs/api.md); 2 MiB of valid JSON is refused whole.
        big = json.dumps({"status": "warned", "reason": "x" * (2 << 20)})
        self.refused_write(413, "body-too-large", body=big)

    def test_sql_metacharacters_in_text_fields(self):
        for text in ["warned'; DROP TABLE cluster; --", "\" OR 1=1 --", "pilot); DELETE FROM "
                     "audit_log; --"]:
            err = self.refused_write(422, "invalid-input", body={"status": text, "reason": text})
            self.assertEqual(err["field"], "status")
        err = self.refused_write(422, "invalid-input",
                                 body={"status": "warned", "date": "2024-01-01' OR '1'='1"})
        self.assertEqual(err["field"], "date")
        # A login name made of SQL is only a wrong login; every cluster is still there.
        clusters = self.server.sql("SELECT count(*) FROM cluster")[0][0]
        r = self.server.request("POST", "/api/v1/session",
                                {"login": "' OR '1'='1' --", "password": "' OR 1=1 --"})
        self.assertError(r, 401, "login-failed")
        self.assertEqual(self.server.sql("SELECT count(*) FROM cluster")[0][0], clusters)

    def test_a_missing_or_mistyped_field_is_named(self):
        err = self.refused_write(422, "invalid-input", body={"reason": "no status"})
        self.assertEqual(err["field"], "status")
        err = self.refused_write(422, "invalid-input", body={"status": 3})
        self.assertEqual(err["field"], "status")

    def test_a_status_change_the_lifecycle_forbids_is_409(self):
        # applicant is not a step back from a member status (docs: only a removed cluster
        # re-applies).
        self.refused_write(409, "rule-violated", body={"status": "applicant"})

    def test_unknown_cluster_is_404(self):
        s = self.server
        r = s.request("POST", "/api/v1/clusters/99999/status", {"status": "warned"},
                      token=s.admin_token)
        self.assertError(r, 404, "not-found")
        r = s.request("POST", "/api/v1/clusters/..%2F1/status", {"status": "warned"},
                      token=s.admin_token)
        self.assertIn(r.status, (400, 404), r)

    def test_very_long_header(self):
        s = self.server
        r = s.request("GET", "/api/v1/overview", headers={"X-Padding": "a" * 20000})
        self.assertError(r, 400)
        self.assertStillServing()

    def test_unknown_route_and_wrong_method(self):
        s = self.server
        self.assertError(s.request("GET", "/api/v1/nothing-here"), 404, "no-such-route")
        self.assertError(s.request("GET", "/../../etc/passwd"), 404)
        r = s.request("PUT", "/api/v1/overview", {"x": 1})
        self.assertError(r, 405, "method-not-allowed")
        self.assertEqual(r.headers["Allow"], "GET")
        self.assertStillServing()

    def test_bad_query_parameter(self):
        s = self.server
        r = s.request("GET", "/api/v1/enterprises?year=twenty", token=s.admin_token)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "year")
        r = s.request("GET", "/api/v1/zones?province=Atlantis", token=s.admin_token)
        self.assertError(r, 404, "not-found")


class Sessions(ServerTest):
    def test_login_sets_a_strict_http_only_cookie_and_logout_ends_it(self):
        s = self.server
        cookie, csrf, set_cookie = s.login("province")
        attrs = [a.strip() for a in set_cookie.split(";")]
        self.assertIn("HttpOnly", attrs)
        self.assertIn("SameSite=Strict", attrs)
        # Loopback http (the tests): not Secure, or the browser would never send it back.
        self.assertNotIn("Secure", attrs)
        r = s.request("GET", "/api/v1/session", session=(cookie, None))
        self.assertEqual(r.json()["account"]["role"], "province")
        self.assertEqual(r.json()["account"]["scope"], {"province": s.a["province"]})
        self.assertError(s.request("DELETE", "/api/v1/session", session=(cookie, None)), 403,
                         "csrf-token-missing")
        self.assertEqual(s.request("DELETE", "/api/v1/session", session=(cookie, csrf)).status,
                         200)
        self.assertError(s.request("GET", "/api/v1/session", session=(cookie, csrf)), 401,
                         "unauthenticated")

    def test_cookie_write_without_csrf_header_is_403_and_stores_nothing(self):
        s = self.server
        cookie, csrf, _ = s.login("admin")
        path = f"/api/v1/clusters/{s.b['id']}/status"
        before = s.sql("SELECT count(*) FROM cluster_status_change")[0][0]
        body = {"status": "warned", "reason": "csrf"}
        self.assertError(s.request("POST", path, body, session=(cookie, None)), 403,
                         "csrf-token-missing")
        self.assertError(s.request("POST", path, body, session=(cookie, csrf[::-1])), 403,
                         "csrf-token-mismatch")
        self.assertEqual(s.sql("SELECT count(*) FROM cluster_status_change")[0][0], before)
        # A token needs none: scripts are not browsers.
        r = s.request("POST", path, body, token=s.admin_token)
        self.assertEqual(r.status, 200, r)

    def test_wrong_password_and_lockout(self):
        s = self.server
        for _ in range(4):
            r = s.request("POST", "/api/v1/session", {"login": "expert", "password": "wrong" * 3})
            self.assertError(r, 401, "login-failed")
        # The fifth consecutive failure locks the account, and says so; then the right password
        # is refused too, with 423.
        r = s.request("POST", "/api/v1/session", {"login": "expert", "password": "wrong" * 3})
        self.assertError(r, 423, "account-locked")
        r = s.request("POST", "/api/v1/session", {"login": "expert", "password": PASSWORD})
        err = self.assertError(r, 423, "account-locked")
        self.assertIn("until", err["message"]["en"])


class AuditedChange(ServerTest):
    def test_status_change_is_audited_with_the_account(self):
        s = self.server
        cookie, csrf, _ = s.login("admin")
        reason = "年度评价不合格 'quoted'; --"
        r = s.request("POST", f"/api/v1/clusters/{s.c['id']}/status",
                      {"status": "warned", "date": "2024-05-01", "document_number":
                       "国科火字〔2024〕9号", "reason": reason}, session=(cookie, csrf))
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json()["to"], "warned")
        # The store has it, verbatim, as the database says.
        self.assertEqual(s.sql("SELECT status FROM cluster WHERE id = ?", (s.c["id"],))[0][0],
                         "warned")
        admin_id = s.sql("SELECT id FROM account WHERE login = 'admin'")[0][0]
        out = s.cli("audit-log", "list", "--account", "admin", "--entity", "cluster",
                    "--format", "json").stdout
        rows = json.loads(out)["rows"]
        mine = [e for e in rows if e["reason"] == reason]
        self.assertEqual(len(mine), 1, rows)
        self.assertEqual(mine[0]["account_id"], admin_id)
        self.assertEqual(mine[0]["origin"], "127.0.0.1")
        self.assertEqual(s.cli("audit-log", "verify", check=False).returncode, 0)


if __name__ == "__main__":
    unittest.main()
