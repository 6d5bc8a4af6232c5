#!/usr/bin/env python3
"""Phase split of one `clusteratlas import enterprises` run, from its progress lines.

usage: bench/phases.py BIN DB FILE.csv
The import prints its phases ("checking …", "writing the registry", "committing") only to a
terminal, so it runs here under a pseudo-terminal and each phase line is timestamped. Prints the
seconds spent reading + validating + staging, checking conflicts, writing and committing.
"""
import os
import pty
import sys
import time

PHASES = [("checking", "conflicts"), ("writing", "write"), ("committing", "commit")]


def main():
    binary, db, csv = sys.argv[1:4]
    start = time.monotonic()
    marks = [("read+validate+stage", start)]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(binary, [binary, "--db", db, "import", "enterprises", csv])
    pending = b""
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        now = time.monotonic()
        pending += chunk
        for word, name in PHASES:
            if word.encode() in pending and all(m[0] != name for m in marks):
                marks.append((name, now))
        pending = pending[-64:]
    _, status = os.waitpid(pid, 0)
    end = time.monotonic()
    marks.append(("end", end))
    parts = [f"{name} {marks[i + 1][1] - t:.2f} s" for i, (name, t) in enumerate(marks[:-1])]
    print(f"phases: {', '.join(parts)}; total {end - start:.2f} s (exit {os.waitstatus_to_exitcode(status)})")


if __name__ == "__main__":
    main()
