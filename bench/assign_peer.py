"""The peer of bench/assign.sh: the same reviewer assignment solved as a linear programme by GLPK
(`glpsol`, its primal simplex), written independently of ClusterAtlas.

  maximise   Σ (w_ae + 1) x_ae − M Σ s_a          (w = the affinity, default 0 when not listed)
  subject to Σ_e x_ae + s_a = k   for each application a
             Σ_a x_ae ≤ L         for each expert e
             0 ≤ x_ae ≤ 1, no x for a conflicted pair; s_a ≥ 0
Every assignment has exactly k·n pairs, so the "+ 1" shifts the objective by k·n and no
coefficient is 0 (GLPK would drop it and renumber the columns). The constraint matrix is totally
unimodular, so the simplex optimum is integral. The n×m pairs (6 million at the national size)
are too many for one LP, so the pairs not listed enter by column generation: the LP starts with
the listed pairs and a few random default ones; after each solve, a default pair whose reduced
cost 1 − u_a − v_e is positive enters; none left proves the optimum over all pairs. s_a (cost M
larger than any path of pairs can gain) keeps every restricted LP feasible; an s_a > 0 at the end
means no assignment exists.

usage: assign_peer.py AFFINITY.csv CONFLICTS.csv K L WORKDIR   → prints "total <affinity> pairs <count> rounds <r>"
"""
import csv
import os
import random
import subprocess
import sys


def main():
    aff_path, conf_path, k, L, work = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    listed = {}
    apps, experts = {}, {}
    with open(aff_path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for a, e, w in r:
            apps.setdefault(a, len(apps))
            experts.setdefault(e, len(experts))
            listed[(apps[a], experts[e])] = float(w)
    conflicts = set()
    with open(conf_path, newline="") as f:
        r = csv.reader(f)
        next(r)
        for a, e in r:
            conflicts.add((apps[a], experts[e]))
    n, m = len(apps), len(experts)
    big = float(n + m + 2) * 2 + 1
    # Per application, the experts that are not default pairs (listed or conflicted).
    special = [set() for _ in range(n)]
    for a, e in listed:
        special[a].add(e)
    for a, e in conflicts:
        special[a].add(e)
    cols = [(a, e, w) for (a, e), w in listed.items() if (a, e) not in conflicts]
    rng = random.Random(1)
    for a in range(n):
        for e in rng.sample(range(m), min(m, k + 3)):
            if e not in special[a]:
                special[a].add(e)
                cols.append((a, e, 0.0))
    rounds = 0
    while True:
        rounds += 1
        x, s, u, v = solve(cols, n, m, k, L, big, work)
        # Default pairs with a positive reduced cost: for each application, the experts in order
        # of their dual v_e, the smallest first, until 1 − u_a − v_e ≤ 0.
        order = sorted(range(m), key=lambda e: v[e])
        added = 0
        for a in range(n):
            taken = 0
            for e in order:
                if 1 - u[a] - v[e] <= 1e-9:
                    break
                if e in special[a]:
                    continue
                special[a].add(e)
                cols.append((a, e, 0.0))
                added += 1
                taken += 1
                if taken >= 2 * k:
                    break
        if added == 0:
            break
    if any(val > 1e-6 for val in s):
        print("infeasible")
        return
    pairs = [(cols[i][0], cols[i][1]) for i, val in enumerate(x) if val > 0.5]
    total = sum(cols[i][2] for i, val in enumerate(x) if val > 0.5)
    assert all(abs(val - round(val)) < 1e-6 for val in x), "a fractional optimum"
    print(f"total {total:.6f} pairs {len(pairs)} rounds {rounds}")


def solve(cols, n, m, k, L, big, work):
    by_app = [[] for _ in range(n)]
    by_expert = [[] for _ in range(m)]
    for i, (a, e, _) in enumerate(cols):
        by_app[a].append(i)
        by_expert[e].append(i)
    path = os.path.join(work, "peer.lp")
    with open(path, "w") as f:
        f.write("Maximize\n obj:")
        for i, (_, _, w) in enumerate(cols):
            f.write(f" + {w + 1:.6f} x{i}\n")
        for a in range(n):
            f.write(f" - {big} s{a}\n")
        f.write("Subject To\n")
        for a in range(n):
            f.write(f" a{a}: " + " + ".join(f"x{i}" for i in by_app[a]) + f" + s{a} = {k}\n")
        for e in range(m):
            if by_expert[e]:
                f.write(f" e{e}: " + " + ".join(f"x{i}" for i in by_expert[e]) + f" <= {L}\n")
        f.write("Bounds\n")
        for i in range(len(cols)):
            f.write(f" x{i} <= 1\n")
        f.write("End\n")
    sol = os.path.join(work, "peer.sol")
    run = subprocess.run(["glpsol", "--lp", path, "--write", sol], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stdout + run.stderr)
    x, s = [0.0] * len(cols), [0.0] * n
    u, v = [0.0] * n, [0.0] * m
    expert_rows = [e for e in range(m) if by_expert[e]]
    with open(sol) as f:
        for line in f:
            p = line.split()
            if p[0] == "s" and p[5] != "f":
                sys.exit("glpsol: no feasible solution of the restricted LP")
            if p[0] == "i":
                row = int(p[1]) - 1
                if row < n:
                    u[row] = float(p[4])
                else:
                    v[expert_rows[row - n]] = float(p[4])
            elif p[0] == "j":
                col = int(p[1]) - 1
                if col < len(cols):
                    x[col] = float(p[3])
                else:
                    s[col - len(cols)] = float(p[3])
    return x, s, u, v


if __name__ == "__main__":
    main()
