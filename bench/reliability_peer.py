"""The peer of bench/reliability.sh: per-application mean and trimmed mean, Krippendorff's interval
alpha and the one-way ICC(1) with k0, vectorised with NumPy (sort once by application, then
np.add.reduceat / maximum.reduceat per group) from the same formulas as `clusteratlas
reliability` (docs/methods.md §6). The compute time starts from the columns as read (the
application names coded by np.unique, as ours interns them) and is printed on stderr; writes
application,mean,trimmed_mean to out.csv and alpha, icc_1, icc_1_k, k0 to out.csv.stats.
usage: reliability_peer.py scores.csv out.csv"""
import sys
import time

import numpy as np

path, out = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
data = np.loadtxt(path, delimiter=",", skiprows=1, dtype=str)
score = data[:, 2].astype(float)
t1 = time.perf_counter()

# From the application names as read, as ours starts: their codes are part of the work.
app_names, app = np.unique(data[:, 0], return_inverse=True)

order = np.argsort(app, kind="stable")
a, s = app[order], score[order]
starts = np.flatnonzero(np.r_[True, a[1:] != a[:-1]])
k = np.diff(np.r_[starts, len(a)]).astype(float)
total = np.add.reduceat(s, starts)
mean = total / k
high, low = np.maximum.reduceat(s, starts), np.minimum.reduceat(s, starts)
trimmed = np.where(k >= 3, (total - high - low) / np.maximum(k - 2, 1), mean)
# Pairable units: two or more scores.
dev = s - np.repeat(mean, k.astype(int))
ss = np.add.reduceat(dev * dev, starts)
pair = k >= 2
n = k[pair].sum()
values = s[np.repeat(pair, k.astype(int))]
grand = values.mean()
d_o = (2 * k[pair] * ss[pair] / (k[pair] - 1)).sum() / n
d_e = 2 * ((values - grand) ** 2).sum() / (n - 1)
alpha = 1 - d_o / d_e
# One-way ICC(1) with k0.
g = len(k[pair])
bms = (k[pair] * (mean[pair] - grand) ** 2).sum() / (g - 1)
wms = ss[pair].sum() / (n - g)
k0 = (n - (k[pair] ** 2).sum() / n) / (g - 1)
icc1 = (bms - wms) / (bms + (k0 - 1) * wms)
icc1k = (bms - wms) / bms
t2 = time.perf_counter()

names = app_names[a[starts]]
with open(out, "w") as f:
    f.write("application,mean,trimmed_mean\n")
    for name, m, t in zip(names, mean, trimmed):
        f.write(f"{name},{m!r},{t!r}\n")
with open(out + ".stats", "w") as f:
    f.write(f"{alpha!r} {icc1!r} {icc1k!r} {k0!r}\n")
print(f"read {t1 - t0:.4f} s, compute {t2 - t1:.4f} s", file=sys.stderr)
