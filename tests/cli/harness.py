"""Runs the built clusteratlas binary as a user would: a subprocess on a temporary database.

CLUSTERATLAS_BIN names the binary (ctest sets it). Expectations in the tests are computed here,
independently of the code under test: with Python's sqlite3 module on the database file, or by
hand.
"""
import csv
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import backends  # noqa: E402  (tests/backends.py: SQLite, or PostgreSQL when asked)

BIN = os.environ.get("CLUSTERATLAS_BIN", os.path.join(os.path.dirname(__file__), "../../build/clusteratlas"))


class Result:
    def __init__(self, proc):
        self.code = proc.returncode
        self.out = proc.stdout
        self.err = proc.stderr

    def json(self):
        return json.loads(self.out)

    def __repr__(self):
        return f"exit {self.code}\nstdout:\n{self.out}\nstderr:\n{self.err}"


class CliTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.db = backends.new_database(self.tmp.name)

    def tearDown(self):
        backends.drop_database(self.db)
        self.tmp.cleanup()

    def run_cli(self, *args, db=None, env=None, preexec_fn=None):
        full_env = dict(os.environ)
        full_env.pop("CLUSTERATLAS_DB", None)
        full_env["USER"] = "tester"
        full_env.update(env or {})
        cmd = [BIN]
        if db is not False:
            cmd += ["--db", db or self.db]
        proc = subprocess.run(cmd + list(args), capture_output=True, text=True, env=full_env,
                              cwd=self.tmp.name, timeout=300, preexec_fn=preexec_fn)
        return Result(proc)

    def ok(self, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, 0, r)
        return r

    def fails(self, code, *args, **kw):
        r = self.run_cli(*args, **kw)
        self.assertEqual(r.code, code, r)
        self.assertEqual(len(r.err.strip().splitlines()), 1, f"one line on stderr: {r}")
        return r

    def write_csv(self, name, header, rows):
        """A UTF-8 CSV in the test's directory; returns its path."""
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f)
            w.writerow(header)
            w.writerows(rows)
        return path

    def sql(self, query, params=(), db=None):
        return backends.query(db or self.db, query, params)

    def sql_write(self, statement, params=(), db=None):
        """Changes the database behind the binary's back (as time, or an older version, would)."""
        backends.execute(db or self.db, statement, params)

    def dump(self, db=None):
        """Every row of every table, to compare a database before and after a refused change."""
        return backends.dump(db or self.db)
