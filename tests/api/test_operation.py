"""The server in operation (issue 14): an account given a one-time password may only change it;
the demo accounts of `make run`; no write that was acknowledged is lost when the process is
killed; slow and oversized requests are cut off while others are served; and `serve` runs with
glibc's memory policy, not the CLI's never-trim one.

Expected values come from the database (tests/backends.py: sqlite3 or psycopg2), from the CLI,
or are written by hand — never from the server under test."""
import json
import os
import signal
import socket
import threading
import unittest

from harness import PASSWORD, Server, ServerTest, backends

NEW_PASSWORD = "珠江-新密码-2026-abc"


def read_reply(sock):
    """Everything the server sends until it closes the connection (b"" if it sent nothing)."""
    reply = b""
    try:
        while chunk := sock.recv(65536):
            reply += chunk
    except ConnectionResetError:
        pass
    return reply


class PasswordChange(ServerTest):
    def one_time_password(self, login):
        return self.server.cli("user", "reset-password", login).stdout.strip()

    def test_a_one_time_password_allows_only_reading_the_session_and_changing_it(self):
        s = self.server
        otp = self.one_time_password("analyst")
        first = s.login("analyst", otp)[:2]
        second = s.login("analyst", otp)[:2]
        me = s.request("GET", "/api/v1/session", session=first)
        self.assertEqual(me.status, 200, me)
        self.assertTrue(me.json()["account"]["must_change_password"])
        # Everything else is refused, by the router, whatever the route.
        for method, path, body in [("GET", "/api/v1/zones", None),
                                   ("GET", "/api/v1/overview", None),
                                   ("POST", f"/api/v1/clusters/{s.a['id']}/status",
                                    {"status": "warned"})]:
            self.assertError(s.request(method, path, body, session=first), 403,
                             "password-change-required")
        # So is an API token of the account: the rule is the account's, not the session's.
        token = s.cli("user", "token", "create", "analyst", "--name", "t").stdout.strip()
        self.assertError(s.request("GET", "/api/v1/zones", token=token), 403,
                         "password-change-required")

        change = lambda body, session=first: s.request("PUT", "/api/v1/session/password", body,
                                                       session=session)
        err = self.assertError(change({"current": "wrong-password-1", "new": NEW_PASSWORD}), 422,
                               "wrong-password")
        self.assertEqual(err["field"], "current")
        # The rule of `user add`: 12 characters, 5 different ones, not the login.
        for weak in ["short-pw", "aaaaaaaaaaaaaaaa", "my-analyst-password"]:
            err = self.assertError(change({"current": otp, "new": weak}), 422, "weak-password")
            self.assertEqual(err["field"], "new")
        self.assertError(change({"current": otp, "new": otp}), 422, "password-unchanged")
        self.assertError(change({"current": otp}), 422, "invalid-input")
        # Without the CSRF header a cookie session changes nothing.
        self.assertError(change({"current": otp, "new": NEW_PASSWORD}, (first[0], None)), 403,
                         "csrf-token-missing")

        r = change({"current": otp, "new": NEW_PASSWORD})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), {"password_changed": True, "other_sessions_revoked": True})
        # The session that changed it goes on, now with every right of the role; the other ends.
        self.assertEqual(s.request("GET", "/api/v1/zones", session=first).status, 200)
        self.assertFalse(
            s.request("GET", "/api/v1/session", session=first).json()["account"][
                "must_change_password"])
        self.assertError(s.request("GET", "/api/v1/session", session=second), 401,
                         "unauthenticated")
        self.assertEqual(s.request("GET", "/api/v1/zones", token=token).status, 200)
        # The new password logs in, the one-time one no more.
        s.login("analyst", NEW_PASSWORD)
        r = s.request("POST", "/api/v1/session", {"login": "analyst", "password": otp})
        self.assertError(r, 401, "login-failed")
        self.assertEqual(s.sql("SELECT must_change_password FROM account WHERE login = ?",
                               ("analyst",)), [(0,)])

        # Audited with the account and the address, without either password.
        rows = s.sql("SELECT a.account_id, a.origin, a.before, a.after FROM audit_log a "
                     "JOIN account c ON c.id = a.account_id WHERE a.action = 'change-password' "
                     "AND c.login = 'analyst'")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0][1], "127.0.0.1")
        self.assertIn('"must_change_password":true', rows[0][2])
        self.assertIn('"must_change_password":false', rows[0][3])
        for row in s.sql("SELECT * FROM audit_log"):
            text = json.dumps(row, ensure_ascii=False)
            self.assertNotIn(otp, text)
            self.assertNotIn(NEW_PASSWORD, text)
        self.assertEqual(s.cli("audit-log", "verify", check=False).returncode, 0)

    def test_an_account_without_a_one_time_password_changes_its_own(self):
        s = self.server
        session = s.login("cluster")[:2]
        r = s.request("PUT", "/api/v1/session/password",
                      {"current": PASSWORD, "new": NEW_PASSWORD}, session=session)
        self.assertEqual(r.status, 200, r)
        s.login("cluster", NEW_PASSWORD)
        # By a token too (no session to keep): the current password is still asked.
        token = s.cli("user", "token", "create", "cluster", "--name", "t").stdout.strip()
        r = s.request("PUT", "/api/v1/session/password",
                      {"current": NEW_PASSWORD, "new": PASSWORD}, token=token)
        self.assertEqual(r.status, 200, r)
        s.login("cluster", PASSWORD)

    def test_the_public_cannot_change_a_password(self):
        r = self.server.request("PUT", "/api/v1/session/password",
                                {"current": PASSWORD, "new": NEW_PASSWORD})
        self.assertError(r, 401, "unauthenticated")


class DemoAccounts(ServerTest):
    DEMO = ["demo", "--clusters", "20", "--years", "2021-2023", "--seed", "7"]  # the harness's
    ROLES = ["admin", "province", "zone", "cluster", "expert", "analyst"]

    def demo_accounts(self):
        return json.loads(self.server.cli(*self.DEMO, "--accounts", "--format", "json").stdout)

    def test_every_role_scoped_to_real_places_with_passwords_shown_once(self):
        s = self.server
        listing = self.demo_accounts()
        accounts = {row["login"]: row for row in listing["rows"]}
        self.assertEqual(sorted(accounts), sorted(f"demo-{r}" for r in self.ROLES))
        for role in self.ROLES:
            row = accounts[f"demo-{role}"]
            self.assertEqual(row["role"], role)
            self.assertEqual(row["created"], "yes")
            self.assertGreaterEqual(len(row["password"]), 12)
        # The scoped ones act for one cluster of the programme, its zone and its province.
        (cluster, zone, province), = s.sql(
            "SELECT c.cluster_id, z.zone_id, p.province_code FROM account c, account z, "
            "account p WHERE c.login = 'demo-cluster' AND z.login = 'demo-zone' AND "
            "p.login = 'demo-province'")
        self.assertEqual(s.sql("SELECT zone_id, province_code FROM cluster WHERE id = ?",
                               (cluster,)), [(zone, province)])
        self.assertIn(s.sql("SELECT status FROM cluster WHERE id = ?", (cluster,))[0][0],
                      ("cultivation", "pilot", "recognised", "warned"))
        # Each signs in and may act at once (no password change is asked of a demo account).
        for login, row in accounts.items():
            session = s.login(login, row["password"])[:2]
            me = s.request("GET", "/api/v1/session", session=session).json()["account"]
            self.assertFalse(me["must_change_password"])
        zone_session = s.login("demo-zone", accounts["demo-zone"]["password"])[:2]
        r = s.request("GET", f"/api/v1/enterprises?cluster={cluster}&limit=1",
                      session=zone_session)
        self.assertEqual(r.status, 200, r)
        # Never stored in clear: in no row of any table (the audit log's included), nor in
        # SQLite's file or its WAL, whose free pages a row's text could outlive.
        stored = backends.dump(s.db)
        for row in accounts.values():
            self.assertNotIn(row["password"], stored)
        for path in (s.db, s.db + "-wal"):
            if os.path.exists(path):
                with open(path, "rb") as f:
                    data = f.read()
                for row in accounts.values():
                    self.assertNotIn(row["password"].encode(), data)

        # Run again (a second `make run`): the same accounts, new passwords, old ones dead.
        again = {row["login"]: row for row in self.demo_accounts()["rows"]}
        self.assertEqual(sorted(again), sorted(accounts))
        for login, row in again.items():
            self.assertEqual(row["created"], "no")
            self.assertNotEqual(row["password"], accounts[login]["password"])
        r = s.request("POST", "/api/v1/session",
                      {"login": "demo-admin", "password": accounts["demo-admin"]["password"]})
        self.assertError(r, 401, "login-failed")
        s.login("demo-admin", again["demo-admin"]["password"])
        self.assertError(s.request("GET", "/api/v1/session", session=zone_session), 401,
                         "unauthenticated")


class CrashSafety(ServerTest):
    THREADS = 4
    KILL_AFTER = 40  # acknowledged writes before the SIGKILL

    def test_every_acknowledged_write_survives_a_sigkill(self):
        s = self.server
        members = [r[0] for r in s.sql(
            "SELECT id FROM cluster WHERE status IN ('cultivation','pilot','recognised') "
            "ORDER BY id")][:self.THREADS]
        self.assertEqual(len(members), self.THREADS)
        acknowledged = []  # (cluster, status, reason) of every 2xx
        lock = threading.Lock()
        enough = threading.Event()

        def writer(n, cluster):
            # Toggles the cluster between warned and its status: always a legal change.
            home = s.sql("SELECT status FROM cluster WHERE id = ?", (cluster,))[0][0]
            status, i = "warned", 0
            while True:
                reason = f"burst-{n}-{i}"
                try:
                    r = s.request("POST", f"/api/v1/clusters/{cluster}/status",
                                  {"status": status, "reason": reason}, token=s.admin_token)
                except OSError:
                    return  # the server is gone
                if r.status != 200:
                    return
                with lock:
                    acknowledged.append((cluster, status, reason))
                    if len(acknowledged) >= self.KILL_AFTER:
                        enough.set()
                status = home if status == "warned" else "warned"
                i += 1

        threads = [threading.Thread(target=writer, args=(n, c)) for n, c in enumerate(members)]
        for t in threads:
            t.start()
        self.assertTrue(enough.wait(timeout=300), "the burst never reached its count")
        s.proc.send_signal(signal.SIGKILL)  # the writers are still sending
        s.proc.wait(timeout=60)
        s.proc.stderr.close()
        s.proc = None
        for t in threads:
            t.join(timeout=120)

        # On the same database, as it was left: nothing acknowledged is missing.
        self.assertEqual(s.integrity_check(), "ok")
        s.start()
        self.assertStillServing()
        for cluster, status, reason in acknowledged:
            self.assertEqual(s.sql("SELECT cluster_id, status FROM cluster_status_change "
                                   "WHERE reason = ?", (reason,)), [(cluster, status)], reason)
            self.assertEqual(s.sql("SELECT count(*) FROM audit_log a JOIN account c ON "
                                   "c.id = a.account_id WHERE a.reason = ? AND c.login = "
                                   "'admin'", (reason,))[0][0], 1, reason)
        verify = s.cli("audit-log", "verify", check=False)
        self.assertEqual(verify.returncode, 0, verify.stdout + verify.stderr)


class SlowClients(ServerTest):
    """httplib's read timeout (10 s, docs/api.md) applies to each wait for the client's bytes: a
    client that stops sending is cut off while a worker stays free for the others."""

    def slow_request(self, payload):
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=120)
        sock.sendall(payload)
        return sock

    def assertCutOff(self, sock):
        reply = read_reply(sock)  # returns once the server closes the connection
        sock.close()
        if reply:
            status = int(reply.split(b" ", 2)[1])
            self.assertIn(status, (400, 408), reply[:300])

    def test_stalled_headers_and_body_are_cut_off_while_others_are_served(self):
        s = self.server
        headers = self.slow_request(b"GET /api/v1/overview HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        body = self.slow_request(
            b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 200\r\n\r\n{\"login\": ")
        # Both pending: a normal request on another connection is answered meanwhile.
        self.assertEqual(s.request("GET", "/api/v1/overview").status, 200)
        self.assertEqual(s.request("GET", "/api/v1/zones", token=s.admin_token).status, 200)
        self.assertCutOff(headers)
        self.assertCutOff(body)
        self.assertStillServing()
        self.assertEqual(s.sql("SELECT count(*) FROM login_attempt")[0][0], 0)

    def test_very_long_headers_are_refused(self):
        s = self.server
        for name, value in [("X-Long", "a" * (64 << 10)), ("Cookie", "atlas_session=" + "b" *
                                                                      (64 << 10))]:
            sock = self.slow_request(f"GET /api/v1/overview HTTP/1.1\r\nHost: x\r\n{name}: "
                                     f"{value}\r\n\r\n".encode())
            reply = read_reply(sock)
            sock.close()
            if reply:
                status = int(reply.split(b" ", 2)[1])
                self.assertIn(status, (400, 431), reply[:300])
                self.assertIn(b'"error"', reply)
        self.assertError(s.request("GET", "/api/v1/overview?x=" + "c" * (64 << 10)), 414)
        self.assertStillServing()


class CachedDocuments(ServerTest):
    """The overview and the zones are kept between requests until the data changes — whoever
    changes it: the server or the CLI in another process."""

    def programme(self):
        r = self.server.request("GET", "/api/v1/overview")
        self.assertEqual(r.status, 200, r)
        return sorted(row["id"] for row in r.json()["clusters"]["rows"])

    def in_programme(self):
        return sorted(r[0] for r in self.server.sql(
            "SELECT id FROM cluster WHERE status NOT IN ('applicant', 'removed')"))

    def test_a_change_by_the_server_or_the_cli_is_seen_at_once(self):
        s = self.server
        self.assertEqual(self.programme(), self.in_programme())
        self.assertEqual(self.programme(), self.in_programme())  # served from the cache
        r = s.request("POST", f"/api/v1/clusters/{s.a['id']}/status",
                      {"status": "removed", "reason": "cache test"}, token=s.admin_token)
        self.assertEqual(r.status, 200, r)
        self.assertNotIn(s.a["id"], self.programme())
        self.assertEqual(self.programme(), self.in_programme())
        s.cli("cluster", "set-status", str(s.b["id"]), "removed", "--reason", "cache test")
        self.assertNotIn(s.b["id"], self.programme())
        self.assertEqual(self.programme(), self.in_programme())

    def test_who_may_read_is_checked_on_every_request(self):
        s = self.server
        # The administrator's request puts province B's zones in the cache; the public and
        # province A's account are still refused them.
        path = f"/api/v1/zones?province={s.b['province']}"
        self.assertEqual(s.request("GET", path, token=s.admin_token).status, 200)
        self.assertError(s.request("GET", path), 401, "unauthenticated")
        self.assertError(s.request("GET", path, session=s.login("province")[:2]), 403,
                         "forbidden")


class KeptTokens(ServerTest):
    """The server keeps a token's look-up until the next audited change (src/server/
    token_cache.h): a token revoked, or its account disabled or changed, by the CLI — another
    process — is refused or seen changed at the very next request, though the server looked it
    up a moment before and records its use at most once a minute."""

    def new_token(self, login):
        token = self.server.cli("user", "token", "create", login, "--name",
                                "kept-" + login).stdout.strip()
        rows = json.loads(self.server.cli("user", "token", "list", login, "--format",
                                          "json").stdout)["rows"]
        return token, rows[-1]["id"]

    def whoami(self, token):
        return self.server.request("GET", "/api/v1/session", token=token)

    def test_a_token_revoked_by_the_cli_is_refused_at_the_next_request(self):
        token, token_id = self.new_token("analyst")
        for _ in range(3):
            self.assertEqual(self.whoami(token).status, 200)
        rows = json.loads(self.server.cli("user", "token", "list", "analyst", "--format",
                                          "json").stdout)["rows"]
        self.assertIsNotNone(next(r for r in rows if r["id"] == token_id)["last_used_at"])
        self.server.cli("user", "token", "revoke", str(token_id))
        self.assertError(self.whoami(token), 401, "unauthenticated")
        self.assertError(self.whoami(token), 401, "unauthenticated")

    def test_a_disabled_or_changed_account_is_seen_at_the_next_request(self):
        token, _ = self.new_token("expert")
        self.assertEqual(self.whoami(token).json()["account"]["role"], "expert")
        self.server.cli("user", "set-role", "expert", "--role", "analyst")
        self.assertEqual(self.whoami(token).json()["account"]["role"], "analyst")
        self.server.cli("user", "disable", "expert")
        self.assertError(self.whoami(token), 401, "unauthenticated")


class MemoryPolicy(ServerTest):
    def test_serve_does_not_reserve_the_clis_huge_never_trimmed_heap(self):
        # The CLI grows its heap by 1.75 GiB of address space at start and never trims it
        # (src/cli/main.cpp); the server runs with glibc's defaults (docs/api.md, "Memory").
        s = self.server
        heap = 0
        with open(f"/proc/{s.proc.pid}/maps") as f:
            for line in f:
                if line.rstrip().endswith("[heap]"):
                    start, end = (int(x, 16) for x in line.split()[0].split("-"))
                    heap += end - start
        self.assertLess(heap, 256 << 20)


if __name__ == "__main__":
    unittest.main()
