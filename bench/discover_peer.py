"""scikit-learn's DBSCAN on a points file as bench/discover.sh runs it (bench/gen_points.py's, or
the gazetteer's id,lat,lon): euclidean on the projected x, y (kd-tree) or haversine on lat, lon in
radians (ball tree), with sample_weight (1 when the file has no weight column) and n_jobs=2.
Writes one line per point, "cluster,core" (the same ids order as the input), and prints the
seconds spent reading and clustering.

usage: discover_peer.py POINTS.csv euclidean|haversine EPS_KM MIN_WEIGHT OUT.csv
"""
import sys
import time

import numpy as np
from sklearn.cluster import DBSCAN

R = 6371.0088


def main():
    path, metric, eps_km, min_weight, out = sys.argv[1:6]
    eps_km, min_weight = float(eps_km), float(min_weight)
    # scikit-learn 1.2 takes an integer min_samples. Core means Σw ≥ min_weight, i.e.
    # Σ(s·w) ≥ s·min_weight: scale weights and threshold by the power of ten that makes the
    # threshold whole (10.0002 → ×10^4). Sums far from the threshold are unaffected by the
    # different rounding; bench/discover.sh picks a threshold no sum of 1/k weights comes near.
    scale = 1
    while abs(min_weight * scale - round(min_weight * scale)) > 1e-9 * scale:
        scale *= 10
    min_samples = int(round(min_weight * scale))
    t0 = time.perf_counter()
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    wanted = ["lat", "lon"] + (["x", "y"] if metric == "euclidean" else [])
    wanted += ["weight"] if "weight" in header else []
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=[header.index(c) for c in wanted],
                      ndmin=2)
    col = {c: data[:, k] for k, c in enumerate(wanted)}
    weight = col.get("weight", np.ones(len(data)))
    t1 = time.perf_counter()
    if metric == "haversine":
        X = np.radians(np.column_stack([col["lat"], col["lon"]]))
        model = DBSCAN(eps=eps_km / R, min_samples=min_samples, metric="haversine",
                       algorithm="ball_tree", n_jobs=2)
    else:
        X = np.column_stack([col["x"], col["y"]])
        model = DBSCAN(eps=eps_km, min_samples=min_samples, algorithm="kd_tree", n_jobs=2)
    model.fit(X, sample_weight=weight * scale)
    t2 = time.perf_counter()
    core = np.zeros(len(X), dtype=np.int8)
    core[model.core_sample_indices_] = 1
    np.savetxt(out, np.column_stack([model.labels_, core]), fmt="%d", delimiter=",")
    print(f"read {t1 - t0:.2f} s, DBSCAN {t2 - t1:.2f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
