#!/usr/bin/env bash
# `clusteratlas serve` under load, on the synthetic demo database (bench/RESULTS.md, "Server"):
#  1. throughput: wrk against an aggregate read endpoint, authenticated with an API token, and
#     against nginx serving the very same JSON document as a static file (a private,
#     unprivileged nginx on a free loopback port, its own prefix in a temporary directory);
#     the ratio of the two (target ≥ 0.5× nginx's requests/s);
#  2. a mixed load at a FIXED 1,000 requests/s (bench/server_load.py: wrk cannot hold a rate and
#     Debian has no wrk2): 90% reads, 10% audited status changes that are always legal, for
#     BENCH_SERVER_MINUTES minutes (default 2; the recorded run used 10) — errors and p99
#     latency (target 0 and < 25 ms over the first 60 s), and the server's RSS sampled every 5 s
#     (flat: the last minute within a few % of the second).
# Environment: BENCH_SERVER_MINUTES (2), BENCH_SERVER_WRK_SECONDS (15), BENCH_SERVER_THREADS (16,
# the server's workers), BENCH_SERVER_CONNECTIONS (8, wrk's and the load's connections: fewer
# than the workers — httplib gives an open connection a worker of its own), BENCH_SERVER_RATE
# (1000).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/clusteratlas}
MINUTES=${BENCH_SERVER_MINUTES:-2}
WRK_SECONDS=${BENCH_SERVER_WRK_SECONDS:-15}
THREADS=${BENCH_SERVER_THREADS:-16}
CONNECTIONS=${BENCH_SERVER_CONNECTIONS:-8}
RATE=${BENCH_SERVER_RATE:-1000}
source bench/lib.sh
need_tools wrk nginx python3 curl

echo "== server: clusteratlas serve vs nginx, and a mixed load at ${RATE}/s for ${MINUTES} min"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"
db="$work/demo.db"
"$BIN" --db "$db" -q demo
"$BIN" --db "$db" -q user add bench-admin --role admin --password-stdin \
  <<<"bench-$(head -c 12 /dev/urandom | base64)"
"$BIN" --db "$db" -q user token create bench-admin --name bench >"$work/token"
token=$(cat "$work/token")

start_serve "$db" --threads "$THREADS" --access-log "$work/access.jsonl"

# The aggregate read: regional statistics when the server has them, else the zones.
routes=$(curl -sf "$base/api/v1/openapi.json")
if grep -q '"/api/v1/statistics"' <<<"$routes"; then
  path="/api/v1/statistics?by=province"
elif grep -q '"/api/v1/zones"' <<<"$routes"; then
  path="/api/v1/zones"
else
  path="/api/v1/overview"
fi
curl -sf -H "Authorization: Bearer $token" "$base$path" >"$work/document.json"
echo "endpoint: GET $path ($(wc -c <"$work/document.json") bytes of JSON), server threads $THREADS"

# nginx: the same bytes as a static file, on a free port, nothing outside $work.
mkdir -p "$work/nginx/www"
cp "$work/document.json" "$work/nginx/www/document.json"
start_nginx server_nginx.conf /document.json
cmp -s <(curl -sf "$nginx_base/document.json") "$work/document.json"

rps() { sed -n 's/^Requests\/sec: *//p' <<<"$1"; }
wrk_run() {  # URL [extra args]
  wrk -t2 -c"$CONNECTIONS" -d"${WRK_SECONDS}s" --latency "$@"
}
echo "-- wrk -t2 -c$CONNECTIONS -d${WRK_SECONDS}s"
ours=$(wrk_run -H "Authorization: Bearer $token" "$base$path")
theirs=$(wrk_run "$nginx_base/document.json")
grep -E "Requests/sec|Non-2xx|Socket errors| 99%" <<<"$ours" | sed 's/^/  serve: /'
grep -E "Requests/sec|Non-2xx|Socket errors| 99%" <<<"$theirs" | sed 's/^/  nginx: /'
python3 -c "import sys; o,t=float(sys.argv[1]),float(sys.argv[2]); \
print(f'  ratio serve/nginx: {o/t:.2f}x (target >= 0.5x)')" "$(rps "$ours")" "$(rps "$theirs")"

# The mixed load: clusters in the programme toggle between warned and their status.
clusters=$(python3 - "$db" <<'EOF'
import json, sqlite3, sys
rows = sqlite3.connect(sys.argv[1]).execute(
    "SELECT id, status FROM cluster WHERE status IN ('cultivation','pilot','recognised') "
    "ORDER BY id LIMIT 60").fetchall()
print(json.dumps({str(i): s for i, s in rows}))
EOF
)
echo "-- mixed load: ${RATE} req/s, 90% GET $path, 10% POST status changes, ${MINUTES} min"
python3 bench/server_load.py --port "$port" --token-file "$work/token" --read-path "$path" \
  --clusters "$clusters" --rate "$RATE" --seconds "$((MINUTES * 60))" \
  --connections "$CONNECTIONS" --pid "$server_pid" >"$work/load.json"
python3 - "$work/load.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
o = r["overall"]
print(f"  overall: {o['requests']} requests ({o['writes']} writes), {o['errors']} errors, "
      f"p50 {o['p50_ms']} ms, p99 {o['p99_ms']} ms, max {o['max_ms']} ms")
for m in r["per_minute"]:
    print(f"  minute {m['minute']:2}: {m['requests']} requests, {m['errors']} errors, "
          f"p99 {m['p99_ms']} ms, max {m['max_ms']} ms")
if r["error_kinds"]:
    print(f"  errors: {r['error_kinds']}")
first = r["per_minute"][0]
print(f"  first 60 s: {first['errors']} errors (target 0), p99 {first['p99_ms']} ms "
      f"(target < 25)")
rss = [(t, k) for t, k in r["rss_kib"] if k]
def mean(xs): return sum(xs) / len(xs) if xs else float("nan")
second = mean([k for t, k in rss if 60 <= t < 120])
last_start = max(t for t, _ in rss) - 60
last = mean([k for t, k in rss if t >= last_start])
print(f"  RSS (MiB): start {rss[0][1]/1024:.1f}, minute 2 {second/1024:.1f}, "
      f"last minute {last/1024:.1f}, max {max(k for _, k in rss)/1024:.1f}; "
      f"last/second {last/second:.3f}")
print("  RSS samples (s: MiB): " + ", ".join(f"{t:.0f}: {k/1024:.1f}" for t, k in rss[::6]))
EOF
echo "machine after: load average $(cut -d' ' -f1-3 /proc/loadavg)"
