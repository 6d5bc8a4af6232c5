"""The corpus of bad files: each gives one clear error naming the file, exit code 2, no crash,
and nothing stored. CSV cases are generated here; XLSX cases come from tests/data/xlsx
(made by tests/data/xlsx/make_fixtures.py)."""
import os
import unittest

from harness import CliTest

HERE = os.path.dirname(os.path.abspath(__file__))
XLSX = os.path.join(HERE, "..", "data", "xlsx")
CLUSTER = "襄阳高新区新能源汽车创新型产业集群"
HEADER = "统一社会信用代码,企业名称,集群名称,营业收入(万元)\n"
ROW = f"914403001922038216,华为技术有限公司,{CLUSTER},100\n"


class BadFiles(CliTest):
    def setUp(self):
        super().setUp()
        self.ok("init")
        self.ok("cluster", "add", CLUSTER, "--zone", "襄阳高新区", "--industry", "3612",
                "--status", "pilot", "--date", "2021-08-10")
        self.before = self.dump()

    def refused(self, name, content, *flags, expect=""):
        path = os.path.join(self.tmp.name, name)
        with open(path, "wb") as f:
            f.write(content)
        return self.refused_path(path, *flags, expect=expect)

    def refused_path(self, path, *flags, expect=""):
        r = self.run_cli("import", "enterprises", path, "--year", "2023", *flags)
        self.assertEqual(r.code, 2, r)
        self.assertIn(os.path.basename(path), r.err)
        self.assertIn(expect, r.err)
        self.assertNotIn("unexpected", r.err)
        self.assertEqual(self.dump(), self.before, "nothing stored")
        return r

    def test_invalid_utf8(self):
        self.refused("bad-utf8.csv", (HEADER + ROW).encode() + b"\xff\xfe\xfd,x,y,1\n",
                     "--encoding", "utf-8", expect="row 3")

    def test_neither_utf8_nor_gbk(self):
        self.refused("binary.csv", HEADER.encode() + bytes(range(0x80, 0x100)) * 4,
                     expect="neither UTF-8 nor GB18030")

    def test_gbk_mislabelled_as_utf8(self):
        self.refused("gbk.csv", (HEADER + ROW).encode("gb18030"), "--encoding", "utf-8",
                     expect="gb18030")

    def test_a_20_mb_field(self):
        self.refused("huge.csv", (HEADER + ROW[:-1] + "9" * (20 << 20) + "\n").encode(),
                     expect="longer than")

    def test_nul_bytes(self):
        self.refused("nul.csv", (HEADER + ROW).encode() + b"9144\x00,x,y,1\n", expect="NUL")

    def test_a_million_columns_in_the_header(self):
        self.refused("wide.csv", ("a," * 1_000_000 + "\n").encode(), expect="more than 16384")

    def test_unterminated_quote(self):
        self.refused("quote.csv", (HEADER + '"914403001922038216,华为\n').encode(),
                     expect="never closed")

    def test_empty_file(self):
        self.refused("empty.csv", b"", expect="empty")

    def test_xlsx_corpus(self):
        cases = {"truncated.xlsx": "", "not-a-zip.xlsx": "", "formula-no-value.xlsx": "formula",
                 "error-cell.xlsx": "#DIV/0!"}
        for name, expect in cases.items():
            with self.subTest(name):
                self.refused_path(os.path.join(XLSX, name), expect=expect)

    def test_xlsx_without_shared_strings(self):
        import zipfile
        path = os.path.join(self.tmp.name, "no-shared-strings.xlsx")
        main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                       'openxmlformats.org/package/2006/content-types"/>')
            z.writestr("xl/workbook.xml", f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
                       '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>')
            z.writestr("xl/_rels/workbook.xml.rels",
                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
                       'formats.org/officeDocument/2006/relationships/worksheet" '
                       'Target="worksheets/sheet1.xml"/></Relationships>')
            z.writestr("xl/worksheets/sheet1.xml", f'<worksheet xmlns="{main}"><sheetData>'
                       '<row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        self.refused_path(path, expect="shared string")


if __name__ == "__main__":
    unittest.main()
