"""Results written to files are whole or not there: a write that fails (here the file-size limit
of the process, as a full disk would) exits 2 naming the file, leaves the earlier file as it was
and no partial one beside it."""
import os
import resource
import signal
import subprocess
import unittest

from harness import BIN, CliTest

LIMIT = 200_000  # bytes; the demo's enterprise export is several times larger


def small_files():
    # Ignored, SIGXFSZ lets the write fail with EFBIG instead of killing the process.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


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
        self.assertEqual(sorted(os.listdir(self.tmp.name)),
                         sorted(n for n in os.listdir(self.tmp.name) if ".part" not in n))

    def run_limited(self, *args):
        r = self.run_cli(*args, preexec_fn=small_files)
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


if __name__ == "__main__":
    unittest.main()
