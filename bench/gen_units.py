"""Generates the uncertainty benchmark's inputs: UNITS units × INDICATORS indicators of
lognormal, positive, complete data (seeded), and an indicator system grouping them into five
dimensions with relative weights, weights ±25%, two normalisations and two aggregations.
usage: gen_units.py UNITS INDICATORS DATA.csv SYSTEM.yaml
The structure rules below are imported by the NumPy peer, so both evaluate the same system."""
import random
import sys

DIMS = 5


def dimension(j):  # indicator j sits in dimension j mod 5
    return j % DIMS


def dimension_weight(d):
    return 1 + d % 3


def indicator_weight(j):
    return round(0.8 + 0.2 * (j % 3), 1)


def negative(j):
    return j % 7 == 3


def main():
    units, indicators = int(sys.argv[1]), int(sys.argv[2])
    data_path, system_path = sys.argv[3], sys.argv[4]
    rng = random.Random(2026)
    with open(data_path, "w", encoding="utf-8") as f:
        f.write("unit," + ",".join(f"x{j}" for j in range(indicators)) + "\n")
        for i in range(units):
            values = [f"{rng.lognormvariate(0, 1):.6f}" for _ in range(indicators)]
            f.write(f"u{i}," + ",".join(values) + "\n")
    lines = ["id: bench", "name_en: Uncertainty benchmark", "index:", "  id: index",
             "  name_en: Index", "  weights: relative", "  children:"]
    for d in range(DIMS):
        lines += [f"    - id: d{d}", f"      name_en: Dimension {d}",
                  f"      weight: {dimension_weight(d)}", "      weights: relative",
                  "      children:"]
        for j in range(indicators):
            if dimension(j) != d:
                continue
            polarity = ", polarity: negative" if negative(j) else ""
            lines.append(f"        - {{id: x{j}, name_en: X{j}, weight: {indicator_weight(j)}"
                         f"{polarity}}}")
    lines += ["uncertainty:", "  weights: 0.25", "  normalise: [minmax, rank]",
              "  aggregate: [arithmetic, geometric]"]
    with open(system_path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
