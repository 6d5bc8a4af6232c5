#!/usr/bin/env python3
"""Writes N enterprise-year rows (realistic columns and values) as CSV for the import benchmark.

usage: gen_enterprises.py N YEAR CLUSTERS_FILE OUT.csv
CLUSTERS_FILE holds one cluster name per line; rows are spread over them. Credit codes carry a
correct GB 32100-2015 check character, computed here independently of ClusterAtlas.
"""
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def credit_code(n):
    body = "91" + "440300"
    x = n
    for _ in range(9):
        body += ALPHABET[x % 31]
        x //= 31
    total = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - total % 31) % 31]


def main():
    n, year, clusters_file, out = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    with open(clusters_file, encoding="utf-8") as f:
        clusters = [line.strip() for line in f if line.strip()]
    rng = random.Random(42)
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write("统一社会信用代码,企业名称,集群名称,年份,企业角色,是否高新技术企业,是否专精特新,"
                "营业收入(万元),工业总产值(万元),净利润(万元),实缴税费(万元),研发经费内部支出(万元),"
                "从业人员(人),有效发明专利(件),发明专利授权(件)\n")
        lines = []
        for i in range(n):
            revenue = min(rng.paretovariate(1.15) * 2500, 8e6)
            staff = max(5, int(revenue / rng.lognormvariate(4.4, 0.5)))
            lines.append(
                f"{credit_code(i * 7919 + 13)},示例企业{i}有限公司,{clusters[i % len(clusters)]},"
                f"{year},{'骨干' if revenue > 50000 else '其他'},{'是' if rng.random() < 0.25 else '否'},"
                f"{'是' if rng.random() < 0.08 else '否'},{revenue:.2f},{revenue * 0.85:.2f},"
                f"{revenue * rng.gauss(0.065, 0.05):.2f},{revenue * 0.013:.2f},"
                f"{revenue * rng.uniform(0.01, 0.08):.2f},{staff},{int(staff * 0.002)},"
                f"{int(staff * 0.0004)}\n")
            if len(lines) == 100000:
                f.writelines(lines)
                lines.clear()
        f.writelines(lines)


if __name__ == "__main__":
    main()
