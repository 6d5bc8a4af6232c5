"""Results written to files are whole or not there: a write that fails (here the file-size limit
of the process, as a full disk would) exits 2 naming the file, leaves the earlier file as it was
and no partial one beside it. An import whose rejects file cannot be written imports nothing."""
import os
import resource
import signal
import subprocess
import unittest

from harness import BIN, CliTest

LIMIT = 200_000  # bytes; the demo's enterprise export is several times larger


def files_up_to(limit):
    def set_limit():
        # Ignored, SIGXFSZ lets the write fail with EFBIG instead of killing the process.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return set_limit


class Output(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("demo", "--clusters", "20", "--years", "2023-2023")
        self.out = os.path.join(self.tmp.name, "企业.csv")
        self.ok("export", "enterprises", "--out", self.out)
        with open(self.out, "rb") as f:
            self.before = f.read()
        self.assertGreater(len(self.before), LIMIT)

    def assert_unchanged(self):
        with open(self.out, "rb") as f:
            self.assertEqual(f.read(), self.before)
        self.assertEqual([n for n in os.listdir(self.tmp.name) if ".part" in n], [])

    def run_limited(self, *args):
        r = self.run_cli(*args, preexec_fn=files_up_to(LIMIT))
        self.assertEqual(r.code, 2, r.err)
        self.assertIn("企业.csv", r.err)
        self.assertIn("cannot write the file", r.err)

    def test_a_streamed_export_that_cannot_finish_leaves_the_earlier_file(self):
        for fmt in ("csv", "json"):
            self.run_limited("export", "enterprises", "--format", fmt, "--out", self.out)
            self.assert_unchanged()

    def test_discovered_points_that_cannot_be_written_leave_the_earlier_file(self):
        points = os.path.join(self.tmp.name, "points.csv")
        with open(points, "w", encoding="utf-8") as f:  # 30,000 points: ~350 KB of results
            f.write("id,lon,lat\n")
            for i in range(30000):
                f.write(f"p{i},{116 + (i * 7919 % 10007) / 10007:.5f},"
                        f"{39 + (i * 104729 % 10009) / 10009:.5f}\n")
        self.run_limited("discover", "--points", points, "--eps-km", "1", "--min-weight", "5",
                         "--no-registry", "--out", self.out)
        self.assert_unchanged()

    def test_standard_output_that_cannot_be_written_is_an_error(self):
        for verb in (["export", "enterprises"], ["cluster", "list"], ["enterprise", "list"]):
            with open("/dev/full", "w") as full:
                r = subprocess.run([BIN, "--db", self.db, "-q", *verb], stdout=full,
                                   stderr=subprocess.PIPE, text=True, timeout=60)
            self.assertEqual(r.returncode, 2, (verb, r.stderr))
            self.assertIn("cannot write to standard output", r.stderr)


    def test_an_import_whose_rejects_cannot_be_written_imports_nothing(self):
        # 40,000 rows whose check character is not in the alphabet, all refused: ~4 MB of
        # rejects against a limit 1 MB above the database's size, which can still be written (on
        # SQLite the process writes the database's file itself; PostgreSQL's are the server's).
        cluster = self.sql("SELECT name FROM cluster ORDER BY id LIMIT 1")[0][0]
        source = os.path.join(self.tmp.name, "bad.csv")
        with open(source, "w", encoding="utf-8") as f:
            f.write("统一社会信用代码,企业名称,集群名称,营业收入(万元)\n")
            for i in range(40000):
                f.write(f"91420600{i:09d}Z,企业{i},{cluster},{i}\n")  # Z: never a check character
        rejects = os.path.join(self.tmp.name, "rejects.csv")
        revisions = self.sql("SELECT count(*) FROM import_revision")
        local = 0 if self.db.startswith("postgresql://") else os.path.getsize(self.db)
        limit = local + (1 << 20)
        r = self.run_cli("import", "enterprises", source, "--year", "2024", "--skip-invalid",
                         rejects, preexec_fn=files_up_to(limit))
        self.assertEqual(r.code, 2, r.err)
        self.assertIn("rejects.csv: cannot write the file", r.err)
        self.assertEqual(self.sql("SELECT count(*) FROM import_revision"), revisions)
        self.assertFalse(any("rejects" in n for n in os.listdir(self.tmp.name)))
        # Without the limit the same import lands, with every row in the rejects file.
        self.ok("import", "enterprises", source, "--year", "2024", "--skip-invalid", rejects)
        with open(rejects, encoding="utf-8-sig") as f:
            self.assertEqual(sum(1 for _ in f), 1 + 40000)


if __name__ == "__main__":
    unittest.main()
