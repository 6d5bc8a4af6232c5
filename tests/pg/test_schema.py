"""The PostgreSQL baseline schema agrees with the SQLite schema the real binary makes.

Independent of the store's code: the SQLite side is read with the sqlite3 shell from a database
`clusteratlas init` made, the PostgreSQL side from the catalogues of a private server
(scripts/pg-test-server) on which psql applied src/atlas/store/postgres/migrations/. When a
SQLite migration changes the schema and PostgreSQL's migrations do not follow, this fails.

Needs PostgreSQL's server binaries and psql (scripts/install-deps installs them).
CLUSTERATLAS_BIN names the binary (ctest sets it).
"""
import glob
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "../.."))
BIN = os.path.abspath(
    os.environ.get("CLUSTERATLAS_BIN", os.path.join(ROOT, "build/clusteratlas")))
SERVER = os.path.join(ROOT, "scripts/pg-test-server")
MIGRATIONS = sorted(glob.glob(os.path.join(ROOT, "src/atlas/store/postgres/migrations/*.sql")))

# SQLite's declared type -> the PostgreSQL types that keep its values.
COMPATIBLE = {
    "INTEGER": {"bigint", "integer"},
    "REAL": {"double precision"},
    "TEXT": {"text"},
    "BLOB": {"bytea"},
}
# Rowid keys the code assigns itself, so PostgreSQL gives them no identity: the audit log's id
# is hashed into the chain, a migration's version is its number.
ASSIGNED_KEYS = {("audit_log", "id"), ("schema_migrations", "version")}
# SQLite's foreign keys that PostgreSQL checks with triggers once per statement (its migration
# 018): (table, columns, parent table, parent columns).
CHECKED_PER_STATEMENT = [
    ("enterprise_year", ["cluster_id"], "cluster", ["id"]),
    ("enterprise_year", ["credit_code"], "enterprise", ["credit_code"]),
    ("enterprise_year", ["revision_id"], "import_revision", ["id"]),
]


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


def normalise_sql(text):
    """An expression as both dialects print it, for comparing: no parentheses, casts or case."""
    if text is None:
        return None
    text = re.sub(r"::[a-z ]+", "", text)
    return re.sub(r"[()\s]+", " ", text).strip().lower()


def count_checks(table_sql):
    without_comments = re.sub(r"--[^\n]*", "", table_sql)
    return len(re.findall(r"\bCHECK\s*\(", without_comments, re.IGNORECASE))


class SchemaTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        for tool in ("psql", "sqlite3"):
            if not shutil.which(tool):
                raise RuntimeError(f"{tool} is not installed: run scripts/install-deps")
        # Class cleanups run even when setUpClass fails half-way, last registered first: the
        # server is stopped before its directory goes.
        work = tempfile.mkdtemp(prefix="atlas-pg-schema-")
        cls.addClassCleanup(shutil.rmtree, work, ignore_errors=True)
        # Its own top-level directory: as root, the server runs as `postgres`, which must reach it.
        server_dir = tempfile.mkdtemp(prefix="atlas-pg-")
        cls.addClassCleanup(shutil.rmtree, server_dir, ignore_errors=True)
        cls.addClassCleanup(cls.stop_server, server_dir)
        # Our pid: should this process be killed, the server stops all the same.
        started = run([SERVER, "start", server_dir, str(os.getpid())])
        if started.returncode != 0:
            raise RuntimeError(f"scripts/pg-test-server start failed:\n{started.stderr}")
        cls.uri = started.stdout.strip()
        for migration in MIGRATIONS:
            applied = cls.psql_run(["-1", "-f", migration])
            if applied.returncode != 0:
                raise RuntimeError(f"{migration} did not apply:\n{applied.stderr}")

        cls.db = os.path.join(work, "atlas.db")
        env = dict(os.environ, USER="tester")
        env.pop("CLUSTERATLAS_DB", None)
        init = run([BIN, "--db", cls.db, "init"], env=env, cwd=work)
        if init.returncode != 0:
            raise RuntimeError(f"clusteratlas init failed:\n{init.stderr}")
        cls.init_out = init.stdout

    @staticmethod
    def stop_server(server_dir):
        stopped = run([SERVER, "stop", server_dir])
        if stopped.returncode != 0:
            raise RuntimeError(f"scripts/pg-test-server stop failed:\n{stopped.stderr}")

    # --- the two sides -------------------------------------------------------------------------

    @classmethod
    def psql_run(cls, args):
        return run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", cls.uri] + args)

    def pg(self, query):
        """Rows of `query` as dicts."""
        r = self.psql_run(["-c", f"SELECT coalesce(json_agg(q), '[]') FROM ({query}) q"])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def sqlite(self, query):
        r = run(["sqlite3", "-json", self.db, query])
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout or "[]")

    def sqlite_columns(self):
        return self.sqlite(
            "SELECT t.name AS tbl, c.cid, c.name, upper(c.type) AS type, c.\"notnull\", "
            "c.dflt_value, c.pk FROM sqlite_schema t, pragma_table_info(t.name) c "
            "WHERE t.type = 'table' AND t.name NOT LIKE 'sqlite_%' ORDER BY t.name, c.cid")

    def pg_columns(self):
        return self.pg(
            "SELECT c.relname AS tbl, a.attnum, a.attname AS name, "
            "format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, "
            "pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attidentity AS identity, "
            "co.collname AS collation "
            "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid "
            "LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum "
            "LEFT JOIN pg_collation co ON co.oid = a.attcollation AND a.attcollation <> 0 "
            "WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r' "
            "AND a.attnum > 0 AND NOT a.attisdropped ORDER BY c.relname, a.attnum")

    def pg_key_columns(self, key, table, array):
        """The column names of `array` (int2[]), in order, of the relation `table` (oid)."""
        return (f"array(SELECT a.attname FROM unnest({array}) WITH ORDINALITY k(n, o) "
                f"JOIN pg_attribute a ON a.attrelid = {table} AND a.attnum = k.n ORDER BY k.o) "
                f"AS {key}")

    # --- tables and columns --------------------------------------------------------------------

    def test_same_tables_and_columns_in_order(self):
        # In order: SQL such as `INSERT INTO schema_migrations VALUES (?, ?, ?)` relies on it.
        def by_table(rows):
            tables = {}
            for r in rows:
                tables.setdefault(r["tbl"], []).append(r["name"])
            return tables

        sqlite, pg = by_table(self.sqlite_columns()), by_table(self.pg_columns())
        self.assertEqual(sorted(sqlite), sorted(pg))
        for table in sqlite:
            self.assertEqual(sqlite[table], pg[table], table)

    def test_compatible_types(self):
        pg = {(r["tbl"], r["name"]): r for r in self.pg_columns()}
        for c in self.sqlite_columns():
            p = pg[(c["tbl"], c["name"])]
            where = f"{c['tbl']}.{c['name']}"
            self.assertIn(p["type"], COMPATIBLE[c["type"]], where)
            if p["type"] == "text":
                # Byte order, as SQLite compares text, whatever the database's locale.
                self.assertEqual(p["collation"], "C", where)
            if c["type"] == "INTEGER" and (c["name"] == "id" or c["name"].endswith("_id")):
                self.assertEqual(p["type"], "bigint", f"{where}: keys are 64-bit in SQLite")

    def test_same_not_null_columns(self):
        # PostgreSQL makes every key column NOT NULL. SQLite does for INTEGER PRIMARY KEY (a rowid
        # cannot be NULL), but lets a rowid table's other keys hold NULL, a bug kept for
        # compatibility; no code writes one, so key columns count as NOT NULL on both sides.
        sqlite = {(c["tbl"], c["name"]) for c in self.sqlite_columns() if c["notnull"] or c["pk"]}
        pg = {(c["tbl"], c["name"]) for c in self.pg_columns() if c["notnull"]}
        self.assertEqual(sorted(sqlite - pg), [], "NOT NULL in SQLite only")
        self.assertEqual(sorted(pg - sqlite), [], "NOT NULL in PostgreSQL only")

    def test_same_defaults(self):
        pg = {(r["tbl"], r["name"]): normalise_sql(r["dflt"]) for r in self.pg_columns()}
        for c in self.sqlite_columns():
            self.assertEqual(normalise_sql(c["dflt_value"]), pg[(c["tbl"], c["name"])],
                             f"{c['tbl']}.{c['name']}")

    def test_rowid_keys_are_identities(self):
        sqlite = self.sqlite_columns()
        keys = {}
        for c in sqlite:
            if c["pk"]:
                keys.setdefault(c["tbl"], []).append(c)
        references = {(f["tbl"], f["from"]) for f in self.sqlite_foreign_keys()}
        # A rowid alias: a table's only key column, declared INTEGER. SQLite assigns it when
        # NULL; PostgreSQL's identity BY DEFAULT does, and still takes an id given.
        rowid = {(t, k[0]["name"]) for t, k in keys.items()
                 if len(k) == 1 and k[0]["type"] == "INTEGER"}
        expected = rowid - references - ASSIGNED_KEYS
        identities = {(r["tbl"], r["name"]) for r in self.pg_columns() if r["identity"]}
        self.assertEqual(sorted(identities), sorted(expected))
        self.assertEqual({r["identity"] for r in self.pg_columns() if r["identity"]}, {"d"},
                         "GENERATED BY DEFAULT, so a copy between backends keeps its ids")

    # --- keys, indexes, constraints -------------------------------------------------------------

    def sqlite_indexes(self):
        """{name: (table, columns, unique, origin, predicate)}; origin c, u or pk."""
        rows = self.sqlite(
            "SELECT t.name AS tbl, il.name, il.\"unique\", il.origin, s.sql, ii.name AS col "
            "FROM sqlite_schema t, pragma_index_list(t.name) il, pragma_index_info(il.name) ii "
            "LEFT JOIN sqlite_schema s ON s.type = 'index' AND s.name = il.name "
            "WHERE t.type = 'table' ORDER BY il.name, ii.seqno")
        indexes = {}
        for r in rows:
            where = re.search(r"\bWHERE\b(.*)$", r["sql"] or "", re.IGNORECASE | re.DOTALL)
            predicate = normalise_sql(where.group(1)) if where else None
            entry = indexes.setdefault(
                r["name"], (r["tbl"], [], bool(r["unique"]), r["origin"], predicate))
            entry[1].append(r["col"])
        return indexes

    def pg_indexes(self):
        return self.pg(
            "SELECT t.relname AS tbl, i.relname AS name, x.indisunique AS unique, "
            "x.indisprimary AS primary, pg_get_expr(x.indpred, x.indrelid) AS predicate, "
            f"{self.pg_key_columns('cols', 't.oid', 'x.indkey::int2[]')}, "
            "EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.oid "
            "AND k.contype = 'u') AS constraint "
            "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
            "JOIN pg_class t ON t.oid = x.indrelid "
            "WHERE t.relnamespace = current_schema()::regnamespace")

    def test_same_named_indexes(self):
        sqlite = {name: (t, cols, unique, pred)
                  for name, (t, cols, unique, origin, pred) in self.sqlite_indexes().items()
                  if origin == "c"}
        pg = {r["name"]: (r["tbl"], r["cols"], r["unique"], normalise_sql(r["predicate"]))
              for r in self.pg_indexes() if not r["primary"] and not r["constraint"]}
        self.assertEqual(sorted(sqlite), sorted(pg))
        for name in sqlite:
            self.assertEqual(sqlite[name], pg[name], name)
        self.assertTrue(any(pred for _, _, _, pred in pg.values()), "partial indexes compared")

    def test_same_unique_constraints_and_keys(self):
        sqlite_unique = sorted((t, cols) for t, cols, _, origin, _ in
                               self.sqlite_indexes().values() if origin == "u")
        pg = self.pg_indexes()
        pg_unique = sorted((r["tbl"], r["cols"]) for r in pg if r["constraint"])
        self.assertEqual(sqlite_unique, pg_unique)

        sqlite_keys = {}
        for c in sorted(self.sqlite_columns(), key=lambda c: c["pk"]):
            if c["pk"]:
                sqlite_keys.setdefault(c["tbl"], []).append(c["name"])
        pg_keys = {r["tbl"]: r["cols"] for r in pg if r["primary"]}
        self.assertEqual(sqlite_keys, pg_keys)

    def sqlite_foreign_keys(self):
        return self.sqlite(
            "SELECT t.name AS tbl, f.id, f.seq, f.\"table\" AS parent, f.\"from\", f.\"to\" "
            "FROM sqlite_schema t, pragma_foreign_key_list(t.name) f "
            "WHERE t.type = 'table' ORDER BY t.name, f.id, f.seq")

    def test_same_foreign_keys_all_deferrable(self):
        sqlite = {}
        for f in self.sqlite_foreign_keys():
            entry = sqlite.setdefault((f["tbl"], f["id"]), (f["tbl"], [], f["parent"], []))
            entry[1].append(f["from"])
            entry[3].append(f["to"])
        pg = self.pg(
            "SELECT c.conrelid::regclass::text AS tbl, c.confrelid::regclass::text AS parent, "
            "c.condeferrable, c.condeferred, "
            f"{self.pg_key_columns('cols', 'c.conrelid', 'c.conkey')}, "
            f"{self.pg_key_columns('parent_cols', 'c.confrelid', 'c.confkey')} "
            "FROM pg_constraint c WHERE c.contype = 'f' "
            "AND c.connamespace = current_schema()::regnamespace")
        keys = sorted(sqlite.values())
        for reference in CHECKED_PER_STATEMENT:
            self.assertIn(reference, keys)
            keys.remove(reference)
        self.assertEqual(keys,
                         sorted((f["tbl"], f["cols"], f["parent"], f["parent_cols"]) for f in pg))
        # Deferrable, so `SET CONSTRAINTS ALL DEFERRED` can stand for PRAGMA defer_foreign_keys;
        # checked per statement otherwise, as SQLite checks them.
        for f in pg:
            self.assertEqual((f["condeferrable"], f["condeferred"]), (True, False), f)

    def test_same_number_of_checks_per_table(self):
        sqlite = {r["name"]: count_checks(r["sql"]) for r in self.sqlite(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table'")}
        pg = {r["tbl"]: r["n"] for r in self.pg(
            "SELECT conrelid::regclass::text AS tbl, count(*) AS n FROM pg_constraint "
            "WHERE contype = 'c' AND connamespace = current_schema()::regnamespace "
            "GROUP BY conrelid")}
        self.assertEqual({t: n for t, n in sqlite.items() if n}, pg)

    # --- behaviour ------------------------------------------------------------------------------

    def test_audit_log_is_append_only_on_both(self):
        # Each statement in its own transaction, on both backends; the outcomes must agree. A row
        # without a hash may be changed (SQLite's upgrade chained old rows so), nothing else.
        top = self.sqlite("SELECT max(id) AS id FROM audit_log")[0]["id"]
        hashed, unhashed = top + 1, top + 2
        row = ("INSERT INTO audit_log (id, at, actor, action, entity, entity_key, prev_hash, hash) "
               "VALUES ({}, '2025-01-01T00:00:00Z', 'tester', 'test', 'test', 'k', 'p', '{}')")
        steps = [
            (row.format(hashed, "h1"), True),
            (row.format(unhashed, ""), True),
            (f"UPDATE audit_log SET detail = 'changed' WHERE id = {hashed}", False),
            (f"UPDATE audit_log SET hash = 'forged' WHERE id = {hashed}", False),
            (f"DELETE FROM audit_log WHERE id = {hashed}", False),
            (f"DELETE FROM audit_log WHERE id = {unhashed}", False),
            (f"UPDATE audit_log SET hash = 'h2' WHERE id = {unhashed}", True),
            (f"UPDATE audit_log SET detail = 'changed' WHERE id = {unhashed}", False),
            ("DELETE FROM audit_log", False),
        ]
        for sql, allowed in steps:
            lite = run(["sqlite3", self.db, sql])
            pg = self.psql_run(["-c", sql])
            self.assertEqual(lite.returncode == 0, allowed, f"SQLite: {sql}\n{lite.stderr}")
            self.assertEqual(pg.returncode == 0, allowed, f"PostgreSQL: {sql}\n{pg.stderr}")
            if not allowed:
                self.assertIn("the audit log is append-only", lite.stderr, sql)
                self.assertIn("the audit log is append-only", pg.stderr, sql)
        # SQLite has no TRUNCATE; PostgreSQL's would skip the row triggers.
        truncate = self.psql_run(["-c", "TRUNCATE audit_log"])
        self.assertNotEqual(truncate.returncode, 0)
        self.assertIn("the audit log is append-only", truncate.stderr)
        kept = "SELECT id, detail, hash FROM audit_log WHERE id > {} ORDER BY id".format(top)
        self.assertEqual(self.sqlite(kept), self.pg(kept))
        self.assertEqual([r["hash"] for r in self.pg(kept)], ["h1", "h2"])

    def test_enterprise_year_references_hold_on_both(self):
        """A foreign key on SQLite, a check per statement on PostgreSQL: the same refusals."""
        code = "91000000TEST00001X"
        setup = [
            "INSERT INTO province (code, name_zh, short_zh, name_en, region) "
            "VALUES ('99', '测试省', '测', 'Test', 'none')",
            "INSERT INTO zone (id, name, level, province_code, city) "
            "VALUES (9001, '测试高新区', 'national', '99', '测试市')",
            "INSERT INTO industry (code, level, name_zh, name_en) VALUES ('T99', 'section', '测试', 'Test')",
            "INSERT INTO cluster (id, name, zone_id, industry_code, province_code, status) "
            "VALUES (9001, '测试集群一', 9001, 'T99', '99', 'active'), "
            "(9002, '测试集群二', 9001, 'T99', '99', 'active')",
            f"INSERT INTO enterprise (credit_code, name) VALUES ('{code}', '测试企业')",
            "INSERT INTO import_revision (id, kind, file_name, sha256, encoding, rows_read, "
            "rows_imported, rows_rejected, warnings, operator, imported_at) VALUES (9001, "
            "'enterprises', 'f.csv', 'x', 'utf-8', 1, 1, 0, 0, 'tester', '2025-01-01T00:00:00Z')",
        ]
        columns = ("INSERT INTO enterprise_year (credit_code, year, cluster_id, role, high_tech, "
                   "specialised, single_champion, listed, revision_id) VALUES ")

        def row(code=code, year=2025, cluster=9001, revision="9001"):
            return f"('{code}', {year}, {cluster}, 'other', 0, 0, 0, 0, {revision})"

        steps = [
            (columns + row(code="91000000NOSUCH001X"), False),
            (columns + row(cluster=9999), False),
            (columns + row(revision="9999"), False),
            (columns + row(revision="NULL"), True),  # recorded by hand: no revision
            (columns + row(year=2024), True),
            # One bad row among good ones spoils the whole statement.
            (columns + row(year=2023) + ", " + row(year=2022, cluster=9999), False),
            ("UPDATE enterprise_year SET cluster_id = 9999 WHERE year = 2024", False),
            ("UPDATE enterprise_year SET cluster_id = 9002 WHERE year = 2024", True),
            ("UPDATE enterprise_year SET current = 0 WHERE year = 2025", True),
            ("DELETE FROM cluster WHERE id = 9002", False),
            ("UPDATE cluster SET id = 9003 WHERE id = 9001", False),
            (f"UPDATE enterprise SET credit_code = 'X' WHERE credit_code = '{code}'", False),
            (f"DELETE FROM enterprise WHERE credit_code = '{code}'", False),
            ("DELETE FROM import_revision WHERE id = 9001", False),
            (f"UPDATE enterprise SET name = '改名企业' WHERE credit_code = '{code}'", True),
            ("UPDATE cluster SET name = '测试集群三' WHERE id = 9001", True),
            ("DELETE FROM enterprise_year WHERE year = 2025", True),  # no row names 9001 now
            ("DELETE FROM cluster WHERE id = 9001", True),
        ]
        pragma = "PRAGMA foreign_keys = ON; "  # as the store opens its connections
        for sql in setup:
            self.assertEqual(run(["sqlite3", self.db, pragma + sql]).returncode, 0, sql)
            self.assertEqual(self.psql_run(["-c", sql]).returncode, 0, sql)
        for sql, allowed in steps:
            lite = run(["sqlite3", self.db, pragma + sql])
            pg = self.psql_run(["-c", sql])
            self.assertEqual(lite.returncode == 0, allowed, f"SQLite: {sql}\n{lite.stderr}")
            self.assertEqual(pg.returncode == 0, allowed, f"PostgreSQL: {sql}\n{pg.stderr}")
            if not allowed:
                self.assertIn("FOREIGN KEY constraint failed", lite.stderr, sql)
                self.assertRegex(pg.stderr, "does not exist|is named by enterprise_year", sql)
        kept = "SELECT credit_code, year, cluster_id, revision_id, current FROM enterprise_year " \
               "WHERE credit_code LIKE '%TEST%' ORDER BY year"
        self.assertEqual(self.sqlite(kept), self.pg(kept))
        self.assertEqual([(r["year"], r["cluster_id"]) for r in self.pg(kept)], [(2024, 9002)])

    def test_same_schema_versions(self):
        sqlite = [r["version"] for r in self.sqlite(
            "SELECT version FROM schema_migrations ORDER BY version")]
        pg = [r["version"] for r in self.pg(
            "SELECT version FROM schema_migrations ORDER BY version")]
        self.assertEqual(sqlite, pg)
        # What `init` prints and the server's /ready reports: max(version), on both.
        reported = int(re.search(r"schema version (\d+)", self.init_out).group(1))
        self.assertEqual(reported, max(pg))
        baseline = [r["version"] for r in self.pg(
            "SELECT version FROM schema_migrations WHERE file LIKE '%/001-017_baseline.sql' "
            "ORDER BY version")]
        self.assertEqual(baseline, list(range(1, 18)), "the baseline stands for SQLite's 1..17")


if __name__ == "__main__":
    unittest.main()
