#!/usr/bin/env bash
# `clusteratlas serve` on PostgreSQL, one process and two, against one process on SQLite, on the
# same demo data (issue 18; bench/RESULTS.md, "bench/server-postgres"). For each configuration:
#  1. read throughput: wrk against the regional statistics for BENCH_PG_WRK_SECONDS (15); with
#     two processes, one wrk against each at once, their requests/s added;
#  2. the mixed load of bench/server.sh (bench/server_load.py: 90% reads, 10% audited status
#     changes) at a FIXED BENCH_PG_RATE requests/s (500) for BENCH_PG_SECONDS (60), split evenly
#     between the processes: errors and p99 latency.
# Each run has a fresh copy of the SQLite demo: the file, or a new database on a private
# PostgreSQL server (scripts/pg-test-server; synchronous_commit on, as a deployment keeps it)
# filled with migrate-store.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/clusteratlas}
WRK_SECONDS=${BENCH_PG_WRK_SECONDS:-15}
SECONDS_LOAD=${BENCH_PG_SECONDS:-60}
RATE=${BENCH_PG_RATE:-500}
THREADS=16
CONNECTIONS=8
source bench/lib.sh
need_tools wrk python3 curl psql

pg_dir=$(mktemp -d /tmp/atlas-pg-XXXXXX)  # top-level: as root, `postgres` must reach it
pids=()
stop_all() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null || true; done
  pids=()
}
trap 'stop_all; scripts/pg-test-server stop "$pg_dir" >/dev/null 2>&1 || true; rm -rf "$pg_dir"; cleanup' EXIT
admin=$(scripts/pg-test-server start "$pg_dir" $$)

echo "== server on PostgreSQL: 1 and 2 processes vs 1 on SQLite"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"
db="$work/demo.db"
"$BIN" --db "$db" -q demo
"$BIN" --db "$db" -q user add bench-admin --role admin --password-stdin \
  <<<"bench-$(head -c 12 /dev/urandom | base64)"
"$BIN" --db "$db" -q user token create bench-admin --name bench >"$work/token"
path="/api/v1/statistics?by=province"
clusters=$(python3 - "$db" <<'PY'
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT id, status FROM cluster WHERE status IN ('cultivation','pilot','recognised') "
    "ORDER BY id LIMIT 60").fetchall()
print(json.dumps({str(i): s for i, s in rows}))
PY
)

ports=()
start() {  # DB COUNT: COUNT serve processes on DB
  ports=()
  for i in $(seq "$2"); do
    serve_instance=$i start_serve "$1" --threads "$THREADS"
    pids+=("$server_pid")
    ports+=("$port")
  done
}

fresh() {  # sqlite|postgres N: a new copy of the demo, as every run toggles statuses in its own
  if [[ $1 == sqlite ]]; then
    cp "$db" "$work/run$2.db"
    echo "$work/run$2.db"
  else
    psql -X -q -d "$admin" -c "CREATE DATABASE bench$2" \
      -c "ALTER DATABASE bench$2 SET synchronous_commit = on"
    "$BIN" -q migrate-store --from "$db" --to "${admin%/*}/bench$2" >/dev/null
    echo "${admin%/*}/bench$2"
  fi
}

runs=0
run() {  # LABEL sqlite|postgres COUNT
  runs=$((runs + 1))
  start "$(fresh "$2" "$runs")" "$3"
  local n=$3 conns=$((CONNECTIONS / $3)) total=0 clients=()
  for p in "${ports[@]}"; do
    wrk -t1 -c"$conns" -d"${WRK_SECONDS}s" -H "Authorization: Bearer $(cat "$work/token")" \
      "http://127.0.0.1:$p$path" >"$work/wrk.$p" &
    clients+=($!)
  done
  wait "${clients[@]}"
  clients=()
  for p in "${ports[@]}"; do
    r=$(sed -n 's/^Requests\/sec: *//p' "$work/wrk.$p")
    total=$(echo "$total + $r" | bc)
  done
  local k=0
  for p in "${ports[@]}"; do
    # Each process's load toggles clusters of its own: two loads toggling the same cluster would
    # make each other's status changes illegal.
    python3 bench/server_load.py --port "$p" --token-file "$work/token" --read-path "$path" \
      --clusters "$(python3 -c 'import json, sys; c = json.loads(sys.argv[1]); k, n = int(sys.argv[2]), int(sys.argv[3]); print(json.dumps(dict(list(c.items())[k::n])))' "$clusters" "$k" "$n")" \
      --rate "$(echo "$RATE / $n" | bc -l)" --seconds "$SECONDS_LOAD" \
      --connections "$conns" >"$work/load.$p" &
    clients+=($!)
    k=$((k + 1))
  done
  wait "${clients[@]}"
  python3 - "$1" "$total" "${ports[@]/#/$work/load.}" <<'PY'
import json, sys
label, total, files = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
loads = [json.load(open(f))["overall"] for f in files]
req = sum(o["requests"] for o in loads)
err = sum(o["errors"] for o in loads)
p99 = max(o["p99_ms"] for o in loads)
kinds = {}
for f in files:
    for kind, count in json.load(open(f)).get("error_kinds", {}).items():
        kinds[kind] = kinds.get(kind, 0) + count
print(f"  {label:<24} reads {total:8.0f} req/s   mixed load: {req} requests, {err} errors, "
      f"p99 {p99} ms (worst process)" + (f"; errors: {kinds}" if kinds else ""))
PY
  stop_all
}

run "SQLite, 1 process" sqlite 1
run "PostgreSQL, 1 process" postgres 1
run "PostgreSQL, 2 processes" postgres 2
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
