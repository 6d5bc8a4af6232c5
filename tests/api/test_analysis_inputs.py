"""The analyses' inputs besides one uploaded table: specialisation from the programme's own
statistics (no body: `specialise --from-statistics`), and spatial statistics with contiguity
weights (the areas' GeoJSON as the form's part "areas" beside the values' part "file").
Expectations are computed here by hand — location quotients from the clusters' figures as the
CLI exports them and the registry read with sqlite3; Moran's I from the neighbours of a grid
drawn here — never from the server under test. Bad inputs are a 4xx naming the parameter or the
part, the temporary files go, and the server keeps serving."""
import http.client
import json
import os
import tempfile
import unittest
from urllib.parse import quote

from harness import Server, ServerTest
from test_discovery import csv_text
from test_imports import form
from uploads import schema_problems, wait_for_job


class InputsTest(ServerTest):
    @classmethod
    def setUpClass(cls):
        # The server's temporary files in a directory of the test's own, to see that they go.
        cls.uploads_dir = tempfile.TemporaryDirectory()
        saved = os.environ.get("TMPDIR")
        os.environ["TMPDIR"] = cls.uploads_dir.name
        try:
            cls.server = Server()
        finally:
            if saved is None:
                os.environ.pop("TMPDIR")
            else:
                os.environ["TMPDIR"] = saved

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.uploads_dir.cleanup()

    def setUp(self):
        self.analyst = self.server.login("analyst")[:2]

    def leftovers(self):
        return [f for f in os.listdir(self.uploads_dir.name) if "upload" in f]

    def post(self, route, query, body=None, content_type="text/csv"):
        # Chinese parameters percent-encoded, as a client sends them.
        path = f"/api/v1/{route}?{quote(query, safe='=&:/,.')}"
        return self.server.request("POST", path, body, content_type=content_type,
                                   session=self.analyst)

    def result(self, route, query, body=None, content_type="text/csv"):
        """The finished job's result; the job succeeded."""
        r = self.post(route, query, body, content_type)
        self.assertEqual(r.status, 202, r)
        job = wait_for_job(self.server, r.json()["id"], session=self.analyst)
        self.assertEqual(job["state"], "succeeded", job)
        return job["result"]


class SpecialisationFromStatistics(InputsTest):
    def cells(self, year):
        """(province short name, division) → employment: each cluster's employment of the year
        as `export metrics` gives it, summed by its province and the division (the first two
        digits) of its leading industry."""
        s = self.server
        metrics = json.loads(s.cli("export", "metrics", "--year", str(year), "--format",
                                   "json").stdout)
        employment = {row["cluster_id"]: row["employment"] for row in metrics["rows"]}
        cells = {}
        for cid, province, industry in s.sql(
                "SELECT c.id, p.short_zh, c.industry_code FROM cluster c "
                "JOIN province p ON p.code = c.province_code"):
            if employment.get(cid) is None:
                continue
            division = industry[:2] if industry[0].isdigit() else industry
            key = (province, division)
            cells[key] = cells.get(key, 0) + employment[cid]
        return cells

    def test_location_quotients_of_the_programmes_figures_by_hand(self):
        year = 2022
        cells = self.cells(year)
        self.assertGreater(len(cells), 3, cells)
        total = sum(cells.values())
        by_region, by_division = {}, {}
        for (region, division), e in cells.items():
            by_region[region] = by_region.get(region, 0) + e
            by_division[division] = by_division.get(division, 0) + e
        got = self.result("specialisations", f"from_statistics=true&year={year}")
        self.assertEqual(schema_problems("specialisation", got), [])
        rows = {(r["region"], r["category"].split(" ")[0]): r for r in got["rows"]}
        self.assertEqual(set(rows), set(cells))
        for (region, division), e in cells.items():
            with self.subTest(region=region, division=division):
                row = rows[(region, division)]
                self.assertEqual((row["year"], row["region_level"]), (year, "province"))
                self.assertAlmostEqual(row["employment"], e, places=6)
                # LQ = (e_ij / e_i) / (E_j / E)
                lq = (e / by_region[region]) / (by_division[division] / total)
                self.assertAlmostEqual(row["lq"], lq, places=9)
        # The demo's figures are synthetic, and the document says so.
        self.assertTrue(any("合成" in n for n in got.get("notes", [])), got.get("notes"))

    def test_the_document_is_the_clis_and_the_year_defaults_to_the_latest(self):
        s = self.server
        want = json.loads(s.cli("specialise", "--from-statistics", "--denominator", "traded",
                                "--format", "json").stdout)
        self.assertEqual(self.result("specialisations",
                                     "from_statistics=true&denominator=traded"), want)
        latest = json.loads(s.cli("specialise", "--from-statistics", "--year", "2023",
                                  "--format", "json").stdout)
        self.assertEqual(self.result("specialisations", "from_statistics=true"), latest)

    def test_a_bad_year_or_a_file_besides_is_a_422_naming_the_parameter(self):
        for query, field in [("from_statistics=true&year=abc", "year"),
                             ("from_statistics=true&year=1990", "year"),
                             ("from_statistics=maybe", "from_statistics"),
                             ("filename=e.csv&year=2022", "year")]:
            with self.subTest(query):
                r = self.post("specialisations", query, csv_text(["a"], [["1"]]) if
                              "filename" in query else None)
                self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], field)
        body = csv_text(["region", "category", "employment", "establishments"],
                        [["湖北", "光电子", "5000", "40"]])
        r = self.post("specialisations", "from_statistics=true&filename=e.csv", body)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "from_statistics")
        # Without from_statistics an empty body is still a missing file.
        self.assertEqual(self.post("specialisations", "filename=e.csv").status, 422)
        self.assertEqual(self.leftovers(), [])
        self.assertStillServing()

    def test_scoped_accounts_may_not_read_the_programme_wide_figures(self):
        s = self.server
        for role in ("province", "zone", "cluster", "expert"):
            with self.subTest(role):
                r = s.request("POST", "/api/v1/specialisations?from_statistics=true",
                              session=s.login(role)[:2])
                self.assertError(r, 403, "forbidden")


# A 2 × 3 grid of unit squares, ids by row:   d e f   (y 1–2)
#                                             a b c   (y 0–1)
GRID = {"a": (0, 0), "b": (1, 0), "c": (2, 0), "d": (0, 1), "e": (1, 1), "f": (2, 1)}
VALUES = {"a": 1.0, "b": 2.0, "c": 6.0, "d": 3.0, "e": 8.0, "f": 9.0}


def square(x, y):
    return [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]


def grid_geojson():
    features = [{"type": "Feature", "properties": {"id": i, "名称": f"区{i}"},
                 "geometry": {"type": "Polygon", "coordinates": square(*xy)}}
                for i, xy in GRID.items()]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False).encode()


def neighbours(rule):
    """Rook: the squares share an edge (one step along x or y); queen: also a corner."""
    out = {}
    for i, (x, y) in GRID.items():
        out[i] = []
        for j, (u, v) in GRID.items():
            dx, dy = abs(x - u), abs(y - v)
            if i != j and max(dx, dy) == 1 and (rule == "queen" or dx + dy == 1):
                out[i].append(j)
    return out


def morans_i(rule):
    """Global Moran's I with row-standardised binary weights: (n / S0) Σ w_ij z_i z_j / Σ z_i²,
    S0 = n; and each unit's local I_i = z_i Σ_j w_ij z_j / (Σ z² / n)."""
    n = len(VALUES)
    mean = sum(VALUES.values()) / n
    z = {i: v - mean for i, v in VALUES.items()}
    m2 = sum(v * v for v in z.values())
    lag = {i: sum(z[j] for j in js) / len(js) for i, js in neighbours(rule).items()}
    global_i = sum(z[i] * lag[i] for i in z) / m2
    local = {i: z[i] * lag[i] / (m2 / n) for i in z}
    return global_i, local


def values_csv():
    return csv_text(["id", "patents"], [[i, str(v)] for i, v in VALUES.items()])


class ContiguityWeights(InputsTest):
    def spatial(self, rule, areas=None, filename="grid.geojson"):
        parts = [("file", "grid.csv", "text/csv", values_csv())]
        if areas is not None:
            parts.append(("areas", filename, "application/geo+json", areas))
        body, content_type = form(parts)
        return body, content_type

    def test_morans_i_under_rook_and_queen_is_the_hand_computed_one(self):
        # The grid's rook and queen neighbours differ (a–e, b–d, b–f, c–e touch at a corner).
        self.assertNotEqual(neighbours("rook"), neighbours("queen"))
        for rule, label in [("rook", "rook contiguity"), ("queen", "queen contiguity"),
                            ("contiguity", "queen contiguity")]:
            with self.subTest(rule):
                body, content_type = self.spatial(rule, grid_geojson())
                got = self.result("spatial-statistics",
                                  f"weights={rule}&permutations=0", body, content_type)
                self.assertEqual(schema_problems("spatial-statistics", got), [])
                want_i, want_local = morans_i("queen" if rule == "contiguity" else rule)
                g = got["global"]
                self.assertEqual((g["n"], g["weights"], g["islands"]), (6, label, 0))
                self.assertAlmostEqual(g["moran_i"], want_i, places=9)
                self.assertAlmostEqual(g["expected_i"], -1 / 5, places=12)
                for unit in got["units"]:
                    self.assertAlmostEqual(unit["lisa_i"], want_local[unit["id"]], places=9)
        self.assertEqual(self.leftovers(), [])

    def test_the_areas_matched_by_a_named_property(self):
        by_name = csv_text(["id", "patents"], [[f"区{i}", str(v)] for i, v in VALUES.items()])
        body, content_type = form([("file", "grid.csv", "text/csv", by_name),
                                   ("areas", "grid.geojson", "application/json",
                                    grid_geojson())])
        got = self.result("spatial-statistics", "weights=rook&permutations=0&geojson_id=名称",
                          body, content_type)
        self.assertAlmostEqual(got["global"]["moran_i"], morans_i("rook")[0], places=9)

    def test_missing_or_bad_areas_are_a_4xx_naming_the_part(self):
        # No areas part; a raw body (no form to carry them); the part not JSON, or binary.
        body, content_type = self.spatial("rook")
        err = self.assertError(self.post("spatial-statistics", "weights=rook", body,
                                         content_type), 422, "invalid-input")
        self.assertEqual(err["field"], "areas")
        r = self.post("spatial-statistics", "filename=grid.csv&weights=queen", values_csv())
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "areas")
        for bad in [b"id,x\n1,2\n", b"\x89PNG\r\n\x1a\n\0\0\0", b""]:
            with self.subTest(bad):
                body, content_type = self.spatial("rook", bad)
                err = self.assertError(self.post("spatial-statistics", "weights=rook", body,
                                                 content_type), 422, "invalid-file")
                self.assertEqual(err["field"], "areas")
        # JSON, but no GeoJSON: the reader's own message, naming the part's file, not a path.
        body, content_type = self.spatial("rook", b'{"type": "Feature"}', "区划.geojson")
        r = self.post("spatial-statistics", "weights=rook", body, content_type)
        err = self.assertError(r, 422, "invalid-input")
        self.assertEqual(err["file"], "区划.geojson")
        self.assertIn("not a GeoJSON FeatureCollection", err["message"]["en"])
        self.assertNotIn("clusteratlas-upload", r.raw.decode())
        # A unit the areas do not have: named by the values' row in the values' upload.
        features = json.loads(grid_geojson())
        features["features"] = features["features"][:-1]
        body, content_type = self.spatial("rook", json.dumps(features).encode())
        r = self.post("spatial-statistics", "weights=rook", body, content_type)
        self.assertEqual(r.status, 422, r)
        self.assertNotIn("clusteratlas-upload", r.raw.decode())
        # A path is still nothing a client may name.
        r = self.post("spatial-statistics", "filename=grid.csv&weights=rook:/etc/passwd",
                      values_csv())
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "weights")
        self.assertEqual(self.leftovers(), [])
        self.assertStillServing()

    def test_the_areas_count_against_the_upload_limit(self):
        # The values are small; the areas alone pass the server's limit (1 MiB here).
        s = Server(["--max-upload-mib", "1"])
        try:
            session = s.login("analyst")[:2]
            padding = b" " * (1 << 20)
            body, content_type = form([("file", "grid.csv", "text/csv", values_csv()),
                                       ("areas", "big.geojson", "application/json",
                                        grid_geojson() + padding)])
            r = s.request("POST", "/api/v1/spatial-statistics?weights=rook", body,
                          content_type=content_type, session=session)
            self.assertEqual(r.status, 413, r)
            # Sent in chunks, with no length to refuse it by: counted while it is read.
            con = http.client.HTTPConnection("127.0.0.1", s.port, timeout=60)
            try:
                con.request("POST", "/api/v1/spatial-statistics?weights=rook",
                            body=(body[i:i + 65536] for i in range(0, len(body), 65536)),
                            headers={"Content-Type": content_type, "Cookie": session[0],
                                     "X-CSRF-Token": session[1]}, encode_chunked=True)
                r = con.getresponse()
                self.assertEqual((r.status, json.loads(r.read())["error"]["code"]),
                                 (413, "upload-too-large"))
            finally:
                con.close()
            self.assertEqual(s.request("GET", "/healthz").status, 200)
        finally:
            self.assertEqual(s.stop(), 0)
            s.close()


if __name__ == "__main__":
    unittest.main()
