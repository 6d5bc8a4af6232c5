#!/usr/bin/env bash
# bench/assign: a national selection round at ten times today's size — APPLICATIONS applications,
# EXPERTS experts, K reviewers each, load ≤ L, affinities from industry match and keywords with
# random conflicts (bench/gen_assignment.py) — assigned optimally by `clusteratlas assign` and, in
# the same run, by GLPK's simplex on the same LP (bench/assign_peer.py). Prints both wall times,
# their ratio, peak memories, and checks that the two optimal totals agree.
# Target: the optimal assignment in ≤ 5 s.
# usage: bench/assign.sh [APPLICATIONS] [EXPERTS] [K] [L]   (default 2000 3000 5 8)
#        BIN=path/to/clusteratlas bench/assign.sh …   (default build/clusteratlas)
set -euo pipefail
cd "$(dirname "$0")/.."
apps=${1:-2000}
experts=${2:-3000}
k=${3:-5}
load=${4:-8}
bin=${BIN:-build/clusteratlas}
command -v glpsol >/dev/null || { echo "bench/assign: glpsol (glpk-utils) is missing: scripts/install-deps" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 bench/gen_assignment.py "$apps" "$experts" 7 "$work/affinity.csv" "$work/conflicts.csv"

measure() {  # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > "$work/stdout"
  cat "$work/time"
}
read -r ours_s ours_kb < <(measure "$bin" assign --affinities "$work/affinity.csv" \
  --conflicts "$work/conflicts.csv" --reviewers "$k" --max-load "$load" --format json \
  --output "$work/ours.json")
read -r peer_s peer_kb < <(measure python3 bench/assign_peer.py "$work/affinity.csv" \
  "$work/conflicts.csv" "$k" "$load" "$work")
cp "$work/stdout" "$work/peer.txt"

python3 - "$apps" "$experts" "$k" "$load" "$ours_s" "$ours_kb" "$peer_s" "$peer_kb" \
  "$work/ours.json" "$work/peer.txt" "$work/affinity.csv" "$work/conflicts.csv" <<'PY'
import csv, json, sys
apps, experts, k, load, ours_s, ours_kb, peer_s, peer_kb, ours_path, peer_path, aff, conf = sys.argv[1:]
doc = json.load(open(ours_path))
peer = open(peer_path).read().split()
pairs = sum(1 for _ in open(aff)) - 1
conflicts = sum(1 for _ in open(conf)) - 1
# The assignment itself, checked here: k each, loads ≤ L, no conflicted pair.
conflicted = {tuple(r) for r in list(csv.reader(open(conf)))[1:]}
per_app, per_expert = {}, {}
for r in doc["rows"]:
    assert (r["application"], r["expert"]) not in conflicted, r
    per_app[r["application"]] = per_app.get(r["application"], 0) + 1
    per_expert[r["expert"]] = per_expert.get(r["expert"], 0) + 1
assert len(per_app) == int(apps) and set(per_app.values()) == {int(k)}, "k reviewers each"
assert max(per_expert.values()) <= int(load), "loads"
print(f"bench/assign: {int(apps):,} applications x {int(experts):,} experts, k={k}, L={load}; "
      f"{pairs:,} listed affinities, {conflicts:,} conflicts")
print(f"  clusteratlas assign     : {float(ours_s):6.2f} s  peak {int(ours_kb) / 1024:6.1f} MB"
      f"  total affinity {doc['total_affinity']:.3f}")
print(f"  GLPK simplex (glpsol)   : {float(peer_s):6.2f} s  peak {int(peer_kb) / 1024:6.1f} MB"
      f"  total affinity {peer[1]}  ({peer[5]} LP solve(s))")
print(f"  ratio {float(ours_s) / float(peer_s):.3f}x (target: <= 5 s wall)")
if peer[0] != "total" or abs(float(peer[1]) - doc["total_affinity"]) > 1e-6:
    sys.exit("bench/assign: the two optimal totals disagree")
print("  the optimal totals agree")
PY
