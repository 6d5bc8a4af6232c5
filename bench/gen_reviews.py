"""A national selection round for bench/reliability.sh: APPS applications each scored by PER
experts out of EXPERTS, no expert carrying more than LOAD (2,000 × 5 of 3,000, load ≤ 8 is ten
times today's round). Score = the application's quality + the expert's leniency + noise, on
0–100 with one decimal, as a long table application,expert,score.
usage: gen_reviews.py out.csv [apps] [experts] [per] [load] [seed]"""
import sys

import numpy as np

out = sys.argv[1]
apps, experts, per, load, seed = (int(a) for a in (sys.argv[2:] + ["2000", "3000", "5", "8", "1"][len(sys.argv) - 2:]))
rng = np.random.default_rng(seed)
quality = rng.normal(72, 9, apps)
lenience = rng.normal(0, 5, experts)
used = np.zeros(experts, dtype=np.int64)
rows = []
for a in range(apps):
    # Uniformly among the experts with room left.
    free = np.flatnonzero(used < load)
    chosen = rng.choice(free, per, replace=False)
    used[chosen] += 1
    for e in chosen:
        s = min(100.0, max(0.0, quality[a] + lenience[e] + rng.normal(0, 6)))
        rows.append(f"A{a:05d},E{e:05d},{s:.1f}")
with open(out, "w") as f:
    f.write("application,expert,score\n" + "\n".join(rows) + "\n")
print(f"{apps} applications, {experts} experts ({(used > 0).sum()} used, max load {used.max()}), "
      f"{len(rows)} scores", file=sys.stderr)
