#!/usr/bin/env bash
# bench/spatial: `clusteratlas spatial` (global Moran's I with permutations, LISA with conditional
# permutations, Gi*) against a vectorised NumPy implementation (bench/spatial_peer.py, esda's
# approach), 999 permutations, on a square lattice with rook weights (ours: band:1 on the x, y
# cell coordinates, which is rook contiguity; the peer builds rook neighbours from the lattice
# directly). The variable is a smooth field plus noise, so it is autocorrelated. Prints wall times
# of the whole process (reading the CSV and writing the result included), peak memory, the ratio,
# and checks that the LISA statistics and Gi* agree exactly and the pseudo p-values statistically
# (different random draws: mean |Δp| and the share of units significant at FDR .05).
# usage: bench/spatial.sh                   (10^4 and 10^5 units)
#        SIDES="100 317 1000" bench/spatial.sh
#        BIN=path/to/clusteratlas PERMS=999 bench/spatial.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${BIN:-build/clusteratlas}
perms=${PERMS:-999}
sides=${SIDES:-"100 317"}
py=/usr/bin/python3  # Debian's NumPy belongs to the system interpreter
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() {  # prints "seconds peak_kb"; the command's stderr goes to $work/err
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" > /dev/null 2> "$work/err"
  cat "$work/time"
}

echo "bench/spatial: $perms permutations, rook lattice; $(nproc) cores"
for side in $sides; do
  pts="$work/lattice-$side.csv"
  $py - "$side" "$pts" <<'PY'
import sys
import numpy as np
side, path = int(sys.argv[1]), sys.argv[2]
rng = np.random.default_rng(side)
y, x = np.divmod(np.arange(side * side), side)
v = np.sin(x / side * 6) + np.cos(y / side * 5) + rng.normal(0, 0.7, side * side)
np.savetxt(path, np.column_stack([np.arange(side * side), x, y, v]), delimiter=",",
           fmt=["%d", "%d", "%d", "%.6f"], header="id,x,y,value", comments="")
PY
  n=$((side * side))
  echo "== $n units"
  read -r ours_s ours_kb < <(measure "$bin" spatial --values "$pts" --weights band:1 \
    --permutations "$perms" --seed 1 --format csv --out "$work/ours.csv")
  printf "  %-30s %7.2f s  peak %7.1f MB\n" "clusteratlas spatial" "$ours_s" \
    "$(echo "$ours_kb/1024" | bc -l)"
  read -r peer_s peer_kb < <(measure $py bench/spatial_peer.py "$pts" "$perms" 1 "$work/peer.csv")
  printf "  %-30s %7.2f s  peak %7.1f MB  (%s)\n" "NumPy (esda-style crand)" "$peer_s" \
    "$(echo "$peer_kb/1024" | bc -l)" "$(tail -1 "$work/err")"
  $py - "$work/ours.csv" "$work/peer.csv" "$ours_s" "$peer_s" <<'PY'
import csv
import sys
import numpy as np
ours_path, peer_path, ours_s, peer_s = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
with open(ours_path) as f:
    rows = list(csv.DictReader(f))
ours = {int(r["id"]): r for r in rows}
peer = np.loadtxt(peer_path, delimiter=",")
li = np.array([float(ours[int(i)]["lisa_i"]) for i in peer[:, 0]])
p = np.array([float(ours[int(i)]["lisa_p"]) for i in peer[:, 0]])
gi = np.array([float(ours[int(i)]["gi_star_z"]) for i in peer[:, 0]])
sig = np.array([int(ours[int(i)]["significant"]) for i in peer[:, 0]])
d_li = np.max(np.abs(li - peer[:, 1]))
d_gi = np.max(np.abs(gi - peer[:, 3]))
print(f"  LISA I max |Δ| {d_li:.2e}, Gi* max |Δ| {d_gi:.2e}; pseudo p mean |Δ| "
      f"{np.mean(np.abs(p - peer[:, 2])):.4f}, correlation {np.corrcoef(p, peer[:, 2])[0, 1]:.4f}; "
      f"significant at FDR .05: ours {sig.sum()}")
print(f"  speed: {peer_s / ours_s:.1f}x NumPy's whole run (ours {ours_s:.2f} s, NumPy {peer_s:.2f} s)")
if d_li > 1e-9 or d_gi > 1e-9:
    sys.exit("bench/spatial: the statistics disagree")
PY
done
