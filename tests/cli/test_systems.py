"""Indicator systems from the command line: the shipped list, a system's tree with its effective
weights (worked out by hand below), and validation that lists every problem with its line."""
import csv
import json
import os

from harness import CliTest

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.join(HERE, "../../data/systems/example.yaml")
EXAMPLE_DATA = os.path.join(HERE, "../../data/systems/example.csv")
FIELDS_DOC = os.path.join(HERE, "../../docs/fields.md")


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


class Systems(CliTest):
    def write(self, name, text):
        path = os.path.join(self.tmp.name, name)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        return path

    def test_list_needs_no_database(self):
        r = self.ok("systems", "list", "--format", "json")
        self.assertIn("example", [row["name"] for row in r.json()["rows"]])
        self.assertFalse(os.path.exists(self.db), "systems list must not create a database")

    def test_every_shipped_system_validates(self):
        names = [row["name"] for row in self.ok("systems", "list", "--format", "json").json()["rows"]]
        self.assertEqual(set(names), {"torch-iic", "entropy-topsis", "example"})
        # The example reads the columns of its table, the others the cluster-year fields.
        for name in names:
            data = ["--data", EXAMPLE_DATA] if name == "example" else []
            self.assertIn("valid", self.ok("systems", "validate", name, *data).out)

    def test_show_gives_effective_weights_and_polarity(self):
        rows = self.ok("systems", "show", "example", "--format", "json").json()["rows"]
        weights = {row["id"].strip(): row["effective_weight"] for row in rows}
        # scale 0.4 → revenue 0.4; innovation 0.6 with relative 1.2 : 0.8 → 0.6·0.6 = 0.36 and
        # 0.6·0.4 = 0.24.
        self.assertAlmostEqual(weights["revenue"], 0.4)
        self.assertAlmostEqual(weights["rd_intensity"], 0.36)
        self.assertAlmostEqual(weights["energy_per_output"], 0.24)
        polarity = {row["id"].strip(): row["polarity"] for row in rows}
        self.assertIn("负向", polarity["energy_per_output"])
        # The shipped copy and the file in data/systems are the same system.
        from_file = self.ok("systems", "show", EXAMPLE, "--format", "json").json()["rows"]
        self.assertEqual(from_file, rows)

    def test_validate_a_good_file(self):
        r = self.ok("systems", "validate", EXAMPLE, "--data", EXAMPLE_DATA)
        self.assertIn("valid — 3 indicators in 3 levels, 1 gate, 4 grades", r.out)
        # Without --data the fields are checked against the cluster-year fields, which have no
        # energy use: the example is meant for its table.
        r = self.fails(2, "systems", "validate", EXAMPLE)
        self.assertIn("unknown field 'energy_per_output'", r.out)

    def test_validate_checks_fields_against_a_data_table(self):
        # A system reading `energy` where the table says energy_per_output; the line and column
        # are where the gate's rule names it.
        text = read(EXAMPLE).replace(
            "rule: revenue >= 200", "rule: revenue >= 200 and energy < 1")
        path = self.write("energy.yaml", text)
        lines = text.splitlines()
        n = next(i for i, l in enumerate(lines) if "and energy < 1" in l)
        r = self.fails(2, "systems", "validate", path, "--data", EXAMPLE_DATA)
        self.assertEqual(r.out.strip(), f"{path}:{n + 1}:{lines[n].index('energy') + 1}: unknown "
                         "field 'energy' in the rule of gate 'revenue_scale' (did you mean "
                         "'energy_per_output'?)")
        self.assertIn(f"1 problem (fields checked against the columns of {EXAMPLE_DATA})", r.err)

    def test_fields_lists_the_catalogue_and_the_docs_are_its_output(self):
        rows = self.ok("systems", "fields", "--format", "json").json()["rows"]
        by = {r["field"]: r for r in rows}
        # The example: granted patents per 10,000 staff come from 发明专利授权.
        granted = by["granted_patents_per_10k_staff"]
        self.assertIn("发明专利授权", granted["imported_as"])
        self.assertIn("从业人员", granted["imported_as"])
        self.assertEqual(by["high_tech_share"]["unit"], "fraction 0–1 (4% = 0.04)")
        self.assertEqual(by["revenue"]["unit"], "元")
        # Every field torch-iic reads without a formula is one of them.
        shown = self.ok("systems", "show", "torch-iic", "--format", "json").json()["rows"]
        for row in shown:
            if row["method"] == row["id"].strip():
                self.assertIn(row["id"].strip(), by)
        markdown = self.ok("systems", "fields", "--format", "markdown").out
        with open(FIELDS_DOC, encoding="utf-8") as f:
            self.assertEqual(f.read(), markdown,
                             "docs/fields.md is stale: clusteratlas systems fields --format "
                             "markdown > docs/fields.md")
        self.assertIn("| `granted_patents_per_10k_staff` |", markdown)

    def test_validate_lists_every_problem_with_its_line(self):
        path = self.write("bad.yaml", "\n".join([
            "id: bad",
            "name_zh: 有错的体系",
            "methods: {aggregate: avg}",
            "index:",
            "  id: index",
            "  name_zh: 指数",
            "  children:",
            "    - {id: a, name_zh: 甲, weight: 0.7}",
            "    - {id: b, name_zh: 乙, weight: 0.2, polarity: up}",
            ""]))
        r = self.fails(2, "systems", "validate", path)
        lines = r.out.strip().splitlines()
        self.assertEqual(len(lines), 3, r)
        self.assertTrue(lines[0].startswith(f"{path}:3:"), lines)
        self.assertIn("unknown aggregate method 'avg'", lines[0])
        # 0.7 + 0.2 = 0.9: absolute weights must sum to 1.
        self.assertTrue(any("sum to 0.9" in l for l in lines), lines)
        self.assertTrue(any(l.startswith(f"{path}:9:") and "polarity" in l for l in lines), lines)
        # The same problems as a document (the API's): each line's place and message.
        r = self.fails(2, "systems", "validate", path, "--format", "json")
        doc = json.loads(r.out)
        self.assertEqual(doc["valid"], False)
        self.assertEqual(doc["source"], path)
        placed = [f"{path}:{p['line']}:{p['column']}: {p['message']}" if p["column"]
                  else f"{path}:{p['line']}: {p['message']}" for p in doc["problems"]]
        self.assertEqual(placed, lines)
        self.assertIn("3 problems", r.err)

    def test_from_coinr_converts_the_asem_index(self):
        imeta = os.path.join(HERE, "../data/asem/ASEM_iMeta.csv")
        with open(imeta, encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        indicators = [r for r in rows if r["Type"] == "Indicator"]
        negative = {r["iCode"] for r in indicators if r["Direction"] == "-1"}
        out = os.path.join(self.tmp.name, "asem.yaml")
        self.ok("systems", "from-coinr", imeta, "--id", "asem", "--out", out)
        r = self.ok("systems", "validate", out, "--data",
                    os.path.join(HERE, "../data/asem/ASEM_iData.csv"))
        # Levels 1–4 of the iMeta table: indicator, pillar, sub-index, index.
        self.assertIn(f"{len(indicators)} indicators in 4 levels", r.out)
        shown = self.ok("systems", "show", out, "--format", "json").json()["rows"]
        polarity = {row["id"].strip(): row["polarity"] for row in shown}
        self.assertEqual({k for k, v in polarity.items() if "负向" in v}, negative)
        # Each indicator's effective weight: 1/2 (two sub-indices) × 1/(pillars in its sub-index)
        # × 1/(indicators in its pillar), every COINr weight being 1.
        parent = {r["iCode"]: r["Parent"] for r in rows if r["Type"] in ("Indicator", "Aggregate")}
        children = {}
        for code, p in parent.items():
            children.setdefault(p, []).append(code)
        weights = {row["id"].strip(): row["effective_weight"] for row in shown}
        for r in indicators:
            pillar = r["Parent"]
            sub = parent[pillar]
            expected = 1 / len(children["Index"]) / len(children[sub]) / len(children[pillar])
            self.assertAlmostEqual(weights[r["iCode"]], expected, msg=r["iCode"])

    def test_unknown_system(self):
        r = self.fails(2, "systems", "show", "no-such-system")
        self.assertIn("systems list", r.err)
