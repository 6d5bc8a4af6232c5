"""`clusteratlas discover` end to end: hand-worked clusterings, a brute-force weighted DBSCAN in
plain Python on random points around a city (great-circle distances), summaries and the WIPO-style
rank, GeoJSON outlines, splitting a large cluster, the ε suggestion, the registry link, and bad
input refused with its row and exit code 2."""
import csv
import io
import json
import math
import os
import random

from harness import CliTest


def haversine_km(a, b, r=6371.0088):
    (lat1, lon1), (lat2, lon2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * r * math.asin(math.sqrt(min(1.0, h)))


def brute_force_dbscan(points, weights, eps, min_weight, dist):
    """The definition in docs/discovery.md, O(n²): labels and core flags."""
    n = len(points)
    near = [[j for j in range(n) if dist(points[i], points[j]) <= eps] for i in range(n)]
    core = [sum(weights[j] for j in near[i]) >= min_weight for i in range(n)]
    label = [-1] * n
    next_id = 0
    for s in range(n):  # ids in order of each cluster's smallest core index
        if not core[s] or label[s] >= 0:
            continue
        label[s] = next_id
        stack = [s]
        while stack:
            i = stack.pop()
            for j in near[i]:
                if core[j] and label[j] < 0:
                    label[j] = next_id
                    stack.append(j)
        next_id += 1
    for i in range(n):  # border: nearest core neighbour, ties to the lower id
        if core[i]:
            continue
        best = None
        for j in near[i]:
            if core[j]:
                key = (dist(points[i], points[j]), label[j])
                if best is None or key < best:
                    best = key
        label[i] = best[1] if best else -1
    return label, core


def without_concentration(zones, points, core_points, km):
    """docs/discovery.md's list, from the definition: (name, province, lat, lon) of each
    registered cluster's zone → the names whose province has a zone within `km` of some point
    and whose own zone has no core point within `km`."""
    def near(zone, pts):
        return any(haversine_km(zone, p) <= km for p in pts)
    area = {prov for _, prov, lat, lon in zones if near((lat, lon), points)}
    return {name for name, prov, lat, lon in zones
            if prov in area and not near((lat, lon), core_points)}


class DiscoverTest(CliTest):
    def write(self, name, rows):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
        return path

    def labels(self, out):
        rows = list(csv.DictReader(io.StringIO(out)))
        return {r["id"]: (int(r["cluster"]), r["core"] == "1") for r in rows}

    def discover(self, *args):
        return self.ok("discover", *args, db=False)


class HandWorked(DiscoverTest):
    # ε = 1.5, min weight 3, unit weights. a (0,0) sees b at 1 and c at 1: weight 3, core; b sees
    # a and c (√2 = 1.414): core; c likewise. h (1.9,0) sees c at 0.9 only: 2 < 3, a border of
    # cluster 0. d, e, f are within 1 of each other: cluster 1. g is alone: noise.
    ROWS = [["id", "x", "y"], ["a", 0, 0], ["b", 0, 1], ["c", 1, 0], ["d", 10, 10],
            ["e", 10, 11], ["f", 10.5, 10.5], ["g", 50, 50], ["h", 1.9, 0]]

    def test_labels_and_core_flags(self):
        path = self.write("p.csv", self.ROWS)
        r = self.discover("--points", path, "--metric", "euclidean", "--eps", "1.5",
                          "--min-weight", "3")
        self.assertEqual(r.out.splitlines()[0], "id,cluster,core")
        self.assertEqual(self.labels(r.out), {
            "a": (0, True), "b": (0, True), "c": (0, True), "d": (1, True), "e": (1, True),
            "f": (1, True), "g": (-1, False), "h": (0, False)})
        self.assertEqual(r.err, "")  # no progress when stderr is not a terminal

    def test_a_title_and_a_total_row_are_skipped_with_a_note(self):
        """An office's sheet of points: a title above the header, a 合计 row with a count and
        no coordinates under the points. Read by the fast path (the total row alone) and by the
        full reader (the title, or quoted fields), the points are the same, and stderr says
        which rows were skipped."""
        points = [["a", 0, 0], ["b", 0, 1], ["c", 1, 0], ["g", 50, 50]]
        total = ["合计", "", "4"]
        args = ("--metric", "euclidean", "--eps", "1.5", "--min-weight", "3", "--quiet")
        want = {"a": (0, True), "b": (0, True), "c": (0, True), "g": (-1, False)}
        plain = self.write("plain.csv", [["id", "x", "y"]] + points + [total])
        titled = self.write("titled.csv", [["2023年专利发明人地址", "", ""], ["id", "x", "y"]] +
                            points + [total])
        quoted = os.path.join(self.tmp.name, "quoted.csv")
        with open(quoted, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, quoting=csv.QUOTE_ALL).writerows([["id", "x", "y"]] + points + [total])
        for path, notes in [
                (plain, ["note: plain.csv, row 6: skipped, a total row ('合计')"]),
                (quoted, ["note: quoted.csv, row 6: skipped, a total row ('合计')"]),
                (titled, ["note: titled.csv: header found on row 2; row 1 skipped (title)",
                          "note: titled.csv, row 7: skipped, a total row ('合计')"])]:
            r = self.ok("discover", "--points", path, *args[:-1], db=False)
            self.assertEqual(self.labels(r.out), want, path)
            self.assertEqual(r.err.splitlines(), notes)
            self.assertEqual(self.ok("discover", "--points", path, *args, db=False).err, "")
        table = self.discover("--points", plain, *args, "--format", "table").out
        self.assertIn("1 cluster in 4 points (weight 4); 3 points (75.0% of the weight) "
                      "clustered, 1 noise", table)
        # Without coordinates a row that is not a total is refused, as before.
        r = self.fails(2, "discover", "--points", self.write("bad.csv", [["id", "x", "y"]] + points +
                                                             [["某地址", "", "4"]]), *args,
                       db=False)
        self.assertIn("row 6", r.err)

    def test_exactly_at_eps_counts(self):
        # (0,0) and (3,4) are 5 apart: with ε = 5 and min weight 2 both are core.
        path = self.write("p.csv", [["id", "x", "y"], ["p", 0, 0], ["q", 3, 4]])
        r = self.discover("--points", path, "--metric", "euclidean", "--eps", "5",
                          "--min-weight", "2")
        self.assertEqual(self.labels(r.out), {"p": (0, True), "q": (0, True)})

    def test_summary_rank_by_patents_plus_publications(self):
        # Two clusters of fractional counts. Patents: total 1 + 0.5 + 0.5 + 1 = 3, cluster A holds
        # 1 + 0.5 = 1.5 (share .5), B 0.5 (1/6), the noise point 1. Publications: total 2, A none,
        # B 2 (share 1). Scores: A .5, B 1/6 + 1 = 1.1667 → B ranks first although A weighs
        # more in all (A 1.5 + firm 3 = 4.5; B 2.5).
        rows = [["id", "x", "y", "weight", "kind", "industry", "year"],
                ["a1", 0, 0, 1, "patent", "C39", 2020], ["a2", 0, 0.5, 0.5, "专利", "C39", 2021],
                ["a3", 0.5, 0, 3, "firm", "C38", 2021],
                ["b1", 20, 20, 0.5, "patent", "I65", 2020], ["b2", 20, 20.5, 1, "publication", "I65", 2020],
                ["b3", 20.5, 20, 1, "论文", "C39", ""],
                ["z", 90, 90, 1, "patent", "I65", 2020]]
        path = self.write("k.csv", rows)
        r = self.discover("--points", path, "--metric", "euclidean", "--eps", "1",
                          "--min-weight", "2", "--format", "json")
        doc = r.json()
        self.assertEqual(doc["totals"]["points"], 7)
        self.assertAlmostEqual(doc["totals"]["weight"], 8.0)
        self.assertTrue(doc["totals"]["ranked_by_kinds"])
        clusters = {c["cluster"]: c for c in doc["clusters"]}
        a, b = clusters[0], clusters[1]
        self.assertAlmostEqual(a["weight"], 4.5)
        self.assertAlmostEqual(a["share"], 4.5 / 8)
        self.assertAlmostEqual(a["weight_patent"], 1.5)
        self.assertAlmostEqual(a["weight_firm"], 3)
        self.assertAlmostEqual(a["score"], 0.5)
        self.assertAlmostEqual(b["score"], 0.5 / 3 + 1)
        self.assertAlmostEqual(b["weight_publication"], 2)
        self.assertEqual((b["rank"], a["rank"]), (1, 2))
        self.assertEqual(a["top_industries"], "C38 3; C39 1.5")
        self.assertEqual(a["weight_by_year"], "2020:1; 2021:3.5")
        self.assertEqual(b["weight_by_year"], "2020:1.5")  # b3 has no year
        # Weighted centroid of A: x = (0·1 + 0·0.5 + 0.5·3) / 4.5 = 1/3, y = 0.5·0.5 / 4.5 = 1/18.
        self.assertAlmostEqual(a["centroid_x"], 1 / 3)
        self.assertAlmostEqual(a["centroid_y"], 1 / 18)
        self.assertEqual({p["id"]: p["cluster"] for p in doc["points"]}["z"], -1)

    def test_geojson_outlines(self):
        # A unit square with its centre, all core (ε 1.5, min weight 2): the hull is the square,
        # counter-clockwise, closed; a pair is a LineString.
        rows = [["id", "lat", "lon"], ["s1", 30, 114], ["s2", 30, 114.01], ["s3", 30.01, 114.01],
                ["s4", 30.01, 114], ["s5", 30.005, 114.005], ["t1", 31, 115], ["t2", 31, 115.005]]
        path = self.write("g.csv", rows)
        out = os.path.join(self.tmp.name, "c.geojson")
        summary = os.path.join(self.tmp.name, "s.csv")
        self.discover("--points", path, "--eps-km", "1.5", "--min-weight", "2", "--format",
                      "geojson", "--out", out, "--summary-out", summary)
        with open(out, encoding="utf-8") as f:
            doc = json.load(f)
        self.assertEqual(doc["type"], "FeatureCollection")
        by_id = {f["properties"]["cluster"]: f for f in doc["features"]}
        square = by_id[0]["geometry"]
        self.assertEqual(square["type"], "Polygon")
        ring = square["coordinates"][0]
        self.assertEqual(ring[0], ring[-1])
        self.assertEqual(sorted(map(tuple, ring[:-1])),
                         sorted([(114, 30), (114.01, 30), (114.01, 30.01), (114, 30.01)]))
        area2 = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
        self.assertGreater(area2, 0)  # counter-clockwise
        self.assertEqual(by_id[1]["geometry"]["type"], "LineString")
        self.assertEqual(by_id[0]["properties"]["points"], 5)
        # Centroid on the sphere of a symmetric square: its centre, to ~1e-6°.
        self.assertAlmostEqual(by_id[0]["properties"]["centroid_lat"], 30.005, places=5)
        self.assertAlmostEqual(by_id[0]["properties"]["centroid_lon"], 114.005, places=5)
        with open(summary, encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
        self.assertEqual([r["cluster"] for r in rows], ["0", "1"])

    def test_split_large(self):
        # On a line, ε = 1, min weight 2: five copies at 0 (A), five at 4 (B), a bridge at 1, 2,
        # 3 and a lone point at 100. Everything but the lone point is one cluster (13 of 14 =
        # 93% of the weight). Split above 50% with min weight 2·2 = 4: the bridge point at 2 sees
        # only 1, 2, 3 (3 < 4) and stops being core; 1 sees A's five + 1 + 2 = 7, still core.
        # So A+1 (holding index 0) becomes cluster 0 and 3+B cluster 1; point 2 is 1 from both
        # cores 1 and 3, a tie, so it joins cluster 0.
        rows = [["id", "x", "y"]] + [[f"a{i}", 0, 0] for i in range(5)] + \
               [[f"b{i}", 4, 0] for i in range(5)] + [["m1", 1, 0], ["m2", 2, 0], ["m3", 3, 0],
                                                      ["z", 100, 0]]
        path = self.write("s.csv", rows)
        base = ["--points", path, "--metric", "euclidean", "--eps", "1", "--min-weight", "2"]
        whole = self.labels(self.discover(*base).out)
        self.assertEqual({k for k, v in whole.items() if v[0] == 0}, set(whole) - {"z"})
        split = self.discover(*base, "--split-large", "0.5", "--format", "json").json()
        labels = {p["id"]: (p["cluster"], p["core"]) for p in split["points"]}
        self.assertEqual(labels["a0"], (0, True))
        self.assertEqual(labels["m1"], (0, True))
        self.assertEqual(labels["m2"], (0, False))
        self.assertEqual(labels["m3"], (1, True))
        self.assertEqual(labels["b4"], (1, True))
        self.assertEqual(labels["z"], (-1, False))
        self.assertEqual([c["split_from"] for c in split["clusters"]], [0, 0])

    def test_suggest_eps(self):
        # 90 points on a line 1 apart (nearest-neighbour distance 1) and 10 far points 1000
        # apart: the sorted 1-distance curve is ninety 1s then ten 1000s, whose knee is the
        # last 1 — ε = 1.
        rows = [["id", "x", "y"]] + [[f"p{i}", i, 0] for i in range(90)] + \
               [[f"q{j}", 1000 * j, 5000] for j in range(10)]
        path = self.write("e.csv", rows)
        r = self.discover("--points", path, "--metric", "euclidean", "--suggest-eps", "1",
                          "--format", "json")
        self.assertEqual(r.json()["eps"], 1.0)
        self.assertEqual(r.json()["knee_index"], 89)
        text = self.discover("--points", path, "--metric", "euclidean", "--suggest-eps", "1")
        self.assertIn("suggested ε: 1", text.out)


class AgainstBruteForce(DiscoverTest):
    def test_random_points_around_wuhan(self):
        clusters_seen = 0
        for seed in range(6):
            rng = random.Random(seed)
            centres = [(30.59 + rng.uniform(-0.2, 0.2), 114.31 + rng.uniform(-0.2, 0.2))
                       for _ in range(3)]
            pts, weights = [], []
            for i in range(250):
                if rng.random() < 0.7:
                    c = rng.choice(centres)
                    pts.append((c[0] + rng.gauss(0, 0.02), c[1] + rng.gauss(0, 0.02)))
                else:
                    pts.append((30.59 + rng.uniform(-0.3, 0.3), 114.31 + rng.uniform(-0.3, 0.3)))
                weights.append(rng.choice([1, 0.5, 1 / 3, 0.25]))
            eps = rng.choice([0.8, 1.5, 2.5])
            min_weight = rng.choice([2.05, 3.05, 5.05])  # never a sum of these weights (1/12ths)
            path = self.write("r.csv", [["id", "lat", "lon", "weight"]] +
                              [[f"p{i}", repr(a), repr(b), repr(w)]
                               for i, ((a, b), w) in enumerate(zip(pts, weights))])
            r = self.discover("--points", path, "--eps-km", str(eps), "--min-weight",
                              str(min_weight))
            got = self.labels(r.out)
            label, core = brute_force_dbscan(pts, weights, eps, min_weight, haversine_km)
            want = {f"p{i}": (label[i], core[i]) for i in range(len(pts))}
            self.assertEqual(got, want, f"seed {seed}")
            self.assertGreaterEqual(max(label), 0, "the test should produce clusters")
            clusters_seen += max(label) + 1
        self.assertGreater(clusters_seen, 6, "several seeds should give several clusters")


class Registry(DiscoverTest):
    def test_candidates_and_registered_without_concentration(self):
        self.ok("init")
        # 中关村科技园区 as the bundled zones place it; points around it and around a spot in
        # the Gobi with no zone.
        lat, lon = self.sql("SELECT lat, lon FROM zone WHERE name = '中关村科技园区'")[0]
        registered = self.sql("SELECT c.name FROM cluster c JOIN zone z ON z.id = c.zone_id "
                              "WHERE z.name = '中关村科技园区'")
        rows = [["id", "lat", "lon"]]
        for i in range(6):
            rows.append([f"zgc{i}", lat + 0.001 * i, lon])
        for i in range(6):
            rows.append([f"gobi{i}", 42.0 + 0.001 * i, 100.0])
        path = self.write("r.csv", rows)
        # A Beijing zone about 33 km north of the points, with a cluster there: it has no
        # concentration within 10 km.
        self.ok("zone", "add", "怀柔测试园", "--province", "北京", "--city", "北京市", "--lat",
                str(lat + 0.3), "--lon", str(lon))
        self.ok("cluster", "add", "怀柔测试园科学仪器创新型产业集群", "--zone", "怀柔测试园",
                "--industry", "4021", "--status", "pilot", "--date", "2021-08-10")
        doc = self.ok("discover", "--points", path, "--eps-km", "1", "--min-weight", "3",
                      "--format", "json").json()
        clusters = {c["cluster"]: c for c in doc["clusters"]}
        self.assertEqual(clusters[0]["candidate"], "no")
        self.assertEqual(set(clusters[0]["registered_nearby"].split("; ")),
                         {r[0] for r in registered})
        self.assertEqual(clusters[1]["candidate"], "yes")
        # Every point is core here, so the registered clusters without a concentration are
        # those of the points' provinces (Beijing's, by 中关村) whose zone is more than 10 km
        # from every point.
        zones = self.sql("SELECT c.name, z.province_code, z.lat, z.lon FROM cluster c "
                         "JOIN zone z ON z.id = c.zone_id "
                         "WHERE z.lat IS NOT NULL AND z.lon IS NOT NULL")
        points = [(float(r[1]), float(r[2])) for r in rows[1:]]
        self.assertEqual(doc["registry_area"], ["北京"])
        listed = doc["registered_without_concentration"]
        self.assertEqual({r["name"] for r in listed},
                         without_concentration(zones, points, points, 10))
        self.assertTrue(listed)
        # Each with the great-circle distance to the nearest core point, however far: beyond
        # the 10 km that would have counted, and the gap an analyst weighs.
        self.assert_nearest_core_km(listed, zones, points)

    def assert_nearest_core_km(self, listed, zones, core_points):
        where = {name: (lat, lon) for name, _, lat, lon in zones}
        for r in listed:
            want = min(haversine_km(where[r["name"]], p) for p in core_points)
            self.assertGreater(r["nearest_core_km"], 10, r)
            self.assertAlmostEqual(r["nearest_core_km"], want, delta=1e-9 * want, msg=r["name"])

    def test_a_provincial_file_lists_its_provinces_clusters_only(self):
        """The sample points lie in Hubei. On a national registry the list of registered
        clusters without a concentration holds Hubei's only — not every cluster of the country
        — and the table says what the list is before it."""
        self.ok("demo", "--clusters", "40")
        sample = os.path.join(os.path.dirname(__file__), "..", "..", "data", "samples",
                              "points.csv")
        with open(sample, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        points = [(float(r["lat"]), float(r["lon"])) for r in rows]
        weights = [float(r["weight"]) for r in rows]
        _, core = brute_force_dbscan(points, weights, 3, 3, haversine_km)
        zones = self.sql("SELECT c.name, z.province_code, z.lat, z.lon FROM cluster c "
                         "JOIN zone z ON z.id = c.zone_id "
                         "WHERE z.lat IS NOT NULL AND z.lon IS NOT NULL")
        want = without_concentration(zones, points,
                                     [p for p, c in zip(points, core) if c], 10)
        hubei = {name for name, prov, _, _ in zones if prov == "420000"}
        self.assertTrue(want and want < hubei, "some of Hubei's clusters, not all")
        self.assertGreater(len(zones), len(hubei), "clusters elsewhere that are not listed")

        args = ("discover", "--points", sample, "--eps-km", "3", "--min-weight", "3")
        doc = self.ok(*args, "--format", "json").json()
        self.assertEqual(doc["registry_area"], ["湖北"])
        self.assertEqual({r["name"] for r in doc["registered_without_concentration"]}, want)
        self.assert_nearest_core_km(doc["registered_without_concentration"], zones,
                                    [p for p, c in zip(points, core) if c])

        table = self.ok(*args, "--format", "table").out.splitlines()
        heading = next(i for i, line in enumerate(table)
                       if line.startswith("Registered clusters without a concentration in 湖北"))
        self.assertTrue(table[heading + 1].startswith("集群编号"), table[heading:])
        listed = table[heading + 3:]
        self.assertEqual(len(listed), len(want))
        self.assertEqual({line.split()[1] for line in listed}, want)
        km = {r["name"]: r["nearest_core_km"] for r in doc["registered_without_concentration"]}
        for line in listed:
            self.assertEqual(line.split()[2], f"{km[line.split()[1]]:,.2f}", line)

    def test_no_database_file_is_created(self):
        path = self.write("p.csv", HandWorked.ROWS)
        self.ok("discover", "--points", path, "--metric", "euclidean", "--eps", "1.5")
        self.assertFalse(os.path.exists(self.db))


class EarthRadius(DiscoverTest):
    def test_the_sphere_radius_scales_every_distance(self):
        # Two points on the equator 1 km apart on the mean Earth (Δlon = 1 / 6371.0088 rad) and
        # 2 km apart on a sphere twice its radius: ε = 1.5 km joins them only on the first.
        dlon = math.degrees(1 / 6371.0088)
        path = self.write("two.csv", [["id", "lat", "lon"], ["a", 0, 100], ["b", 0, 100 + dlon]])
        args = ("discover", "--points", path, "--eps-km", "1.5", "--min-weight", "2")
        self.assertIn("a,0,1", self.ok(*args, db=False).out)
        self.assertIn("a,-1,0", self.ok(*args, "--earth-radius-km", "12742.0176", db=False).out)
        self.assertIn("a,0,1", self.ok(*args[:4], "2.5", *args[5:], "--earth-radius-km",
                                       "12742.0176", db=False).out)
        self.fails(2, *args, "--earth-radius-km", "0", db=False)


class MainCities(DiscoverTest):
    """Each cluster's main cities and name, checked against the nearest city of data/cities.csv
    found by a brute-force great-circle scan here."""

    CITIES = os.path.join(os.path.dirname(__file__), "..", "..", "data", "cities.csv")

    def nearest_city(self, cities, lat, lon, max_km):
        best = min(range(len(cities)),
                   key=lambda i: (haversine_km((lat, lon), cities[i][1]), i))
        return cities[best][0] if haversine_km((lat, lon), cities[best][1]) <= max_km else None

    def test_clusters_are_named_by_the_cities_holding_their_weight(self):
        with open(self.CITIES, encoding="utf-8") as f:
            cities = [(r["name_zh"], (float(r["lat"]), float(r["lon"])))
                      for r in csv.DictReader(f)]
        rng = random.Random(7)
        rows = [["id", "lat", "lon", "weight"]]
        # A: a ring of points around central Wuhan. B: a chain of points from central Shenzhen
        # to Hong Kong Island, 1 km apart, heavier at the Shenzhen end. C: a spot in the Gobi,
        # with no city within 100 km.
        for i in range(40):
            a = 2 * math.pi * i / 40
            rows.append([f"A{i}", 30.593 + 0.004 * math.cos(a), 114.305 + 0.004 * math.sin(a), 1])
        (slat, slon), (hlat, hlon) = (22.543, 114.058), (22.279, 114.165)
        steps = int(haversine_km((slat, slon), (hlat, hlon)) / 0.8) + 1
        for i in range(steps + 1):
            t = i / steps
            rows.append([f"B{i}", slat + t * (hlat - slat), slon + t * (hlon - slon),
                         3 if t < 0.5 else 1])
        for i in range(10):
            rows.append([f"C{i}", 42.0 + 0.001 * rng.random(), 100.0 + 0.001 * rng.random(), 1])
        path = self.write("cities.csv", rows)
        for city_km in (100, 0):  # 0: only a point exactly at a seat (B0, at Shenzhen's) names
            doc = self.ok("discover", "--points", path, "--eps-km", "1", "--min-weight", "2",
                          "--top", "5", "--city-km", str(city_km), "--format", "json",
                          db=False).json()
            labels = {p["id"]: p["cluster"] for p in doc["points"]}
            by_cluster = {}
            for r in rows[1:]:
                c = labels[r[0]]
                city = self.nearest_city(cities, r[1], r[2], city_km) if c >= 0 else None
                if city is not None:
                    w = by_cluster.setdefault(c, {})
                    w[city] = w.get(city, 0) + r[3]
            self.assertEqual(len(doc["clusters"]), 3)
            for c in doc["clusters"]:
                want = sorted(by_cluster.get(c["cluster"], {}).items(),
                              key=lambda kv: (-kv[1], kv[0]))
                got = [(part.rsplit(" ", 1)[0], float(part.rsplit(" ", 1)[1]))
                       for part in c["main_cities"].split("; ") if part]
                self.assertEqual([name for name, _ in got], [name for name, _ in want[:5]])
                for (_, g), (_, w) in zip(got, want):
                    self.assertAlmostEqual(g, w, delta=w * 1e-3)
                named = [n for n, w in want if w >= 0.1 * c["weight"]] or [n for n, _ in want[:1]]
                self.assertEqual(c["name"], "–".join(named))
            name = {c["cluster"]: c["name"] for c in doc["clusters"]}
            if city_km == 100:
                self.assertEqual(name[labels["A0"]], "武汉市")
                self.assertEqual(name[labels["C0"]], "")
                self.assertTrue(name[labels["B0"]].startswith("深圳市–"), name[labels["B0"]])
                self.assertIn("香港特别行政区", name[labels["B0"]])
            else:
                self.assertEqual(sorted(name.values()), ["", "", "深圳市"])


class BadInput(DiscoverTest):
    def refused(self, rows, *args, metric="haversine"):
        path = self.write("bad.csv", rows)
        return self.fails(2, "discover", "--points", path, "--metric", metric, *args, db=False)

    def test_rows_named(self):
        head = ["id", "lat", "lon", "weight"]
        cases = [
            ([head, ["a", 30, 114, 1], ["b", "", 114, 1]], "row 3", "lat"),
            ([head, ["a", 91, 114, 1]], "row 2", "latitude 91"),
            ([head, ["a", 30, -180.5, 1]], "row 2", "longitude"),
            ([head, ["a", 30, 114, 1], ["b", 30, 114, -1]], "row 3", "negative"),
            ([head, ["a", 30, 114, "nan"]], "row 2", "weight"),
            ([head, ["a", 30, 114, ""]], "row 2", "weight is missing"),
            ([head, ["a", "north", 114, 1]], "row 2", "not a number"),
            ([["id", "lat"], ["a", 30]], "row 1", "no lon column"),
        ]
        for rows, where, what in cases:
            r = self.refused(rows)
            self.assertIn(where, r.err)
            self.assertIn(what, r.err)

    def test_bad_parameters(self):
        rows = [["id", "lat", "lon"], ["a", 30, 114]]
        self.assertIn("--eps-km", self.refused(rows, "--eps-km", "0").err)
        self.assertIn("--eps-km", self.refused(rows, "--eps-km", "-2").err)
        self.assertIn("--split-large", self.refused(rows, "--split-large", "1.5").err)
        self.assertIn("K", self.refused(rows, "--suggest-eps", "5").err)

    def test_row_numbers_in_a_long_file_whatever_the_reader(self):
        # 5,000 rows with a blank line after the 100th: data row i (0-based) is on line i + 2 up
        # to the blank line and i + 3 after it. Row 3,777 has a bad latitude: line 3,780. The
        # same file with every field quoted goes through the general CSV reader.
        rows = [["id", "lat", "lon"]] + [[f"p{i}", 30, 114] for i in range(5000)]
        rows[3778][1] = "95"
        for quoting in (csv.QUOTE_MINIMAL, csv.QUOTE_ALL):
            path = os.path.join(self.tmp.name, "long.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f, quoting=quoting)
                w.writerows(rows[:101])
                f.write("\r\n")
                w.writerows(rows[101:])
            r = self.fails(2, "discover", "--points", path, db=False)
            self.assertIn("row 3780", r.err)

    def test_blank_lines_before_the_rows_leave_the_weights_in_place(self):
        # Thousands of blank lines first, so the reader's first pieces hold no row at all: the
        # weights of the rows after them still count. Five points at one spot: weight 5 × 1
        # reaches --min-weight 3 (one cluster), 5 × 0.5 does not (all noise).
        for weight, want in ((1, "0,1"), (0.5, "-1,0")):
            path = os.path.join(self.tmp.name, "blank.csv")
            with open(path, "w", newline="", encoding="utf-8") as f:
                f.write("id,x,y,weight\n" + "\n" * 5000)
                f.writelines(f"p{i},0,0,{weight}\n" for i in range(5))
            out = self.ok("discover", "--points", path, "--metric", "euclidean", "--eps", "1",
                          "--min-weight", "3", db=False).out
            self.assertEqual(out.splitlines()[1:], [f"p{i},{want}" for i in range(5)])

    def test_quoted_tsv_and_gb18030_files_give_the_same_labels(self):
        rows = HandWorked.ROWS
        plain = self.write("p.csv", rows)
        want = self.discover("--points", plain, "--metric", "euclidean", "--eps", "1.5",
                             "--min-weight", "3").out
        quoted = os.path.join(self.tmp.name, "q.csv")
        with open(quoted, "w", newline="", encoding="utf-8-sig") as f:
            csv.writer(f, quoting=csv.QUOTE_ALL).writerows(rows)
        tsv = os.path.join(self.tmp.name, "p.tsv")
        with open(tsv, "w", newline="", encoding="utf-8") as f:
            csv.writer(f, delimiter="\t").writerows(rows)
        gb = os.path.join(self.tmp.name, "gb.csv")
        with open(gb, "w", newline="", encoding="gb18030") as f:
            csv.writer(f).writerows([["编号", "x", "y"]] + [["点" + r[0]] + r[1:] for r in rows[1:]])
        for path in (quoted, tsv):
            self.assertEqual(self.discover("--points", path, "--metric", "euclidean", "--eps",
                                           "1.5", "--min-weight", "3").out, want, path)
        got = self.discover("--points", gb, "--metric", "euclidean", "--eps", "1.5",
                            "--min-weight", "3").out
        self.assertEqual(got.replace("点", ""), want)

    def test_missing_file(self):
        self.fails(2, "discover", "--points", os.path.join(self.tmp.name, "none.csv"), db=False)
