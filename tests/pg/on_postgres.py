"""Runs end-to-end test modules on PostgreSQL: starts a private server (scripts/pg-test-server),
runs `python3 -m unittest MODULE…` in the modules' directory with ATLAS_TEST_PG_URI set, so that
each test gets a new database on it (tests/backends.py), and ATLAS_TEST_PG_DIR (the server's
folder, for fault tests that crash it), and stops the server however the tests end. Usage: on_postgres.py tests/cli/test_registry.py [more modules of the same directory]
"""
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCRIPT = os.path.join(ROOT, "scripts", "pg-test-server")


def interpreter():
    """This Python if it has psycopg2, else Debian's, where scripts/install-deps installs it
    (python3-psycopg2): a python3 first on PATH may be another installation."""
    for python in (sys.executable, "/usr/bin/python3"):
        if subprocess.run([python, "-c", "import psycopg2"], capture_output=True).returncode == 0:
            return python
    raise SystemExit("psycopg2 is not installed: run scripts/install-deps")


def main(modules):
    if not modules:
        print(__doc__, file=sys.stderr)
        return 2
    directory = os.path.dirname(os.path.abspath(modules[0]))
    # Its own top-level directory: as root, the server runs as `postgres`, which must reach it.
    cluster = tempfile.mkdtemp(prefix="atlas-pg-")
    try:
        # The server stops itself should this process die without stopping it.
        started = subprocess.run([SCRIPT, "start", cluster, str(os.getpid())],
                                 capture_output=True, text=True)
        if started.returncode != 0:
            sys.stderr.write(started.stderr)
            return 1
        env = dict(os.environ, ATLAS_TEST_PG_URI=started.stdout.strip(),
                   ATLAS_TEST_PG_DIR=cluster)
        return subprocess.run([interpreter(), "-m", "unittest", "-v",
                               *[os.path.abspath(m) for m in modules]],
                              cwd=directory, env=env).returncode
    finally:
        subprocess.run([SCRIPT, "stop", cluster], capture_output=True)
        shutil.rmtree(cluster, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
