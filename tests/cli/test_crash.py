"""Crash safety: an import killed with SIGKILL half-way leaves a sound database that holds every
earlier revision intact and nothing of the half-done one — on SQLite, a file the killed process
was writing; on PostgreSQL, a transaction the server is left to roll back."""
import os
import signal
import subprocess
import time
import unittest

from harness import BIN, CliTest, backends

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code(n):
    """A valid GB 32100-2015 code, check character computed here independently."""
    body = "91420600"
    for _ in range(9):
        body += ALPHABET[n % 31]
        n //= 31
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


class Crash(CliTest):
    def write_rows(self, path, first, count, cluster):
        with open(path, "w", encoding="utf-8") as f:
            f.write("统一社会信用代码,企业名称,集群名称,营业收入(万元),从业人员(人)\n")
            for i in range(first, first + count):
                f.write(f"{credit_code(i)},企业{i},{cluster},{i % 997 + 1},{i % 300 + 5}\n")

    def wait_until_writing(self, proc):
        """Returns once the import writes its transaction, or has ended (a fixed sleep raced the
        import as it got faster, and killed it before or after the write): on SQLite once the WAL
        holds a few MB of its pages; on PostgreSQL once its COPY into enterprise_year is 100,000
        rows in (of 600,000)."""
        if not self.db.startswith("postgresql://"):
            wal = self.db + "-wal"
            while proc.poll() is None and (not os.path.exists(wal) or
                                           os.path.getsize(wal) < 4 << 20):
                time.sleep(0.002)
            return
        con = backends.connect(self.db)
        try:
            cur = con.cursor()
            while proc.poll() is None:
                cur.execute("SELECT tuples_processed FROM pg_stat_progress_copy WHERE datname = "
                            "current_database() AND relid = 'enterprise_year'::regclass")
                row = cur.fetchone()
                if row and row[0] >= 100000:
                    return
                time.sleep(0.002)
        finally:
            con.close()

    def test_sigkill_during_import(self):
        self.ok("init")
        cluster = "襄阳高新区新能源汽车创新型产业集群"
        self.ok("cluster", "add", cluster, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        small = os.path.join(self.tmp.name, "small.csv")
        self.write_rows(small, 0, 1000, cluster)
        self.ok("import", "enterprises", small, "--year", "2022")
        before = self.sql("SELECT credit_code, year, revenue, revision_id FROM enterprise_year "
                          "ORDER BY credit_code")

        big = os.path.join(self.tmp.name, "big.csv")
        self.write_rows(big, 10**6, 600000, cluster)
        proc = subprocess.Popen([BIN, "--db", self.db, "-q", "import", "enterprises", big,
                                 "--year", "2023"], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        # Killed while it writes its transaction.
        self.wait_until_writing(proc)
        self.assertIsNone(proc.poll(), "the import finished before it could be killed; "
                                       "make the file larger")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

        if not self.db.startswith("postgresql://"):  # the file the killed process wrote
            self.assertEqual(self.sql("PRAGMA integrity_check"), [("ok",)])
        self.assertEqual(self.sql("SELECT credit_code, year, revenue, revision_id FROM "
                                  "enterprise_year ORDER BY credit_code"), before)
        self.assertEqual(self.sql("SELECT id FROM import_revision"), [(1,)])
        # And the database still works: the same import now succeeds.
        self.ok("import", "enterprises", big, "--year", "2023")
        self.assertEqual(self.sql("SELECT count(*) FROM enterprise_year WHERE year = 2023"),
                         [(600000,)])


if __name__ == "__main__":
    unittest.main()
