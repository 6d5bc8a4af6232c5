#!/usr/bin/env bash
# The dashboard's first view in headless Chromium (bench/RESULTS.md, "Web"): the overview of the
# demo data (150 clusters, 6 years) served by `clusteratlas serve`, against the very same page —
# its built files and the overview's API answers saved as static files — served by a private,
# unprivileged nginx on a free loopback port. Both loaded alternately, BENCH_WEB_RUNS times each
# (default 10), each in a fresh browser context: time from navigation to the map drawn (target
# ≤ 1.0 s), the ratio of the medians; the JavaScript the first view loads, gzipped (target ≤ 400
# KB); and the registry's search of 150 clusters typed a key at a time (target ≤ 50 ms a key).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-build/clusteratlas}
RUNS=${BENCH_WEB_RUNS:-10}
source bench/lib.sh
need_tools nginx node curl python3
[[ -f build/web/index.html ]] || scripts/build-web build
echo "== web: the overview's first view, clusteratlas serve vs nginx serving the same files"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"
db="$work/demo.db"
"$BIN" --db "$db" -q demo
password="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
"$BIN" --db "$db" -q user add bench-admin --role admin --password-stdin <<<"$password"

start_serve "$db" --web build/web

# nginx: the built files and the answers the first view asks for, as files.
www="$work/nginx/www"
mkdir -p "$www/api/v1" "$work/nginx/logs"
cp -r build/web/. "$www/"
for answer in overview provinces map; do curl -sf "$base/api/v1/$answer" >"$www/api/v1/$answer"; done
start_nginx web_nginx.conf /
cmp -s <(curl -sf "$nginx_base/api/v1/overview") "$www/api/v1/overview"

# Alternately, so both see the same machine.
ours=() theirs=()
for _ in $(seq "$RUNS"); do
  ours+=("$(node bench/web_page.mjs "$base" 1)")
  theirs+=("$(node bench/web_page.mjs "$nginx_base" 1)")
done
typing=$(node bench/web_page.mjs "$base" 1 bench-admin "$password")
python3 - "$RUNS" "$typing" "${ours[@]}" "${theirs[@]}" <<'PY'
import json, statistics, sys
runs = int(sys.argv[1])
typing = json.loads(sys.argv[2])
docs = [json.loads(a) for a in sys.argv[3:]]
ours, theirs = docs[:runs], docs[runs:]
o = statistics.median(d["median_ms"] for d in ours)
t = statistics.median(d["median_ms"] for d in theirs)
print(f"  first view to the map drawn, median of {runs}: serve {o:.0f} ms, nginx {t:.0f} ms, "
      f"ratio {o / t:.2f}x (target <= 1000 ms)")
print(f"  JavaScript of the first view, gzipped: {ours[0]['js_gzip_bytes'] / 1024:.0f} KB (target <= 400 KB)")
k = typing.get("keystrokes")
if k:
    print(f"  registry search over {k['rows']} rows: median {k['median_ms']:.0f} ms, "
          f"worst {k['max_ms']:.0f} ms a key (target <= 50 ms)")
else:
    print("  registry search: no #cluster-search on the registry page")
PY
