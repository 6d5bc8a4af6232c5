"""A selection round end to end on the command line: `round create|list|show|advance`,
`application submit|return|list|show` and `recommend`, as a programme office, a zone and a
province would use them. Expectations are the programme's rules read by hand
(reference: 一区一主导产业, stages with deadlines, quotas), checked on the database file with
Python's sqlite3 where the store is concerned; a refused action must leave the file unchanged."""
import datetime
import json
import os

from harness import CliTest

TODAY = datetime.date.today()


def day(offset):
    return (TODAY + datetime.timedelta(days=offset)).isoformat()


class RoundTest(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")
        for name, province, city in [("襄阳高新区", "湖北", "襄阳市"), ("宜昌高新区", "湖北", "宜昌市"),
                                     ("荆门高新区", "湖北", "荆门市"), ("常州高新区", "江苏", "常州市")]:
            if not self.sql("SELECT id FROM zone WHERE name = ?", (name,)):
                self.ok("zone", "add", name, "--province", province, "--city", city)

    def create(self, *extra, applications=30, doc_no="国科火字〔2026〕18号"):
        r = self.ok("round", "create", "--year", str(TODAY.year), "--name", "创新型产业集群遴选",
                    "--doc-no", doc_no, "--system", "torch-iic",
                    "--applications", day(applications), "--recommendation", day(60),
                    "--review", day(90), "--decision", day(100), "--notice", day(110), *extra)
        return self.sql("SELECT max(id) FROM selection_round")[0][0]

    def submit(self, round_id, zone, name, *extra):
        return self.run_cli("application", "submit", "--round", str(round_id), "--zone", zone,
                            "--name", name, "--industry", "3612", "--building-unit", zone + "管委会",
                            "--management-body", name + "促进中心", "--firm", "甲汽车有限公司",
                            *extra)

    def application_id(self, zone):
        return self.sql("SELECT a.id FROM application a JOIN zone z ON z.id = a.zone_id "
                        "WHERE z.name = ?", (zone,))[0][0]

    def stage(self, round_id):
        return self.sql("SELECT stage FROM selection_round WHERE id = ?", (round_id,))[0][0]

    def test_a_round_from_applications_to_the_provinces_lists(self):
        rid = self.create("--quota", "湖北=2")
        self.assertEqual(self.stage(rid), "applications")
        for zone, name in [("襄阳高新区", "襄阳新能源汽车集群"), ("宜昌高新区", "宜昌汽车集群"),
                           ("荆门高新区", "荆门汽车集群"), ("常州高新区", "常州汽车集群")]:
            r = self.submit(rid, zone, name)
            self.assertEqual(r.code, 0, r)
        xiangyang, yichang, jingmen, changzhou = (self.application_id(z) for z in
                                                   ["襄阳高新区", "宜昌高新区", "荆门高新区", "常州高新区"])
        # The province returns one for correction with its reasons; the zone corrects it.
        self.ok("application", "return", str(jingmen), "--reason", "龙头企业名单不完整")
        listed = self.ok("application", "list", "--round", str(rid), "--province", "湖北",
                         "--state", "returned", "--format", "json").json()
        self.assertEqual([row["id"] for row in listed["rows"]], [jingmen])
        self.ok("round", "advance", str(rid))
        self.assertEqual(self.stage(rid), "recommendation")
        r = self.submit(rid, "荆门高新区", "荆门新能源汽车集群", "--firm", "乙电池有限公司")
        self.assertEqual(r.code, 0, r)
        self.assertEqual(self.sql("SELECT cluster_name, state, submissions, return_reason, "
                                  "leading_firms FROM application WHERE id = ?", (jingmen,)),
                         [("荆门新能源汽车集群", "submitted", 2, "龙头企业名单不完整",
                           '["甲汽车有限公司","乙电池有限公司"]')])

        # Over the quota of 2: refused, nothing stored.
        before = self.dump()
        r = self.fails(3, "recommend", "--round", str(rid), "--province", "湖北",
                       "--application", str(yichang), "--opinion", "同意",
                       "--application", str(xiangyang), "--opinion", "同意",
                       "--application", str(jingmen), "--opinion", "同意")
        self.assertIn("province 湖北省 (420000) may recommend at most 2", r.err)
        self.assertEqual(self.dump(), before)
        # Another province's application: refused.
        self.fails(3, "recommend", "--round", str(rid), "--province", "湖北",
                   "--application", str(changzhou), "--opinion", "同意")
        # Opinions must pair with applications.
        self.fails(1, "recommend", "--round", str(rid), "--province", "湖北",
                   "--application", str(yichang), "--application", str(xiangyang),
                   "--opinion", "同意")
        self.ok("recommend", "--round", str(rid), "--province", "湖北",
                "--application", str(yichang), "--opinion", "产业基础雄厚，同意推荐",
                "--application", str(xiangyang), "--opinion", "同意推荐")
        self.assertEqual(self.sql("SELECT application_id, rank, opinion FROM recommendation "
                                  "ORDER BY rank"),
                         [(yichang, 1, "产业基础雄厚，同意推荐"), (xiangyang, 2, "同意推荐")])
        # Jiangsu has no quota: no limit.
        self.ok("recommend", "--round", str(rid), "--province", "江苏",
                "--application", str(changzhou), "--opinion", "同意")
        rows = self.ok("application", "list", "--round", str(rid), "--format", "json").json()["rows"]
        ranks = {row["id"]: row["rank"] for row in rows}
        self.assertEqual(ranks, {yichang: 1, xiangyang: 2, jingmen: None, changzhou: 1})

        shown = self.ok("round", "show", str(rid), "--format", "json").json()
        self.assertEqual([row["state"] for row in shown["rows"]],
                         ["done", "current", "upcoming", "upcoming", "upcoming", "upcoming"])
        self.assertIn("湖北: 3 applied, 0 returned, 2 recommended (quota 2)", shown["notes"])
        self.assertIn("江苏: 1 applied, 0 returned, 1 recommended (no quota)", shown["notes"])
        provinces = self.ok("round", "provinces", str(rid), "--format", "json").json()["rows"]
        self.assertEqual(provinces, [
            {"province": "320000", "province_name": "江苏", "applied": 1, "returned": 0,
             "recommended": 1, "quota": None},
            {"province": "420000", "province_name": "湖北", "applied": 3, "returned": 0,
             "recommended": 2, "quota": 2}])
        # Each action is in the audit log, and the chain holds.
        actions = self.sql("SELECT action, entity FROM audit_log WHERE entity IN "
                           "('round', 'application', 'recommendation') ORDER BY id")
        self.assertEqual([a for a, _ in actions],
                         ["add", "submit", "submit", "submit", "submit", "return", "advance",
                          "resubmit", "recommend", "recommend"])
        self.ok("audit-log", "verify")

    def test_the_programmes_rules_refuse_and_change_nothing(self):
        rid = self.create()
        # 一区一主导产业: 武汉东湖高新区 has a pilot cluster since 2013.
        before = self.dump()
        r = self.fails(3, "application", "submit", "--round", str(rid), "--zone", "武汉东湖高新区",
                       "--name", "武汉第二集群", "--industry", "3973", "--building-unit", "管委会",
                       "--management-body", "促进中心")
        self.assertIn("武汉东湖高新区", r.err)
        self.assertEqual(self.dump(), before)
        self.assertEqual(self.submit(rid, "襄阳高新区", "襄阳集群").code, 0)
        before = self.dump()
        r = self.fails(3, *["application", "submit", "--round", str(rid), "--zone", "襄阳高新区",
                            "--name", "襄阳另一集群", "--industry", "3612", "--building-unit", "x",
                            "--management-body", "y"])
        self.assertIn("applied in this round already", r.err)
        # A return without its reasons; an unknown round; a bad industry code.
        self.fails(2, "application", "return", str(self.application_id("襄阳高新区")),
                   "--reason", " ")
        self.fails(2, "application", "submit", "--round", "99", "--zone", "宜昌高新区", "--name",
                   "n", "--industry", "3612", "--building-unit", "x", "--management-body", "y")
        self.fails(2, "application", "submit", "--round", str(rid), "--zone", "宜昌高新区",
                   "--name", "n", "--industry", "36x2", "--building-unit", "x",
                   "--management-body", "y")
        self.assertEqual(self.dump(), before)

    def test_a_deadline_passed_is_named_with_its_date(self):
        rid = self.create(applications=-1)
        before = self.dump()
        r = self.fails(3, *["application", "submit", "--round", str(rid), "--zone", "襄阳高新区",
                            "--name", "襄阳集群", "--industry", "3612", "--building-unit", "x",
                            "--management-body", "y"])
        self.assertIn(day(-1), r.err)
        self.assertIn("applications (申报)", r.err)
        self.assertEqual(self.dump(), before)
        # The province cannot recommend before its stage either.
        self.fails(3, "recommend", "--round", str(rid), "--province", "湖北")

    def test_a_round_needs_every_deadline_in_order_and_a_known_system(self):
        base = ["round", "create", "--year", "2026", "--name", "n", "--doc-no", "d"]
        dates = ["--applications", day(1), "--recommendation", day(2), "--review", day(3),
                 "--decision", day(4)]
        r = self.fails(2, *base, "--system", "torch-iic", *dates)
        self.assertIn("notice", r.err)  # its deadline is missing
        r = self.fails(2, *base, "--system", "torch-iic", "--applications", day(5),
                       "--recommendation", day(2), "--review", day(6), "--decision", day(7),
                       "--notice", day(8))
        self.assertIn("before", r.err)
        self.fails(2, *base, "--system", "no-such-system", *dates, "--notice", day(5))
        self.fails(1, *base, "--system", "torch-iic", *dates, "--notice", day(5),
                   "--quota", "湖北")
        self.fails(2, *base, "--system", "torch-iic", *dates, "--notice", day(5),
                   "--quota", "火星=3")
        self.assertEqual(self.sql("SELECT count(*) FROM selection_round"), [(0,)])
        # A re-evaluation starts at the review and has no application deadlines.
        self.ok("round", "create", "--kind", "复核", "--year", "2026", "--name", "集群复核",
                "--doc-no", "国科火字〔2026〕30号", "--system", "torch-iic", "--review", day(3),
                "--decision", day(4), "--notice", day(5))
        listed = self.ok("round", "list", "--format", "json").json()["rows"]
        self.assertEqual([(row["kind"], row["stage"]) for row in listed],
                         [("reevaluation", "review")])
        for _ in range(3):
            self.ok("round", "advance", str(listed[0]["id"]))
        self.fails(3, "round", "advance", str(listed[0]["id"]))  # closed

    def test_an_application_reads_back_field_by_field(self):
        rid = self.create()
        self.assertEqual(self.submit(rid, "襄阳高新区", "襄阳集群", "--firm", "乙公司",
                                     "--contact", "王工 0710-1234567").code, 0)
        shown = self.ok("application", "show", str(self.application_id("襄阳高新区")),
                        "--format", "json").json()
        fields = {row["field"]: row["value"] for row in shown["rows"]}
        self.assertEqual(fields["province"], "湖北省")
        self.assertEqual(fields["zone"], "襄阳高新区")
        self.assertEqual(fields["leading_firms"], "甲汽车有限公司；乙公司")
        self.assertEqual(fields["contact"], "王工 0710-1234567")
        self.assertEqual(fields["state"], "submitted")
        table = self.ok("application", "show", str(self.application_id("襄阳高新区"))).out
        self.assertIn("襄阳集群", table)

    def test_documents_are_attached_by_their_content_with_their_sha256(self):
        import hashlib
        import zipfile
        rid = self.create()
        self.assertEqual(self.submit(rid, "襄阳高新区", "襄阳集群").code, 0)
        app_id = self.application_id("襄阳高新区")
        pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
        path = f"{self.tmp.name}/申报书.pdf"
        with open(path, "wb") as f:
            f.write(pdf)
        self.ok("application", "attach", str(app_id), path)
        docx = f"{self.tmp.name}/证明材料.docx"
        with zipfile.ZipFile(docx, "w") as z:
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("word/document.xml", "<document/>")
        self.ok("application", "attach", str(app_id), docx)
        with open(docx, "rb") as f:
            docx_bytes = f.read()
        self.assertEqual(
            self.sql("SELECT name, type, size, sha256, content FROM application_document "
                     "ORDER BY id"),
            [("申报书.pdf", "pdf", len(pdf), hashlib.sha256(pdf).hexdigest(), pdf),
             ("证明材料.docx", "docx", len(docx_bytes), hashlib.sha256(docx_bytes).hexdigest(),
              docx_bytes)])
        listed = self.ok("application", "documents", str(app_id), "--format", "json").json()
        self.assertEqual([row["name"] for row in listed["rows"]], ["申报书.pdf", "证明材料.docx"])

        before = self.dump()
        # A program renamed .pdf, a PDF named .docx, the same content twice: refused, nothing kept.
        fake = f"{self.tmp.name}/申报书2.pdf"
        with open(fake, "wb") as f:
            f.write(b"MZ\x90\x00\x03 this is a program")
        r = self.fails(2, "application", "attach", str(app_id), fake)
        self.assertIn("申报书2.pdf", r.err)
        # A text file named .pdf, and a file over the 50 MB limit (sparse: 51 MiB of nothing):
        # each refusal names the file once, before what is wrong with it.
        text = f"{self.tmp.name}/fake.pdf"
        with open(text, "w", encoding="utf-8") as f:
            f.write("这不是PDF文件\n")
        r = self.fails(2, "application", "attach", str(app_id), text)
        self.assertEqual(r.err, f"clusteratlas: {text}: not a PDF, DOCX or XLSX document\n")
        big = f"{self.tmp.name}/大.pdf"
        with open(big, "wb") as f:
            f.truncate(51 << 20)
        r = self.fails(2, "application", "attach", str(app_id), big)
        self.assertEqual(r.err, f"clusteratlas: {big}: 51.0 MB, more than the 50 MB an "
                                "attachment may have\n")
        misnamed = f"{self.tmp.name}/附件.docx"
        with open(misnamed, "wb") as f:
            f.write(pdf + b"\n")
        r = self.fails(2, "application", "attach", str(app_id), misnamed)
        self.assertIn("rename it 附件.pdf", r.err)
        self.fails(3, "application", "attach", str(app_id), path)
        self.assertEqual(self.dump(), before)

        # Read back as attached. Without --out a document goes under its own name here (the
        # working directory), never over a file that is there already.
        pdf_id, docx_id = [row["id"] for row in listed["rows"]]
        r = self.fails(2, "application", "download", str(app_id), str(pdf_id))
        self.assertIn("申报书.pdf exists already", r.err)
        os.remove(docx)
        self.ok("application", "download", str(app_id), str(docx_id))
        copy = f"{self.tmp.name}/副本.pdf"
        self.ok("application", "download", str(app_id), str(pdf_id), "--out", copy)
        for written, attached in ((docx, docx_bytes), (copy, pdf)):
            with open(written, "rb") as f:
                self.assertEqual(f.read(), attached)
        self.assertEqual(self.ok("application", "download", str(app_id), str(pdf_id), "--out",
                                 "-").out, pdf.decode("ascii"))
        # A document of another application, or none, is not found.
        self.fails(2, "application", "download", str(app_id), str(docx_id + 100))
        # A copy changed inside the database is refused, and nothing is written.
        self.sql_write("UPDATE application_document SET content = ? WHERE id = ?",
                       (pdf.replace(b"1 0 obj", b"2 0 obj"), pdf_id))
        tampered = f"{self.tmp.name}/篡改.pdf"
        r = self.fails(4, "application", "download", str(app_id), str(pdf_id), "--out", tampered)
        self.assertIn("no longer matches the size and SHA-256", r.err)
        self.assertFalse(os.path.exists(tampered))
