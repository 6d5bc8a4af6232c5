#!/usr/bin/env python3
"""Writes the small .xlsx fixtures beside this script, for end-to-end tests of XLSX import.

Only the standard library (zipfile) is used and every timestamp is fixed, so running it again
gives the same bytes and no binary file is ever edited by hand. Run: python3 make_fixtures.py

  enterprises-2023.xlsx      the enterprise rows of tests/cli/test_import.py as Excel saves them:
                             shared strings, numbers as numbers (12,000 in a #,##0 format), a
                             date column, and a second sheet "说明" after the data sheet "2023年"
  formula-no-value.xlsx      cell E3 holds a formula Excel never computed (written by a script)
  error-cell.xlsx            cell D3 holds #DIV/0!
  not-a-zip.xlsx             CSV text saved with an .xlsx name
  truncated.xlsx             the first half of enterprises-2023.xlsx
"""
import os
import zipfile
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

CLUSTER = "襄阳高新区新能源汽车创新型产业集群"
HUAWEI = "914403001922038216"
OTHER = "91110000100000000R"
HEADER = ["统一社会信用代码", "企业名称", "集群名称", "营业收入(万元)", "从业人员(人)",
          "是否高新技术企业", "有效发明专利(件)", "研发经费内部支出(千元)", "填报日期"]


def column_name(index):
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(ord("A") + rem) + name
    return name


class Workbook:
    """A workbook as parts; cells are str (shared string), int/float (number), or a tuple
    ("formula", text[, cached]), ("error", "#DIV/0!"), ("date", serial)."""

    def __init__(self):
        self.sheets = []  # (name, rows)
        self.strings = []

    def add_sheet(self, name, rows):
        self.sheets.append((name, rows))

    def _string(self, s):
        if s not in self.strings:
            self.strings.append(s)
        return self.strings.index(s)

    def _cell(self, ref, value):
        if value is None or value == "":
            return ""
        if isinstance(value, str):
            return f'<c r="{ref}" t="s"><v>{self._string(value)}</v></c>'
        if isinstance(value, (int, float)):
            return f'<c r="{ref}" s="1"><v>{value}</v></c>'
        kind = value[0]
        if kind == "date":
            return f'<c r="{ref}" s="2"><v>{value[1]}</v></c>'
        if kind == "error":
            return f'<c r="{ref}" t="e"><v>{escape(value[1])}</v></c>'
        if kind == "formula":
            cached = f"<v>{value[2]}</v>" if len(value) > 2 else ""
            return f'<c r="{ref}"><f>{escape(value[1])}</f>{cached}</c>'
        raise ValueError(value)

    def _sheet_xml(self, rows):
        out = []
        for r, row in enumerate(rows, start=1):
            cells = "".join(self._cell(f"{column_name(c)}{r}", v) for c, v in enumerate(row))
            out.append(f'<row r="{r}">{cells}</row>')
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{"".join(out)}'
                f"</sheetData></worksheet>")

    def parts(self):
        parts = {}
        sheets = [(name, self._sheet_xml(rows)) for name, rows in self.sheets]
        types = ['<Default Extension="rels" '
                 'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
                 '<Default Extension="xml" ContentType="application/xml"/>',
                 '<Override PartName="/xl/workbook.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
                 '<Override PartName="/xl/styles.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>',
                 '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                 'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>']
        book_sheets, rels = [], []
        for i, (name, xml) in enumerate(sheets, start=1):
            parts[f"xl/worksheets/sheet{i}.xml"] = xml
            types.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                         'ContentType="application/vnd.openxmlformats-officedocument.'
                         'spreadsheetml.worksheet+xml"/>')
            book_sheets.append(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>')
            rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" '
                        f'Target="worksheets/sheet{i}.xml"/>')
        n = len(sheets)
        rels.append(f'<Relationship Id="rId{n + 1}" Type="{REL}/styles" Target="styles.xml"/>')
        rels.append(f'<Relationship Id="rId{n + 2}" Type="{REL}/sharedStrings" '
                    'Target="sharedStrings.xml"/>')
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        parts["[Content_Types].xml"] = (
            head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(types) + "</Types>")
        parts["_rels/.rels"] = (
            head + f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        parts["xl/workbook.xml"] = (
            head + f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{"".join(book_sheets)}'
            "</sheets></workbook>")
        parts["xl/_rels/workbook.xml.rels"] = (
            head + f'<Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>')
        # Styles: 0 General, 1 "#,##0" (built-in 3), 2 yyyy-mm-dd (built-in 14).
        parts["xl/styles.xml"] = (
            head + f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/>'
            '<name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill '
            'patternType="none"/></fill></fills><borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="3">'
            '<xf numFmtId="0" xfId="0"/><xf numFmtId="3" xfId="0" applyNumberFormat="1"/>'
            '<xf numFmtId="14" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>')
        sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in self.strings)
        parts["xl/sharedStrings.xml"] = (
            head + f'<sst xmlns="{MAIN}" count="{len(self.strings)}" '
            f'uniqueCount="{len(self.strings)}">{sst}</sst>')
        return parts

    def save(self, name):
        path = os.path.join(HERE, name)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for part, text in sorted(self.parts().items()):
                info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("utf-8"))
        return path


def enterprises():
    book = Workbook()
    # 45292 = 2024-01-01 in Excel's 1900 date system.
    book.add_sheet("2023年", [
        HEADER,
        [HUAWEI, "华为技术有限公司", CLUSTER, 12000, 300, "是", 12, 5000, ("date", 45292)],
        [OTHER, "某某有限公司", CLUSTER, 800, 20, "否", None, None, ("date", 45293)],
    ])
    book.add_sheet("说明", [["本表为测试数据"]])
    return book


def main():
    good = enterprises().save("enterprises-2023.xlsx")

    book = Workbook()
    book.add_sheet("Sheet1", [HEADER[:6],
                              [HUAWEI, "华为技术有限公司", CLUSTER, 12000, 300, "是"],
                              [OTHER, "某某有限公司", CLUSTER, 800, ("formula", "D2/15"), "否"]])
    book.save("formula-no-value.xlsx")

    book = Workbook()
    book.add_sheet("Sheet1", [HEADER[:6],
                              [HUAWEI, "华为技术有限公司", CLUSTER, 12000, 300, "是"],
                              [OTHER, "某某有限公司", CLUSTER, ("error", "#DIV/0!"), 20, "否"]])
    book.save("error-cell.xlsx")

    with open(os.path.join(HERE, "not-a-zip.xlsx"), "wb") as f:
        f.write(",".join(HEADER).encode("utf-8") + b"\r\n")
    with open(good, "rb") as f:
        data = f.read()
    with open(os.path.join(HERE, "truncated.xlsx"), "wb") as f:
        f.write(data[: len(data) // 2])


if __name__ == "__main__":
    main()
