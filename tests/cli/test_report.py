"""`clusteratlas report`: the annual report and cluster fact sheets as PDF, HTML and XLSX, read
back with independent tools — poppler's pdftotext, pdffonts, pdfinfo and pdftoppm for the PDF,
Python's html.parser for the HTML, zipfile and XML for the workbook. The figures expected are
those `stats` and `evaluate` print for the same database, formatted here by hand."""
import json
import os
import re
import subprocess
import tempfile
import unittest
import zipfile
from html.parser import HTMLParser
from xml.etree import ElementTree

from harness import CliTest

YEAR = 2024


def pdf_pages(path):
    """The text of each page, without white space (pdftotext drops the spaces between Chinese
    and figures, and breaks lines its own way)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = [re.sub(r"\s+", "", p) for p in text.split("\f")]
    return pages[:-1] if pages and pages[-1] == "" else pages


def pdf_page_count(path):
    info = subprocess.run(["pdfinfo", path], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


class HtmlOutline(HTMLParser):
    """The text of every h2 and h3 of an HTML document, and every href and src in it."""

    def __init__(self):
        super().__init__()
        self.headings, self.inside, self.refs = [], None, []

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3"):
            self.inside = tag
            self.headings.append("")
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.refs.append(value)

    def handle_endtag(self, tag):
        if tag == self.inside:
            self.inside = None

    def handle_data(self, data):
        if self.inside:
            self.headings[-1] += data


def yi(value):
    """元 in 亿元 with two decimals and thousands separators, as the CLI's tables print it."""
    return f"{value / 1e8:,.2f}"


class Report(CliTest):
    @classmethod
    def setUpClass(cls):
        cls.shared = tempfile.TemporaryDirectory()
        cls.demo_db = os.path.join(cls.shared.name, "demo.db")

    @classmethod
    def tearDownClass(cls):
        cls.shared.cleanup()

    def demo(self):
        if not os.path.exists(self.demo_db):
            self.ok("demo", "--clusters", "40", "--years", "2020-2024", "--seed", "11",
                    db=self.demo_db)
        return self.demo_db

    def report(self, *args, db=None):
        """`report …`, which must succeed with every line inside its room (the layout's own
        check, said on stderr when one is not)."""
        r = self.ok("report", *args, db=db)
        self.assertNotIn("wider than their room", r.err)
        return r

    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def in_programme(self, db, year=YEAR):
        """Cluster ids in the programme at the end of `year`, from the raw status history."""
        status = {}
        for cid, s, date in self.sql("SELECT cluster_id, status, date FROM cluster_status_change "
                                     "ORDER BY id", db=db):
            if date <= f"{year}-12-31":
                status[cid] = s
        return sorted(c for c, s in status.items()
                      if s in ("cultivation", "pilot", "recognised", "warned"))

    # --- the annual report ---

    def test_annual_pdf_has_the_stats_and_evaluate_figures(self):
        db = self.demo()
        pdf = self.out("年度报告.pdf")
        self.report("annual", "--year", str(YEAR), "--uncertainty", "40", "--out", pdf, db=db)
        pages = pdf_pages(pdf)
        self.assertEqual(len(pages), pdf_page_count(pdf))
        text = "".join(pages)
        for heading in ("目录", "一、总体情况", "二、区域与省份", "三、产业分布", "四、评价结果",
                        "五、预警与撤销", "六、数据说明", "合成演示数据"):
            self.assertIn(heading, text)
        self.assertNotIn("nan", text.lower())
        # Every province's clusters and revenue, as `stats --by province` gives them.
        stats = self.ok("stats", "--by", "province", "--year", str(YEAR), "--format", "json",
                        db=db).json()["rows"]
        for row in stats:
            self.assertIn(f"{row['province']}{row['clusters']}", text)
            if row["revenue_yuan"] is not None:
                self.assertIn(yi(row["revenue_yuan"]), text, row["province"])
        total = stats[-1]
        self.assertEqual(total["province"], "全国")
        self.assertEqual(total["clusters"], len(self.in_programme(db)))
        # The ranking: the ten best units with their scores to two decimals, in order.
        ranked = self.ok("evaluate", "--system", "torch-iic", "--year", str(YEAR), "--format",
                         "csv", db=db).out.splitlines()
        header = ranked[0].split(",")
        rows = [dict(zip(header, line.split(","))) for line in ranked[1:11]]
        # Each name, then its score to two decimals in its row (pdftotext may put a wrapped
        # header's lines between them), in the ranking's order.
        position = text.find("表5评价排名")
        self.assertGreaterEqual(position, 0)
        for r in rows:
            if not r["rank"]:
                break
            found = text.find(r["name"], position)
            self.assertGreaterEqual(found, 0, r)
            self.assertIn(f"{float(r['score']):.2f}", text[found:found + len(r["name"]) + 120], r)
            position = found
        # Every font embedded, every page rendered.
        fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
        self.assertTrue(fonts)
        for line in fonts:
            self.assertEqual(line.split()[-5], "yes", f"embedded: {line}")
        self.render_every_page(pdf, len(pages))

    def render_every_page(self, pdf, pages):
        prefix = self.out("page")
        done = subprocess.run(["pdftoppm", "-r", "20", "-png", pdf, prefix], capture_output=True,
                              text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stderr, "")
        pngs = [f for f in os.listdir(self.tmp.name) if f.startswith("page") and f.endswith(".png")]
        self.assertEqual(len(pngs), pages)

    def test_annual_in_english_as_html_is_self_contained(self):
        db = self.demo()
        page = self.out("annual.html")
        self.report("annual", "--year", str(YEAR), "--uncertainty", "0", "--lang", "en",
                "--out", page, db=db)
        with open(page, encoding="utf-8") as f:
            html = f.read()

        parsed = HtmlOutline()
        parsed.feed(html)
        self.assertIn("1 Overview", parsed.headings)
        self.assertIn("4 Evaluation", parsed.headings)
        for h in parsed.headings:
            self.assertIsNone(re.search(r"[\u4e00-\u9fff]", h), f"English heading: {h}")
        self.assertTrue(all(r.startswith("#") for r in parsed.refs), parsed.refs)
        rest = html.replace('xmlns="http://www.w3.org/2000/svg"', "")
        self.assertNotIn("http:", rest)
        self.assertNotIn("https:", rest)
        self.assertIn("<svg", html)
        self.assertIn("Contents", html)

    def test_annual_workbook_has_the_province_table(self):
        db = self.demo()
        book = self.out("annual.xlsx")
        self.report("annual", "--year", str(YEAR), "--uncertainty", "0", "--out", book, db=db)
        with zipfile.ZipFile(book) as z:
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
            workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
            names = [s.get("name") for s in workbook.find("m:sheets", ns)]
            self.assertIn("分省份", names)
            self.assertIn("评价排名", names)
            sheet = ElementTree.fromstring(
                z.read(f"xl/worksheets/sheet{names.index('分省份') + 1}.xml"))
            rows = []
            for row in sheet.iter(f"{{{ns['m']}}}row"):
                cells = []
                for c in row.iter(f"{{{ns['m']}}}c"):
                    inline = c.find("m:is/m:t", ns)
                    value = c.find("m:v", ns)
                    cells.append(inline.text if inline is not None else
                                 value.text if value is not None else None)
                rows.append(cells)
        stats = self.ok("stats", "--by", "province", "--year", str(YEAR), "--format", "json",
                        db=db).json()["rows"]
        header = rows[0]
        self.assertEqual(header[0], "省份")
        revenue = header.index("营业收入(亿元)")
        by_name = {r[0]: r for r in rows[1:] if r and r[0]}
        for row in stats:
            got = by_name[row["province"]]
            self.assertEqual(int(got[1]), row["clusters"])
            if row["revenue_yuan"] is not None:
                self.assertAlmostEqual(float(got[revenue]), row["revenue_yuan"] / 1e8, places=6)

    def test_annual_with_discovery_lists_the_concentrations_discover_finds(self):
        db = self.demo()
        points = os.path.join(os.path.dirname(__file__), "../../data/samples/points.csv")
        pdf = self.out("discovery.pdf")
        self.report("annual", "--year", str(YEAR), "--uncertainty", "0", "--discovery",
                points, "--out", pdf, db=db)
        text = "".join(pdf_pages(pdf))
        self.assertIn("六、发现的集聚区", text)
        self.assertIn("七、数据说明", text)
        # The concentrations as `discover --format json` summarises them: each one's points.
        found = self.ok("discover", "--points", points, "--format", "json", db=db).json()
        self.assertTrue(found["clusters"])
        start = text.index("表7集聚区")  # the body's table, not the contents' entry
        section = text[start:text.index("七、数据说明", start)]
        position = 0
        for c in found["clusters"][:30]:
            at = section.find(c["name"], position)
            self.assertGreaterEqual(at, 0, c)
            self.assertIn(str(c["points"]), section[at:at + len(c["name"]) + 20], c)
            position = at

    # --- fact sheets ---

    def test_fact_sheets_of_all_clusters_keep_the_layouts_pages(self):
        db = self.demo()
        pdf = self.out("all.pdf")
        self.report("cluster", "--all", "--year", str(YEAR), "--out", pdf, db=db)
        pages = pdf_pages(pdf)
        self.assertEqual(len(pages), pdf_page_count(pdf))
        names = dict(self.sql("SELECT id, name FROM cluster", db=db))
        members = self.in_programme(db)
        # The contents list every cluster with the page its sheet starts on.
        contents = "".join(p for p in pages[1:] if "目录" in p)
        starts = []
        for cid in members:
            m = re.search(re.escape(names[cid]) + r"(\d+)", contents)
            self.assertIsNotNone(m, names[cid])
            start = int(m.group(1))
            self.assertIn(names[cid], pages[start - 1])
            starts.append(start)
        # Each sheet lists its cluster's largest firm of the year (by the database's revenue).
        for cid in members[:5]:
            top = self.sql("SELECT e.name FROM enterprise_year y JOIN enterprise e ON "
                           "e.credit_code = y.credit_code WHERE y.cluster_id = ? AND y.year = ? "
                           "AND y.current = 1 ORDER BY y.revenue DESC LIMIT 1", (cid, YEAR), db=db)
            if top:
                start = starts[members.index(cid)]
                self.assertIn(top[0][0], "".join(pages[start - 1:start + 1]), names[cid])
        # One or two pages each, one after the other, and nothing after the last sheet's pages.
        starts.sort()
        self.assertEqual(len(set(starts)), len(starts))
        ends = starts[1:] + [len(pages) + 1]
        for s, e in zip(starts, ends):
            self.assertIn(e - s, (1, 2))
        self.render_every_page(pdf, len(pages))

    def test_a_fact_sheet_prints_the_cluster_show_figures(self):
        db = self.demo()
        cid = self.in_programme(db)[0]
        pdf = self.out("one.pdf")
        self.report("cluster", str(cid), "--year", str(YEAR), "--out", pdf, db=db)
        pages = pdf_pages(pdf)
        self.assertLessEqual(len(pages), 2)
        text = "".join(pages)
        record = self.ok("cluster", "show", str(cid), "--year", str(YEAR), "--format", "json",
                         db=db).json()["rows"]
        fields = {r["field"]: r["value"] for r in record}
        self.assertIn(fields["zone"], text)
        self.assertIn(yi(fields["revenue_yuan"]), text)
        self.assertIn(f"{fields['firms']:,}", text)
        # The rank among all evaluated clusters, as `evaluate` gives it.
        ranked = self.ok("evaluate", "--system", "torch-iic", "--year", str(YEAR), "--format",
                         "json", db=db).json()
        unit = next(u for u in ranked["units"] if u["unit"] == str(cid))
        if unit.get("rank"):
            self.assertIn(f"{unit['rank']}/{len(ranked['units'])}", text)
        self.assertIn(f"{unit['score']:.2f}", text)

    def test_one_year_of_figures_and_missing_ones_print_as_dashes(self):
        # A fresh database whose clusters report one year: the sample enterprises of 2023.
        sample = os.path.join(os.path.dirname(__file__), "../../data/samples/enterprises.csv")
        self.ok("import", "enterprises", sample, "--year", "2023")
        (cid, name, revenue), = self.sql(
            "SELECT c.id, c.name, sum(y.revenue) FROM enterprise_year y JOIN cluster c "
            "ON c.id = y.cluster_id WHERE y.current = 1 GROUP BY c.id ORDER BY c.id LIMIT 1")
        # A long name, as some clusters have: wrapped in its boxes, never wider.
        name = "武汉东湖新技术开发区光电子信息与激光智能制造及新一代信息技术融合创新型产业集群（国家级培育）"
        self.ok("cluster", "rename", str(cid), name, "--date", "2024-01-02", "--doc-no",
                "国科火字〔2024〕1号", "--reason", "更名")
        pdf = self.out("one-year.pdf")
        self.report("cluster", str(cid), "--out", pdf)
        text = "".join(pdf_pages(pdf))
        self.assertIn(name, text)
        self.assertIn(yi(revenue), text)
        # No change from a year without figures: a dash, never 0 or NaN.
        self.assertIn("—", text)
        self.assertNotIn("nan", text.lower())
        self.assertNotIn("inf", text.lower())
        # The annual report of this database: most provinces have no cluster with figures.
        annual = self.out("one-year-annual.pdf")
        self.report("annual", "--uncertainty", "0", "--out", annual)
        pages = pdf_pages(annual)
        text = "".join(pages)
        self.assertIn("一、总体情况", text)
        # The notes count the clusters that did not report: all but the sample's two.
        members = self.in_programme(self.db, 2023)
        reporting = {c for (c,) in self.sql(
            "SELECT DISTINCT cluster_id FROM enterprise_year WHERE year = 2023 AND current = 1")}
        self.assertEqual(len(reporting), 2)
        self.assertIn(f"营业收入{len(set(members) - reporting)}{len(members)}", text)
        self.render_every_page(annual, len(pages))

    # --- refusals ---

    def test_refusals_name_what_is_wrong(self):
        db = self.demo()
        r = self.fails(1, "report", "cluster", "--out", self.out("x.pdf"), db=db)
        self.assertIn("--all", r.err)
        r = self.fails(1, "report", "annual", "--out", self.out("x.docx"), db=db)
        self.assertIn(".pdf", r.err)
        r = self.fails(2, "report", "cluster", "no-such-cluster", "--out", self.out("x.pdf"), db=db)
        self.assertFalse(os.path.exists(self.out("x.pdf")))
        r = self.fails(2, "report", "annual", "--year", "1999", "--out", self.out("x.pdf"), db=db)
        self.assertFalse(os.path.exists(self.out("x.pdf")))


if __name__ == "__main__":
    unittest.main()
