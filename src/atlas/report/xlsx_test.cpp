#include "atlas/report/xlsx.h"

#include <zip.h>

#include <cmath>
#include <filesystem>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/ingest/xlsx.h"

namespace atlas::report {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;
using ::testing::HasSubstr;
using ::testing::Not;

// The parts of a ZIP archive by name, read with libzip; fails the test when it is no ZIP.
std::map<std::string, std::string> zip_parts(const std::string& path) {
  std::map<std::string, std::string> parts;
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (zip == nullptr) {
    ADD_FAILURE() << path << " is not a valid ZIP (libzip error " << code << ")";
    return parts;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    zip_stat_index(zip, index, 0, &st);
    std::string data(st.size, '\0');
    zip_file_t* f = zip_fopen_index(zip, index, 0);
    EXPECT_EQ(zip_fread(f, data.data(), data.size()), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
    parts[st.name] = data;
  }
  zip_discard(zip);
  return parts;
}

// The rest of the tag that starts with `start` in `xml` (its attributes); "" when absent.
std::string attributes_after(const std::string& xml, const std::string& start) {
  auto at = xml.find(start);
  if (at == std::string::npos) return "";
  at += start.size();
  return xml.substr(at, xml.find('>', at) - at);
}

// The text between `open` and `close` after the first `anchor` in `xml`; "" when absent.
std::string text_between(const std::string& xml, const std::string& anchor, const std::string& open,
                         const std::string& close) {
  auto at = xml.find(anchor);
  if (at == std::string::npos) return "";
  at = xml.find(open, at);
  if (at == std::string::npos) return "";
  at += open.size();
  auto end = xml.find(close, at);
  return end == std::string::npos ? "" : xml.substr(at, end - at);
}

Rows read_back(const std::string& path, const std::string& sheet,
               std::vector<std::int64_t>* lines = nullptr) {
  auto reader = ingest::open_xlsx_sheet(path, sheet);
  Rows rows;
  std::vector<std::string> cells;
  while (reader->next(cells)) {
    rows.push_back(cells);
    if (lines) lines->push_back(reader->line());
  }
  return rows;
}

Table enterprises() {
  Table t;
  t.columns = {{"name", "企业名称", -1, false, 1, true},
               {"revenue_yuan", "营业收入(万元)", 2, true, 1e4, true},
               {"employees", "从业人员", -1, true, 1, true},
               {"rd_intensity", "研发强度", -1, true, 1, true},
               {"year", "年份", -1, true, 1, false}};
  t.add_row({std::string("苏州纳米科技股份有限公司"), 123456789.0, std::int64_t{321}, 0.0325,
             std::int64_t{2024}});
  t.add_row({std::string("Missing Co"), Cell{}, Cell{}, std::nan(""), std::int64_t{2023}});
  t.add_row({std::string("=1+1 stays text"), -5.5e4, std::int64_t{-7}, 1.5, Cell{}});
  t.notes = {"数据为模拟数据 (synthetic data)", "source: ClusterAtlas"};
  return t;
}

class XlsxWriterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "atlas-xlsxw-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

TEST_F(XlsxWriterTest, RoundTripsThroughTheReader) {
  Table t = enterprises();
  std::string file = path("export.xlsx");
  write_xlsx(file, {{"企业", &t}});

  std::vector<std::int64_t> lines;
  EXPECT_EQ(read_back(file, "企业", &lines),
            (Rows{{"企业名称", "营业收入(万元)", "从业人员", "研发强度", "年份"},
                  // Revenue in the title's 万元; a missing number and NaN stay empty cells.
                  {"苏州纳米科技股份有限公司", "12345.6789", "321", "0.0325", "2024"},
                  {"Missing Co", "", "", "", "2023"},
                  {"=1+1 stays text", "-5.5", "-7", "1.5"},
                  {"数据为模拟数据 (synthetic data)"},
                  {"source: ClusterAtlas"}}));
  // The notes follow one blank row.
  EXPECT_EQ(lines, (std::vector<std::int64_t>{1, 2, 3, 4, 6, 7}));
}

TEST_F(XlsxWriterTest, IsAZipWithTheWorkbookParts) {
  Table t = enterprises();
  std::string file = path("export.xlsx");
  write_xlsx(file, {{"企业", &t}});
  auto parts = zip_parts(file);
  for (const char* name :
       {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
        "xl/worksheets/sheet1.xml", "xl/styles.xml"}) {
    EXPECT_EQ(parts.count(name), 1u) << name;
  }
  const std::string& sheet = parts["xl/worksheets/sheet1.xml"];
  // Text is written in its cell (rows stream to disk, so there is no shared-string table).
  EXPECT_THAT(attributes_after(sheet, "<c r=\"A2\""), HasSubstr("t=\"inlineStr\""));
  EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"1\""));  // header frozen
  EXPECT_THAT(sheet, Not(HasSubstr("nan")));
  // Numbers are number cells (no t="s"), in a number format.
  EXPECT_THAT(attributes_after(sheet, "<c r=\"B2\""), Not(HasSubstr("t=")));
  EXPECT_EQ(text_between(sheet, "<c r=\"B2\"", "<v>", "</v>"), "12345.6789");
  EXPECT_THAT(attributes_after(sheet, "<c r=\"C2\""), Not(HasSubstr("t=")));
  // B3 (missing) is not written at all: an empty cell, not 0.
  EXPECT_THAT(sheet, Not(HasSubstr("r=\"B3\"")));
  const std::string& styles = parts["xl/styles.xml"];
  EXPECT_THAT(styles, HasSubstr("<b/>"));
  EXPECT_THAT(styles, HasSubstr("formatCode=\"#,##0.00\""));
  // Column A fits 12 CJK characters (24 columns) but stays under the cap.
  std::string width_text = text_between(sheet, "<col min=\"1\" max=\"1\"", "width=\"", "\"");
  ASSERT_FALSE(width_text.empty());
  double width = std::stod(width_text);
  EXPECT_GE(width, 26);
  EXPECT_LE(width, 61);
}

TEST_F(XlsxWriterTest, SheetNamesAreMadeValidAndUnique) {
  EXPECT_EQ(xlsx_sheet_name("a[b]c:d*e?f/g\\h"), "a_b_c_d_e_f_g_h");
  EXPECT_EQ(xlsx_sheet_name("'quoted'"), "_quoted_");
  EXPECT_EQ(xlsx_sheet_name(""), "Sheet");
  EXPECT_EQ(xlsx_sheet_name("history"), "history_");
  std::string long_name;
  for (int i = 0; i < 20; ++i) long_name += "集群";
  EXPECT_EQ(xlsx_sheet_name(long_name), long_name.substr(0, 31 * 3));

  Table a = enterprises(), b = enterprises(), c = enterprises();
  std::string file = path("names.xlsx");
  write_xlsx(file, {{"2024/明细", &a}, {"2024:明细", &b}, {long_name, &c}});
  EXPECT_EQ(ingest::xlsx_sheet_names(file),
            (std::vector<std::string>{"2024_明细", "2024_明细 (2)", long_name.substr(0, 31 * 3)}));
  EXPECT_EQ(read_back(file, "2024_明细 (2)").size(), 6u);
}

TEST_F(XlsxWriterTest, LargeIntegersKeepTheirDigitsAsText) {
  Table t;
  t.columns = {{"id", "编号", -1, true, 1, false}};
  t.add_row({std::int64_t{9007199254740993}});
  t.add_row({std::int64_t{9007199254740992}});
  std::string file = path("ids.xlsx");
  write_xlsx(file, {{"ids", &t}});
  EXPECT_EQ(read_back(file, ""), (Rows{{"编号"}, {"9007199254740993"}, {"9007199254740992"}}));
}

TEST_F(XlsxWriterTest, FailuresNameThePathAndKeepTheEarlierFile) {
  Table t = enterprises();
  std::string nowhere = path("no-such-folder/out.xlsx");
  try {
    write_xlsx(nowhere, {{"S", &t}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, nowhere);
    EXPECT_THAT(e.what(), HasSubstr("cannot write the workbook"));
  }
  try {
    write_xlsx(dir_.string(), {{"S", &t}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("it is a folder"));
  }

  std::string file = path("keep.xlsx");
  write_xlsx(file, {{"S", &t}});
  Table too_long = enterprises();
  too_long.add_row({std::string(40000, 'x')});
  try {
    write_xlsx(file, {{"S", &too_long}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, file);
    EXPECT_EQ(e.where().row, 5);
    EXPECT_EQ(e.where().column, "A");
    EXPECT_THAT(e.what(), HasSubstr("40000 characters"));
  }
  EXPECT_EQ(read_back(file, "S").size(), 6u);  // the earlier workbook, whole
  EXPECT_FALSE(fs::exists(file + ".partial"));
}

TEST_F(XlsxWriterTest, RowsWrittenOneByOneReadBackAndAnUnclosedWorkbookLeavesNoFile) {
  std::string file = path("rows.xlsx");
  {
    XlsxWriter w(file);
    w.sheet("企业", {{"name", "企业名称"}, {"n", "人数", 0, true}});
    for (std::int64_t i = 1; i <= 3; ++i) w.row({"企业" + std::to_string(i), i * 10});
    w.notes({"note"});
    w.sheet("企业", {{"x", "说明"}});  // the same name: made unique
    w.row({std::string("second")});
    // not closed: thrown away
  }
  EXPECT_FALSE(fs::exists(file));
  EXPECT_FALSE(fs::exists(file + ".partial"));
  {
    XlsxWriter w(file);
    w.sheet("企业", {{"name", "企业名称"}, {"n", "人数", 0, true}});
    for (std::int64_t i = 1; i <= 3; ++i) w.row({"企业" + std::to_string(i), i * 10});
    w.notes({"note"});
    w.sheet("企业", {{"x", "说明"}});
    w.row({std::string("second")});
    w.close();
  }
  EXPECT_EQ(
      read_back(file, "企业"),
      (Rows{{"企业名称", "人数"}, {"企业1", "10"}, {"企业2", "20"}, {"企业3", "30"}, {"note"}}));
  EXPECT_EQ(read_back(file, "企业 (2)"), (Rows{{"说明"}, {"second"}}));
}

TEST_F(XlsxWriterTest, InvalidUtf8AndControlCharactersStillMakeAValidFile) {
  Table t;
  t.columns = {{"text", "文本", -1, false, 1, true}};
  t.add_row({std::string("bad \xFF byte")});
  t.add_row({std::string("tab\there, bell\x07")});
  t.add_row({std::string("_x0041_ and _x005F_ stay as typed")});
  std::string file = path("odd.xlsx");
  write_xlsx(file, {{"S", &t}});
  EXPECT_EQ(read_back(file, "S"), (Rows{{"文本"},
                                        {"bad \xEF\xBF\xBD byte"},
                                        {"tab\there, bell\x07"},
                                        {"_x0041_ and _x005F_ stay as typed"}}));
}

}  // namespace
}  // namespace atlas::report
