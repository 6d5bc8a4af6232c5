#include "atlas/ingest/xlsx.h"

#include <zip.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

namespace fs = std::filesystem;
using Parts = std::map<std::string, std::string>;  // part name → bytes
using Rows = std::vector<std::vector<std::string>>;
using ::testing::HasSubstr;

// Writes a ZIP archive of `parts` with libzip, so every fixture is built from text in the test.
void write_zip(const std::string& path, const Parts& parts) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &code);
  ASSERT_NE(zip, nullptr) << "zip_open " << code;
  for (const auto& [name, data] : parts) {
    zip_source_t* src = zip_source_buffer(zip, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    ASSERT_GE(zip_file_add(zip, name.c_str(), src, ZIP_FL_ENC_UTF_8), 0) << name;
  }
  ASSERT_EQ(zip_close(zip), 0) << zip_strerror(zip);
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

constexpr const char* kMain = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
constexpr const char* kRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// A workbook as the parts Excel writes. Sheets are stored under names that are not sheetN.xml,
// in an order different from the tabs, so the reader must follow the relationships.
struct Book {
  std::vector<std::pair<std::string, std::string>> sheets;  // tab name, <sheetData> inner XML
  std::vector<std::string> shared;                          // inner XML of each <si>
  bool with_shared = true;
  std::string num_fmts;             // <numFmt …/> elements
  std::vector<int> cell_xfs = {0};  // numFmtId of each cell style
  bool date1904 = false;

  Parts parts() const {
    Parts p;
    p["[Content_Types].xml"] =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>";
    p["_rels/.rels"] = std::string("<?xml version=\"1.0\"?><Relationships xmlns=\"") +
                       "http://schemas.openxmlformats.org/package/2006/relationships\">"
                       "<Relationship Id=\"rId1\" Type=\"" +
                       kRel + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>";
    std::string workbook = std::string("<?xml version=\"1.0\"?><workbook xmlns=\"") + kMain +
                           "\" xmlns:r=\"" + kRel + "\">";
    if (date1904) workbook += "<workbookPr date1904=\"1\"/>";
    workbook += "<sheets>";
    std::string rels =
        "<?xml version=\"1.0\"?><Relationships "
        "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (std::size_t i = 0; i < sheets.size(); ++i) {
      std::string id = "rId" + std::to_string(10 + i);
      workbook += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + std::to_string(i + 1) +
                  "\" r:id=\"" + id + "\"/>";
      // The first sheet's target is absolute, the others relative to xl/.
      std::string part = "worksheets/data_" + std::to_string(sheets.size() - i) + ".xml";
      rels += "<Relationship Id=\"" + id + "\" Type=\"" + kRel + "/worksheet\" Target=\"" +
              (i == 0 ? "/xl/" + part : part) + "\"/>";
      p["xl/" + part] = std::string("<?xml version=\"1.0\"?><worksheet xmlns=\"") + kMain +
                        "\"><sheetData>" + sheets[i].second + "</sheetData></worksheet>";
    }
    workbook += "</sheets></workbook>";
    rels += "<Relationship Id=\"rId1\" Type=\"" + std::string(kRel) +
            "/styles\" Target=\"styles.xml\"/>";
    if (with_shared) {
      rels += "<Relationship Id=\"rId2\" Type=\"" + std::string(kRel) +
              "/sharedStrings\" Target=\"sharedStrings.xml\"/>";
      std::string sst = std::string("<?xml version=\"1.0\"?><sst xmlns=\"") + kMain + "\">";
      for (const auto& si : shared) sst += "<si>" + si + "</si>";
      p["xl/sharedStrings.xml"] = sst + "</sst>";
    }
    rels += "</Relationships>";
    p["xl/workbook.xml"] = workbook;
    p["xl/_rels/workbook.xml.rels"] = rels;
    std::string styles = std::string("<?xml version=\"1.0\"?><styleSheet xmlns=\"") + kMain + "\">";
    if (!num_fmts.empty()) styles += "<numFmts>" + num_fmts + "</numFmts>";
    styles += "<cellXfs>";
    for (int id : cell_xfs) styles += "<xf numFmtId=\"" + std::to_string(id) + "\"/>";
    p["xl/styles.xml"] = styles + "</cellXfs></styleSheet>";
    return p;
  }
};

class XlsxReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "atlas-xlsx-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  std::string write(const Book& book, const std::string& name = "book.xlsx") {
    std::string p = path(name);
    write_zip(p, book.parts());
    return p;
  }

  // Every row of a sheet, with the Excel row number of each.
  static Rows read_all(const std::string& file, const std::string& sheet = "",
                       std::vector<std::int64_t>* lines = nullptr) {
    auto reader = open_xlsx_sheet(file, sheet);
    Rows rows;
    std::vector<std::string> cells;
    while (reader->next(cells)) {
      rows.push_back(cells);
      if (lines) lines->push_back(reader->line());
    }
    return rows;
  }

  // The error reading the whole sheet throws; fails the test when there is none.
  static Error error_of(const std::string& file, const std::string& sheet = "") {
    try {
      read_all(file, sheet);
    } catch (const Error& e) {
      return e;
    }
    ADD_FAILURE() << "no error reading " << file;
    return Error(ErrorKind::kInternal, "no error");
  }

  fs::path dir_;
};

TEST_F(XlsxReaderTest, SharedInlineAndRichStrings) {
  Book book;
  book.shared = {
      "<t>企业名称</t>",
      "<t>营业收入(万元)</t>",
      // Rich text: runs concatenated; the phonetic run is not part of the value.
      "<r><rPr><b/></rPr><t>苏州</t></r><r><t xml:space=\"preserve\"> 纳米 </t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>ソシュウ</t></rPh>",
      "<t xml:space=\"preserve\"> </t>",
      "<t>line1_x000D_\nline2 and _x005F_x0041_</t>",
  };
  book.sheets = {{"企业",
                  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v>"
                  "</c></row>"
                  "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c>"
                  "<c r=\"B2\" t=\"inlineStr\"><is><t>内联</t></is></c>"
                  "<c r=\"C2\" t=\"inlineStr\"><is><r><t>富</t></r><r><t>文本</t></r></is>"
                  "</c><c r=\"D2\" t=\"s\"><v>3</v></c><c r=\"E2\" t=\"s\"><v>4</v></c>"
                  "</row>"}};
  std::string file = write(book);
  EXPECT_EQ(read_all(file),
            (Rows{{"企业名称", "营业收入(万元)"},
                  {"苏州 纳米 ", "内联", "富文本", " ", "line1\r\nline2 and _x0041_"}}));
  auto reader = open_xlsx_sheet(file, "");
  EXPECT_EQ(reader->source(), "book.xlsx[企业]");
}

TEST_F(XlsxReaderTest, NumbersInShortestFormAndBooleans) {
  Book book;
  book.sheets = {{"S",
                  "<row r=\"1\">"
                  "<c r=\"A1\"><v>42</v></c>"
                  "<c r=\"B1\"><v>0.1</v></c>"
                  "<c r=\"C1\" t=\"n\"><v>-3.5</v></c>"
                  "<c r=\"D1\"><v>1E+20</v></c>"
                  "<c r=\"E1\"><v>1.5E-3</v></c>"
                  "<c r=\"F1\"><v>0.30000000000000004</v></c>"
                  "<c r=\"G1\"><v>13800138000</v></c>"
                  "<c r=\"H1\"><v>45292</v></c>"
                  "<c r=\"I1\"><v>-0</v></c>"
                  "<c r=\"J1\" t=\"b\"><v>1</v></c>"
                  "<c r=\"K1\" t=\"b\"><v>0</v></c>"
                  "</row>"}};
  EXPECT_EQ(read_all(write(book)),
            (Rows{{"42", "0.1", "-3.5", "1e+20", "0.0015", "0.30000000000000004", "13800138000",
                   "45292", "0", "TRUE", "FALSE"}}));
}

TEST_F(XlsxReaderTest, DatesFollowTheCellStyle) {
  Book book;
  book.num_fmts =
      "<numFmt numFmtId=\"164\" formatCode=\"yyyy\\-mm\\-dd\\ hh:mm:ss\"/>"
      "<numFmt numFmtId=\"165\" formatCode=\"#,##0.00&quot;元&quot;\"/>"
      "<numFmt numFmtId=\"166\" "
      "formatCode=\"[$-804]yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
      "<numFmt numFmtId=\"167\" formatCode=\"[Red]0.0;[Blue]-0.0\"/>";
  // Styles: 0 General, 1 date (14), 2 custom datetime, 3 money, 4 Chinese date, 5 red number,
  // 6 "0.00" (2), 7 the zh-CN built-in date 31 with no code given.
  book.cell_xfs = {0, 14, 164, 165, 166, 167, 2, 31};
  book.sheets = {{"S",
                  "<row r=\"1\">"
                  "<c r=\"A1\" s=\"1\"><v>45292</v></c>"
                  "<c r=\"B1\" s=\"2\"><v>45292.5</v></c>"
                  "<c r=\"C1\" s=\"3\"><v>45292</v></c>"
                  "<c r=\"D1\" s=\"4\"><v>45658</v></c>"
                  "<c r=\"E1\" s=\"5\"><v>45292</v></c>"
                  "<c r=\"F1\" s=\"6\"><v>45292</v></c>"
                  "<c r=\"G1\" s=\"7\"><v>45292.0000001</v></c>"
                  "<c r=\"H1\" s=\"99\"><v>7</v></c>"
                  "</row>"
                  "<row r=\"2\">"
                  "<c r=\"A2\" s=\"1\"><v>1</v></c>"
                  "<c r=\"B2\" s=\"1\"><v>59</v></c>"
                  "<c r=\"C2\" s=\"1\"><v>60</v></c>"
                  "<c r=\"D2\" s=\"1\"><v>61</v></c>"
                  "<c r=\"E2\" s=\"2\"><v>0.75</v></c>"
                  "<c r=\"F2\" s=\"1\"><v>2958465</v></c>"
                  "<c r=\"G2\" s=\"1\"><v>2958466</v></c>"
                  "<c r=\"H2\" s=\"1\"><v>-1</v></c>"
                  "</row>"}};
  EXPECT_EQ(read_all(write(book)),
            (Rows{{"2024-01-01", "2024-01-01 12:00:00", "45292", "2025-01-01", "45292", "45292",
                   "2024-01-01", "7"},
                  // Out-of-range serials stay numbers rather than becoming nonsense dates.
                  {"1900-01-01", "1900-02-28", "1900-02-29", "1900-03-01", "18:00:00", "9999-12-31",
                   "2958466", "-1"}}));
}

TEST_F(XlsxReaderTest, Date1904System) {
  Book book;
  book.date1904 = true;
  book.cell_xfs = {0, 22};
  book.sheets = {{"S",
                  "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>0</v></c>"
                  "<c r=\"B1\" s=\"1\"><v>43830.25</v></c></row>"}};
  EXPECT_EQ(read_all(write(book)), (Rows{{"1904-01-01", "2024-01-01 06:00:00"}}));
}

TEST(XlsxDates, SerialsAndFormats) {
  EXPECT_EQ(xlsx_serial_date(45292, false), "2024-01-01");
  EXPECT_EQ(xlsx_serial_date(44985, false), "2023-02-28");
  EXPECT_EQ(xlsx_serial_date(45351, false), "2024-02-29");
  EXPECT_EQ(xlsx_serial_date(45292.99999, false), "2024-01-01 23:59:59");
  EXPECT_EQ(xlsx_serial_date(45292.9999999, false), "2024-01-02");  // rounds to the second
  EXPECT_EQ(xlsx_serial_date(std::nan(""), false), "");
  EXPECT_TRUE(xlsx_is_date_format(14, ""));
  EXPECT_TRUE(xlsx_is_date_format(47, ""));
  EXPECT_TRUE(xlsx_is_date_format(57, ""));
  EXPECT_FALSE(xlsx_is_date_format(0, ""));
  EXPECT_FALSE(xlsx_is_date_format(4, ""));
  EXPECT_FALSE(xlsx_is_date_format(49, ""));
  EXPECT_TRUE(xlsx_is_date_format(164, "d/m/yyyy"));
  EXPECT_TRUE(xlsx_is_date_format(164, "[h]:mm:ss"));
  EXPECT_TRUE(xlsx_is_date_format(164, "[DBNum1][$-804]yyyy\"年\"m\"月\""));
  EXPECT_FALSE(xlsx_is_date_format(164, "0.00E+00"));
  EXPECT_FALSE(xlsx_is_date_format(164, "General"));
  EXPECT_FALSE(xlsx_is_date_format(164, "#,##0\" days\""));
  EXPECT_FALSE(xlsx_is_date_format(164, "0\\d"));
  EXPECT_FALSE(xlsx_is_date_format(14, "0.00"));  // a code given for a built-in id decides
  EXPECT_EQ(xlsx_column_name(1), "A");
  EXPECT_EQ(xlsx_column_name(28), "AB");
  EXPECT_EQ(xlsx_column_name(16384), "XFD");
}

TEST_F(XlsxReaderTest, GapsInColumnsAndRowsKeepTheirPlaces) {
  Book book;
  book.sheets = {{"S",
                  "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a</t></is></c>"
                  "<c r=\"C1\" t=\"inlineStr\"><is><t>c</t></is></c></row>"
                  // A row with only formatted empty cells is no row at all.
                  "<row r=\"2\"><c r=\"A2\" s=\"0\"/><c r=\"B2\" t=\"s\"/></row>"
                  // Trailing formatted cells add no columns.
                  "<row r=\"7\"><c r=\"B7\"><v>2</v></c><c r=\"Z7\" s=\"0\"/></row>"
                  "<row r=\"10\"><c r=\"D10\"><v>4</v></c></row>"
                  // Rows and cells without r="" follow the ones before.
                  "<row><c><v>1</v></c><c/><c><v>3</v></c></row>"}};
  std::vector<std::int64_t> lines;
  EXPECT_EQ(read_all(write(book), "", &lines),
            (Rows{{"a", "", "c"}, {"", "2"}, {"", "", "", "4"}, {"1", "", "3"}}));
  EXPECT_EQ(lines, (std::vector<std::int64_t>{1, 7, 10, 11}));
}

TEST_F(XlsxReaderTest, SheetsChosenByNameThroughRelationships) {
  Book book;
  book.shared = {"<t>x</t>"};
  book.sheets = {{"2023年", "<row r=\"1\"><c r=\"A1\"><v>2023</v></c></row>"},
                 {"Data 2024", "<row r=\"3\"><c r=\"B3\"><v>2024</v></c></row>"}};
  std::string file = write(book);
  EXPECT_EQ(xlsx_sheet_names(file), (std::vector<std::string>{"2023年", "Data 2024"}));
  EXPECT_EQ(read_all(file), (Rows{{"2023"}}));
  EXPECT_EQ(read_all(file, "2023年"), (Rows{{"2023"}}));
  EXPECT_EQ(read_all(file, "Data 2024"), (Rows{{"", "2024"}}));
  EXPECT_EQ(read_all(file, "data 2024"), (Rows{{"", "2024"}}));  // Excel ignores case too
  auto reader = open_xlsx_sheet(file, "data 2024");
  EXPECT_EQ(reader->source(), "book.xlsx[Data 2024]");

  Error e = error_of(file, "2025年");
  EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  EXPECT_EQ(e.where().file, file);
  EXPECT_THAT(e.what(), HasSubstr("no sheet '2025年'"));
  EXPECT_THAT(e.what(), HasSubstr("'2023年', 'Data 2024'"));
}

TEST_F(XlsxReaderTest, FormulasYieldTheirCachedValue) {
  Book book;
  book.sheets = {{"S",
                  "<row r=\"1\"><c r=\"A1\"><f>1+1</f><v>2</v></c>"
                  "<c r=\"B1\" t=\"str\"><f>\"营业\"&amp;\"收入\"</f><v>营业收入</v></c>"
                  "<c r=\"C1\" t=\"str\"><f>\"\"</f><v></v></c>"
                  "<c r=\"D1\" t=\"b\"><f>TRUE()</f><v>1</v></c></row>"
                  "<row r=\"2\"><c r=\"A2\"><v>5</v></c></row>"
                  "<row r=\"3\"><c r=\"A3\"><v>6</v></c><c r=\"B3\"><f>A2+A3</f></c></row>"}};
  std::string file = write(book);
  auto reader = open_xlsx_sheet(file, "");
  std::vector<std::string> cells;
  ASSERT_TRUE(reader->next(cells));
  EXPECT_EQ(cells, (std::vector<std::string>{"2", "营业收入", "", "TRUE"}));
  ASSERT_TRUE(reader->next(cells));
  try {
    reader->next(cells);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, "book.xlsx[S]");
    EXPECT_EQ(e.where().row, 3);
    EXPECT_EQ(e.where().column, "B (营业收入)");  // named by the first row, the header
    EXPECT_STREQ(e.what(),
                 "cell B3 holds a formula with no computed value; open the file in Excel and save "
                 "it again");
  }
}

TEST_F(XlsxReaderTest, AnErrorCellNamesTheCellAndItsHeader) {
  Book book;
  book.shared = {"<t>企业名称</t>", "<t>利润率</t>"};
  book.sheets = {{"S",
                  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"D1\" t=\"s\"><v>1</v>"
                  "</c></row>"
                  "<row r=\"7\"><c r=\"D7\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row>"}};
  Error e = error_of(write(book));
  EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  EXPECT_STREQ(e.what(), "cell D7 holds the Excel error #DIV/0!");
  EXPECT_EQ(e.describe(),
            "book.xlsx[S], row 7, column D (利润率): cell D7 holds the Excel error "
            "#DIV/0!");
}

// openpyxl and some exporters write <f>…</f><v></v> (or <v/>) for a formula nothing computed:
// an error naming the cell, as a missing <v> is, not a blank figure. A text result may be empty.
TEST_F(XlsxReaderTest, AFormulaWithAnEmptyValueNamesTheCell) {
  Book book;
  book.shared = {"<t>企业名称</t>", "<t>营业收入(万元)</t>"};
  const std::string header =
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>";
  book.sheets = {{"S", header + "<row r=\"2\"><c r=\"B2\"><f>SUM(C2:D2)</f><v></v></c></row>"}};
  Error e = error_of(write(book, "empty-v.xlsx"));
  EXPECT_EQ(e.describe(),
            "empty-v.xlsx[S], row 2, column B (营业收入(万元)): cell B2 holds a formula with no "
            "computed value; open the file in Excel and save it again");
  book.sheets = {{"S", header + "<row r=\"2\"><c r=\"B2\" t=\"n\"><f>1+1</f><v/></c></row>"}};
  EXPECT_THAT(error_of(write(book, "v-slash.xlsx")).what(), HasSubstr("cell B2 holds a formula"));
  book.sheets = {{"S", header + "<row r=\"2\"><c r=\"B2\" t=\"str\"><f>\"\"</f><v></v></c>"
                                "<c r=\"C2\"><v></v></c></row>"}};
  EXPECT_EQ(read_all(write(book, "empty-text.xlsx"), "").size(), 1u);  // the header only
}

// A merged title above the header: columns are named by the header, a fuller row of text.
TEST_F(XlsxReaderTest, ColumnsAreNamedByTheHeaderUnderATitle) {
  Book book;
  book.shared = {"<t>2024年企业统计表</t>", "<t>企业名称</t>", "<t>营业收入(万元)</t>",
                 "<t>华为</t>"};
  book.sheets = {{"S",
                  "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" s=\"0\"/></row>"
                  "<row r=\"3\"><c r=\"A3\" t=\"s\"><v>1</v></c><c r=\"B3\" t=\"s\"><v>2</v>"
                  "</c></row>"
                  "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>3</v></c><c r=\"B4\" t=\"e\">"
                  "<v>#VALUE!</v></c></row>"}};
  EXPECT_EQ(
      error_of(write(book)).describe(),
      "book.xlsx[S], row 4, column B (营业收入(万元)): cell B4 holds the Excel error #VALUE!");
}

TEST_F(XlsxReaderTest, PrefixedElementsAreRead) {
  // The OpenXML SDK writes every element with a prefix.
  Parts parts = Book{}.parts();
  parts["xl/workbook.xml"] =
      std::string("<x:workbook xmlns:x=\"") + kMain + "\" xmlns:rel=\"" + kRel +
      "\"><x:sheets><x:sheet name=\"P\" sheetId=\"1\" rel:id=\"rId9\"/></x:sheets></x:workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
      "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId9\" Type=\"" +
      std::string(kRel) + "/worksheet\" Target=\"worksheets/Sheet%20One.xml\"/></Relationships>";
  parts["xl/worksheets/Sheet One.xml"] =
      std::string("<x:worksheet xmlns:x=\"") + kMain +
      "\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\"><x:is><x:t>ok</x:t></x:is>"
      "</x:c></x:row></x:sheetData></x:worksheet>";
  std::string file = path("prefixed.xlsx");
  write_zip(file, parts);
  EXPECT_EQ(read_all(file), (Rows{{"ok"}}));
}

TEST_F(XlsxReaderTest, NotAZipTruncatedAndOldFormatsAreNamed) {
  std::string text = path("data.xlsx");
  write_bytes(text, "企业名称,营业收入\n甲,1\n");
  Error e = error_of(text);
  EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  EXPECT_EQ(e.where().file, text);
  EXPECT_THAT(e.what(), HasSubstr("not a ZIP archive"));

  Book book;
  book.sheets = {{"S", "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"}};
  std::string whole = read_bytes(write(book));
  std::string cut = path("cut.xlsx");
  write_bytes(cut, whole.substr(0, whole.size() / 2));
  e = error_of(cut);
  EXPECT_EQ(e.where().file, cut);
  EXPECT_THAT(e.what(), HasSubstr("damaged ZIP archive (probably truncated"));

  std::string xls = path("old.xls");
  write_bytes(xls, std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(504, '\0'));
  EXPECT_THAT(error_of(xls).what(), HasSubstr("old-format .xls"));

  std::string empty = path("empty.xlsx");
  write_bytes(empty, "");
  EXPECT_THAT(error_of(empty).what(), HasSubstr("empty"));

  EXPECT_THAT(error_of(path("absent.xlsx")).what(), HasSubstr("does not exist"));
  EXPECT_THROW(xlsx_sheet_names(path("absent.xlsx")), Error);
}

TEST_F(XlsxReaderTest, DamagedPartsAreNamed) {
  Book book;
  book.sheets = {{"S", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"}};
  book.shared = {"<t>a</t>"};

  Parts parts = book.parts();
  parts.erase("xl/workbook.xml");
  std::string file = path("no-workbook.xlsx");
  write_zip(file, parts);
  Error e = error_of(file);
  EXPECT_EQ(e.where().file, file);
  EXPECT_THAT(e.what(), HasSubstr("not an Excel workbook: it has no xl/workbook.xml"));

  parts = book.parts();
  parts.erase("xl/worksheets/data_1.xml");
  write_zip(file = path("no-sheet.xlsx"), parts);
  EXPECT_THAT(error_of(file).what(),
              HasSubstr("the sheet 'S' is missing: the archive has no xl/worksheets/data_1.xml"));

  parts = book.parts();
  parts["xl/worksheets/data_1.xml"] = "<worksheet><sheetData><row r=\"1\"></sheetData>";
  write_zip(file = path("bad-xml.xlsx"), parts);
  e = error_of(file);
  EXPECT_THAT(e.what(), HasSubstr("xl/worksheets/data_1.xml is not well-formed XML (at byte"));
  EXPECT_THAT(e.what(), HasSubstr("Start-end tags mismatch"));

  book.with_shared = false;
  e = error_of(write(book, "no-shared.xlsx"));
  EXPECT_EQ(e.where().row, 1);
  EXPECT_THAT(e.what(), HasSubstr("cell A1 refers to shared string 0 but the workbook has no "
                                  "shared-strings part"));

  book.with_shared = true;
  book.sheets = {{"S", "<row r=\"4\"><c r=\"C4\" t=\"s\"><v>1</v></c></row>"}};
  e = error_of(write(book, "index.xlsx"));
  EXPECT_EQ(e.describe(),
            "index.xlsx[S], row 4, column C: cell C4 refers to shared string 1 but "
            "the workbook has only 1; the file is damaged");

  book.sheets = {{"S", "<row r=\"1\"><c r=\"A1\"><v>12abc</v></c></row>"}};
  EXPECT_THAT(error_of(write(book, "nan.xlsx")).what(),
              HasSubstr("cell A1 holds '12abc', which is not a number"));
  book.sheets = {{"S", "<row r=\"1\"><c r=\"A1\"><v>NaN</v></c></row>"}};
  EXPECT_THAT(error_of(write(book, "nan2.xlsx")).what(), HasSubstr("not a number"));
  book.sheets = {{"S", "<row r=\"5\"><c r=\"A5\"><v>1</v></c></row><row r=\"3\"/>"}};
  EXPECT_THAT(error_of(write(book, "order.xlsx")).what(), HasSubstr("after row 5"));
}

TEST_F(XlsxReaderTest, HostileSizesAreRefused) {
  Book book;
  book.sheets = {{"S", "<row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row>"}};
  EXPECT_EQ(read_all(write(book, "last.xlsx")), (Rows{[] {
              std::vector<std::string> row(16384);
              row.back() = "1";
              return row;
            }()}));

  book.sheets = {{"S", "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"}};
  EXPECT_THAT(error_of(write(book, "wide.xlsx")).what(), HasSubstr("beyond column XFD"));

  std::string many;
  for (int i = 0; i < 16385; ++i) many += "<c/>";
  book.sheets = {{"S", "<row r=\"1\">" + many + "</row>"}};
  EXPECT_THAT(error_of(write(book, "many.xlsx")).what(), HasSubstr("beyond column XFD"));

  book.sheets = {{"S", "<row r=\"1048577\"><c><v>1</v></c></row>"}};
  EXPECT_THAT(error_of(write(book, "tall.xlsx")).what(), HasSubstr("1048576"));

  // A central directory that claims the sheet inflates to 4 GB.
  book.sheets = {{"S", "<row r=\"1\"><c><v>1</v></c></row>"}};
  std::string bytes = read_bytes(write(book, "huge.xlsx"));
  std::string name = "xl/worksheets/data_1.xml";
  std::size_t at = bytes.find(std::string("PK\x01\x02", 4));
  while (at != std::string::npos && bytes.compare(at + 46, name.size(), name) != 0) {
    at = bytes.find(std::string("PK\x01\x02", 4), at + 4);
  }
  ASSERT_NE(at, std::string::npos);
  for (int i = 0; i < 4; ++i) bytes[at + 24 + i] = '\xF0';
  write_bytes(path("huge.xlsx"), bytes);
  Error e = error_of(path("huge.xlsx"));
  EXPECT_THAT(e.what(), HasSubstr("xl/worksheets/data_1.xml would take"));
  EXPECT_THAT(e.what(), HasSubstr("more than the limit of 512 MB"));
  // Under the limit (100 MB) but more than a few hundred bytes of deflate can make.
  bytes[at + 24] = '\0';
  bytes[at + 25] = '\0';
  bytes[at + 26] = '\x40';
  bytes[at + 27] = '\x06';
  write_bytes(path("huge.xlsx"), bytes);
  EXPECT_THAT(error_of(path("huge.xlsx")).what(), HasSubstr("claims to inflate from"));
}

TEST_F(XlsxReaderTest, RowsAreFoundWhateverSurroundsThem) {
  // The sheet is read row by row; markup that merely looks like a row must not confuse it.
  Parts parts = Book{}.parts();
  parts["xl/workbook.xml"] = std::string("<workbook xmlns:r=\"") + kRel +
                             "\"><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
  parts["xl/_rels/workbook.xml.rels"] =
      "<Relationships><Relationship Id=\"rId1\" Type=\"" + std::string(kRel) +
      "/worksheet\" Target=\"worksheets/s.xml\"/></Relationships>";
  parts["xl/worksheets/s.xml"] =
      "\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!DOCTYPE worksheet [<!ENTITY e \"<row>\">]>\n"
      "<!-- <row r=\"1\"> --><worksheet><sheetViews><sheetView><pane/></sheetView></sheetViews>"
      "<row r=\"99\"><c><v>not in sheetData</v></c></row>"
      "<sheetData><?pi </row> ?><row r=\"2\" x=\"a>b\" y='</row>'><c r=\"A2\" t=\"inlineStr\"><is>"
      "<t><![CDATA[</row> & <c>]]></t></is></c><!-- </row> --><c r=\"B2\"><v>5</v></c></row>"
      "<ext><row r=\"3\"><c><v>inside another element</v></c></row></ext>"
      "<row r=\"4\"/><x:row r=\"5\" xmlns:x=\"m\"><x:c r=\"A5\"><x:v>7</x:v></x:c></x:row>"
      "</sheetData><mergeCells><row/></mergeCells></worksheet>";
  std::string file = path("odd.xlsx");
  write_zip(file, parts);
  std::vector<std::int64_t> lines;
  EXPECT_EQ(read_all(file, "", &lines), (Rows{{"</row> & <c>", "5"}, {"7"}}));
  EXPECT_EQ(lines, (std::vector<std::int64_t>{2, 5}));

  // A sheet cut short, inside a row or after the last one.
  parts["xl/worksheets/s.xml"] = "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c>";
  write_zip(file, parts);
  Error e = error_of(file);
  EXPECT_EQ(e.where().file, file);
  EXPECT_THAT(e.what(), HasSubstr("xl/worksheets/s.xml is not well-formed XML (at byte 22: this "
                                  "<row> is never closed; the part ends first)"));
  parts["xl/worksheets/s.xml"] = "<worksheet><sheetData><row r=\"1\"><c><v>1</v></c></row>";
  write_zip(file, parts);
  EXPECT_THAT(error_of(file).what(), HasSubstr("ends before its elements are closed"));
  parts["xl/worksheets/s.xml"] = "<chartsheet/>";
  write_zip(file, parts);
  EXPECT_THAT(error_of(file).what(),
              HasSubstr("xl/worksheets/s.xml holds a <chartsheet> where a <worksheet> belongs"));
}

TEST_F(XlsxReaderTest, LargeSheetsAreReadInChunks) {
  // Rows and cells that straddle the reader's 1 MiB chunks, and one cell larger than a chunk.
  Book book;
  std::string rows;
  std::string big(3 << 20, 'x');
  for (int r = 1; r <= 3000; ++r) {
    std::string text = std::to_string(r) + std::string(1000, static_cast<char>('a' + r % 26));
    rows += "<row r=\"" + std::to_string(r) + "\"><c t=\"inlineStr\"><is><t>" + text +
            "</t></is></c><c><v>" + std::to_string(r) + "</v></c></row>";
  }
  rows += "<row r=\"3001\"><c t=\"inlineStr\"><is><t>" + big + "</t></is></c></row>";
  book.sheets = {{"S", rows}};
  Rows read = read_all(write(book));
  ASSERT_EQ(read.size(), 3001u);
  for (int r = 1; r <= 3000; ++r) {
    auto i = static_cast<std::size_t>(r - 1);
    ASSERT_EQ(read[i].size(), 2u);
    EXPECT_EQ(read[i][0], std::to_string(r) + std::string(1000, static_cast<char>('a' + r % 26)));
    EXPECT_EQ(read[i][1], std::to_string(r));
  }
  EXPECT_EQ(read.back(), (std::vector<std::string>{big}));
}

TEST_F(XlsxReaderTest, CorruptCompressedDataIsNamed) {
  Book book;
  std::string rows;
  for (int r = 1; r <= 50; ++r) {
    rows +=
        "<row r=\"" + std::to_string(r) + "\"><c><v>" + std::to_string(r * 7) + "</v></c></row>";
  }
  book.sheets = {{"S", rows}};
  std::string bytes = read_bytes(write(book));
  std::string name = "xl/worksheets/data_1.xml";
  std::size_t at = bytes.find(std::string("PK\x03\x04", 4));
  while (at != std::string::npos && bytes.compare(at + 30, name.size(), name) != 0) {
    at = bytes.find(std::string("PK\x03\x04", 4), at + 4);
  }
  ASSERT_NE(at, std::string::npos);
  auto u16 = [&bytes](std::size_t i) {
    return static_cast<std::size_t>(static_cast<unsigned char>(bytes[i])) |
           static_cast<std::size_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
  };
  std::size_t data = at + 30 + u16(at + 26) + u16(at + 28);
  for (std::size_t i = data + 10; i < data + 20; ++i) bytes[i] = static_cast<char>(~bytes[i]);
  write_bytes(path("corrupt.xlsx"), bytes);
  Error e = error_of(path("corrupt.xlsx"));
  EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  EXPECT_THAT(e.what(), HasSubstr("the part xl/worksheets/data_1.xml is damaged"));
}

TEST_F(XlsxReaderTest, ChartSheetsAreNotTables) {
  Book book;
  book.sheets = {{"Data", "<row r=\"1\"><c><v>1</v></c></row>"}};
  Parts parts = book.parts();
  parts["xl/workbook.xml"].replace(parts["xl/workbook.xml"].find("<sheet "), 0,
                                   "<sheet name=\"Chart\" sheetId=\"9\" r:id=\"rId9\"/>");
  parts["xl/_rels/workbook.xml.rels"].replace(
      parts["xl/_rels/workbook.xml.rels"].find("</Relationships>"), 0,
      "<Relationship Id=\"rId9\" Type=\"" + std::string(kRel) +
          "/chartsheet\" Target=\"chartsheets/sheet1.xml\"/>");
  parts["xl/chartsheets/sheet1.xml"] = "<chartsheet/>";
  std::string file = path("chart.xlsx");
  write_zip(file, parts);
  EXPECT_EQ(xlsx_sheet_names(file), (std::vector<std::string>{"Chart", "Data"}));
  EXPECT_EQ(read_all(file), (Rows{{"1"}}));  // the first worksheet, past the chart
  EXPECT_THAT(error_of(file, "Chart").what(), HasSubstr("is a chart, not a table"));
}

}  // namespace
}  // namespace atlas::ingest
