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
for tool in nginx node curl python3; do
  command -v "$tool" >/dev/null || [[ -x /usr/sbin/$tool ]] || {
    echo "bench/web.sh: $tool is missing (scripts/install-deps)" >&2
    exit 1
  }
done
[[ -f build/web/index.html ]] || scripts/build-web build
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
server_pid=""
nginx_started=""
cleanup() {
  [[ -n "$server_pid" ]] && kill -TERM "$server_pid" 2>/dev/null && wait "$server_pid" || true
  [[ -n "$nginx_started" ]] && kill -QUIT "$(cat "$work/nginx/nginx.pid")" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== web: the overview's first view, clusteratlas serve vs nginx serving the same files"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) (shared)"
db="$work/demo.db"
"$BIN" --db "$db" -q demo
password="bench-$(head -c 12 /dev/urandom | base64 | tr -d '/+=')"
"$BIN" --db "$db" -q user add bench-admin --role admin --password-stdin <<<"$password"

"$BIN" --db "$db" serve --listen 127.0.0.1:0 --web build/web 2>"$work/serve.err" &
server_pid=$!
for _ in $(seq 100); do
  port=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/serve.err" | head -1 | cut -d: -f3 || true)
  [[ -n "$port" ]] && break
  sleep 0.1
done
[[ -n "${port:-}" ]] || { cat "$work/serve.err" >&2; exit 1; }
base="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -sf "$base/readyz" >/dev/null && break; sleep 0.1; done

# nginx: the built files and the answers the first view asks for, as files.
www="$work/nginx/www"
mkdir -p "$www/api/v1" "$work/nginx/logs"
cp -r build/web/. "$www/"
for answer in overview provinces map; do curl -sf "$base/api/v1/$answer" >"$www/api/v1/$answer"; done
nginx_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
sed -e "s|@PORT@|$nginx_port|" -e "s|@PREFIX@|$work/nginx|g" bench/web_nginx.conf >"$work/nginx/nginx.conf"
as_user=()
if [[ $(id -u) -eq 0 ]]; then
  chmod 755 "$work"
  chown -R nobody "$work/nginx"
  as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
fi
"${as_user[@]}" "$NGINX" -p "$work/nginx" -c nginx.conf -e "$work/nginx/logs/error.log"
nginx_started=1
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$nginx_port/" >/dev/null && break; sleep 0.1; done
cmp -s <(curl -sf "http://127.0.0.1:$nginx_port/api/v1/overview") "$www/api/v1/overview"

# Alternately, so both see the same machine.
ours=() theirs=()
for _ in $(seq "$RUNS"); do
  ours+=("$(node bench/web_page.mjs "$base" 1)")
  theirs+=("$(node bench/web_page.mjs "http://127.0.0.1:$nginx_port" 1)")
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
