#!/usr/bin/env bash
# bench/import: `clusteratlas import enterprises` (full validation, revisions) against the sqlite3
# shell's `.import` of the same CSV into a plain table, in the same run, for each column layout
# offices send (bench/gen_enterprises.py: full 15 columns, office12, minimal 5, wide 20). Prints
# both times, their ratio, both peak memories (GNU time's maximum resident set size) and both CPU
# times (user + system, all threads): on a shared machine the CPU time varies less than the wall
# time, and the import's second thread shows as CPU time above its wall time.
# usage: bench/import.sh [ROWS [LAYOUT…]]   (default 1,000,000 rows, every layout)
#        BIN=path/to/clusteratlas bench/import.sh …   (default build/clusteratlas)
#        BASE=path/to/other/clusteratlas bench/import.sh …   also runs that build (an earlier
#        one, say) on the same file in the same round, before ours: comparing two builds in
#        separate runs on this shared machine compares the load more than the builds.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-1000000}
shift || true
layouts=("$@")
[ ${#layouts[@]} -gt 0 ] || layouts=(full office12 minimal wide)
bin=${BIN:-build/clusteratlas}
base=${BASE:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" --db "$work/demo.db" -q demo --clusters 150 --years 2024-2024
sqlite3 "$work/demo.db" "SELECT name FROM cluster" > "$work/clusters.txt"
# BASE gets a demo of its own making: an older build refuses a database of a newer schema.
[ -z "$base" ] || "$base" --db "$work/base-demo.db" -q demo --clusters 150 --years 2024-2024

measure() {  # prints "seconds peak_kb cpu_seconds"
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" > /dev/null
  cat "$work/time"
}
echo "bench/import: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for layout in "${layouts[@]}"; do
  python3 bench/gen_enterprises.py "$rows" 2025 "$work/clusters.txt" "$work/rows.csv" "$layout"
  size=$(du -m "$work/rows.csv" | cut -f1)
  columns=$(head -1 "$work/rows.csv" | tr ',' '\n' | wc -l)
  base_s=0 base_kb=0 base_u=0 base_k=0
  if [ -n "$base" ]; then
    cp "$work/base-demo.db" "$work/base.db"
    read -r base_s base_kb base_u base_k < <(measure "$base" --db "$work/base.db" -q import enterprises "$work/rows.csv")
    rm -f "$work/base.db"*
  fi
  cp "$work/demo.db" "$work/atlas.db"
  rm -f "$work/plain.db"
  read -r ours_s ours_kb ours_u ours_k < <(measure "$bin" --db "$work/atlas.db" -q import enterprises "$work/rows.csv")
  read -r peer_s peer_kb peer_u peer_k < <(measure sqlite3 "$work/plain.db" ".mode csv" ".import $work/rows.csv t")

  imported=$(sqlite3 "$work/atlas.db" "SELECT count(*) FROM enterprise_year WHERE year = 2025 AND current = 1")
  [ "$imported" -eq "$rows" ] || { echo "bench/import: imported $imported of $rows rows" >&2; exit 1; }
  python3 - "$layout" "$columns" "$rows" "$size" "$ours_s" "$ours_kb" "$peer_s" "$peer_kb" \
    "$ours_u" "$ours_k" "$peer_u" "$peer_k" "$base_s" "$base_kb" "$base_u" "$base_k" <<'PY'
import sys
(layout, columns, rows, size, ours_s, ours_kb, peer_s, peer_kb, ours_u, ours_k, peer_u, peer_k,
 base_s, base_kb, base_u, base_k) = sys.argv[1:]
ratio = float(ours_s) / float(peer_s)
ours_cpu, peer_cpu = float(ours_u) + float(ours_k), float(peer_u) + float(peer_k)
print(f"{layout}: {int(rows):,} rows, {columns} columns, {size} MB CSV")
print(f"  clusteratlas import : {float(ours_s):6.2f} s  peak {int(ours_kb) / 1024:6.1f} MB  cpu {ours_cpu:6.2f} s")
print(f"  sqlite3 .import     : {float(peer_s):6.2f} s  peak {int(peer_kb) / 1024:6.1f} MB  cpu {peer_cpu:6.2f} s")
if float(base_s) > 0:
    base_cpu = float(base_u) + float(base_k)
    print(f"  BASE build          : {float(base_s):6.2f} s  peak {int(base_kb) / 1024:6.1f} MB  cpu {base_cpu:6.2f} s"
          f"  ratio {float(base_s) / float(peer_s):.2f}x")
print(f"  ratio {ratio:.2f}x (target <= 1.5x), memory target < 256 MB")
PY
done
