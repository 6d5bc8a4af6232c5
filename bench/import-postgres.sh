#!/usr/bin/env bash
# bench/import-postgres: `clusteratlas import enterprises` into a PostgreSQL store (full
# validation, a revision, COPY) against psql's `\copy` of the same CSV into a plain table of text
# columns, in the same run, on one private server (scripts/pg-test-server). Prints both times,
# their ratio and both CPU times (the client's; the server's work is in neither). The target
# (issue 18): 2,000,000 enterprise-year rows in at most 1.5× the time of `\copy`.
# Also a floor no import can go under: `\copy` of the rows as stored (converted, ids resolved)
# into a table like enterprise_year — its types and indexes, without its reference checks — and
# of the enterprises the import added into a table like enterprise (its primary key).
# usage: bench/import-postgres.sh [ROWS]   (default 2,000,000 rows, the full 15-column layout)
#        BIN=path/to/clusteratlas bench/import-postgres.sh …   (default build/clusteratlas)
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${1:-2000000}
bin=${BIN:-build/clusteratlas}
work=$(mktemp -d)
# Its own top-level directory: as root, the server runs as `postgres`, which must reach it.
server=$(mktemp -d /tmp/atlas-pg-XXXXXX)
trap 'scripts/pg-test-server stop "$server" > /dev/null 2>&1 || true; rm -rf "$work" "$server"' EXIT
uri=$(scripts/pg-test-server start "$server" $$)

"$bin" --db "$uri" -q demo --clusters 150 --years 2024-2024
psql -X -q -A -t -d "$uri" -c "SELECT name FROM cluster" > "$work/clusters.txt"
python3 bench/gen_enterprises.py "$rows" 2025 "$work/clusters.txt" "$work/rows.csv" full
size=$(du -m "$work/rows.csv" | cut -f1)
columns=$(head -1 "$work/rows.csv" | tr ',' '\n' | wc -l)
plain=$(python3 -c "import sys; print(', '.join(f'c{i} text' for i in range(int(sys.argv[1]))))" "$columns")
psql -X -q -d "$uri" -c "CREATE TABLE plain ($plain)"

measure() {  # prints "seconds cpu_seconds"
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > /dev/null
  read -r s u k < "$work/time"
  echo "$s $(echo "$u + $k" | bc)"
}
echo "bench/import-postgres: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(psql -X -A -t -d "$uri" -c 'SHOW server_version')"
read -r peer_s peer_cpu < <(measure psql -X -q -d "$uri" -c "\\copy plain FROM '$work/rows.csv' WITH (FORMAT csv, HEADER true)")
read -r ours_s ours_cpu < <(measure "$bin" --db "$uri" -q import enterprises "$work/rows.csv")

# The floor: the rows the import stored, copied out and into a table of the same shape.
stored_columns=$(psql -X -A -t -d "$uri" -c "SELECT string_agg(attname, ', ' ORDER BY attnum) \
  FROM pg_attribute WHERE attrelid = 'enterprise_year'::regclass AND attnum > 1 AND NOT attisdropped")
psql -X -q -d "$uri" -c "\\copy (SELECT $stored_columns FROM enterprise_year WHERE year = 2025) TO '$work/stored.txt'"
psql -X -q -d "$uri" -c "CREATE TABLE shaped (LIKE enterprise_year INCLUDING ALL)"
read -r floor_s _ < <(measure psql -X -q -d "$uri" -c "\\copy shaped ($stored_columns) FROM '$work/stored.txt'")
# …and the enterprises it added, into a table like enterprise (its primary key).
psql -X -q -d "$uri" -c "\\copy (SELECT credit_code, name, lat, lon FROM enterprise e WHERE EXISTS \
  (SELECT 1 FROM enterprise_year y WHERE y.year = 2025 AND y.credit_code = e.credit_code)) TO '$work/firms.txt'"
psql -X -q -d "$uri" -c "CREATE TABLE shaped_firms (LIKE enterprise INCLUDING ALL)"
read -r firms_s _ < <(measure psql -X -q -d "$uri" -c "\\copy shaped_firms (credit_code, name, lat, lon) FROM '$work/firms.txt'")

copied=$(psql -X -A -t -d "$uri" -c "SELECT count(*) FROM plain")
imported=$(psql -X -A -t -d "$uri" -c "SELECT count(*) FROM enterprise_year WHERE year = 2025 AND current = 1")
[ "$copied" -eq "$rows" ] || { echo "bench/import-postgres: \\copy wrote $copied of $rows rows" >&2; exit 1; }
[ "$imported" -eq "$rows" ] || { echo "bench/import-postgres: imported $imported of $rows rows" >&2; exit 1; }
printf '%s rows, %s columns, %s MB CSV\n' "$rows" "$columns" "$size"
printf '  clusteratlas import : %7.2f s  cpu %7.2f s\n' "$ours_s" "$ours_cpu"
printf '  psql \\copy          : %7.2f s  cpu %7.2f s\n' "$peer_s" "$peer_cpu"
printf '  ratio               : %7.2f× (target ≤ 1.5×)\n' "$(echo "$ours_s / $peer_s" | bc -l)"
printf '  floor: \\copy stored rows into a table like enterprise_year: %.2f s (%.2f× \\copy)\n' \
  "$floor_s" "$(echo "$floor_s / $peer_s" | bc -l)"
printf '         + the new enterprises into a table like enterprise: %.2f s; both %.2f s (%.2f× \\copy)\n' \
  "$firms_s" "$(echo "$floor_s + $firms_s" | bc -l)" "$(echo "($floor_s + $firms_s) / $peer_s" | bc -l)"
