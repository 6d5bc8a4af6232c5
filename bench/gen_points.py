"""Synthetic geocoded points for bench/discover: inventor and author addresses as fractional
counts, clustered the way they are in China — many hot spots around real city centres, each a
few kilometres wide, of very unequal size, plus 10% background scattered over the country.

usage: gen_points.py N OUT.csv [SEED]
Columns: id, lat, lon, x, y, weight, kind. x, y are kilometres in an equidistant cylindrical
projection centred at 32°N 112°E (the Euclidean peers run on them); weight = 1/k for a
document with k addresses; kind is patent or publication. Coordinates are written with 6
decimals, so every program reads exactly the same numbers.
"""
import math
import sys

import numpy as np

# (name, lat, lon, relative size): centres of the largest innovation cities.
CITIES = [
    ("北京", 39.904, 116.407, 100), ("上海", 31.230, 121.474, 80), ("深圳", 22.543, 114.058, 90),
    ("广州", 23.129, 113.264, 45), ("杭州", 30.274, 120.155, 40), ("南京", 32.060, 118.797, 35),
    ("武汉", 30.593, 114.305, 30), ("成都", 30.573, 104.066, 28), ("西安", 34.341, 108.940, 25),
    ("苏州", 31.299, 120.585, 30), ("天津", 39.343, 117.362, 18), ("重庆", 29.563, 106.551, 15),
    ("合肥", 31.821, 117.227, 15), ("长沙", 28.228, 112.939, 14), ("东莞", 23.021, 113.752, 20),
    ("青岛", 36.067, 120.383, 12), ("厦门", 24.480, 118.089, 9), ("济南", 36.651, 117.120, 10),
    ("郑州", 34.747, 113.625, 10), ("沈阳", 41.806, 123.432, 8), ("大连", 38.914, 121.615, 7),
    ("哈尔滨", 45.803, 126.535, 7), ("长春", 43.817, 125.324, 6), ("宁波", 29.868, 121.544, 12),
    ("无锡", 31.491, 120.312, 10), ("佛山", 23.022, 113.122, 12), ("福州", 26.075, 119.306, 7),
    ("昆明", 24.880, 102.833, 5), ("兰州", 36.061, 103.834, 4), ("南昌", 28.682, 115.858, 5),
]
LAT0, LON0, R = 32.0, 112.0, 6371.0088


def main():
    n = int(sys.argv[1])
    out = sys.argv[2]
    rng = np.random.default_rng(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    size = np.array([c[3] for c in CITIES], float)
    # Hot spots: per city proportional to its size; each hot spot's share heavy-tailed.
    spots = []
    for (name, lat, lon, s) in CITIES:
        for _ in range(int(4 * s)):
            r_km = rng.exponential(12.0)
            a = rng.uniform(0, 2 * math.pi)
            spots.append((lat + r_km * math.sin(a) / 111.2,
                          lon + r_km * math.cos(a) / (111.2 * math.cos(math.radians(lat))),
                          rng.uniform(0.3, 3.0), rng.pareto(1.5) + 1))
    spots = np.array(spots)
    background = int(0.1 * n)
    m = n - background
    which = rng.choice(len(spots), size=m, p=spots[:, 3] / spots[:, 3].sum())
    sd_km = spots[which, 2]
    lat = spots[which, 0] + rng.normal(0, 1, m) * sd_km / 111.2
    lon = spots[which, 1] + rng.normal(0, 1, m) * sd_km / (111.2 * np.cos(np.radians(lat)))
    lat = np.concatenate([lat, rng.uniform(21, 45, background)])
    lon = np.concatenate([lon, rng.uniform(100, 124, background)])
    order = rng.permutation(n)
    lat, lon = np.round(lat[order], 6), np.round(lon[order], 6)
    x = np.round(np.radians(lon - LON0) * R * math.cos(math.radians(LAT0)), 6)
    y = np.round(np.radians(lat - LAT0) * R, 6)
    k = 1 + np.minimum(rng.poisson(2.0, n), 9)  # addresses per document
    kind = np.where(rng.random(n) < 0.6, "patent", "publication")
    with open(out, "w") as f:
        f.write("id,lat,lon,x,y,weight,kind\n")
        chunk = 200000
        for s in range(0, n, chunk):
            e = min(n, s + chunk)
            f.write("".join(
                f"p{i},{lat[i]:.6f},{lon[i]:.6f},{x[i]:.6f},{y[i]:.6f},{1 / k[i]!r},{kind[i]}\n"
                for i in range(s, e)))


if __name__ == "__main__":
    main()
