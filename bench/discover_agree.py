"""Do two DBSCAN labellings of the same points agree? bench/discover.sh compares ClusterAtlas's
per-point CSV (id,cluster,core) with a peer's (cluster,core): the same core points, the same
partition of the core points (up to renaming the clusters) and the same noise. Border points may
join different clusters (DBSCAN leaves that choice open), so their labels are not compared.

usage: discover_agree.py OURS.csv PEER.csv NAME   prints one line; exits 1 when they disagree
"""
import sys

import numpy as np


def load(path, ours):
    a = np.loadtxt(path, delimiter=",", skiprows=1 if ours else 0,
                   usecols=(1, 2) if ours else (0, 1), dtype=np.int64, ndmin=2)
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


def main():
    ours, peer, name = sys.argv[1:4]
    c, nz, p, ncore, nclusters = agree(load(ours, True), load(peer, False))
    print(f"  agreement with {name}: {ncore:,} core points, {nclusters:,} clusters; "
          f"core flags differ {c}, noise differs {nz}, core partition differs {p}")
    if c or nz or p:
        sys.exit(1)


if __name__ == "__main__":
    main()
