"""Every JSON document the evaluation, registry-listing and export verbs print is valid against its
schema in docs/schemas (JSON Schema 2020-12, the dialect OpenAPI 3.1 uses), run on the real binary
over a demo database and --data tables. The schemas are closed (additionalProperties: false), so a
field the code adds without documenting it fails here; docs/api-documents.md describes them.

The schemas are the API's response bodies: the server will reference these same files.
"""
import copy
import glob
import json
import os
import tempfile
import unittest

import jsonschema

from harness import CliTest

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
SCHEMAS = os.path.join(ROOT, "docs/schemas")
EXAMPLE_SYSTEM = os.path.join(ROOT, "data/systems/example.yaml")
EXAMPLE_DATA = os.path.join(ROOT, "data/systems/example.csv")


def schema(name):
    with open(os.path.join(SCHEMAS, name + ".schema.json"), encoding="utf-8") as f:
        doc = json.load(f)
    jsonschema.Draft202012Validator.check_schema(doc)
    return doc


class DocumentsTest(CliTest):
    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.TemporaryDirectory()
        cls.demo_db = os.path.join(cls.shared.name, "demo.db")

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()

    def demo(self):
        """A small demo data set, made once for the class (evaluations add stored runs to it)."""
        if not os.path.exists(self.demo_db):
            self.ok("demo", "--clusters", "40", "--years", "2020-2024", "--seed", "11",
                    db=self.demo_db)
        return self.demo_db

    def valid(self, name, *args, db=None):
        """Runs the verb with --format json and validates its document; returns it."""
        doc = self.ok(*args, "--format", "json", db=db).json()
        errors = sorted(jsonschema.Draft202012Validator(schema(name)).iter_errors(doc),
                        key=lambda e: list(e.absolute_path))
        self.assertEqual([], [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]],
                         f"{' '.join(args)} against {name}.schema.json")
        # Closed: a field the schema does not document, at the top or in a row, is refused.
        extra = copy.deepcopy(doc)
        extra["undocumented"] = 1
        self.rejected(name, extra)
        if doc.get("rows"):
            extra = copy.deepcopy(doc)
            extra["rows"][0]["undocumented"] = 1
            self.rejected(name, extra)
        return doc

    def rejected(self, name, doc):
        self.assertFalse(jsonschema.Draft202012Validator(schema(name)).is_valid(doc))

    # -- evaluation ----------------------------------------------------------------------------
    def test_evaluations_on_the_database_national_and_by_province(self):
        db = self.demo()
        doc = self.valid("evaluation", "evaluate", "--system", "torch-iic", "--year", "2024", db=db)
        self.assertEqual("national", doc["population"]["scope"])
        self.assertTrue(any("SYNTHETIC" in n for n in doc["notes"]))  # the demo says so
        # Some clusters are excluded by a gate: rank null, never 0.
        excluded = [u for u in doc["units"] if u["excluded_by"]]
        self.assertTrue(excluded)
        self.assertTrue(all(u["rank"] is None for u in excluded))
        # The province with most clusters, as the database says.
        ((code,),) = self.sql("SELECT province_code FROM cluster GROUP BY province_code "
                              "ORDER BY count(*) DESC, province_code LIMIT 1", db=db)
        province = self.valid("evaluation", "evaluate", "--system", "torch-iic", "--year", "2024",
                              "--province", code, db=db)
        self.assertEqual("province", province["population"]["scope"])
        self.assertEqual(code, province["population"]["province"])
        # Last year's ranks: entropy-topsis has no gates, so most clusters were ranked both years.
        topsis = self.valid("evaluation", "evaluate", "--system", "entropy-topsis", "--year", "2024",
                            db=db)
        self.assertTrue(any(u["rank_change"] is not None for u in topsis["units"]))

    def test_evaluation_on_a_data_table_with_every_option(self):
        # Outlier treatment (units[].treated), imputation, uncertainty, sensitivity, expert scores
        # and a title line above the header (notes): every optional part of the document at once.
        data = os.path.join(self.tmp.name, "units.csv")
        with open(EXAMPLE_DATA, encoding="utf-8") as f:
            table = f.read()
        with open(data, "w", encoding="utf-8") as f:
            f.write("2024年集群数据\n" + table)
        experts = self.write_csv("专家评分.csv", ["unit", "专家评分"], [["A", 80], ["B", 90]])
        doc = self.valid("evaluation", "evaluate", "--system", EXAMPLE_SYSTEM, "--data", data,
                         "--outliers", "winsorise", "--impute", "mean", "--uncertainty", "50",
                         "--sensitivity", "4", "--expert-scores", experts, db=False)
        self.assertEqual("data", doc["population"]["scope"])
        self.assertIn("treated", doc["units"][0])
        self.assertIn("uncertainty", doc["units"][0])
        self.assertEqual(50, doc["uncertainty"]["replications"])
        self.assertEqual({"weights", "normalise", "aggregate"},
                         {f["factor"] for f in doc["sensitivity"]})
        self.assertTrue(any("title" in n for n in doc["notes"]), doc.get("notes"))
        # D has no revenue: imputed by the mean of A, B and C, (600 + 150 + 300) / 3 = 350.
        d = next(u for u in doc["units"] if u["unit"] == "D")
        self.assertIsNone(d["raw"]["revenue"])
        self.assertAlmostEqual(350, d["imputed"]["revenue"])
        # C and D have no expert score: their expert score is null, not 0.
        c = next(u for u in doc["units"] if u["unit"] == "C")
        self.assertIsNone(c["expert_score"])

    def test_the_evaluation_schema_is_closed(self):
        doc = self.valid("evaluation", "evaluate", "--system", EXAMPLE_SYSTEM, "--data",
                         EXAMPLE_DATA, db=False)
        for where in (doc, doc["units"][0], doc["system"], doc["population"], doc["methods"],
                      doc["nodes"][0], doc["gates"][0]):
            extra = copy.deepcopy(doc)
            # The same object inside the copy: found by identity in the original.
            path = {id(doc): extra, id(doc["units"][0]): extra["units"][0],
                    id(doc["system"]): extra["system"], id(doc["population"]): extra["population"],
                    id(doc["methods"]): extra["methods"], id(doc["nodes"][0]): extra["nodes"][0],
                    id(doc["gates"][0]): extra["gates"][0]}[id(where)]
            path["undocumented"] = 1
            self.rejected("evaluation", extra)
        # Missing is null, never 0 — and a number where the schema says number.
        wrong = copy.deepcopy(doc)
        wrong["units"][0]["score"] = "91"
        self.rejected("evaluation", wrong)

    def test_a_stored_run_keeps_the_document_without_notes(self):
        db = self.demo()
        printed = self.ok("evaluate", "--system", "example", "--data", EXAMPLE_DATA, "--format",
                          "json", db=db).json()
        self.valid("evaluation", "evaluate", "--system", "torch-iic", "--year", "2023", db=db)
        (stored,) = self.sql("SELECT result FROM evaluation_run ORDER BY id DESC LIMIT 1", db=db)
        stored = json.loads(stored[0])
        self.assertNotIn("notes", stored)
        self.assertTrue(jsonschema.Draft202012Validator(schema("evaluation")).is_valid(stored))
        self.assertNotIn("notes", printed)  # the example table has no title and no demo notice

    # -- explain, audit, runs ------------------------------------------------------------------
    def test_explain_and_audit(self):
        db = self.demo()
        self.valid("explanation", "explain", "1", "--year", "2024", db=db)
        # With imputation the rows have the value the score was built on: the example system
        # with `impute: mean` in its methods (explain takes the system's own choice).
        with open(EXAMPLE_SYSTEM, encoding="utf-8") as f:
            system = f.read().replace("  aggregate: arithmetic\n",
                                      "  aggregate: arithmetic\n  impute: mean\n", 1)
        imputing = os.path.join(self.tmp.name, "imputing.yaml")
        with open(imputing, "w", encoding="utf-8") as f:
            f.write(system)
        rows = self.valid("explanation", "explain", "D", "--system", imputing, "--data",
                          EXAMPLE_DATA, db=False)["rows"]
        revenue = next(r for r in rows if r["node"].strip() == "revenue")
        self.assertIsNone(revenue["raw"])  # D reported no revenue …
        self.assertAlmostEqual(350, revenue["used"])  # … the mean of 600, 150 and 300 was used
        self.valid("audit", "audit", "--year", "2024", db=db)
        self.valid("audit", "audit", "--system", "example", "--data", EXAMPLE_DATA, db=False)

    def test_runs(self):
        db = self.demo()
        self.ok("evaluate", "--system", "torch-iic", "--year", "2023", db=db)
        self.ok("evaluate", "--system", "torch-iic", "--year", "2024", db=db)
        runs = self.valid("runs", "runs", "list", db=db)["rows"]
        first, last = str(runs[0]["id"]), str(runs[-1]["id"])
        self.valid("run-ranking", "runs", "show", last, db=db)
        self.valid("run-comparison", "runs", "compare", first, last, db=db)

    # -- systems -------------------------------------------------------------------------------
    def test_systems(self):
        self.valid("systems", "systems", "list", db=False)
        for system in ("torch-iic", "entropy-topsis", "example"):
            self.valid("system-tree", "systems", "show", system, db=False)
        self.valid("fields", "systems", "fields", db=False)
        doc = self.valid("system-validation", "systems", "validate", "torch-iic", db=False)
        self.assertTrue(doc["valid"])
        # A system with problems: exit 2, and the document lists them.
        path = os.path.join(self.shared.name, "mistyped.yaml")
        with open(os.path.join(ROOT, "data/systems/torch-iic.yaml"), encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("aggregate: arithmetic", "aggregate: avg", 1))
        r = self.fails(2, "systems", "validate", path, "--format", "json", db=False)
        doc = json.loads(r.out)
        jsonschema.validate(doc, schema("system-validation"),
                            cls=jsonschema.Draft202012Validator)
        self.assertFalse(doc["valid"])
        self.assertIn("avg", doc["problems"][0]["message"])

    # -- registry listings and exports ---------------------------------------------------------
    def test_enterprises_and_zones(self):
        db = self.demo()
        rows = self.valid("enterprises", "enterprise", "list", "--year", "2023", db=db)["rows"]
        self.valid("enterprise-years", "enterprise", "show", rows[0]["credit_code"], db=db)
        zones = self.valid("zones", "zone", "list", db=db)["rows"]
        with_cluster = next(z for z in zones if z["active_cluster"])
        self.valid("zone-clusters", "zone", "show", str(with_cluster["id"]), db=db)

    def test_rounds_and_applications(self):
        self.ok("round", "create", "--year", "2026", "--name", "遴选", "--doc-no", "文号1",
                "--system", "torch-iic", "--applications", "2099-01-01", "--recommendation",
                "2099-02-01", "--review", "2099-03-01", "--decision", "2099-04-01", "--notice",
                "2099-05-01", "--quota", "湖北=2")
        self.ok("application", "submit", "--round", "1", "--zone", "襄阳高新区", "--name", "襄阳集群",
                "--industry", "3612", "--building-unit", "管委会", "--management-body", "促进中心")
        self.valid("rounds", "round", "list")
        self.valid("round-stages", "round", "show", "1")
        provinces = self.valid("round-provinces", "round", "provinces", "1")["rows"]
        self.assertEqual(provinces, [{"province": "420000", "province_name": "湖北", "applied": 1,
                                      "returned": 0, "recommended": 0, "quota": 2}])
        self.valid("applications", "application", "list", "--round", "1")
        self.valid("application-form", "application", "show", "1")
        self.ok("expert", "add", "E1", "--name", "张三", "--organisation", "管委会",
                "--province", "湖北", "--field", "3612", "--conflict", "促进中心")
        self.valid("experts", "expert", "list")
        conflicts = self.valid("conflicts", "expert", "conflicts", "--round", "1")["rows"]
        self.assertEqual(len(conflicts), 3)  # organisation, province, declared

    def test_a_demo_rounds_form_assignment_and_reviews(self):
        db = self.demo()
        form = self.valid("review-form", "review", "form", "--round", "1", db=db)["rows"]
        self.assertEqual([(r["criterion"], r["points"]) for r in form],
                         [("创新能力", 30), ("产业规模", 25), ("发展潜力", 25), ("组织管理", 20)])
        pairs = self.valid("round-assignment", "review", "assignments", "--round", "1", db=db)
        self.assertEqual({r["reviewed"] for r in pairs["rows"]}, {"yes"})
        reviews = self.valid("reviews", "review", "list", "--round", "1", db=db)["rows"]
        self.assertEqual(len(reviews), len(pairs["rows"]))
        for r in reviews:  # four criteria: their points, and the total their sum
            self.assertAlmostEqual(sum(r[f"criterion_{i}"] for i in range(1, 5)), r["total"])

    def test_registry_reference_and_statistics(self):
        db = self.demo()
        self.valid("provinces", "province", "list", db=db)
        self.valid("industries", "industry", "list", db=db)
        self.valid("industries", "industry", "show", "39", db=db)
        rows = self.valid("clusters", "cluster", "list", db=db)["rows"]
        cluster = str(rows[0]["id"])
        self.valid("cluster-record", "cluster", "show", cluster, db=db)
        self.ok("cluster", "rename", cluster, "文档测试更名集群", db=db)
        history = self.valid("cluster-history", "cluster", "history", cluster, db=db)["rows"]
        numbers = [r["no"] for r in history]  # status changes numbered; the rename not
        self.assertEqual([n for n in numbers if n is not None], list(range(1, len(numbers))))
        self.assertEqual(history[-1]["change"], "rename")
        for by in ("province", "region", "industry", "status"):
            doc = self.valid("statistics", "stats", "--by", by, db=db)
            self.assertIn(by, doc["rows"][0])
        self.valid("statistics", "stats", "--province", "湖北", "--all", db=db)

    def test_exports(self):
        db = self.demo()
        # The demo has no cluster's own report (JQ01): one cluster reports its 2023 totals.
        ((name,),) = self.sql("SELECT name FROM cluster ORDER BY id LIMIT 1", db=db)
        report = self.write_csv("JQ01.csv", ["集群名称", "年份", "企业数", "营业收入(亿元)"],
                                [[name, "2023", "40", "5.25"]])
        self.ok("import", "clusters", report, "--year", "2023", db=db)
        for kind in ("enterprises", "clusters", "platforms", "institutions", "alliances",
                     "metrics"):
            doc = self.valid("export-" + kind, "export", kind, "--year", "2023", db=db)
            self.assertTrue(doc["rows"], kind)
            if kind == "clusters":
                (row,) = doc["rows"]
                self.assertEqual(40, row["firms"])
                self.assertEqual(525_000_000, row["revenue_yuan"])  # 5.25 亿元 in 元
                self.assertIsNone(row["exports_yuan"])  # not reported: null, not 0

    def test_import_history_and_diff(self):
        db = self.demo()
        ((name,),) = self.sql("SELECT name FROM cluster ORDER BY id LIMIT 1", db=db)
        header = ["集群名称", "年份", "企业数", "营业收入(亿元)"]
        first = self.write_csv("a.csv", header, [[name, "2024", "40", "5.25"]])
        second = self.write_csv("b.csv", header, [[name, "2024", "41", "5.25"]])
        self.ok("import", "clusters", first, db=db)
        self.ok("import", "clusters", second, db=db)
        revisions = self.valid("import-history", "history", "--year", "2024", db=db)["rows"]
        self.assertEqual([r["file"] for r in revisions[-2:]], ["a.csv", "b.csv"])
        diff = self.valid("revision-diff", "diff", str(revisions[-2]["revision"]),
                          str(revisions[-1]["revision"]), db=db)
        self.assertTrue(diff["rows"])  # 40 firms became 41

    # -- discovery, specialisation, spatial statistics ------------------------------------------
    def test_discovery_specialisation_and_spatial_statistics(self):
        samples = os.path.join(ROOT, "data/samples")
        db = self.demo()  # zones with coordinates: the registry comparison is in the document
        doc = self.valid("discovery", "discover", "--points", os.path.join(samples, "points.csv"),
                         "--split-large", "0.3", db=db)
        self.assertIn("registered_without_concentration", doc)
        self.assertTrue(any(c.get("split_from") is not None for c in doc["clusters"]))
        extra = copy.deepcopy(doc)
        extra["clusters"][0]["undocumented"] = 1
        self.rejected("discovery", extra)
        planar = self.write_csv("planar.csv", ["id", "x", "y", "kind"],
                                [[f"p{i}", i % 4, i // 4, "patent"] for i in range(12)])
        doc = self.valid("discovery", "discover", "--points", planar, "--metric", "euclidean",
                         "--eps", "1", "--min-weight", "3", db=False)
        self.assertEqual(12, len(doc["points"]))
        self.valid("specialisation", "specialise", "--employment",
                   os.path.join(samples, "employment.csv"), "--denominator", "traded", db=False)
        doc = self.valid("specialisation", "specialise", "--from-statistics", db=db)
        self.assertTrue(any("SYNTHETIC" in n for n in doc["notes"]))
        self.valid("spatial-statistics", "spatial", "--values",
                   os.path.join(samples, "province-values.csv"), "--weights", "band:800",
                   db=False)

    def test_every_schema_is_tested(self):
        # Each schema file is a valid 2020-12 schema, described in docs/api-documents.md and
        # validated by one of the tests above (the list below names them).
        names = {os.path.basename(p)[: -len(".schema.json")]
                 for p in glob.glob(os.path.join(SCHEMAS, "*.schema.json"))}
        documented = set()
        with open(os.path.join(ROOT, "docs/api-documents.md"), encoding="utf-8") as f:
            text = f.read()
        for name in names:
            schema(name)  # each is a valid 2020-12 schema
            if f"schemas/{name}.schema.json" in text:
                documented.add(name)
        self.assertEqual(names, documented, "every schema is described in docs/api-documents.md")
        tested = {"evaluation", "explanation", "audit", "runs", "run-ranking", "run-comparison",
                  "systems", "system-tree", "fields", "system-validation", "enterprises", "enterprise-years", "zones",
                  "zone-clusters", "rounds", "round-stages", "round-provinces", "applications", "application-form",
                  "experts", "conflicts", "review-form", "round-assignment", "reviews",
                  "provinces", "industries", "clusters", "cluster-record",
                  "cluster-history", "statistics", "import-history", "revision-diff",
                  "discovery", "specialisation", "spatial-statistics",
                  # Validated by tests/cli/test_assign.py.
                  "assignment",
                  # Validated by tests/cli/test_reliability.py.
                  "reliability",
                  # Validated by tests/cli/test_round_reviews.py.
                  "decision", "objections", "admission", "documents",
                  # Validated by tests/api/test_round_reviews.py.
                  "review-copy",
                  # Validated by tests/api/test_reevaluation.py.
                  "reevaluation", "reevaluation-decision",
                  # The API's own documents, validated by tests/api (test_imports, test_jobs).
                  "import", "job",
                  # Validated by tests/api/test_defence.py.
                  "defence", "defence-notice"} | {"export-" + k for k in ("enterprises", "clusters",
                                                              "platforms", "institutions",
                                                              "alliances", "metrics")}
        self.assertEqual(names, tested)


if __name__ == "__main__":
    unittest.main()
