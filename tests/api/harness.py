"""Starts the REAL `clusteratlas serve` on a free 127.0.0.1 port over a temporary database and
talks HTTP to it with the standard library only.

A Server is made once per test class (setUpClass), on its own copy of one database made once
for the process: a small synthetic data set (`demo`), one account of every role made with the
CLI's own `user add --password-stdin` (the scoped ones scoped to cluster A's province, zone and
cluster; cluster B lies in another province and zone) and an API token for the administrator.
Then `serve --listen 127.0.0.1:0`, whose port is read from its first line on stderr; /readyz is polled until it answers. stop() sends SIGTERM and returns
the exit code, which the tests check is 0. Expected values come from the database through
Python's sqlite3 module (psycopg2 on PostgreSQL: tests/backends.py) or are written by hand,
never from the server under test.
"""
import atexit
import copy
import http.client
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import backends  # noqa: E402  (tests/backends.py: SQLite, or PostgreSQL when asked)

BIN = os.environ.get("CLUSTERATLAS_BIN",
                     os.path.join(os.path.dirname(__file__), "../../build/clusteratlas"))
PASSWORD = "长江-黄河-珠江-2026-pw"  # 19 code points, mixed scripts
ROLES = ["admin", "province", "zone", "cluster", "expert", "analyst"]


def run_cli(db, *args, stdin=None, check=True):
    env = dict(os.environ, USER="tester")
    env.pop("CLUSTERATLAS_DB", None)
    proc = subprocess.run([BIN, "--db", db, "-q", *args], input=stdin,
                          capture_output=True, text=True, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"{args}: exit {proc.returncode}\n{proc.stderr}")
    return proc


def picked_clusters(db):
    """Cluster A, and B in another province (so in another zone), C another of A's province
    or any third one: the ids and places come from the database itself."""
    rows = backends.query(db, "SELECT id, zone_id, province_code FROM cluster WHERE status IN "
                              "('cultivation','pilot','recognised') ORDER BY id")
    a = rows[0]
    b = next(r for r in rows if r[2] != a[2])
    c = next(r for r in rows if r[0] not in (a[0], b[0]))
    as_dict = lambda r: {"id": r[0], "zone": r[1], "province": r[2]}
    return as_dict(a), as_dict(b), as_dict(c)


_start = {}  # the database every Server starts from: made by the first, copied for each


def starting_database():
    """The demo with an account of every role and the administrator's token, made once for the
    process (the same for every Server; each gets its own copy) and removed when it ends."""
    if not _start:
        directory = tempfile.TemporaryDirectory()
        db = backends.new_database(directory.name)
        run_cli(db, "demo", "--clusters", "20", "--years", "2021-2023", "--seed", "7")
        a, _, _ = picked_clusters(db)
        for role in ROLES:
            flags = {"province": ["--province", a["province"]],
                     "zone": ["--zone", str(a["zone"])],
                     "cluster": ["--cluster", str(a["id"])]}.get(role, [])
            run_cli(db, "user", "add", role, "--role", role, *flags, "--password-stdin",
                    stdin=PASSWORD + "\n")
        token = run_cli(db, "user", "token", "create", "admin", "--name", "api-tests")
        _start.update(dir=directory, db=db, admin_token=token.stdout.strip())

        def remove():
            backends.drop_database(db)
            directory.cleanup()
        atexit.register(remove)
    return _start


class Response:
    def __init__(self, resp):
        self.status = resp.status
        self.headers = resp.headers
        self.raw = resp.read()

    def json(self):
        return json.loads(self.raw.decode("utf-8"))

    def __repr__(self):
        return f"HTTP {self.status}: {self.raw[:400]!r}"


class Server:
    def __init__(self, serve_args=()):
        self.serve_args = list(serve_args)  # more flags for `serve` (e.g. --max-upload-mib 1)
        self.tmp = tempfile.TemporaryDirectory()
        self.db = backends.new_database(self.tmp.name)
        self.access_log = os.path.join(self.tmp.name, "access.jsonl")
        template = starting_database()
        backends.copy_database(template["db"], self.db)
        self.pick_clusters()
        self.tokens = {}
        self.admin_token = template["admin_token"]
        self.proc = None
        self.start()

    # -- the CLI, on the same database
    def cli(self, *args, stdin=None, check=True):
        return run_cli(self.db, *args, stdin=stdin, check=check)

    def sql(self, query, params=()):
        return backends.query(self.db, query, params)

    def execute(self, statement, params=()):
        """Changes the database behind the server's back: a test's setup the API would refuse,
        or what another program could write. SQL valid on both backends, `?` placeholders."""
        backends.execute(self.db, statement, params)

    def tamper_with_audit_log(self, statement, params=()):
        """What someone with the owner's rights on the database could do behind the server's
        back: drop the audit log's append-only triggers (they stay dropped) and change the
        table with `statement`."""
        for guard in ("audit_log_append_only_update", "audit_log_append_only_delete"):
            backends.drop_trigger(self.db, guard, "audit_log")
        backends.execute(self.db, statement, params)

    def integrity_check(self):
        """'ok', or what is wrong with the database a stopped (or killed) server left. SQLite
        checks its own file (PRAGMA integrity_check: its one row 'ok'). PostgreSQL keeps its
        files sound itself; what a server's end could leave there is checked instead: every
        session of the database but this one has ended within 30 s (none holds a transaction
        open), no transaction is left prepared, and every index is valid and ready."""
        if not self.db.startswith("postgresql://"):
            return "\n".join(str(row[0]) for row in self.sql("PRAGMA integrity_check"))
        problems = []
        for _ in range(300):
            sessions = self.sql("SELECT pid, state, backend_xid IS NOT NULL FROM "
                                "pg_stat_activity WHERE datname = current_database() AND "
                                "backend_type = 'client backend' AND pid <> pg_backend_pid()")
            if not sessions:
                break
            time.sleep(0.1)
        else:
            problems.append(f"sessions still open (pid, state, holds a transaction id): "
                            f"{sessions}")
        prepared = self.sql("SELECT gid FROM pg_prepared_xacts "
                            "WHERE database = current_database()")
        if prepared:
            problems.append(f"prepared transactions left: {prepared}")
        invalid = self.sql("SELECT CAST(indexrelid AS regclass) FROM pg_index "
                           "WHERE NOT (indisvalid AND indisready AND indislive)")
        if invalid:
            problems.append(f"invalid indexes: {invalid}")
        return "\n".join(problems) or "ok"

    def pick_clusters(self):
        self.a, self.b, self.c = picked_clusters(self.db)

    # -- the server process
    def start(self):
        self.proc = subprocess.Popen(
            [BIN, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--threads", "4",
             "--access-log", self.access_log, *self.serve_args],
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        line = self.proc.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.proc.kill()
            raise AssertionError(f"serve did not start: {line}{self.proc.stderr.read()}")
        self.port = int(m.group(1))
        for _ in range(200):
            try:
                if self.request("GET", "/readyz").status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("the server never became ready")

    def another_process(self):
        """A second `serve` on the same database (its own port and access log), as a deployment
        behind a load balancer runs several; sharing this one's accounts and tokens."""
        other = copy.copy(self)
        other.access_log = self.access_log + ".2"
        other.proc = None
        other.start()
        return other

    def stop(self):
        """SIGTERM; the exit code (waits for the process)."""
        if self.proc is None:
            return 0
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
        self.stderr = self.proc.stderr.read()
        self.proc.stderr.close()
        self.proc = None
        return code

    def close(self):
        self.stop()
        backends.drop_database(self.db)
        self.tmp.cleanup()

    # -- HTTP
    def request(self, method, path, body=None, headers=None, session=None, token=None,
                content_type="application/json"):
        """One request on a fresh connection. `body` is JSON-encoded unless bytes or str;
        `session` is a (cookie, csrf) pair from login(); the CSRF header is sent when csrf is
        not None."""
        h = dict(headers or {})
        data = None
        if body is not None:
            data = body if isinstance(body, (bytes, str)) else json.dumps(body)
            if isinstance(data, str):
                data = data.encode("utf-8")
            if content_type:
                h["Content-Type"] = content_type
        if session:
            h["Cookie"] = session[0]
            if session[1] is not None:
                h["X-CSRF-Token"] = session[1]
        if token:
            h["Authorization"] = "Bearer " + token
        con = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            con.request(method, path, body=data, headers=h)
            return Response(con.getresponse())
        finally:
            con.close()

    def login(self, login, password=PASSWORD):
        """(cookie, csrf token, raw Set-Cookie) of a new session."""
        r = self.request("POST", "/api/v1/session", {"login": login, "password": password})
        if r.status != 200:
            raise AssertionError(f"login {login}: {r}")
        set_cookie = r.headers["Set-Cookie"]
        return set_cookie.split(";")[0], r.json()["csrf_token"], set_cookie


class ServerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def assertError(self, r, status, code=None):
        """A JSON error of this status (and code): the API's one error shape."""
        self.assertEqual(r.status, status, r)
        self.assertTrue(r.headers["Content-Type"].startswith("application/json"), r.headers)
        err = r.json()["error"]
        self.assertTrue(err["message"]["zh"] and err["message"]["en"], err)
        if code:
            self.assertEqual(err["code"], code, err)
        return err

    def assertStillServing(self):
        self.assertEqual(self.server.request("GET", "/healthz").status, 200)
