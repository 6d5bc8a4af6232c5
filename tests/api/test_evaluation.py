"""Indicator systems, evaluations, stored runs, explanations and the statistical audit over HTTP.
Every expected document is what the CLI prints with `--format json` on the same database (or
what sqlite3 reads from it), never what the server under test computes."""
import json
import os
import re
import urllib.parse

from uploads import wait_for_job
from harness import ServerTest

ROOT = os.path.join(os.path.dirname(__file__), "../..")
SYSTEMS = os.path.join(ROOT, "data/systems")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Systems(ServerTest):
    def cli_json(self, *args):
        return json.loads(self.server.cli(*args, "--format", "json").stdout)

    def test_list_tree_and_fields_are_the_cli_documents(self):
        s = self.server
        r = s.request("GET", "/api/v1/systems")  # the public may read them
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli_json("systems", "list"))
        for name in ("torch-iic", "entropy-topsis", "example"):
            r = s.request("GET", f"/api/v1/systems/{name}", token=s.admin_token)
            self.assertEqual(r.json(), self.cli_json("systems", "show", name), name)
        # /systems/fields is the catalogue, not a system named "fields".
        r = s.request("GET", "/api/v1/systems/fields")
        self.assertEqual(r.json(), self.cli_json("systems", "fields"))

    def test_a_name_is_never_a_path_on_the_servers_disk(self):
        s = self.server
        err = self.assertError(s.request("GET", "/api/v1/systems/torch"), 404, "not-found")
        self.assertIn("torch-iic", err["message"]["en"])  # did you mean
        # A file that exists on the server's disk is not read.
        path = urllib.parse.quote(os.path.abspath(os.path.join(SYSTEMS, "example.yaml")), safe="")
        self.assertIn(s.request("GET", f"/api/v1/systems/{path}").status, (400, 404))
        for system in (os.path.abspath(os.path.join(SYSTEMS, "example.yaml")), "../example",
                       "/etc/passwd"):
            r = s.request("POST", "/api/v1/evaluations", {"system": system},
                          token=s.admin_token)
            self.assertEqual(self.assertError(r, 404, "not-found")["field"], "system")
        self.assertStillServing()

    def test_validation_of_a_valid_system_as_text_and_as_json(self):
        s = self.server
        yaml = read(os.path.join(SYSTEMS, "torch-iic.yaml"))
        listed = {row["name"]: row["indicators"] for row in
                  self.cli_json("systems", "list")["rows"]}
        for kw in ({"body": yaml, "content_type": "text/plain; charset=utf-8"},
                   {"body": yaml, "content_type": "application/yaml"},
                   {"body": {"yaml": yaml}}):
            r = s.request("POST", "/api/v1/systems/validation", token=s.admin_token, **kw)
            self.assertEqual(r.status, 200, r)
            doc = r.json()
            self.assertTrue(doc["valid"])
            self.assertEqual(doc["id"], "torch-iic")
            self.assertEqual(doc["indicators"], listed["torch-iic"])  # as `systems list` counts

    def test_validation_names_every_problem_at_its_line_as_the_cli_does(self):
        s = self.server
        path = os.path.join(SYSTEMS, "example.yaml")  # its fields are example.csv's columns
        cli = s.cli("systems", "validate", path, check=False)
        self.assertEqual(cli.returncode, 2)
        expected = []
        for line in cli.stdout.splitlines():
            m = re.match(r".*?:(\d+):(\d+): (.*)$", line)
            expected.append({"line": int(m[1]), "column": int(m[2]), "message": m[3]})
        self.assertTrue(expected)
        r = s.request("POST", "/api/v1/systems/validation", read(path), token=s.admin_token,
                      content_type="text/plain")
        err = self.assertError(r, 422, "invalid-system")
        self.assertEqual(err["problems"], expected)
        self.assertEqual(err["row"], expected[0]["line"])
        self.assertEqual(err["column"], str(expected[0]["column"]))

    def test_bad_yaml_is_422_with_its_line(self):
        s = self.server
        text = "id: broken\nname_zh: 坏\nindex:\n  id: index\n  children: [\n"
        r = s.request("POST", "/api/v1/systems/validation", {"yaml": text}, token=s.admin_token)
        err = self.assertError(r, 422, "invalid-system")
        self.assertGreaterEqual(err["row"], 1)
        self.assertTrue(all(p["line"] >= 1 for p in err["problems"]), err)
        # Not UTF-8 (a GBK file sent as is): said, with the byte.
        gbk = "id: 示例\n".encode("gbk")
        r = s.request("POST", "/api/v1/systems/validation", gbk, token=s.admin_token,
                      content_type="text/plain")
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "yaml")
        # Empty, a missing field, a charset the server does not read, no body at all.
        r = s.request("POST", "/api/v1/systems/validation", "  \n", token=s.admin_token,
                      content_type="text/plain")
        self.assertError(r, 422, "invalid-input")
        r = s.request("POST", "/api/v1/systems/validation", {"yml": "x"}, token=s.admin_token)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "yaml")
        r = s.request("POST", "/api/v1/systems/validation", gbk, token=s.admin_token,
                      content_type="text/plain; charset=gbk")
        self.assertError(r, 415, "unsupported-media-type")
        self.assertStillServing()


class Evaluations(ServerTest):
    def cli_json(self, *args):
        return json.loads(self.server.cli(*args, "--format", "json").stdout)

    def runs_in_db(self):
        return self.server.sql("SELECT count(*) FROM evaluation_run")[0][0]

    def evaluate(self, body, token=None):
        return self.server.request("POST", "/api/v1/evaluations", body,
                                   token=token or self.server.admin_token)

    def test_an_evaluation_is_the_cli_document_and_is_not_stored_unless_asked(self):
        before = self.runs_in_db()
        r = self.evaluate({"system": "torch-iic", "year": 2023})
        self.assertEqual(r.status, 200, r)
        self.assertNotIn("Location", r.headers)
        self.assertEqual(self.runs_in_db(), before)
        # The CLI stores its database runs: compared after the server's request.
        expected = self.cli_json("evaluate", "--system", "torch-iic", "--year", "2023")
        self.assertEqual(r.json(), expected)
        province = self.server.a["province"]
        r = self.evaluate({"system": "entropy-topsis", "year": 2022, "province": province,
                           "normalise": "zscore", "aggregate": "geometric"})
        expected = self.cli_json("evaluate", "--system", "entropy-topsis", "--year", "2022",
                                 "--province", province, "--normalise", "zscore",
                                 "--aggregate", "geometric")
        self.assertEqual(r.json(), expected)

    def test_an_uncertainty_analysis_runs_as_a_job_whose_result_is_the_cli_document(self):
        s = self.server
        r = self.evaluate({"system": "torch-iic", "year": 2023, "uncertainty": 300, "seed": 7})
        self.assertEqual(r.status, 202, r)
        job_id = re.fullmatch(r"/api/v1/jobs/([^/]+)", r.headers["Location"])[1]
        self.assertEqual(r.json()["kind"], "evaluation")
        job = wait_for_job(s, job_id, token=s.admin_token)
        self.assertEqual(job["state"], "succeeded", job)
        expected = self.cli_json("evaluate", "--system", "torch-iic", "--year", "2023",
                                 "--uncertainty", "300", "--seed", "7")
        self.assertIn("uncertainty", expected)
        self.assertEqual(job["result"], expected)

    def test_a_running_analysis_is_cancelled(self):
        s = self.server
        r = self.evaluate({"system": "torch-iic", "year": 2023, "sensitivity": 100000})
        self.assertEqual(r.status, 202, r)
        job_id = r.json()["id"]
        cancel = s.request("DELETE", f"/api/v1/jobs/{job_id}", token=s.admin_token)
        self.assertEqual(cancel.status, 200, cancel)
        job = wait_for_job(s, job_id, token=s.admin_token)
        if cancel.json()["state"] in ("queued", "running"):
            # Asked while it ran: every progress report after it, the last one included, stops it.
            self.assertEqual(job["state"], "cancelled", job)
            self.assertIsNone(job["result"])
        self.assertStillServing()

    def test_bad_analyses_are_422_naming_the_field(self):
        for body, field in (({"uncertainty": -1}, "uncertainty"),
                            ({"sensitivity": 10 ** 9}, "sensitivity"),
                            ({"uncertainty": 10, "store": True}, "store")):
            with self.subTest(body=body):
                before = self.runs_in_db()
                r = self.evaluate({"system": "torch-iic", **body})
                self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], field)
                self.assertEqual(self.runs_in_db(), before)

    def test_top_keeps_the_best_units_best_first(self):
        r = self.evaluate({"system": "entropy-topsis", "year": 2023, "top": 3})
        doc = r.json()
        everything = self.evaluate({"system": "entropy-topsis", "year": 2023}).json()
        ranked = sorted((u for u in everything["units"] if u["rank"] is not None),
                        key=lambda u: u["rank"])
        self.assertEqual([u["unit"] for u in doc["units"]], [u["unit"] for u in ranked[:3]])
        self.assertIn(f"the best 3 of {len(everything['units'])} units", doc["notes"])
        self.assertEqual(doc["population"], everything["population"])

    def test_the_openapi_document_lists_both_success_statuses_of_an_evaluation(self):
        # 200 for a run answered, 201 for a run stored (Location: the run): a client generated
        # from the document must accept both.
        doc = self.server.request("GET", "/api/v1/openapi.json").json()
        responses = doc["paths"]["/api/v1/evaluations"]["post"]["responses"]
        self.assertIn("200", responses)
        self.assertIn("201", responses)
        self.assertEqual(responses["200"]["content"], responses["201"]["content"])

    def test_store_true_stores_the_run_audited_with_the_account(self):
        s = self.server
        session = s.login("admin")[:2]
        r = s.request("POST", "/api/v1/evaluations",
                      {"system": "entropy-topsis", "year": 2022, "store": True,
                       "reason": "年度评价 2022"}, session=session)
        self.assertEqual(r.status, 201, r)
        run_id = int(re.fullmatch(r"/api/v1/runs/(\d+)", r.headers["Location"])[1])
        ((operator, year, result),) = s.sql(
            "SELECT operator, year, result FROM evaluation_run WHERE id = ?", (run_id,))
        self.assertEqual((operator, year), ("admin", 2022))
        stored = json.loads(result)
        doc = r.json()
        doc.pop("notes", None)  # a stored run keeps the document without notes
        self.assertEqual(stored, doc)
        ((account, origin, reason),) = s.sql(
            "SELECT a.login, l.origin, l.reason FROM audit_log l JOIN account a "
            "ON a.id = l.account_id WHERE l.entity = 'evaluation_run' AND l.entity_key = ?",
            (str(run_id),))
        self.assertEqual((account, origin, reason), ("admin", "127.0.0.1", "年度评价 2022"))
        self.assertEqual(s.cli("audit-log", "verify", check=False).returncode, 0)
        # The run reads back as `runs show` and `runs compare` print it.
        r = s.request("GET", f"/api/v1/runs/{run_id}", token=s.admin_token)
        self.assertEqual(r.json(), self.cli_json("runs", "show", str(run_id)))
        r = s.request("GET", "/api/v1/runs", token=s.admin_token)
        self.assertEqual(r.json(), self.cli_json("runs", "list"))
        self.assertIn(run_id, [row["id"] for row in r.json()["rows"]])
        s.cli("evaluate", "--system", "torch-iic", "--year", "2023")
        ((other,),) = s.sql("SELECT max(id) FROM evaluation_run")
        r = s.request("GET", f"/api/v1/runs/{run_id}/compare/{other}", token=s.admin_token)
        self.assertEqual(r.json(), self.cli_json("runs", "compare", str(run_id), str(other)))

    def test_a_province_reads_its_clusters_in_the_stored_runs_with_their_national_ranks(self):
        s = self.server
        province = s.a["province"]
        s.cli("evaluate", "--system", "entropy-topsis", "--year", "2022")
        s.cli("evaluate", "--system", "entropy-topsis", "--year", "2023")
        s.cli("evaluate", "--system", "entropy-topsis", "--year", "2023", "--province",
              s.b["province"])  # another province's own run: not this province's to read
        (national_a,), (national_b,), (other,) = s.sql(
            "SELECT id FROM evaluation_run ORDER BY id DESC LIMIT 3")[::-1]
        mine = {str(i) for (i,) in s.sql("SELECT id FROM cluster WHERE province_code = ?",
                                         (province,))}
        # Expected from the stored documents, read with sqlite3: the province's clusters'
        # rows, ranked among every cluster of the run.
        (result,) = s.sql("SELECT result FROM evaluation_run WHERE id = ?", (national_b,))[0]
        expected = sorted((u["rank"] if u["rank"] is not None else 10**9, u["unit"])
                          for u in json.loads(result)["units"] if u["unit"] in mine)
        self.assertTrue(expected)
        session = s.login("province")[:2]
        r = s.request("GET", f"/api/v1/runs/{national_b}?province={province}", session=session)
        self.assertEqual(r.status, 200, r)
        got = [(row["rank"] if row["rank"] is not None else 10**9, row["unit"])
               for row in r.json()["rows"]]
        self.assertEqual(got, expected)
        self.assertEqual(r.json(), self.cli_json("runs", "show", str(national_b), "--province",
                                                 province))
        # The list: the national runs, not the other province's own.
        r = s.request("GET", f"/api/v1/runs?province={province}", session=session)
        listed = {row["id"] for row in r.json()["rows"]}
        self.assertIn(national_a, listed)
        self.assertIn(national_b, listed)
        self.assertNotIn(other, listed)
        r = s.request("GET", f"/api/v1/runs/{other}?province={province}", session=session)
        self.assertEqual(r.json()["rows"], [])
        # The comparison: its clusters only.
        r = s.request("GET", f"/api/v1/runs/{national_a}/compare/{national_b}?province="
                      f"{province}", session=session)
        self.assertEqual({row["unit"] for row in r.json()["rows"]}, {u for _, u in expected})
        # Without the province, or with another, the whole programme is not its to read.
        for path in (f"/api/v1/runs/{national_b}", f"/api/v1/runs?province={s.b['province']}"):
            self.assertError(s.request("GET", path, session=session), 403)

    def test_unknown_runs_are_404(self):
        s = self.server
        for path in ("/api/v1/runs/99999", "/api/v1/runs/abc", "/api/v1/runs/-1",
                     "/api/v1/runs/1/compare/99999", "/api/v1/runs/99999/compare/1"):
            self.assertError(s.request("GET", path, token=s.admin_token), 404, "not-found")
        self.assertStillServing()

    def test_bad_evaluation_requests_are_one_422_naming_the_field_and_store_nothing(self):
        before, audit = self.runs_in_db(), self.server.sql("SELECT count(*) FROM audit_log")
        cases = [({"system": "torch-iic", "yaer": 2023}, "yaer"),
                 ({"system": "torch-iic", "year": "2023"}, "year"),
                 ({"system": "torch-iic", "year": 20}, "year"),
                 ({"system": "torch-iic", "normalise": "minmaxx"}, "normalise"),
                 ({"system": "torch-iic", "top": -1}, "top"),
                 ({"system": "torch-iic", "store": "yes"}, "store"),
                 ({"year": 2023}, "system")]
        for body, field in cases:
            with self.subTest(body=body):
                err = self.assertError(self.evaluate(body), 422, "invalid-input")
                self.assertEqual(err["field"], field)
        err = self.assertError(self.evaluate({"system": "torch-iic", "normalise": "minmaxx"}),
                               422)
        self.assertIn("minmax", err["message"]["en"])  # did you mean
        self.assertError(self.evaluate({"system": "torch-iic", "year": 1999, "store": True}),
                         404, "not-found")  # no figures that year
        self.assertError(self.evaluate({"system": "torch-iic", "province": "Atlantis"}), 404)
        self.assertEqual(self.runs_in_db(), before)
        self.assertEqual(self.server.sql("SELECT count(*) FROM audit_log"), audit)
        self.assertStillServing()


class ExplanationsAndAudits(ServerTest):
    def cli_json(self, *args):
        return json.loads(self.server.cli(*args, "--format", "json").stdout)

    def test_an_explanation_is_the_cli_document_and_its_clusters_accounts_read_it(self):
        s = self.server
        a = str(s.a["id"])
        expected = self.cli_json("explain", a, "--year", "2023")
        r = s.request("POST", "/api/v1/explanations", {"cluster": a, "year": 2023},
                      token=s.admin_token)
        self.assertEqual(r.json(), expected)
        # By name, as `explain` finds it.
        ((name,),) = s.sql("SELECT name FROM cluster WHERE id = ?", (s.a["id"],))
        for role in ("cluster", "zone", "province", "analyst"):
            session = s.login(role)[:2]
            r = s.request("POST", "/api/v1/explanations", {"cluster": name, "year": 2023},
                          session=session)
            self.assertEqual(r.status, 200, f"{role}: {r}")
            self.assertEqual(r.json(), expected)
            # Another province's cluster is outside the scoped accounts' scope.
            r = s.request("POST", "/api/v1/explanations",
                          {"cluster": str(s.b["id"]), "year": 2023}, session=session)
            self.assertEqual(r.status, 200 if role == "analyst" else 403, f"{role}: {r}")
        expected = self.cli_json("explain", a, "--year", "2022", "--system", "entropy-topsis")
        r = s.request("POST", "/api/v1/explanations",
                      {"cluster": a, "year": 2022, "system": "entropy-topsis"},
                      token=s.admin_token)
        self.assertEqual(r.json(), expected)

    def test_bad_explanations(self):
        s = self.server
        r = s.request("POST", "/api/v1/explanations", {"cluster": "99999"}, token=s.admin_token)
        self.assertError(r, 404, "not-found")
        r = s.request("POST", "/api/v1/explanations", {"year": 2023}, token=s.admin_token)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "cluster")
        r = s.request("POST", "/api/v1/explanations", {"cluster": str(s.a["id"]), "unit": "x"},
                      token=s.admin_token)
        self.assertEqual(self.assertError(r, 422, "invalid-input")["field"], "unit")
        # A malformed body is refused whatever the resource rule made of it.
        r = s.request("POST", "/api/v1/explanations", '{"cluster": ', token=s.admin_token)
        self.assertError(r, 400, "malformed-json")
        self.assertStillServing()

    def test_the_audit_is_the_cli_document(self):
        s = self.server
        r = s.request("POST", "/api/v1/evaluations/audit", {"year": 2023}, token=s.admin_token)
        self.assertEqual(r.json(), self.cli_json("audit", "--year", "2023"))
        province = s.a["province"]
        session = s.login("province")[:2]
        r = s.request("POST", "/api/v1/evaluations/audit",
                      {"year": 2023, "province": province, "system": "entropy-topsis"},
                      session=session)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json(), self.cli_json("audit", "--year", "2023", "--province",
                                                 province, "--system", "entropy-topsis"))
        # The whole programme is outside a province's scope.
        r = s.request("POST", "/api/v1/evaluations/audit", {"year": 2023}, session=session)
        self.assertError(r, 403, "forbidden")


if __name__ == "__main__":
    import unittest
    unittest.main()
