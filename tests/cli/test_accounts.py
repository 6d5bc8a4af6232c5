"""Accounts from the command line, as the programme office sets them up: the first administrator
on a fresh database, scoped accounts, refusals, passwords that never reach argv or the database
in clear, one-time passwords and API tokens that work until revoked or expired."""
import os
import pty
import select
import subprocess
import hashlib
import time

from harness import BIN, CliTest, Result

PASSWORD = "长江-harbour-kettle-42"


class Accounts(CliTest):
    def run_input(self, stdin, *args, env=None):
        """The binary with `stdin` on standard input (the harness passes none)."""
        full_env = dict(os.environ)
        full_env.pop("CLUSTERATLAS_DB", None)
        full_env["USER"] = "tester"
        full_env.update(env or {})
        proc = subprocess.run([BIN, "--db", self.db, *args], input=stdin, capture_output=True,
                              text=True, env=full_env, cwd=self.tmp.name, timeout=120)
        return Result(proc)

    def add(self, login, *flags, password=PASSWORD):
        r = self.run_input(password + "\n", "user", "add", login, *flags, "--password-stdin")
        self.assertEqual(r.code, 0, r)
        return r

    def accounts(self):
        return {row[0]: row[1:] for row in self.sql(
            "SELECT login, role, province_code, zone_id, cluster_id, must_change_password "
            "FROM account")}

    def test_first_administrator_on_a_fresh_database(self):
        self.assertFalse(os.path.exists(self.db))
        r = self.add("admin", "--role", "admin", "--name", "火炬中心")
        self.assertIn("account admin added", r.out)
        self.assertEqual(self.accounts(), {"admin": ("admin", None, None, None, 0)})
        rows = self.ok("user", "list", "--format", "json").json()["rows"]
        self.assertEqual([(a["login"], a["display_name"], a["role"]) for a in rows],
                         [("admin", "火炬中心", "admin")])
        # The change is in the audit log, by the CLI's operator, without an account.
        entry = self.sql("SELECT actor, account_id, origin, action, entity, after FROM audit_log "
                         "WHERE entity = 'account'")
        self.assertEqual(entry[0][:5], ("tester", None, "cli", "add", "account"))
        self.assertNotIn("argon2", entry[0][5])

    def test_a_temporary_password_must_be_changed_at_the_first_login(self):
        r = self.add("hubei", "--role", "province", "--province", "湖北", "--temporary")
        self.assertIn("must be changed at the first login", r.out)
        self.add("wuhan", "--role", "province", "--province", "湖北")
        self.assertEqual(self.accounts()["hubei"][4], 1)
        self.assertEqual(self.accounts()["wuhan"][4], 0)

    def test_scoped_accounts_name_real_places(self):
        self.add("hubei", "--role", "province", "--province", "湖北")
        self.add("donghu", "--role", "zone", "--zone", "武汉东湖高新区")
        zone_id = self.sql("SELECT id FROM zone WHERE name = '武汉东湖高新区'")[0][0]
        self.assertEqual(self.accounts()["hubei"][:2], ("province", "420000"))
        self.assertEqual(self.accounts()["donghu"][2], zone_id)
        before = self.dump()
        # An unknown province, a scope of the wrong kind, no scope, a scope for a role without one.
        self.fails(2, "user", "add", "x", "--role", "province", "--province", "火星",
                   "--password-stdin")
        for flags, code, message in [
                (["--role", "province", "--zone", "武汉东湖高新区"], 2,
                 "a province account needs the province it acts for"),
                (["--role", "cluster"], 2, "a cluster account needs the cluster it acts for"),
                (["--role", "analyst", "--province", "湖北"], 2, "analyst account has no scope"),
                (["--role", "provnce"], 1, "did you mean 'province'")]:
            with self.subTest(flags=flags):
                r = self.run_input(PASSWORD + "\n", "user", "add", "x", *flags, "--password-stdin")
                self.assertEqual(r.code, code, r)
                self.assertIn(message, r.err)
                self.assertEqual(len(r.err.strip().splitlines()), 1, r)
        self.assertEqual(self.dump(), before, "refused accounts write nothing")

    def test_duplicate_login_is_refused(self):
        self.add("wang", "--role", "analyst")
        before = self.dump()
        r = self.run_input(PASSWORD + "\n", "user", "add", "wang", "--role", "admin",
                           "--password-stdin")
        self.assertEqual(r.code, 3, r)
        self.assertIn("an account with the login wang already exists", r.err)
        self.assertEqual(self.dump(), before)

    def test_weak_passwords_are_refused(self):
        r = self.run_input("short\n", "user", "add", "wang", "--role", "analyst",
                           "--password-stdin")
        self.assertEqual(r.code, 2, r)
        self.assertIn("at least 12", r.err)
        r = self.run_input("wang-wang-wang-wang\n", "user", "add", "wang", "--role", "analyst",
                           "--password-stdin")
        self.assertEqual(r.code, 2, r)
        self.assertIn("contains the login name", r.err)
        self.assertEqual(self.accounts(), {})

    def test_no_terminal_and_no_stdin_flag_is_a_usage_error(self):
        # setsid: no controlling terminal, as under cron.
        r = self.run_cli("user", "add", "wang", "--role", "analyst", preexec_fn=os.setsid)
        self.assertEqual(r.code, 1, r)
        self.assertIn("--password-stdin", r.err)

    def test_the_terminal_is_asked_twice_without_echo(self):
        # The binary on a pseudo-terminal of its own, as a person at a terminal runs it.
        pid, master = pty.fork()
        if pid == 0:
            os.execv(BIN, [BIN, "--db", self.db, "-q", "user", "add", "wu", "--role", "analyst"])
        seen = b""

        def read_until(text):
            nonlocal seen
            while text.encode() not in seen:
                ready, _, _ = select.select([master], [], [], 60)
                self.assertTrue(ready, f"waiting for {text!r}, the terminal showed {seen!r}")
                seen += os.read(master, 1024)

        read_until("Password for wu: ")
        os.write(master, (PASSWORD + "\n").encode())
        read_until("Again: ")
        os.write(master, (PASSWORD + "\n").encode())
        try:
            while chunk := os.read(master, 1024):
                seen += chunk
        except OSError:  # the terminal closes when the binary exits
            pass
        _, status = os.waitpid(pid, 0)
        os.close(master)
        self.assertEqual(os.waitstatus_to_exitcode(status), 0, seen)
        self.assertNotIn(PASSWORD.encode(), seen, "the password was echoed")
        self.assertEqual(self.accounts(), {"wu": ("analyst", None, None, None, 0)})

    def test_password_is_not_in_argv_nor_in_the_database(self):
        # The process is watched while it waits for its password: its argv (what `ps` shows)
        # has no password, because the password is never an argument.
        proc = subprocess.Popen([BIN, "--db", self.db, "user", "add", "li", "--role", "analyst",
                                 "--password-stdin"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        argv = ""
        for _ in range(1000):  # until the kernel shows the new program's argv
            with open(f"/proc/{proc.pid}/cmdline", "rb") as f:
                argv = f.read().decode()
            if argv:
                break
            time.sleep(0.01)
        out, err = proc.communicate(PASSWORD + "\n", timeout=120)
        self.assertEqual(proc.returncode, 0, err)
        self.assertIn("--password-stdin", argv)
        self.assertNotIn(PASSWORD, argv)
        token = self.ok("user", "token", "create", "li", "--name", "nightly").out.strip()
        one_time = self.ok("user", "reset-password", "li").out.strip()
        self.assertEqual(len(one_time), 20)
        # No clear secret anywhere in the file: every byte of the database and its WAL.
        data = b""
        for suffix in ("", "-wal"):
            if os.path.exists(self.db + suffix):
                with open(self.db + suffix, "rb") as f:
                    data += f.read()
        for secret in (PASSWORD, token, one_time):
            self.assertNotIn(secret.encode(), data, secret)
        hashed = self.sql("SELECT password_hash FROM account WHERE login = 'li'")[0][0]
        self.assertTrue(hashed.startswith("$argon2id$v=19$m=65536,t=2,p=1$"), hashed)
        self.assertEqual(self.sql("SELECT token_hash FROM api_token")[0][0],
                         hashlib.sha256(token.encode()).hexdigest())
        self.assertEqual(self.accounts()["li"][4], 1, "a reset password must be changed")

    def test_a_token_works_until_revoked_or_expired(self):
        self.add("script", "--role", "province", "--province", "湖北")
        token = self.ok("user", "token", "create", "script", "--name", "upload", "--days",
                        "1").out.strip()
        self.assertTrue(token.startswith("ca_"))
        r = self.run_input(token + "\n", "user", "token", "verify")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(r.out.split()[:3], ["script", "province", "湖北省"])
        # Expired: the stored expiry is put in the past behind the binary's back, as time would.
        other = self.ok("user", "token", "create", "script", "--name", "old").out.strip()
        self.sql_write("UPDATE api_token SET expires_at = '2020-01-01T00:00:00Z' "
                       "WHERE name = 'old'")
        r = self.run_input(other + "\n", "user", "token", "verify")
        self.assertEqual(r.code, 2, r)
        token_id = self.sql("SELECT id FROM api_token WHERE name = 'upload'")[0][0]
        self.ok("user", "token", "revoke", str(token_id))
        r = self.run_input(token + "\n", "user", "token", "verify")
        self.assertEqual(r.code, 2, r)
        self.assertIn("unknown, revoked or expired", r.err)
        listed = self.ok("user", "token", "list", "--format", "json").json()["rows"]
        self.assertEqual([(t["name"], t["revoked"]) for t in listed],
                         [("upload", "yes"), ("old", "no")])
        self.assertNotIn(token, str(listed))
        self.fails(2, "user", "token", "revoke", str(token_id))  # already revoked

    def test_disable_ends_tokens_and_enable_unlock_set_role(self):
        self.add("zhao", "--role", "analyst")
        token = self.ok("user", "token", "create", "zhao", "--name", "t").out.strip()
        self.ok("user", "disable", "zhao")
        self.assertEqual(self.run_input(token + "\n", "user", "token", "verify").code, 2)
        self.ok("user", "enable", "zhao")
        # Disabling revoked the token for good: enabling does not bring it back.
        self.assertEqual(self.run_input(token + "\n", "user", "token", "verify").code, 2)
        self.sql_write("UPDATE account SET failed_logins = 5, "
                       "locked_until = '2999-01-01T00:00:00Z' WHERE login = 'zhao'")
        self.ok("user", "unlock", "zhao")
        self.assertEqual(self.sql("SELECT failed_logins, locked_until FROM account")[0], (0, None))
        self.ok("user", "set-role", "zhao", "--role", "cluster", "--cluster", "1")
        self.assertEqual(self.accounts()["zhao"][:4], ("cluster", None, None, 1))
        r = self.fails(2, "user", "disable", "zhoa")
        self.assertIn("did you mean 'zhao'", r.err)
        actions = [a for (a,) in self.sql("SELECT action FROM audit_log WHERE entity = 'account' "
                                          "ORDER BY id")]
        self.assertEqual(actions, ["add", "disable", "enable", "unlock", "set-role"])


class Sessions(CliTest):
    def test_a_session_is_listed_without_its_secret_and_revoked(self):
        r = subprocess.run([BIN, "--db", self.db, "user", "add", "wu", "--role", "analyst",
                            "--password-stdin"], input=PASSWORD + "\n", capture_output=True,
                           text=True, cwd=self.tmp.name, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        # A session as the server stores one: only the SHA-256 of its secrets.
        secret = "s" * 43
        self.sql_write("INSERT INTO session (secret_hash, csrf_hash, account_id, created_at, "
                       "expires_at, last_seen_at, origin) VALUES (?, ?, 1, "
                       "'2026-01-01T08:00:00Z', '2999-01-01T00:00:00Z', '2026-01-01T08:00:00Z', "
                       "'10.0.0.7')", (hashlib.sha256(secret.encode()).hexdigest(), "0" * 64))
        rows = self.ok("user", "session", "list", "wu", "--format", "json").json()["rows"]
        self.assertEqual([(s["login"], s["origin"], s["revoked"]) for s in rows],
                         [("wu", "10.0.0.7", "no")])
        self.ok("user", "session", "revoke", str(rows[0]["id"]))
        self.assertIsNotNone(self.sql("SELECT revoked_at FROM session")[0][0])
        self.assertEqual(self.sql("SELECT action, entity FROM audit_log ORDER BY id DESC")[0],
                         ("revoke", "session"))
        r = self.fails(2, "user", "session", "revoke", str(rows[0]["id"]))
        self.assertIn("no open session with id", r.err)
