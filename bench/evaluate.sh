#!/usr/bin/env bash
# bench/evaluate: an uncertainty analysis — UNITS units × 40 indicators in five dimensions,
# REPLICATIONS replications of weights ±25%, two normalisations (min-max, rank) and two
# aggregations (arithmetic, geometric) — by `clusteratlas evaluate --uncertainty` and by a NumPy
# implementation batched as matrix products (bench/evaluate_peer.py) drawing the same random
# numbers, in the same run. Prints both wall times, their ratio, peak memories, and how many
# units' median and 5–95% ranks differ between the two (expected: none).
# usage: bench/evaluate.sh [UNITS] [REPLICATIONS]   (default 2000 10000)
#        BIN=path/to/clusteratlas bench/evaluate.sh …   (default build/clusteratlas)
set -euo pipefail
cd "$(dirname "$0")/.."
units=${1:-2000}
reps=${2:-10000}
seed=7
bin=${BIN:-build/clusteratlas}
# Debian's NumPy (python3-numpy) belongs to the system interpreter, not to a pyenv or venv one.
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

$py bench/gen_units.py "$units" 40 "$work/data.csv" "$work/system.yaml"

measure() {  # prints "seconds peak_kb"
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null
  cat "$work/time"
}
read -r ours_s ours_kb < <(measure "$bin" evaluate --system "$work/system.yaml" \
  --data "$work/data.csv" --uncertainty "$reps" --seed "$seed" --format csv --out "$work/ours.csv")
# The same with the full JSON document (every node's score, raw values, contributions), for the
# record: writing it is a cost of its own.
read -r json_s json_kb < <(measure "$bin" evaluate --system "$work/system.yaml" \
  --data "$work/data.csv" --uncertainty "$reps" --seed "$seed" --format json --out "$work/ours.json")
read -r peer_s peer_kb < <(measure env PYTHONPATH=bench $py bench/evaluate_peer.py \
  "$work/data.csv" "$reps" "$seed" "$work/peer.csv")

$py - "$units" "$reps" "$ours_s" "$ours_kb" "$peer_s" "$peer_kb" "$work/ours.csv" "$work/peer.csv" "$json_s" <<'PY'
import csv, sys
units, reps, ours_s, ours_kb, peer_s, peer_kb, ours_path, peer_path, json_s = sys.argv[1:]
ours = {}
for r in csv.DictReader(open(ours_path, encoding="utf-8")):
    p5, p95 = r["rank_interval"].split("–")
    ours[r["unit"]] = (int(r["median_rank"]), int(p5), int(p95))
peer = {r["unit"]: (int(r["median"]), int(r["p5"]), int(r["p95"]))
        for r in csv.DictReader(open(peer_path))}
differ = sum(1 for code, p in peer.items() if ours[code] != p)
print(f"bench/evaluate: {int(units):,} units x 40 indicators, {int(reps):,} replications")
print(f"  clusteratlas evaluate : {float(ours_s):6.2f} s  peak {int(ours_kb) / 1024:6.1f} MB"
      f"  (ranking as CSV; {float(json_s):.2f} s writing the full JSON instead)")
print(f"  NumPy, batched        : {float(peer_s):6.2f} s  peak {int(peer_kb) / 1024:6.1f} MB")
print(f"  ratio {float(ours_s) / float(peer_s):.2f}x (target < 1x and <= 1 s wall); "
      f"units whose median or 5-95% ranks differ: {differ} of {len(peer)}")
if differ:
    sys.exit("bench/evaluate: the two implementations disagree")
PY
