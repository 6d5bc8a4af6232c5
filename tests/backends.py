"""The database an end-to-end test runs on: a new SQLite file in the test's directory, or — when
ATLAS_TEST_PG_URI names a PostgreSQL server (tests/pg/on_postgres.py sets it) — a new database on
that server. Either way the tests read the database back with a client of their own (Python's
sqlite3, psycopg2), never through the binary under test, and write their SQL with `?`
placeholders, which the PostgreSQL side turns into psycopg2's.
"""
import itertools
import os
import re
import sqlite3

PG_ADMIN = os.environ.get("ATLAS_TEST_PG_URI")  # postgresql://…/atlas, a role that may create databases
ON_POSTGRES = bool(PG_ADMIN)
PG_DIR = os.environ.get("ATLAS_TEST_PG_DIR")  # the server's folder: scripts/pg-test-server DIR
_made = itertools.count(1)


def new_database(directory):
    """The --db value of a new, empty database: a file path, or a URI on the test server."""
    if not ON_POSTGRES:
        return os.path.join(directory, "atlas.db")
    import psycopg2
    name = f"e2e_{os.getpid()}_{next(_made)}"
    con = psycopg2.connect(PG_ADMIN)
    con.autocommit = True
    con.cursor().execute(f"CREATE DATABASE {name}")
    con.close()
    return PG_ADMIN[:PG_ADMIN.rfind("/") + 1] + name


def drop_database(where):
    if not ON_POSTGRES or not where.startswith("postgresql://"):
        return
    import psycopg2
    con = psycopg2.connect(PG_ADMIN)
    con.autocommit = True
    con.cursor().execute(f"DROP DATABASE IF EXISTS {where[where.rfind('/') + 1:]} WITH (FORCE)")
    con.close()


def _pg_sql(query):
    # `?` → `%s`, outside quotes; a literal % doubled for psycopg2.
    out, quote = [], None
    for ch in query:
        if quote:
            if ch == quote:
                quote = None
            out.append("%%" if ch == "%" else ch)
        elif ch in "'\"":
            quote = ch
            out.append(ch)
        elif ch == "?":
            out.append("%s")
        else:
            out.append("%%" if ch == "%" else ch)
    return "".join(out)


def connect(where):
    """A DB-API connection to the database (a short-lived one: close it)."""
    if where.startswith("postgresql://"):
        import psycopg2
        con = psycopg2.connect(where)
        con.autocommit = True
        return con
    return sqlite3.connect(where)


def _fetched(cur):
    """A psycopg2 cursor's rows as sqlite3 gives them: bytea comes back as a memoryview,
    sqlite3 gives bytes for a BLOB."""
    return [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row)
            for row in cur.fetchall()]


def query(where, sql, params=()):
    """Every row `sql` gives, as tuples."""
    con = connect(where)
    try:
        if where.startswith("postgresql://"):
            cur = con.cursor()
            cur.execute(_pg_sql(sql), tuple(params))
            return _fetched(cur) if cur.description else []
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def dump(where):
    """Every row of every table, to compare a database before and after a refused change."""
    if not where.startswith("postgresql://"):
        con = sqlite3.connect(where)
        try:
            return "\n".join(con.iterdump())
        finally:
            con.close()
    con = connect(where)  # one connection for every table: a connection costs ~10 ms here
    try:
        cur = con.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = 'public' ORDER BY table_name")
        lines = []
        for (t,) in cur.fetchall():
            cur.execute(f'SELECT * FROM "{t}"')
            lines.extend(f"{t}: {row!r}" for row in sorted(_fetched(cur), key=repr))
        return "\n".join(lines)
    finally:
        con.close()


def execute(where, sql, params=()):
    """Runs a statement that changes the database (a test's setup behind the binary's back)."""
    con = connect(where)
    try:
        if where.startswith("postgresql://"):
            con.cursor().execute(_pg_sql(sql), tuple(params))
        else:
            con.execute(sql, params)
            con.commit()
    finally:
        con.close()


def sqlite_only(reason):
    """Skips a test of SQLite's own behaviour (its file, PRAGMAs, migrations) on PostgreSQL."""
    import unittest
    return unittest.skipIf(ON_POSTGRES, f"SQLite only: {reason}")


def database_error(where):
    """The class of the error query/execute raise when the database refuses a statement (a
    trigger's, a constraint's): sqlite3's or psycopg2's DatabaseError."""
    if where.startswith("postgresql://"):
        import psycopg2
        return psycopg2.DatabaseError
    return sqlite3.DatabaseError


def drop_trigger(where, name, table):
    """Drops a trigger behind the binary's back (PostgreSQL names its table, SQLite does not)."""
    if where.startswith("postgresql://"):
        execute(where, f'DROP TRIGGER "{name}" ON "{table}"')
    else:
        execute(where, f'DROP TRIGGER "{name}"')


def copy_database(source, target):
    """Makes `target` (a database new_database gave) a copy of `source`: a fixture made once and
    copied for each test. On PostgreSQL, CREATE DATABASE … TEMPLATE, which needs nobody connected
    to `source`."""
    if not target.startswith("postgresql://"):
        import shutil
        shutil.copy(source, target)
        return
    import psycopg2
    name, template = (w[w.rfind("/") + 1:] for w in (target, source))
    con = psycopg2.connect(PG_ADMIN)
    con.autocommit = True
    con.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    con.cursor().execute(f"CREATE DATABASE {name} TEMPLATE {template}")
    con.close()
