"""`clusteratlas migrate-store` copies a whole database SQLite → PostgreSQL → SQLite and loses
nothing: every table of the copy back is row for row the original (read with Python's sqlite3,
not through the binary), every export and listing the binary prints is the same on all three,
the audit chain verifies with the same head on all three, a copied account's token still works,
and a copy into a database that holds data is refused with nothing written.

Runs on a private PostgreSQL server (scripts/pg-test-server). CLUSTERATLAS_BIN names the binary.
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BIN = os.path.abspath(
    os.environ.get("CLUSTERATLAS_BIN", os.path.join(ROOT, "build/clusteratlas")))
SERVER = os.path.join(ROOT, "scripts/pg-test-server")
PASSWORD = "长江-黄河-珠江-2026-pw"


def run(cmd, stdin=None, cwd=None):
    env = dict(os.environ, USER="tester")
    env.pop("CLUSTERATLAS_DB", None)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, input=stdin, env=env,
                          cwd=cwd)


class MigrateStore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="atlas-migrate-")
        cls.addClassCleanup(shutil.rmtree, cls.work, ignore_errors=True)
        # Its own top-level directory: as root, the server runs as `postgres`, which must reach it.
        server_dir = tempfile.mkdtemp(prefix="atlas-pg-")
        cls.addClassCleanup(shutil.rmtree, server_dir, ignore_errors=True)
        cls.addClassCleanup(run, [SERVER, "stop", server_dir])
        started = run([SERVER, "start", server_dir, str(os.getpid())])
        if started.returncode != 0:
            raise RuntimeError(f"scripts/pg-test-server start failed:\n{started.stderr}")
        admin = started.stdout.strip()
        cls.base = admin[:admin.rfind("/") + 1]
        for name in ("copy", "busy", "another"):
            made = run(["psql", "-X", "-q", "-d", admin, "-c", f"CREATE DATABASE {name}"])
            if made.returncode != 0:
                raise RuntimeError(made.stderr)
        cls.pg = cls.base + "copy"

        # The original: a demo data set (registry, revisions, rounds), a stored evaluation run,
        # an account with a token.
        cls.original = os.path.join(cls.work, "office.db")
        cls.back = os.path.join(cls.work, "back.db")
        cls.cli(cls.original, "demo", "--clusters", "20", "--years", "2021-2023", "--seed", "7")
        cls.cli(cls.original, "evaluate", "--system", "torch-iic", "--year", "2023")
        cls.cli(cls.original, "user", "add", "wang", "--role", "analyst", "--password-stdin",
                stdin=PASSWORD + "\n")
        cls.token = cls.cli(cls.original, "user", "token", "create", "wang", "--name",
                            "nightly").stdout.strip()
        cls.there = run([BIN, "migrate-store", "--from", cls.original, "--to", cls.pg])
        cls.back_again = run([BIN, "migrate-store", "--from", cls.pg, "--to", cls.back])
        # Read now: a test below adds to the PostgreSQL copy.
        cls.heads = [run([BIN, "--db", db, "audit-log", "verify"]).stdout
                     for db in (cls.original, cls.pg, cls.back)]

    @classmethod
    def cli(cls, db, *args, stdin=None):
        r = run([BIN, "--db", db, "-q", *args], stdin=stdin, cwd=cls.work)
        if r.returncode != 0:
            raise AssertionError(f"{args}: exit {r.returncode}\n{r.stderr}")
        return r

    def test_both_copies_succeed_and_say_what_they_copied(self):
        for r in (self.there, self.back_again):
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("its audit chain is the source's", r.stdout)
        self.assertIn("enterprise_year", self.there.stderr)

    def test_every_table_comes_back_row_for_row(self):
        self.assertEqual(self.back_again.returncode, 0, self.back_again.stderr)

        def tables(path):
            con = sqlite3.connect(path)
            try:
                names = [n for (n,) in con.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                    "'sqlite_%' AND name <> 'schema_migrations' ORDER BY name")]
                return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
                        for n in names}
            finally:
                con.close()

        original, back = tables(self.original), tables(self.back)
        self.assertEqual(sorted(original), sorted(back))
        self.assertGreater(len(original["enterprise_year"]), 1000)
        self.assertGreater(len(original["audit_log"]), 1000)
        for name in original:
            self.assertEqual(original[name], back[name], name)

    def test_every_export_and_listing_is_the_same_on_all_three(self):
        self.assertEqual(self.there.returncode, 0, self.there.stderr)
        reads = [["export", what, "--year", str(year), "--format", "json"]
                 for what in ("enterprises", "clusters", "institutions", "alliances", "metrics")
                 for year in (2021, 2023)]
        reads += [["export", "platforms", "--format", "json"], ["stats", "--by", "province"],
                  ["cluster", "list"], ["runs", "list"], ["runs", "show", "1"], ["history"],
                  ["user", "list"], ["round", "list"], ["application", "list", "--round", "1"]]
        for args in reads:
            outputs = [self.cli(db, *args).stdout for db in (self.original, self.pg, self.back)]
            self.assertTrue(outputs[0].strip(), args)
            self.assertEqual(outputs[1], outputs[0], args)
            self.assertEqual(outputs[2], outputs[0], args)

    def test_the_audit_chain_verifies_with_the_same_head_everywhere(self):
        heads = self.heads
        self.assertTrue(heads[0].startswith("audit log verified"), heads[0])
        self.assertEqual(len(set(heads)), 1, heads)

    def test_a_copied_token_works_and_new_rows_get_new_ids(self):
        r = run([BIN, "--db", self.pg, "user", "token", "verify"], stdin=self.token + "\n")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(r.stdout.startswith("wang analyst"), r.stdout)
        # PostgreSQL's id sequences were moved past the copied ids: new rows are added (in a
        # copy of its own, which the other tests do not read).
        another = self.base + "another"
        self.assertEqual(run([BIN, "migrate-store", "--from", self.original, "--to", another])
                         .returncode, 0)
        self.cli(another, "user", "add", "li", "--role", "analyst", "--password-stdin",
                 stdin=PASSWORD + "\n")
        self.cli(another, "zone", "add", "新高新区", "--province", "湖北", "--city", "襄阳市")

    def test_a_database_that_holds_data_is_refused_and_left_as_it_was(self):
        busy = self.base + "busy"
        self.cli(busy, "init", "--bare")
        before = self.cli(busy, "audit-log", "verify").stdout
        r = run([BIN, "migrate-store", "--from", self.original, "--to", busy])
        self.assertEqual(r.returncode, 3, r.stderr)
        self.assertIn("already holds data", r.stderr)
        self.assertEqual(len(r.stderr.strip().splitlines()), 1, r.stderr)
        self.assertEqual(self.cli(busy, "audit-log", "verify").stdout, before)

    def test_a_password_in_the_uri_is_never_printed(self):
        r = run([BIN, "migrate-store", "--from", self.original,
                 "--to", self.base.replace("atlas@", "atlas:s3cret-pw@") + "nosuchdb"])
        self.assertEqual(r.returncode, 4, r.stderr)
        self.assertNotIn("s3cret-pw", r.stderr + r.stdout)
        self.assertIn("***", r.stderr)


if __name__ == "__main__":
    unittest.main()
