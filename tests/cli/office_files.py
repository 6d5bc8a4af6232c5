"""Files as statistics offices make them, written here independently of ClusterAtlas: CSV in GBK
(what Excel saves on Chinese Windows) and XLSX written part by part with zipfile, as Excel, WPS or
openpyxl leave them — a merged title above the header, date-formatted cells, formulas with or
without a computed value, numbers where text belongs.
"""
import csv
import io
import zipfile
from xml.sax.saxutils import escape, quoteattr

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def write_csv(path, rows, encoding="gbk"):
    """Rows (lists of text) as CSV with CRLF line ends, encoded as Excel does on Chinese Windows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    with open(path, "wb") as f:
        f.write(buffer.getvalue().encode(encoding))
    return path


class Number:
    """A number cell, optionally styled: Number(12000), Number(45657, style=DATE)."""

    def __init__(self, value, style=0):
        self.value, self.style = value, style


class Formula:
    """A formula cell; cached=None writes an empty <v></v> (what openpyxl writes: never computed)."""

    def __init__(self, text, cached=None):
        self.text, self.cached = text, cached


# Cell styles (cellXfs): 0 General, 1 yyyy-mm-dd (built-in 14), 2 yyyy"年"m"月"d"日" (custom 176).
DATE, CHINESE_DATE = 1, 2


def write_xlsx(path, rows, merged=(), sheet="Sheet1"):
    """A workbook of one sheet. Cells: str (shared string), Number, Formula or None (absent);
    `merged` lists ranges such as "A1:H1" (the title merged across the table, its other cells
    present but empty, as Excel writes them)."""
    strings = []

    def cell(ref, value):
        if value is None:
            return ""
        if isinstance(value, str):
            if value not in strings:
                strings.append(value)
            return f'<c r="{ref}" t="s"><v>{strings.index(value)}</v></c>'
        if isinstance(value, Number):
            return f'<c r="{ref}" s="{value.style}"><v>{value.value}</v></c>'
        if isinstance(value, Formula):
            cached = "" if value.cached is None else value.cached
            return f'<c r="{ref}"><f>{escape(value.text)}</f><v>{cached}</v></c>'
        raise ValueError(value)

    covered = set()
    for m in merged:
        first, last = m.split(":")
        # Only single-row merges here: the title and a total's label.
        row = int("".join(ch for ch in first if ch.isdigit()))
        a = ord(first[0]) - ord("A")
        b = ord(last[0]) - ord("A")
        covered.update((row, c) for c in range(a + 1, b + 1))
    xml_rows = []
    for r, row in enumerate(rows, start=1):
        if row is None:
            continue  # an absent row: Excel writes nothing for it
        cells = []
        assert len(row) <= 26, "the office tables here are narrow: columns A to Z"
        for c, value in enumerate(row):
            ref = f"{chr(ord('A') + c)}{r}"
            if (r, c) in covered and value is None:
                cells.append(f'<c r="{ref}" s="0"/>')  # a merged cell's hidden part
            else:
                cells.append(cell(ref, value))
        xml_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    merges = ""
    if merged:
        merges = (f'<mergeCells count="{len(merged)}">'
                  + "".join(f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>")
    sheet_xml = (f'{HEAD}<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>'
                 f'{"".join(xml_rows)}</sheetData>{merges}</worksheet>')
    sst = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
    parts = {
        "[Content_Types].xml": (
            f'{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'),
        "_rels/.rels": (f'{HEAD}<Relationships xmlns="{PKG}"><Relationship Id="rId1" '
                        f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (f'{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
                            f'<sheet name={quoteattr(sheet)} sheetId="1" r:id="rId1"/></sheets>'
                            "</workbook>"),
        "xl/_rels/workbook.xml.rels": (
            f'{HEAD}<Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
            f'<Relationship Id="rId3" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>"),
        "xl/styles.xml": (
            f'{HEAD}<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="176" '
            'formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
            '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/>'
            '<xf numFmtId="176" applyNumberFormat="1"/></cellXfs></styleSheet>'),
        "xl/sharedStrings.xml": (f'{HEAD}<sst xmlns="{MAIN}" count="{len(strings)}" '
                                 f'uniqueCount="{len(strings)}">{sst}</sst>'),
        "xl/worksheets/sheet1.xml": sheet_xml,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return path
