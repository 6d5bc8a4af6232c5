"""`clusteratlas report round ID`: a selection round's report, read back with poppler's pdftotext
(white space removed, as test_report.py does), Python's html.parser and zipfile. The round is
taken through the CLI as test_round_reviews.py takes it — applications, recommendations,
assignment, reviews, decision, public notice and an objection answered — and the figures expected
are those the round's own verbs print for it: `application list`, `reliability --round`,
`notice show` and `notice objections` as JSON, formatted here as their tables round them."""
import os
import re
import zipfile
from xml.etree import ElementTree

from harness import CliTest
from round_setup import day, submitted_round, to_review
from test_report import HtmlOutline, pdf_pages
from test_round_reviews import PANEL, REVENUE, SYSTEM


class RoundReportTest(CliTest):
    def out(self, name):
        return os.path.join(self.tmp.name, name)

    def round_to_notice(self):
        """The round of round_setup.py taken to its public notice, with one objection to 荆门
        answered (not upheld)."""
        system = self.out("round-test.yaml")
        with open(system, "w", encoding="utf-8") as f:
            f.write(SYSTEM)
        self.rid, self.apps = submitted_round(self, system, "--data-weight", "0.4")
        figures = self.out("申报数据.csv")
        with open(figures, "w", encoding="utf-8") as f:
            f.write("\n".join(["unit,revenue"] +
                              [f"{self.apps[n]},{r}" for n, r in REVENUE.items()]) + "\n")
        self.ok("application", "figures", "--round", self.rid, figures)
        to_review(self, self.rid, self.apps,
                  ["北京大学", "清华大学", "中科院微电子所", "襄阳高新区管委会"])
        self.ok("review", "form", "--round", self.rid, "--set", "创新能力:60,组织管理:40")
        self.ok("assign", "--round", self.rid, "--reviewers", "3", "--max-load", "3")
        assigned = {}
        for name, code in self.sql(
                "SELECT a.cluster_name, e.code FROM review_assignment r "
                "JOIN application a ON a.id = r.application_id "
                "JOIN expert e ON e.id = r.expert_id ORDER BY a.cluster_name, e.code"):
            assigned.setdefault(name, []).append(code)
        for name, experts in assigned.items():
            for code, total in zip(experts, PANEL[name]):
                first = min(total, 60)
                self.ok("review", "submit", "--application", str(self.apps[name]),
                        "--expert", code, "--points", f"{first},{total - first}",
                        "--comment", "意见")
        self.ok("round", "advance", self.rid)  # decision
        self.ok("decide", "--round", self.rid, "--places", "2", "--pass-mark", "60")
        self.ok("round", "advance", self.rid)  # notice
        self.ok("notice", "object", "--application", str(self.apps["荆门芯片集群"]),
                "--by", "李四", "--grounds", "研发投入数据与统计年报不符")
        objection = str(self.sql("SELECT max(id) FROM objection")[0][0])
        self.ok("notice", "answer", objection, "--answer", "经核实数据无误")

    def test_the_pdf_has_the_figures_the_round_verbs_print(self):
        self.round_to_notice()
        pdf = self.out("遴选报告.pdf")
        self.ok("report", "round", self.rid, "--out", pdf)
        text = "".join(pdf_pages(pdf))
        self.assertNotIn("nan", text.lower())
        for heading in ("目录", "集群遴选工作报告", "国科火字〔2026〕18号", "一、概况",
                        "二、申报与推荐", "三、评审专家与分配", "四、评审信度", "五、评分与决定",
                        "六、公示与异议", "七、说明", "表3申报", "表13评审决定"):
            self.assertIn(heading, text)
        self.assertNotIn("尚无。", text)  # every section has its content
        # The applications, each with its state, as `application list` gives them.
        rows = self.ok("application", "list", "--round", self.rid, "--format",
                       "json").json()["rows"]
        self.assertEqual(len(rows), 4)
        position = text.find("表3申报")
        for r in rows:
            found = text.find(r["cluster_name"], position)
            self.assertGreaterEqual(found, 0, r)
            self.assertIn(r["state"], text[found:found + 80], r)
        # The panel: every assigned expert by code and name.
        for code, name in self.sql("SELECT DISTINCT e.code, e.name FROM review_assignment r "
                                   "JOIN expert e ON e.id = r.expert_id"):
            self.assertIn(f"{code}{name}", text)
        # Each application's mean and trimmed mean to two decimals, after its name, and the
        # reliability coefficients to four, as `reliability --round` computes them.
        stats = self.ok("reliability", "--round", self.rid, "--format", "json").json()
        position = text.find("表12各申报的专家得分")
        self.assertGreaterEqual(position, 0)
        names = {str(r["id"]): r["cluster_name"] for r in rows}
        for a in stats["applications"]:
            found = text.find(a["application"] + names[a["application"]], position)
            self.assertGreaterEqual(found, 0, a)
            self.assertIn(f"{a['count']}{a['mean']:.2f}{a['trimmed_mean']:.2f}",
                          text[found:found + 60], a)
        alpha = stats["reliability"]["krippendorff_alpha_interval"]["alpha"]
        self.assertIn(f"{alpha:.4f}", text)
        icc = stats["reliability"]["icc_one_way"]["icc_1_1"]
        self.assertIn(f"{icc:.4f}", text)
        # The decision: composites to two decimals, listed or not.
        decision = self.ok("notice", "show", "--round", self.rid, "--format",
                           "json").json()["rows"]
        position = text.find("表13评审决定")
        for r in decision:
            found = text.find(r["cluster_name"], position)
            self.assertGreaterEqual(found, 0, r)
            if r["composite"] is not None:
                self.assertIn(f"{r['composite']:.2f}", text[found:found + 80], r)
        self.assertIn(f"公示期至{day(110)}", text)
        # The objection and its answer.
        objections = self.ok("notice", "objections", "--round", self.rid, "--format",
                             "json").json()["rows"]
        self.assertEqual(len(objections), 1)
        self.assertIn(objections[0]["grounds"], text)
        self.assertIn(objections[0]["answer"], text)

    def test_english_html_and_the_workbook(self):
        self.round_to_notice()
        page = self.out("round.html")
        self.ok("report", "round", self.rid, "--lang", "en", "--out", page)
        with open(page, encoding="utf-8") as f:
            html = f.read()
        parsed = HtmlOutline()
        parsed.feed(html)
        for heading in ("1 Summary", "4 Reliability of the reviews", "6 Public notice and "
                        "objections"):
            self.assertIn(heading, parsed.headings)
        for h in parsed.headings:
            self.assertIsNone(re.search(r"[\u4e00-\u9fff]", h), f"English heading: {h}")
        self.assertIn("Proposed cluster", html)

        book = self.out("round.xlsx")
        self.ok("report", "round", self.rid, "--out", book)
        with zipfile.ZipFile(book) as z:
            ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
            workbook = ElementTree.fromstring(z.read("xl/workbook.xml"))
            names = [s.get("name") for s in workbook.find("m:sheets", ns)]
        for sheet in ("申报", "专家", "分配", "信度", "评分", "决定", "异议"):
            self.assertIn(sheet, names)

    def test_an_early_round_and_an_unknown_one(self):
        self.ok("init")
        if not self.sql("SELECT id FROM zone WHERE name = '襄阳高新区'"):
            self.ok("zone", "add", "襄阳高新区", "--province", "湖北", "--city", "襄阳市")
        self.ok("round", "create", "--year", "2026", "--name", "新开遴选", "--doc-no",
                "国科火字〔2026〕1号", "--system", "torch-iic", "--applications", day(30),
                "--recommendation", day(60), "--review", day(90), "--decision", day(100),
                "--notice", day(110))
        rid = str(self.sql("SELECT max(id) FROM selection_round")[0][0])
        self.ok("application", "submit", "--round", rid, "--zone", "襄阳高新区", "--name",
                "襄阳芯片集群", "--industry", "3973", "--building-unit", "管委会",
                "--management-body", "促进中心")
        pdf = self.out("early.pdf")
        self.ok("report", "round", rid, "--out", pdf)
        text = "".join(pdf_pages(pdf))
        self.assertIn("襄阳芯片集群3973submitted", text)
        for heading in ("一、概况", "二、申报与推荐", "五、评分与决定", "七、说明"):
            self.assertIn(heading, text)
        # No recommendation, panel, reliability, scores, decision, notice or objection yet: each
        # says so.
        self.assertEqual(text.count("尚无。"), 7)
        self.assertNotIn("nan", text.lower())

        missing = self.out("missing.pdf")
        r = self.fails(2, "report", "round", "99", "--out", missing)
        self.assertIn("no selection round with id 99", r.err)
        self.assertFalse(os.path.exists(missing))


if __name__ == "__main__":
    import unittest
    unittest.main()
