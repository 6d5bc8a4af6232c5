"""The NumPy peer of bench/evaluate.sh: the same uncertainty analysis as `clusteratlas evaluate
--uncertainty`, batched as matrix products (no Python loop per replication), drawing the same
random numbers (SplitMix64 from the same seed, vectorised over replications), so the two must
agree on every unit's median and 5–95% ranks.
usage: evaluate_peer.py DATA.csv REPLICATIONS SEED OUT.csv"""
import sys

import numpy as np

from gen_units import dimension, dimension_weight, indicator_weight, negative

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
M1, M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)


class SplitMix:  # one generator per replication, advanced together
    def __init__(self, seeds):
        self.state = seeds.astype(np.uint64)

    def next(self):
        self.state = self.state + GOLDEN
        z = self.state
        z = (z ^ (z >> np.uint64(30))) * M1
        z = (z ^ (z >> np.uint64(27))) * M2
        return z ^ (z >> np.uint64(31))

    def uniform(self):
        return (self.next() >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def normalised(x, method):
    signed = np.where([negative(j) for j in range(x.shape[1])], -x, x)
    if method == "minmax":
        lo, hi = signed.min(axis=0), signed.max(axis=0)
        return (signed - lo) / (hi - lo) * 100
    # rank: ascending, ties share the lowest rank (values have six decimals, so ties occur)
    out = np.empty_like(signed)
    for j in range(signed.shape[1]):
        col = signed[:, j]
        out[:, j] = np.searchsorted(np.sort(col), col, side="left") + 1
    return out


def ranks_of(scores):  # units × B → 1 = best, ties share the best rank
    order = np.argsort(-scores, axis=0, kind="stable")
    s = np.take_along_axis(scores, order, axis=0)
    n = scores.shape[0]
    pos = np.arange(1, n + 1)[:, None] * np.ones((1, scores.shape[1]), dtype=np.int64)
    new = np.vstack([np.ones((1, s.shape[1]), bool), s[1:] != s[:-1]])
    ranks_sorted = np.maximum.accumulate(np.where(new, pos, 0), axis=0)
    ranks = np.empty_like(ranks_sorted)
    np.put_along_axis(ranks, order, ranks_sorted, axis=0)
    return ranks


def main():
    data_path, reps, seed, out_path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    raw = np.loadtxt(data_path, delimiter=",", skiprows=1, usecols=None, dtype=str)
    codes, x = raw[:, 0], raw[:, 1:].astype(np.float64)
    n, m = x.shape
    dims = sorted({dimension(j) for j in range(m)})
    members = [[j for j in range(m) if dimension(j) == d] for d in dims]
    w_ind = [np.array([indicator_weight(j) for j in js]) for js in members]
    w_ind = [w / w.sum() for w in w_ind]
    w_dim = np.array([dimension_weight(d) for d in dims], dtype=np.float64)
    w_dim /= w_dim.sum()
    values = [normalised(x, "minmax"), normalised(x, "rank")]
    with np.errstate(divide="ignore"):
        logs = [np.log(v) for v in values]

    # Each replication's choices: the first generator seeded from (seed, r).
    r = np.arange(1, reps + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        first = SplitMix(np.uint64(seed) ^ (np.uint64(0xD1B54A32D192ED03) * r))
        norm_choice = (first.uniform() * 2).astype(int)
        agg_choice = (first.uniform() * 2).astype(int)
        weights = SplitMix(first.next())
        # Weight draws in the engine's order: inner nodes children-first (the last dimension
        # first, the index last), each node's children in order.
        dim_w = [None] * len(dims)
        for d in reversed(range(len(dims))):
            u = np.stack([weights.uniform() for _ in members[d]], axis=1)
            w = w_ind[d] * (0.75 + 0.5 * u)
            dim_w[d] = w / w.sum(axis=1, keepdims=True)
        u = np.stack([weights.uniform() for _ in dims], axis=1)
        top_w = w_dim * (0.75 + 0.5 * u)
        top_w /= top_w.sum(axis=1, keepdims=True)

    hist = np.zeros(n * n, dtype=np.int64)
    batch = 500
    for a in range(2):
        for g in range(2):
            chosen = np.nonzero((norm_choice == a) & (agg_choice == g))[0]
            for start in range(0, len(chosen), batch):
                b = chosen[start:start + batch]
                if g == 0:  # arithmetic: scores = values @ weightsᵀ
                    dim_scores = [values[a][:, members[d]] @ dim_w[d][b].T for d in range(len(dims))]
                    index = sum(dim_scores[d] * top_w[b, d] for d in range(len(dims)))
                else:  # geometric: exp(logs @ weightsᵀ)
                    with np.errstate(divide="ignore", invalid="ignore"):
                        dim_logs = [logs[a][:, members[d]] @ dim_w[d][b].T for d in range(len(dims))]
                        index = np.exp(sum(dim_logs[d] * top_w[b, d] for d in range(len(dims))))
                ranks = ranks_of(index)
                cells = (np.arange(n)[:, None] * n + ranks - 1).ravel()
                hist += np.bincount(cells, minlength=n * n)
    hist = hist.reshape(n, n)
    cum = hist.cumsum(axis=1)

    def pct(q):
        need = np.maximum(np.ceil(q * reps), 1)
        return (cum >= need).argmax(axis=1) + 1

    with open(out_path, "w", encoding="utf-8") as f:
        f.write("unit,median,p5,p95\n")
        for code, med, p5, p95 in zip(codes, pct(0.5), pct(0.05), pct(0.95)):
            f.write(f"{code},{med},{p5},{p95}\n")


if __name__ == "__main__":
    main()
