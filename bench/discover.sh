#!/usr/bin/env bash
# bench/discover: weighted DBSCAN on synthetic geocoded points (bench/gen_points.py: hot spots
# around 30 Chinese city centres, 10% background, fractional-count weights) — `clusteratlas
# discover` against scikit-learn's DBSCAN (kd-tree, n_jobs=2, sample_weight) and the R package
# dbscan (C++ kd-tree, weights), on the same points and parameters, in the same run. Euclidean on
# projected kilometres for all three; ClusterAtlas's great-circle (haversine) run is timed too,
# and checked against scikit-learn's ball tree at 10^5 points. Prints wall times (whole process:
# reading the CSV included; the peers' clustering alone in brackets), peak memories and whether
# the clusterings agree: same core points, same partition of the core points (up to renaming),
# same noise. Expected: they agree exactly.
# usage: bench/discover.sh                     (10^5 and 10^6 points)
#        SIZES="100000" bench/discover.sh      (chosen sizes)
#        BIG=1 bench/discover.sh               (also 10^7 points, ClusterAtlas alone: minutes)
#        BIN=path/to/clusteratlas EPS_KM=0.5 MIN_WEIGHT=10.0002 bench/discover.sh
# MIN_WEIGHT is deliberately not a multiple of 1/2520: weights are 1/k for k ≤ 10, so no sum of
# them can tie with it up to rounding, where programs adding in different orders could disagree.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-build/clusteratlas}
eps=${EPS_KM:-0.5}
minw=${MIN_WEIGHT:-10.0002}
sizes=${SIZES:-"100000 1000000"}
if [[ -n "${BIG:-}" ]]; then sizes="$sizes 10000000"; fi
py=/usr/bin/python3  # Debian's NumPy and scikit-learn belong to the system interpreter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # prints "seconds peak_kb"; the command's stderr goes to $work/err
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err"
  cat "$work/time"
}
algo() { grep -o 'DBSCAN [0-9.]* s' "$work/err" | grep -o '[0-9.]*' || echo "?"; }
reading() { grep -o 'read [0-9.]* s' "$work/err" | grep -o '[0-9.]*' || echo "?"; }

echo "bench/discover: ε = $eps km, min weight $minw; $(nproc) cores"
for n in $sizes; do
  pts="$work/points-$n.csv"
  $py bench/gen_points.py "$n" "$pts" 1
  echo "== $n points ($(du -m "$pts" | cut -f1) MB CSV)"
  read -r ours_s ours_kb < <(measure "$bin" discover --points "$pts" --metric euclidean \
    --eps "$eps" --min-weight "$minw" --no-registry --verbose --out "$work/ours-euc.csv")
  ours_dbscan=$(awk '/DBSCAN: grid$/ {a=$2} /DBSCAN: border$/ {b=$2} /grid cells/ {c=$2; m=$(NF-3)}
    END {printf "%.2f %s", c - a, m}' FS='[][ ]+' "$work/err")
  read -r hav_s hav_kb < <(measure "$bin" discover --points "$pts" --eps-km "$eps" \
    --min-weight "$minw" --no-registry --verbose --out "$work/ours-hav.csv")
  hav_dbscan=$(awk '/DBSCAN: grid$/ {a=$2} /grid cells/ {c=$2; m=$(NF-3)}
    END {printf "%.2f %s", c - a, m}' FS='[][ ]+' "$work/err")
  printf "  %-34s %7.2f s  peak %7.1f MB  (DBSCAN %s s, %s bytes/point of its own)\n" \
    "clusteratlas, euclidean" "$ours_s" "$(echo "$ours_kb/1024" | bc -l)" ${ours_dbscan}
  printf "  %-34s %7.2f s  peak %7.1f MB  (DBSCAN %s s, %s bytes/point of its own)\n" \
    "clusteratlas, haversine" "$hav_s" "$(echo "$hav_kb/1024" | bc -l)" ${hav_dbscan}
  if (( n > 1000000 )); then continue; fi
  read -r sk_s sk_kb < <(measure $py bench/discover_peer.py "$pts" euclidean "$eps" "$minw" \
    "$work/sk-euc.csv")
  sk_algo=$(algo)
  sk_read=$(reading)
  printf "  %-34s %7.2f s  peak %7.1f MB  (DBSCAN %s s)\n" "scikit-learn, kd-tree, n_jobs=2" \
    "$sk_s" "$(echo "$sk_kb/1024" | bc -l)" "$sk_algo"
  read -r r_s r_kb < <(measure Rscript bench/discover_peer.R "$pts" "$eps" "$minw" "$work/r-euc.csv")
  r_algo=$(algo)
  r_read=$(reading)
  printf "  %-34s %7.2f s  peak %7.1f MB  (read %s s, DBSCAN %s s; the total includes the untimed core flags)\n" \
    "R dbscan, kd-tree" "$r_s" "$(echo "$r_kb/1024" | bc -l)" "$r_read" "$r_algo"
  compare=(euc "$work/ours-euc.csv" sk "$work/sk-euc.csv" r "$work/r-euc.csv")
  if (( n <= 100000 )); then
    read -r skh_s skh_kb < <(measure $py bench/discover_peer.py "$pts" haversine "$eps" "$minw" \
      "$work/sk-hav.csv")
    printf "  %-34s %7.2f s  peak %7.1f MB  (DBSCAN %s s)\n" "scikit-learn, haversine ball tree" \
      "$skh_s" "$(echo "$skh_kb/1024" | bc -l)" "$(algo)"
    compare+=(hav "$work/ours-hav.csv" skh "$work/sk-hav.csv")
  fi
  $py - "$ours_s" "${ours_dbscan%% *}" "$sk_s" "$sk_read" "$sk_algo" "$r_read" "$r_algo" \
    "${compare[@]}" <<'PY'
import sys
import numpy as np
ours_s, ours_algo, sk_s, sk_read, sk_algo, r_read, r_algo = map(float, sys.argv[1:8])
args = sys.argv[8:]
def load(path, ours):
    a = np.loadtxt(path, delimiter=",", skiprows=1 if ours else 0,
                   usecols=(1, 2) if ours else (0, 1), dtype=np.int64)
    return a[:, 0], a[:, 1].astype(bool)
def agree(a, b):
    (la, ca), (lb, cb) = a, b
    core_diff = int((ca != cb).sum())
    noise_diff = int(((la < 0) != (lb < 0)).sum())
    both = ca & cb
    pairs = np.unique(np.stack([la[both], lb[both]], axis=1), axis=0)
    # Same partition of the core points: the label pairs are a one-to-one map.
    split = len(pairs) - len(np.unique(pairs[:, 0]))
    merged = len(pairs) - len(np.unique(pairs[:, 1]))
    return core_diff, noise_diff, split + merged, int(ca.sum()), len(np.unique(pairs[:, 0]))
ok = True
ours = None
for i in range(0, len(args), 2):
    tag, path = args[i], args[i + 1]
    if tag in ("euc", "hav"):
        ours = load(path, True)
        continue
    c, nz, p, ncore, nclusters = agree(ours, load(path, False))
    name = {"sk": "scikit-learn (euclidean)", "r": "R dbscan (euclidean)",
            "skh": "scikit-learn (haversine)"}[tag]
    print(f"  agreement with {name}: {ncore:,} core points, {nclusters:,} clusters; "
          f"core flags differ {c}, noise differs {nz}, core partition differs {p}")
    ok = ok and c == 0 and nz == 0 and p == 0
# The peers' reading + clustering (R's whole run also computes core flags, untimed here).
peer = min(sk_read + sk_algo, r_read + r_algo)
print(f"  speed (euclidean): {peer / ours_s:.1f}x the faster peer's reading + clustering against "
      f"our whole run; clustering alone {min(sk_algo, r_algo) / ours_algo:.1f}x "
      f"(target at 10^6: >= 10x)")
if not ok:
    sys.exit("bench/discover: the clusterings disagree")
PY
done
