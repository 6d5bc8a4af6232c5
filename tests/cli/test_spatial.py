"""`clusteratlas spatial` end to end: Moran's I, LISA and Gi* on a 3 × 3 lattice worked out by
hand, the same statistics computed here with the standard library on k-nearest-neighbour weights
over Chinese cities, contiguity from a GeoJSON of squares, seeded permutations, and bad input."""
import json
import math
import os
import random

from harness import CliTest

R_EARTH = 6371.0088


def haversine(a, b):
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R_EARTH * math.asin(min(1.0, math.sqrt(h)))


def knn(points, k):
    """Brute force; ties in distance to the unit listed first."""
    out = []
    for i, p in enumerate(points):
        d = sorted((haversine(p, q), j) for j, q in enumerate(points) if j != i)
        out.append(sorted(j for _, j in d[:k]))
    return out


def statistics(x, neighbours):
    """Moran's I with both analytic variances (Cliff & Ord, as PySAL esda), LISA with
    m2 = Σz²/n, and Gi* with the unit in its own set — straight from the formulas."""
    n = len(x)
    w = [{j: 1 / len(nb) for j in nb} for nb in neighbours]
    mean = sum(x) / n
    z = [v - mean for v in x]
    m2 = sum(v * v for v in z)
    m4 = sum(v ** 4 for v in z)
    lag = [sum(wij * z[j] for j, wij in w[i].items()) for i in range(n)]
    s0 = sum(sum(r.values()) for r in w)
    moran = n / s0 * sum(z[i] * lag[i] for i in range(n)) / m2
    s1 = 0.5 * sum((w[i].get(j, 0) + w[j].get(i, 0)) ** 2 for i in range(n) for j in range(n))
    s2 = sum((sum(w[i].values()) + sum(w[j].get(i, 0) for j in range(n))) ** 2 for i in range(n))
    ei = -1 / (n - 1)
    v_norm = (n * n * s1 - n * s2 + 3 * s0 * s0) / ((n * n - 1) * s0 * s0) - ei * ei
    k = (m4 / n) / (m2 / n) ** 2
    a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 * s0)
    b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 * s0)
    v_rand = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s0 * s0) - ei * ei
    lisa = [z[i] * lag[i] / (m2 / n) for i in range(n)]
    s = math.sqrt(sum(v * v for v in x) / n - mean * mean)
    gi = []
    for i in range(n):
        members = [i] + list(neighbours[i])
        wi = len(members)
        # The unit's set is every unit (nothing to compare with), or the unit alone (an island:
        # its Gi* would be its own standardised value, no statement about its neighbourhood).
        if n * wi - wi * wi == 0 or wi == 1:
            gi.append(None)
            continue
        gi.append((sum(x[j] for j in members) - mean * wi) / (s * math.sqrt((n * wi - wi * wi) / (n - 1))))
    return dict(i=moran, z_normal=(moran - ei) / math.sqrt(v_norm),
                z_random=(moran - ei) / math.sqrt(v_rand), lisa=lisa, lag=lag, z=z, gi=gi)


ROOK = [[1, 3], [0, 2, 4], [1, 5], [0, 4, 6], [1, 3, 5, 7], [2, 4, 8], [3, 7], [4, 6, 8], [5, 7]]
QUEEN = [[1, 3, 4], [0, 2, 3, 4, 5], [1, 4, 5], [0, 1, 4, 6, 7], [0, 1, 2, 3, 5, 6, 7, 8],
         [1, 2, 4, 7, 8], [3, 4, 7], [3, 4, 5, 6, 8], [4, 5, 7]]

CITIES = [("北京", 116.40, 39.90), ("天津", 117.20, 39.13), ("石家庄", 114.51, 38.04),
          ("太原", 112.55, 37.87), ("济南", 117.00, 36.65), ("郑州", 113.62, 34.75),
          ("南京", 118.80, 32.06), ("上海", 121.47, 31.23), ("杭州", 120.16, 30.27),
          ("合肥", 117.23, 31.82), ("武汉", 114.31, 30.59), ("长沙", 112.94, 28.23),
          ("南昌", 115.86, 28.68), ("福州", 119.30, 26.08), ("广州", 113.26, 23.13),
          ("深圳", 114.06, 22.54), ("南宁", 108.37, 22.82), ("成都", 104.07, 30.57),
          ("重庆", 106.55, 29.56), ("西安", 108.94, 34.34)]


class SpatialTest(CliTest):
    def lattice(self):
        """Units u0…u8 row by row at cell centres, value 1…9, and a GeoJSON of the squares."""
        values = self.write_csv("grid.csv", ["id", "x", "y", "value"],
                            [("u%d" % (r * 3 + c), c + 0.5, r + 0.5, r * 3 + c + 1)
                             for r in range(3) for c in range(3)])
        features = [{"type": "Feature", "properties": {"name": "u%d" % (r * 3 + c)},
                     "geometry": {"type": "Polygon",
                                  "coordinates": [[[c, r], [c + 1, r], [c + 1, r + 1], [c, r + 1], [c, r]]]}}
                    for r in range(3) for c in range(3)]
        geo = os.path.join(self.tmp.name, "grid.geojson")
        with open(geo, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": features}, f)
        return values, geo

    def spatial(self, *args):
        return self.ok("spatial", *args, "--format", "json", db=False).json()

    def test_lattice_by_hand(self):
        values, geo = self.lattice()
        # Rook lags of z = −4…4: −2, −2, −1, −2/3, 0, 2/3, 1, 2, 2; Σ z·lag = 100/3, Σz² = 60,
        # S0 = 9 → I = 5/9. LISA (m2 = 20/3): 1.2, .9, .3, .1, 0, .1, .3, .9, 1.2.
        # Gi* of u0: ({1, 2, 4} − 5·3) / (√(20/3) · √((27 − 9)/8)) = −8 / (1.5 √(20/3)).
        for weights in ("band:1", "rook:" + geo):
            doc = self.spatial("--values", values, "--weights", weights, "--permutations", "0")
            self.assertAlmostEqual(doc["global"]["moran_i"], 5 / 9, places=12)
            self.assertAlmostEqual(doc["global"]["expected_i"], -1 / 8, places=12)
            units = doc["units"]
            for u, expected in zip(units, [1.2, 0.9, 0.3, 0.1, 0, 0.1, 0.3, 0.9, 1.2]):
                self.assertAlmostEqual(u["lisa_i"], expected, places=12)
            self.assertEqual([u["quadrant"] for u in units], ["LL"] * 5 + ["HH"] * 4)
            self.assertAlmostEqual(units[0]["gi_star_z"], -8 / (1.5 * math.sqrt(20 / 3)), places=12)
            self.assertAlmostEqual(units[4]["gi_star_z"], 0, places=12)
            self.assertIsNone(units[0]["lisa_p"])  # no permutations asked for
        # V_norm = 1483/25920 (S1 = 249/36, S2 = 1325/36; worked in spatial_test.cpp).
        self.assertAlmostEqual(doc["global"]["z_normal"],
                               (5 / 9 + 1 / 8) / math.sqrt(1483 / 25920), places=10)

    def test_queen_contiguity_against_the_formulas(self):
        values, geo = self.lattice()
        doc = self.spatial("--values", values, "--weights", "contiguity:" + geo,
                           "--geojson-id", "name", "--permutations", "0")
        ref = statistics(list(range(1, 10)), QUEEN)
        self.assertAlmostEqual(doc["global"]["moran_i"], ref["i"], places=12)
        self.assertAlmostEqual(doc["global"]["z_normal"], ref["z_normal"], places=10)
        self.assertAlmostEqual(doc["global"]["z_randomisation"], ref["z_random"], places=10)
        for u, li, gi in zip(doc["units"], ref["lisa"], ref["gi"]):
            self.assertAlmostEqual(u["lisa_i"], li, places=12)
            if gi is None:
                self.assertIsNone(u["gi_star_z"])  # the centre's set is the whole lattice
            else:
                self.assertAlmostEqual(u["gi_star_z"], gi, places=12)

    def test_knn_on_cities_against_the_formulas(self):
        rng = random.Random(5)
        # A north–south gradient plus noise: positive autocorrelation.
        values = [lat * 10 + rng.gauss(0, 20) for _, _, lat in CITIES]
        path = self.write_csv("cities.csv", ["id", "lat", "lon", "name", "patents"],
                          [(c, lat, lon, c, v) for (c, lon, lat), v in zip(CITIES, values)])
        doc = self.spatial("--values", path, "--weights", "knn:3", "--variable", "patents",
                           "--permutations", "99")
        ref = statistics(values, knn([(lon, lat) for _, lon, lat in CITIES], 3))
        g = doc["global"]
        self.assertEqual(g["n"], 20)
        self.assertEqual(g["variable"], "patents")
        self.assertAlmostEqual(g["moran_i"], ref["i"], places=10)
        self.assertAlmostEqual(g["z_normal"], ref["z_normal"], places=9)
        self.assertAlmostEqual(g["z_randomisation"], ref["z_random"], places=9)
        self.assertAlmostEqual(g["p_normal"], math.erfc(abs(ref["z_normal"]) / math.sqrt(2)), places=9)
        for u, li, gi, z, lag in zip(doc["units"], ref["lisa"], ref["gi"], ref["z"], ref["lag"]):
            self.assertAlmostEqual(u["lisa_i"], li, places=9)
            self.assertAlmostEqual(u["gi_star_z"], gi, places=9)
            expected_q = ("H" if z > 0 else "L") + ("H" if lag > 0 else "L")
            self.assertEqual(u["quadrant"], expected_q, u["id"])
            # Pseudo p-values are (count + 1) / (99 + 1), at most .5 + .01 after folding.
            self.assertAlmostEqual(u["lisa_p"] * 100, round(u["lisa_p"] * 100), places=9)
            self.assertLessEqual(u["lisa_p"], 0.51)
        # Significant units: p ≤ the Benjamini–Hochberg cut-off, recomputed here.
        ps = sorted(u["lisa_p"] for u in doc["units"])
        cutoff = 0
        for k in range(len(ps), 0, -1):
            if ps[k - 1] <= k * 0.05 / len(ps):
                cutoff = k * 0.05 / len(ps)
                break
        self.assertAlmostEqual(g["fdr_cutoff"], cutoff, places=12)
        self.assertEqual([u["significant"] for u in doc["units"]],
                         [int(u["lisa_p"] <= cutoff) for u in doc["units"]])
        table = self.ok("spatial", "--values", path, "--weights", "knn:3", "--variable", "patents",
                        db=False).out
        self.assertIn("北京", table)
        self.assertIn("Moran's I", table)

    def test_permutations_are_seeded_and_thread_free(self):
        values, _ = self.lattice()
        args = ["spatial", "--values", values, "--weights", "band:1.5", "--format", "csv",
                "--permutations", "499"]
        a = self.ok(*args, "--seed", "9", "--threads", "1", db=False).out
        b = self.ok(*args, "--seed", "9", "--threads", "2", db=False).out
        c = self.ok(*args, "--seed", "10", "--threads", "1", db=False).out
        self.assertEqual(a, b)
        self.assertNotEqual(a, c)
        self.assertTrue(a.startswith("id,value,lisa_i,lisa_p,quadrant,significant,gi_star_z"))
        # Unit u0 under rook weights: its two neighbours' values come from the other eight z
        # values; I_sim ≥ 1.2 for 2 of the 28 pairs, so the pseudo p approaches 1/14.
        doc = self.spatial("--values", values, "--weights", "band:1", "--permutations", "20000",
                           "--seed", "3")
        self.assertAlmostEqual(doc["units"][0]["lisa_p"], 1 / 14, delta=0.008)
        self.assertEqual(doc["global"]["seed"], 3)
        self.assertEqual(doc["global"]["permutations"], 20000)

    def test_islands_are_reported(self):
        path = self.write_csv("iso.csv", ["id", "x", "y", "v"],
                          [("a", 0, 0, 1), ("b", 1, 0, 2), ("c", 2, 0, 4), ("far", 50, 50, 3)])
        r = self.run_cli("spatial", "--values", path, "--weights", "band:1", "--format", "json",
                         db=False)
        self.assertEqual(r.code, 0, r)
        doc = r.json()
        self.assertEqual(doc["global"]["islands"], 1)
        far = doc["units"][3]
        self.assertIsNone(far["lisa_i"])
        self.assertEqual(far["quadrant"], "")
        # No neighbourhood, no hot or cold spot: Gi* is null as LISA is, not the island's own
        # z-score ((3 − 2.5) / √1.25 ≈ 0.45 here, which reads like a statistic).
        self.assertIsNone(far["gi_star_z"])
        self.assertTrue(any("far" in n for n in doc["notes"]))
        # The others' Gi* still count the island in the mean and spread of every unit.
        ref = statistics([1, 2, 4, 3], [[1], [0, 2], [1], []])
        for u, gi in zip(doc["units"][:3], ref["gi"][:3]):
            self.assertAlmostEqual(u["gi_star_z"], gi, places=12)

    def test_warnings_go_to_stderr_in_every_format(self):
        """Standard output is the result alone — what a pipe or a program reads — and the islands
        warning is on stderr, for the table as for CSV and JSON."""
        path = self.write_csv("iso.csv", ["id", "x", "y", "v"],
                              [("a", 0, 0, 1), ("b", 1, 0, 2), ("c", 2, 0, 4), ("far", 50, 50, 3)])
        warning = "warning: 1 unit without neighbours (islands), no LISA or Gi*: far"
        for fmt in ("table", "csv", "json"):
            with self.subTest(format=fmt):
                r = self.run_cli("spatial", "--values", path, "--weights", "band:1", "--format",
                                 fmt, "--permutations", "9", db=False)
                self.assertEqual(r.code, 0, r)
                self.assertEqual(r.err.strip(), warning)
                if fmt == "json":  # the document keeps it among its notes, for the API
                    self.assertEqual(json.loads(r.out)["notes"], [warning])
                else:
                    self.assertNotIn("warning", r.out)
        table = self.ok("spatial", "--values", path, "--weights", "band:1", db=False).out
        self.assertEqual(table.rstrip("\n").splitlines()[-1].split()[0], "far",
                         "the table ends with its last unit's row")

    def test_esda_local_moran_is_n_minus_1_over_n_of_ours(self):
        """PySAL esda's Moran_Local, from its documented code: z = (y − ȳ) / sd(y) (population
        sd), Is = (n − 1) · z · lag(z) / Σ z². Computed here from that formula on the lattice and
        compared with our I_i: the ratio is (n − 1)/n, as the method page says."""
        values, geo = self.lattice()
        doc = self.spatial("--values", values, "--weights", "rook:" + geo, "--permutations", "0")
        y = list(range(1, 10))
        n = len(y)
        mean = sum(y) / n
        sd = math.sqrt(sum((v - mean) ** 2 for v in y) / n)
        z = [(v - mean) / sd for v in y]
        lag = [sum(z[j] for j in nb) / len(nb) for nb in ROOK]
        esda = [(n - 1) * z[i] * lag[i] / sum(v * v for v in z) for i in range(n)]
        for unit, e in zip(doc["units"], esda):
            if unit["lisa_i"] != 0:
                self.assertAlmostEqual(e / unit["lisa_i"], (n - 1) / n, places=12)
        page = os.path.join(os.path.dirname(__file__), "..", "..", "docs",
                            "specialisation-and-spatial.md")
        with open(page, encoding="utf-8") as f:
            text = " ".join(f.read().split())
        self.assertIn("its I_i are (n − 1)/n times these", text)

    def test_a_title_above_the_header_and_total_rows_are_skipped_with_a_note(self):
        """An office's sheet: a title line above the header, a 合计 row under the units. The
        statistics are those of the nine units alone, and stderr says which rows were skipped."""
        values, geo = self.lattice()
        with open(values, encoding="utf-8") as f:
            lines = f.read().splitlines()
        office = os.path.join(self.tmp.name, "office.csv")
        with open(office, "w", encoding="utf-8") as f:
            f.write("2023年各单元指标（单位：件）,,,\n" + "\n".join(lines) + "\n合计,,,45\n")
        for weights in ("band:1", "rook:" + geo):
            want = self.spatial("--values", values, "--weights", weights, "--permutations", "0")
            r = self.ok("spatial", "--values", office, "--weights", weights, "--permutations",
                        "0", "--format", "json", db=False)
            got = r.json()
            self.assertEqual(got["units"], want["units"])
            self.assertEqual(got["global"], want["global"])
            self.assertEqual(r.err.splitlines(),
                             ["note: office.csv: header found on row 2; row 1 skipped (title)",
                              "note: office.csv, row 12: skipped, a total row ('合计')"])

    def test_output_file_and_chinese_feature_names(self):
        path = self.write_csv("省.csv", ["代码", "营业收入"], [("甲", 1), ("乙", 2), ("丙", 3), ("丁", 5)])
        squares = [("甲", 0, 0), ("乙", 1, 0), ("丙", 0, 1), ("丁", 1, 1)]
        geo = os.path.join(self.tmp.name, "省.geojson")
        with open(geo, "w", encoding="utf-8") as f:
            json.dump({"type": "FeatureCollection", "features": [
                {"type": "Feature", "properties": {"名称": n},
                 "geometry": {"type": "MultiPolygon",
                              "coordinates": [[[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]]}}
                for n, x, y in squares]}, f, ensure_ascii=False)
        out = os.path.join(self.tmp.name, "result.json")
        self.ok("spatial", "--values", path, "--weights", "rook:" + geo, "--format", "json",
                "--out", out, db=False)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        # Rook on a 2 × 2 block: each square has the two squares beside it.
        ref = statistics([1, 2, 3, 5], [[1, 2], [0, 3], [0, 3], [1, 2]])
        self.assertAlmostEqual(doc["global"]["moran_i"], ref["i"], places=12)
        self.assertEqual(doc["units"][0]["id"], "甲")
        self.assertEqual(doc["global"]["variable"], "营业收入")

    def test_bad_input(self):
        values, geo = self.lattice()
        two = self.write_csv("two-units.csv", ["id", "x", "y", "v"], [("a", 0, 0, 1), ("b", 1, 0, 2)])
        r = self.fails(2, "spatial", "--values", two, "--weights", "knn:1", db=False)
        self.assertIn("only 2 units: spatial statistics need at least 3", r.err)
        r = self.fails(2, "spatial", "--values", values, "--weights", "knn:9", db=False)
        self.assertIn("k = 9", r.err)
        self.fails(1, "spatial", "--values", values, "--weights", "nearest:3", db=False)
        self.fails(1, "spatial", "--values", values, "--weights", "knn:x", db=False)
        gap = self.write_csv("gap.csv", ["id", "x", "y", "v"],
                         [("a", 0, 0, 1), ("b", 1, 0, ""), ("c", 2, 0, 3)])
        r = self.fails(2, "spatial", "--values", gap, "--weights", "knn:1", db=False)
        self.assertIn("row 3", r.err)
        self.assertIn("column v", r.err)
        word = self.write_csv("word.csv", ["id", "x", "y", "v"],
                          [("a", 0, 0, 1), ("b", 1, 0, "high"), ("c", 2, 0, 3)])
        r = self.fails(2, "spatial", "--values", word, "--weights", "knn:1", db=False)
        self.assertIn("row 3", r.err)
        nocoord = self.write_csv("nocoord.csv", ["id", "v"], [("a", 1), ("b", 2), ("c", 3)])
        self.fails(2, "spatial", "--values", nocoord, "--weights", "knn:1", db=False)
        unknown = self.write_csv("unknown.csv", ["id", "v"], [("u0", 1), ("u1", 2), ("zz", 3)])
        r = self.fails(2, "spatial", "--values", unknown, "--weights", "queen:" + geo, db=False)
        self.assertIn("zz", r.err)
        self.assertIn("row 4", r.err)
        broken = os.path.join(self.tmp.name, "broken.geojson")
        with open(broken, "w") as f:
            f.write('{"type": "FeatureCollection", "features": [')
        self.fails(2, "spatial", "--values", values, "--weights", "queen:" + broken, db=False)
        # A "type" that is not text is not a FeatureCollection (it once escaped as a JSON type
        # error, exit 70).
        with open(broken, "w") as f:
            f.write('{"type": 5, "features": []}')
        r = self.fails(2, "spatial", "--values", values, "--weights", "queen:" + broken, db=False)
        self.assertIn("not a GeoJSON FeatureCollection", r.err)
        two = self.write_csv("two.csv", ["id", "x", "y", "a", "b"], [("p", 0, 0, 1, 2), ("q", 1, 1, 2, 3),
                                                                   ("r", 2, 2, 3, 1)])
        r = self.fails(2, "spatial", "--values", two, "--weights", "knn:1", db=False)
        self.assertIn("--variable", r.err)
        flat = self.write_csv("flat.csv", ["id", "x", "y", "v"], [("a", 0, 0, 1), ("b", 1, 0, 1), ("c", 2, 0, 1)])
        self.fails(2, "spatial", "--values", flat, "--weights", "knn:1", db=False)


if __name__ == "__main__":
    import unittest
    unittest.main()
