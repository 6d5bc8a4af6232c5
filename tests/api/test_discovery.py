"""Discovery, specialisation and spatial statistics on an uploaded file, as jobs: the job's result
is the document the CLI prints with `--format json` on the same file and the same database (the
CLI computes the expectation, the server under test does not); a bad file is the request's 422
naming the upload, its row and its column; parameters are checked before the body is kept; a
running job is cancelled at its next step; an analyst runs them, scoped accounts do not."""
import csv
import io
import json
import os
import random
import tempfile
import unittest
from urllib.parse import quote

from harness import ServerTest
from uploads import XLSX, schema_problems, wait_for_job, xlsx_bytes

SAMPLES = os.path.join(os.path.dirname(__file__), "../../data/samples")


def read(name):
    with open(os.path.join(SAMPLES, name), "rb") as f:
        return f.read()


def csv_text(header, rows, encoding="utf-8", title=None):
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if title:
        writer.writerow([title])
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


class AnalysesTest(ServerTest):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self.tmp.cleanup)
        self.analyst = self.server.login("analyst")[:2]

    def post(self, route, query, body, content_type="text/csv", session=None):
        # Chinese file names percent-encoded, as a client sends them.
        return self.server.request("POST", f"/api/v1/{route}?{quote(query, safe='=&:/,.')}", body,
                                   content_type=content_type, session=session or self.analyst)

    def result(self, route, query, body, content_type="text/csv"):
        """The finished job's result; the job succeeded."""
        r = self.post(route, query, body, content_type)
        self.assertEqual(r.status, 202, r)
        job = r.json()
        self.assertEqual(r.headers["Location"], f"/api/v1/jobs/{job['id']}")
        job = wait_for_job(self.server, job["id"], session=self.analyst)
        self.assertEqual(job["state"], "succeeded", job)
        return job["result"]

    def cli_json(self, name, body, *args):
        """What the CLI prints with --format json for the same bytes saved as `name`, on the
        server's database."""
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(body)
        return json.loads(self.server.cli(*args[:1], *args[1:], path_flag(args[0]), path,
                                          "--format", "json").stdout)


def path_flag(verb):
    return {"discover": "--points", "specialise": "--employment", "spatial": "--values"}[verb]


class Discovery(AnalysesTest):
    def test_the_result_is_the_clis_document_with_the_registry_comparison(self):
        body = read("points.csv")
        got = self.result("discoveries", "filename=points.csv&eps_km=2&min_weight=5", body)
        want = self.cli_json("points.csv", body, "discover", "--eps-km", "2", "--min-weight",
                             "5")
        self.assertEqual(got, want)
        self.assertIn("registered_without_concentration", got)  # the demo's zones are near
        self.assertEqual(schema_problems("discovery", got), [])

    def test_geojson_and_the_eps_suggestion_as_the_cli_gives_them(self):
        body = read("points.csv")
        got = self.result("discoveries", "filename=points.csv&format=geojson&registry=false",
                          body)
        path = os.path.join(self.tmp.name, "points.csv")
        with open(path, "wb") as f:
            f.write(body)
        want = json.loads(self.server.cli("discover", "--points", path, "--format", "geojson",
                                          "--no-registry").stdout)
        self.assertEqual(got, want)
        got = self.result("discoveries", "filename=points.csv&suggest_eps=4", body)
        want = self.cli_json("points.csv", body, "discover", "--suggest-eps", "4")
        self.assertEqual(got, want)

    def test_a_gbk_file_and_a_workbook_with_chinese_ids(self):
        rows = [[f"武汉{i}", f"{30.5 + (i % 5) * 0.001:.3f}", f"{114.4 + (i // 5) * 0.001:.3f}",
                 "专利"] for i in range(25)]
        header = ["编号", "纬度", "经度", "类型"]
        gbk = csv_text(header, rows, encoding="gbk", title="2024年专利发明人地址")
        got = self.result("discoveries", "filename=专利.csv&eps_km=1&min_weight=3", gbk)
        self.assertEqual(got, self.cli_json("专利.csv", gbk, "discover", "--eps-km", "1",
                                            "--min-weight", "3"))
        self.assertEqual(got["points"][0]["id"], "武汉0")
        book = xlsx_bytes(self.tmp.name, rows, header=header)
        got = self.result("discoveries", "filename=专利.xlsx&eps_km=1&min_weight=3", book,
                          content_type=XLSX)
        self.assertEqual(got, self.cli_json("专利.xlsx", book, "discover", "--eps-km", "1",
                                            "--min-weight", "3"))

    def test_a_bad_point_is_a_422_naming_the_upload_its_row_and_column(self):
        body = csv_text(["id", "lat", "lon"], [["a", "30.5", "114.4"], ["b", "北纬30", "114.4"]])
        r = self.post("discoveries", "filename=地址.csv", body)
        err = self.assertError(r, 422, "invalid-input")
        self.assertEqual((err["file"], err["row"], err["column"]), ("地址.csv", 3, "lat"), err)
        self.assertNotIn("clusteratlas-upload", r.raw.decode())  # never the temporary file
        self.assertStillServing()

    def test_parameters_are_checked_before_the_body_is_kept(self):
        for query, field in [("eps_km=0", "eps_km"), ("eps_km=abc", "eps_km"),
                             ("split_large=1.5", "split_large"), ("metric=manhattan", "metric"),
                             ("registry=maybe", "registry"), ("format=kml", "format")]:
            with self.subTest(query):
                r = self.post("discoveries", "filename=p.csv&" + query, read("points.csv"))
                self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], field)

    def test_a_running_discovery_is_cancelled_at_its_next_step(self):
        rng = random.Random(7)
        rows = [[f"p{i}", f"{30 + rng.random() * 2:.6f}", f"{114 + rng.random() * 2:.6f}"]
                for i in range(200000)]
        r = self.post("discoveries", "filename=large.csv&eps_km=0.5&min_weight=4",
                      csv_text(["id", "lat", "lon"], rows))
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        cancelled = self.server.request("DELETE", f"/api/v1/jobs/{job_id}",
                                        session=self.analyst)
        self.assertEqual(cancelled.status, 200, cancelled)
        job = wait_for_job(self.server, job_id, session=self.analyst)
        # 200,000 points are clustered, summarised and listed long after the DELETE is answered.
        self.assertEqual(job["state"], "cancelled", job)
        self.assertIsNone(job["result"])
        self.assertStillServing()


    def test_the_stored_enterprises_are_the_points_the_cli_finds_in_them(self):
        # The points exported by Python's sqlite3 from the same database: an independent path
        # from the stored firms to the points the CLI clusters.
        (year,) = self.server.sql("SELECT max(year) FROM enterprise_year")[0]
        rows = self.server.sql(
            "SELECT e.credit_code, e.lat, e.lon FROM enterprise e JOIN enterprise_year y ON "
            "y.credit_code = e.credit_code WHERE y.year = ? AND e.lat IS NOT NULL AND "
            "e.lon IS NOT NULL ORDER BY e.credit_code", (year,))
        self.assertGreater(len(rows), 100)
        want = self.cli_json("firms.csv", csv_text(["id", "lat", "lon"], rows), "discover",
                             "--eps-km", "3", "--min-weight", "5")
        r = self.server.request("POST", f"/api/v1/discoveries?from_enterprises=true&year={year}"
                                "&eps_km=3&min_weight=5", session=self.analyst)
        self.assertEqual(r.status, 202, r)
        got = wait_for_job(self.server, r.json()["id"], session=self.analyst)["result"]
        self.assertEqual(got["points"], want["points"])
        self.assertGreater(len(got["clusters"]), 0)
        # The firms bring their kind and their clusters' industries, which the file did not.
        same = ["cluster", "rank", "name", "points", "core_points", "weight", "main_cities",
                "candidate", "registered_nearby", "hull"]
        for g, w in zip(got["clusters"], want["clusters"], strict=True):
            self.assertEqual({k: g[k] for k in same}, {k: w[k] for k in same})
            self.assertEqual(g["weight_firm"], g["weight"])
        self.assertEqual(schema_problems("discovery", got), [])

    def test_stored_enterprises_or_a_file_not_both_and_a_year_with_figures(self):
        for query, body, field in [
                ("from_enterprises=true", read("points.csv"), "from_enterprises"),
                ("from_enterprises=true&year=1999", None, "year"),
                ("from_enterprises=true&metric=euclidean", None, "metric"),
                ("filename=p.csv&year=2022", read("points.csv"), "year")]:
            with self.subTest(query):
                r = self.server.request("POST", f"/api/v1/discoveries?{query}", body,
                                        content_type="text/csv", session=self.analyst)
                self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], field)


class Specialisation(AnalysesTest):
    def test_the_result_is_the_clis_document_with_its_notes_naming_the_upload(self):
        body = read("employment.csv")
        got = self.result("specialisations", "filename=employment.csv&denominator=traded", body)
        self.assertEqual(got, self.cli_json("employment.csv", body, "specialise",
                                            "--denominator", "traded"))
        self.assertEqual(schema_problems("specialisation", got), [])
        # A title above the header and a total row: skipped, and the notes say so of office.csv.
        rows = [["湖北", "光电子", "5000", "40"], ["湖北", "汽车", "3000", "20"],
                ["江苏", "光电子", "2000", "30"], ["江苏", "汽车", "6000", "50"],
                ["合计", "", "16000", "140"]]
        office = csv_text(["地区", "产业", "就业人数", "企业数"], rows, encoding="gbk",
                          title="2023年各省产业就业")
        got = self.result("specialisations", "filename=office.csv", office)
        self.assertEqual(got, self.cli_json("office.csv", office, "specialise"))
        self.assertTrue(any("office.csv" in n for n in got["notes"]), got["notes"])

    def test_a_bad_row_is_a_422_naming_its_row_and_column(self):
        body = csv_text(["region", "category", "employment", "establishments"],
                        [["湖北", "光电子", "5000", "40"], ["江苏", "汽车", "很多", "20"]])
        err = self.assertError(self.post("specialisations", "filename=e.csv", body), 422,
                               "invalid-input")
        self.assertEqual((err["file"], err["row"], err["column"]), ("e.csv", 3, "employment"),
                         err)
        r = self.post("specialisations", "filename=e.csv&denominator=all", body)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "denominator")


class SpatialStatistics(AnalysesTest):
    def test_the_result_is_the_clis_document(self):
        body = read("province-values.csv")
        got = self.result("spatial-statistics",
                          "filename=provinces.csv&weights=knn:4&permutations=199&seed=3", body)
        self.assertEqual(got, self.cli_json("provinces.csv", body, "spatial", "--weights",
                                            "knn:4", "--permutations", "199", "--seed", "3"))
        self.assertEqual(schema_problems("spatial-statistics", got), [])

    def test_bad_values_and_weights_the_api_cannot_take(self):
        body = csv_text(["id", "lat", "lon", "patents"],
                        [["a", "30", "114", "5"], ["b", "31", "115", "6"],
                         ["c", "32", "116", "n/a"], ["d", "33", "117", "8"]])
        err = self.assertError(self.post("spatial-statistics", "filename=v.csv&weights=knn:2",
                                         body), 422, "invalid-input")
        self.assertEqual((err["file"], err["row"], err["column"]), ("v.csv", 4, "patents"), err)
        for query in ["weights=rook:/etc/passwd", "weights=knn:x", "weights=knn:2&fdr=2",
                      "filename=v.csv"]:
            with self.subTest(query):
                r = self.post("spatial-statistics", "filename=v.csv&" + query, body)
                self.assertIn(self.assertError(r, 422, "invalid-input")["field"],
                              ("weights", "fdr"))

    def test_a_running_analysis_is_cancelled_at_its_next_step(self):
        rng = random.Random(11)
        rows = [[f"u{i}", f"{rng.random() * 10:.5f}", f"{rng.random() * 10:.5f}",
                 f"{rng.random() * 100:.3f}"] for i in range(400)]
        r = self.post("spatial-statistics",
                      "filename=units.csv&weights=knn:8&permutations=100000",
                      csv_text(["id", "x", "y", "value"], rows))
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        self.server.request("DELETE", f"/api/v1/jobs/{job_id}", session=self.analyst)
        job = wait_for_job(self.server, job_id, session=self.analyst)
        # A hundred thousand permutations of 400 units take far longer than the DELETE's answer.
        self.assertEqual(job["state"], "cancelled", job)
        self.assertIsNone(job["result"])


class WhoRunsThem(AnalysesTest):
    def test_analysts_and_the_administrator_run_them_scoped_accounts_do_not(self):
        s = self.server
        for role in ("province", "zone", "cluster", "expert"):
            with self.subTest(role):
                r = self.post("discoveries", "filename=points.csv", read("points.csv"),
                              session=s.login(role)[:2])
                self.assertError(r, 403, "forbidden")
        # A job is its owner's: another account does not read it.
        r = self.post("specialisations", "filename=employment.csv", read("employment.csv"))
        self.assertEqual(r.status, 202, r)
        r = s.request("GET", f"/api/v1/jobs/{r.json()['id']}", session=s.login("province")[:2])
        self.assertError(r, 403, "forbidden")


if __name__ == "__main__":
    unittest.main()
