#!/usr/bin/env bash
# The reports (bench/RESULTS.md, "Reports"), on the demo database (150 clusters, 2019–2024):
#  1. `report cluster --all` — the fact sheets of every cluster in one PDF (target ≤ 5 s);
#  2. `report annual` with its default uncertainty analysis of 200 replications (target ≤ 3 s),
#     and with `--uncertainty 0` to show what the analysis costs;
# against WeasyPrint (Debian's `weasyprint`) rendering our own HTML of the same two documents
# (`--out X.html`, same year, same map) to PDF: the peer lays out and draws the same content,
# while our time also includes reading the database, the evaluation and the charts. The runs
# alternate, BENCH_REPORT_RUNS times each (default 5), and the medians are compared. Also our
# HTML's own time, the PDFs' pages and sizes, peak memory, and a check that both PDFs of a
# document name the same clusters (pdftotext), i.e. that the peer rendered the whole document.
# Environment: BIN (build/clusteratlas), BENCH_REPORT_RUNS (5), BENCH_REPORT_YEAR (2024),
# BENCH_REPORT_MAP (the dashboard's map beside BIN, built by scripts/build-web when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/clusteratlas}
RUNS=${BENCH_REPORT_RUNS:-5}
YEAR=${BENCH_REPORT_YEAR:-2024}
source bench/lib.sh
need_tools weasyprint pdfinfo pdftotext python3
MAP=${BENCH_REPORT_MAP:-$(dirname "$BIN")/web/map/china.json}
[[ -f $MAP ]] || scripts/build-web "$(dirname "$BIN")"

echo "== report: the PDF reports vs WeasyPrint rendering our HTML of the same documents"
echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(free -g | awk '/^Mem:/ {print $2}') GiB," \
  "load average $(cut -d' ' -f1-3 /proc/loadavg) (shared); $(weasyprint --version)"
db="$work/demo.db"
"$BIN" --db "$db" -q demo

# measure NAME COMMAND...: one run, its "wall user sys peak_kb" appended to $work/NAME.times.
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>>"$work/$name.err" || {
    tail -20 "$work/$name.err" >&2
    echo "report.sh: $name failed" >&2
    exit 1
  }
  cat "$work/time" >>"$work/$name.times"
}

ours=("$BIN" --db "$db" -q report)
for run in $(seq "$RUNS"); do
  # Ours first, then the peer on the HTML we just wrote; each document alternately.
  measure all-html "${ours[@]}" cluster --all --year "$YEAR" --out "$work/all.html"
  measure all-pdf "${ours[@]}" cluster --all --year "$YEAR" --out "$work/all.pdf"
  measure all-wp weasyprint "$work/all.html" "$work/all-wp.pdf"
  measure annual-html "${ours[@]}" annual --year "$YEAR" --map "$MAP" --out "$work/annual.html"
  measure annual-pdf "${ours[@]}" annual --year "$YEAR" --map "$MAP" --out "$work/annual.pdf"
  measure annual0-pdf "${ours[@]}" annual --year "$YEAR" --map "$MAP" --uncertainty 0 \
    --out "$work/annual0.pdf"
  measure annual-wp weasyprint "$work/annual.html" "$work/annual-wp.pdf"
  echo "  run $run of $RUNS done"
done

for pdf in all all-wp annual annual0 annual-wp; do
  pdftotext -q -raw "$work/$pdf.pdf" "$work/$pdf.txt"
  pdfinfo "$work/$pdf.pdf" | sed -n 's/^Pages: *//p' >"$work/$pdf.pages"
done
python3 -c 'import sqlite3, sys
for (n,) in sqlite3.connect(sys.argv[1]).execute("SELECT name FROM cluster ORDER BY id"): print(n)' \
  "$db" >"$work/names"

python3 - "$work" "$RUNS" <<'PY'
import os, re, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])

def times(name):
    rows = [line.split() for line in open(f"{work}/{name}.times")]
    return (statistics.median(float(r[0]) for r in rows), statistics.median(float(r[1]) + float(r[2]) for r in rows),
            max(int(r[3]) for r in rows) / 1024, min(float(r[0]) for r in rows), max(float(r[0]) for r in rows))

def pages(pdf):
    return int(open(f"{work}/{pdf}.pages").read())

def size(path):
    return os.path.getsize(f"{work}/{path}") / 1024

# Names compared without white space: a long name wraps in its table cell (pdftotext -raw keeps
# the cell's lines together, in drawing order; its default order interleaves the columns).
names = [n.strip() for n in open(f"{work}/names", encoding="utf-8") if n.strip()]
def named(pdf):
    text = re.sub(r"\s+", "", open(f"{work}/{pdf}.txt", encoding="utf-8").read())
    return {n for n in names if re.sub(r"\s+", "", n) in text}

print(f"\n  medians of {runs} runs (wall s, CPU s user+sys, peak MB; wall range)")
print(f"  {'':34} {'wall':>7} {'CPU':>7} {'peak':>7}   range")
for name, label in [("all-pdf", "fact sheets, all: ours PDF"), ("all-html", "fact sheets, all: ours HTML"),
                    ("all-wp", "fact sheets, all: WeasyPrint"),
                    ("annual-pdf", "annual, 200 reps: ours PDF"), ("annual0-pdf", "annual, --uncertainty 0: PDF"),
                    ("annual-html", "annual, 200 reps: ours HTML"), ("annual-wp", "annual: WeasyPrint")]:
    w, c, m, lo, hi = times(name)
    print(f"  {label:34} {w:7.2f} {c:7.2f} {m:7.0f}   {lo:.2f}–{hi:.2f}")

ok = True
print()
for doc, target, label in [("all", 5.0, "fact sheets of all clusters"), ("annual", 3.0, "annual report")]:
    ours, peer = times(f"{doc}-pdf")[0], times(f"{doc}-wp")[0]
    ours_names, peer_names = named(doc), named(f"{doc}-wp")
    same = ours_names == peer_names and ours_names
    ok = ok and bool(same)
    print(f"  {label}: ours {ours:.2f} s / WeasyPrint {peer:.2f} s = {ours / peer:.2f}x; "
          f"target <= {target:.0f} s {'met' if ours <= target else 'MISSED'}")
    print(f"    pages: ours {pages(doc)}, WeasyPrint {pages(doc + '-wp')}; size: ours "
          f"{size(doc + '.pdf'):.0f} KB, WeasyPrint {size(doc + '-wp.pdf'):.0f} KB, our HTML {size(doc + '.html'):.0f} KB")
    print(f"    clusters named: ours {len(ours_names)}, WeasyPrint {len(peer_names)} of {len(names)}"
          f" — {'the same' if same else 'DIFFERENT: ' + ', '.join(sorted(ours_names ^ peer_names)[:5])}")
print(f"  annual without the uncertainty analysis: {pages('annual0')} pages")
for doc in ("all", "annual"):
    warnings = sum("WARNING" in line for line in open(f"{work}/{doc}-wp.err", encoding="utf-8", errors="replace"))
    print(f"  WeasyPrint's warnings on {doc}.html (all runs): {warnings}")
sys.exit(0 if ok else 1)
PY
