"""A national selection round for bench/assign.sh: APPLICATIONS applications and EXPERTS experts
in 40 industries (8 sectors of 5), with an affinity from industry match and keywords, and random
conflicts. Written as the two tables an office brings to `clusteratlas assign`:

  affinity = 0.7 × industry + 0.3 × keywords, rounded to 0.001, where
    industry = 1 when the application's industry is the expert's primary one, 0.5 when it is one
               of the expert's secondary industries, and the pair is not listed otherwise (its
               affinity is the default, 0: any expert may review, but brings no match);
    keywords = |K_app ∩ K_exp| / |K_app ∪ K_exp| (Jaccard), each industry having 10 keywords, an
               application 3 of its industry's, an expert 4 of its primary's and 2 of each
               secondary's.
  conflicts: each application conflicts with 3 experts of its own industry (the applicant's
  institution) and 1 expert drawn from all.

usage: gen_assignment.py APPLICATIONS EXPERTS SEED AFFINITY.csv CONFLICTS.csv
Deterministic for a seed; standard library only.
"""
import csv
import random
import sys

INDUSTRIES, SECTOR, KEYWORDS = 40, 5, 10


def main():
    n, m, seed = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    apps = []
    for i in range(n):
        ind = rng.randrange(INDUSTRIES)
        kw = {(ind, k) for k in rng.sample(range(KEYWORDS), 3)}
        apps.append((f"S{i + 1:05d}", ind, kw))
    experts = []
    for j in range(m):
        primary = rng.randrange(INDUSTRIES)
        secondary = set()
        if rng.random() < 0.6:  # a neighbour in the same sector
            base = primary - primary % SECTOR
            secondary.add(base + rng.choice([x for x in range(SECTOR) if base + x != primary]))
        if rng.random() < 0.3:  # and sometimes one from anywhere
            other = rng.randrange(INDUSTRIES)
            if other != primary:
                secondary.add(other)
        kw = {(primary, k) for k in rng.sample(range(KEYWORDS), 4)}
        for s in secondary:
            kw |= {(s, k) for k in rng.sample(range(KEYWORDS), 2)}
        experts.append((f"X{j + 1:05d}", primary, secondary, kw))
    by_primary = {}
    for e in experts:
        by_primary.setdefault(e[1], []).append(e[0])
    by_industry = {}  # industry -> experts having it, with the industry weight
    for name, primary, secondary, kw in experts:
        by_industry.setdefault(primary, []).append((name, 1.0, kw))
        for s in secondary:
            by_industry.setdefault(s, []).append((name, 0.5, kw))
    conflicts = set()
    with open(sys.argv[4], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application", "expert", "affinity"])
        for name, ind, kw in apps:
            for expert, weight, ekw in by_industry.get(ind, []):
                jaccard = len(kw & ekw) / len(kw | ekw)
                w.writerow([name, expert, f"{0.7 * weight + 0.3 * jaccard:.3f}"])
            own = by_primary.get(ind, [])
            for expert in rng.sample(own, min(3, len(own))):
                conflicts.add((name, expert))
            conflicts.add((name, experts[rng.randrange(m)][0]))
    with open(sys.argv[5], "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["application", "expert"])
        w.writerows(sorted(conflicts))


if __name__ == "__main__":
    main()
