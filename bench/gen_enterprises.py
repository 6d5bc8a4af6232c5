#!/usr/bin/env python3
"""Writes N enterprise-year rows (realistic columns and values) as CSV for the import benchmark.

usage: gen_enterprises.py N YEAR CLUSTERS_FILE OUT.csv [LAYOUT]
CLUSTERS_FILE holds one cluster name per line; rows are spread over them. Credit codes carry a
correct GB 32100-2015 check character, computed here independently of ClusterAtlas.

LAYOUT is the set of columns, as offices send them (the import's cost per row depends on it, and
so does the peer's):
  full      15 columns: identity, role, two flags, five amounts in 万元, three counts (default)
  office12  12 columns: identity, the high-tech flag, four amounts, staff, two patent counts
  minimal    5 columns: identity and revenue, the least a statistics file carries
  wide      20 columns: full plus the other flags, exports and coordinates
"""
import random
import sys

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]

# Column header → value from the row's figures. The order here is the file's.
COLUMNS = {
    "统一社会信用代码": lambda r: r["code"],
    "企业名称": lambda r: r["name"],
    "集群名称": lambda r: r["cluster"],
    "年份": lambda r: r["year"],
    "企业角色": lambda r: "骨干" if r["revenue"] > 50000 else "其他",
    "是否高新技术企业": lambda r: r["high_tech"],
    "是否专精特新": lambda r: r["specialised"],
    "是否上市": lambda r: r["listed"],
    "是否单项冠军": lambda r: r["champion"],
    "营业收入(万元)": lambda r: f"{r['revenue']:.2f}",
    "工业总产值(万元)": lambda r: f"{r['revenue'] * 0.85:.2f}",
    "净利润(万元)": lambda r: f"{r['profit']:.2f}",
    "实缴税费(万元)": lambda r: f"{r['revenue'] * 0.013:.2f}",
    "出口额(万元)": lambda r: f"{r['exports']:.2f}",
    "研发经费内部支出(万元)": lambda r: f"{r['rd']:.2f}",
    "从业人员(人)": lambda r: str(r["staff"]),
    "有效发明专利(件)": lambda r: str(int(r["staff"] * 0.002)),
    "发明专利授权(件)": lambda r: str(int(r["staff"] * 0.0004)),
    "纬度": lambda r: f"{r['lat']:.6f}",
    "经度": lambda r: f"{r['lon']:.6f}",
}
IDENTITY = ["统一社会信用代码", "企业名称", "集群名称", "年份"]
LAYOUTS = {
    "full": IDENTITY + ["企业角色", "是否高新技术企业", "是否专精特新", "营业收入(万元)",
                        "工业总产值(万元)", "净利润(万元)", "实缴税费(万元)",
                        "研发经费内部支出(万元)", "从业人员(人)", "有效发明专利(件)",
                        "发明专利授权(件)"],
    "office12": IDENTITY + ["是否高新技术企业", "营业收入(万元)", "净利润(万元)", "实缴税费(万元)",
                            "研发经费内部支出(万元)", "从业人员(人)", "有效发明专利(件)",
                            "发明专利授权(件)"],
    "minimal": IDENTITY + ["营业收入(万元)"],
    "wide": IDENTITY + ["企业角色", "是否高新技术企业", "是否专精特新", "是否上市", "是否单项冠军",
                        "营业收入(万元)", "工业总产值(万元)", "净利润(万元)", "实缴税费(万元)",
                        "出口额(万元)", "研发经费内部支出(万元)", "从业人员(人)",
                        "有效发明专利(件)", "发明专利授权(件)", "纬度", "经度"],
}


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
    layout = LAYOUTS[sys.argv[5] if len(sys.argv) > 5 else "full"]
    with open(clusters_file, encoding="utf-8") as f:
        clusters = [line.strip() for line in f if line.strip()]
    rng, extra = random.Random(42), random.Random(43)
    cells = [COLUMNS[c] for c in layout]
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(",".join(layout) + "\n")
        lines = []
        for i in range(n):
            revenue = min(rng.paretovariate(1.15) * 2500, 8e6)
            row = {
                "code": credit_code(i * 7919 + 13), "name": f"示例企业{i}有限公司",
                "cluster": clusters[i % len(clusters)], "year": year, "revenue": revenue,
                "staff": max(5, int(revenue / rng.lognormvariate(4.4, 0.5))),
                "high_tech": "是" if rng.random() < 0.25 else "否",
                "specialised": "是" if rng.random() < 0.08 else "否",
                "profit": revenue * rng.gauss(0.065, 0.05), "rd": revenue * rng.uniform(0.01, 0.08),
                # from their own stream, so that the full layout's file stays the one earlier
                # results measured
                "listed": "是" if extra.random() < 0.02 else "否",
                "champion": "是" if extra.random() < 0.01 else "否",
                "exports": revenue * extra.uniform(0, 0.3),
                "lat": extra.uniform(22.0, 40.0), "lon": extra.uniform(100.0, 122.0),
            }
            lines.append(",".join(cell(row) for cell in cells) + "\n")
            if len(lines) == 100000:
                f.writelines(lines)
                lines.clear()
        f.writelines(lines)


if __name__ == "__main__":
    main()
