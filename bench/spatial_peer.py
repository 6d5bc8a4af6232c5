"""The peer of bench/spatial.sh: global Moran's I with 999 full permutations, local Moran with
conditional permutations and Gi*, vectorised with NumPy the way PySAL esda does it (one matrix of
random neighbour draws shared by every unit, `crand`), on rook weights of a square lattice built
from the points' integer x, y. Same formulas as `clusteratlas spatial` (m2 = Σz²/n, folded pseudo
p with ties on both sides); different random draws, so p-values agree only statistically.
usage: spatial_peer.py points.csv permutations seed out.csv"""
import sys
import time

import numpy as np

path, perms, seed, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
t_start = time.perf_counter()
data = np.loadtxt(path, delimiter=",", skiprows=1)
ids, x, y, v = data[:, 0].astype(np.int64), data[:, 1].astype(np.int64), data[:, 2].astype(np.int64), data[:, 3]
n = len(v)
t_read = time.perf_counter()

# Rook neighbours on the lattice, padded to 4 columns (−1 = none), row-standardised.
side_x, side_y = x.max() + 1, y.max() + 1
cell = np.full((side_y, side_x), -1, dtype=np.int64)
cell[y, x] = np.arange(n)
nbr = np.full((n, 4), -1, dtype=np.int64)
for c, (dx, dy) in enumerate(((-1, 0), (1, 0), (0, -1), (0, 1))):
    xx, yy = x + dx, y + dy
    ok = (xx >= 0) & (xx < side_x) & (yy >= 0) & (yy < side_y)
    nbr[ok, c] = cell[yy[ok], xx[ok]]
has = nbr >= 0
deg = has.sum(1)
w = np.where(has, 1.0 / np.maximum(deg, 1)[:, None], 0.0)
safe = np.where(has, nbr, 0)

z = v - v.mean()
m2 = (z * z).sum() / n
lag = (w * z[safe]).sum(1)
s0 = w.sum()
moran = n / s0 * (z * lag).sum() / (m2 * n)
rng = np.random.default_rng(seed)
sims = np.empty(perms)
for p in range(perms):
    zp = rng.permutation(z)
    sims[p] = n / s0 * (zp * (w * zp[safe]).sum(1)).sum() / (m2 * n)
ge, le = (sims >= moran).sum(), (sims <= moran).sum()
p_global = (min(ge, le) + 1) / (perms + 1)

lisa = z * lag / m2
# esda's crand: one set of draws of 4 distinct "other" positions per permutation, shared by all
# units; position q ≥ i maps to unit q + 1.
rids = np.empty((perms, 4), dtype=np.int64)
for p in range(perms):
    rids[p] = rng.choice(n - 1, 4, replace=False)
p_local = np.empty(n)
block = 512
for b in range(0, n, block):
    i = np.arange(b, min(b + block, n))
    j = rids[None, :, :] + (rids[None, :, :] >= i[:, None, None])
    lag_sim = (z[j] * w[i][:, None, :]).sum(-1)          # weights padded with 0 beyond the degree
    sim = z[i][:, None] * lag_sim / m2
    obs = lisa[i][:, None]
    p_local[i] = (np.minimum((sim >= obs).sum(1), (sim <= obs).sum(1)) + 1) / (perms + 1)

ps = np.sort(p_local)
k = np.nonzero(ps <= np.arange(1, n + 1) * 0.05 / n)[0]
cutoff = (k[-1] + 1) * 0.05 / n if len(k) else 0.0
sd = np.sqrt((v * v).sum() / n - v.mean() ** 2)
wi = deg + 1.0
local_sum = v + np.where(has, v[safe], 0).sum(1)
gi = (local_sum - v.mean() * wi) / (sd * np.sqrt((n * wi - wi * wi) / (n - 1)))
t_done = time.perf_counter()
np.savetxt(out, np.column_stack([ids, lisa, p_local, gi]), delimiter=",", fmt=["%d", "%.17g", "%.17g", "%.17g"])
print(f"peer: read {t_read - t_start:.2f} s, statistics {t_done - t_read:.2f} s; I = {moran:.6f}, "
      f"pseudo p {p_global:.4f}, {int((p_local <= cutoff).sum())} significant at FDR .05",
      file=sys.stderr)
