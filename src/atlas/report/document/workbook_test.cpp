// The report's workbook read back as xlsx_test.cpp reads workbooks: the sheets and rows through
// the importer's reader (ingest/xlsx.h), the cells' XML through libzip. Expectations by hand.
#include "atlas/report/document/workbook.h"

#include <zip.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/ingest/xlsx.h"

namespace atlas::report::document {
namespace {

namespace fs = std::filesystem;
using Rows = std::vector<std::vector<std::string>>;
using ::testing::HasSubstr;
using ::testing::Not;

Rows read_back(const std::string& path, const std::string& sheet) {
  auto reader = ingest::open_xlsx_sheet(path, sheet);
  Rows rows;
  std::vector<std::string> cells;
  while (reader->next(cells)) rows.push_back(cells);
  return rows;
}

// One part of the ZIP archive, read with libzip; "" (and a failure) when it is not there.
std::string zip_part(const std::string& path, const std::string& name) {
  int code = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (zip == nullptr) {
    ADD_FAILURE() << path << " is not a valid ZIP (libzip error " << code << ")";
    return "";
  }
  std::string data;
  zip_stat_t st;
  if (zip_stat(zip, name.c_str(), 0, &st) == 0) {
    data.resize(st.size);
    zip_file_t* f = zip_fopen(zip, name.c_str(), 0);
    EXPECT_EQ(zip_fread(f, data.data(), data.size()), static_cast<zip_int64_t>(st.size));
    zip_fclose(f);
  } else {
    ADD_FAILURE() << name << " is not in " << path;
  }
  zip_discard(zip);
  return data;
}

// The attributes of the <c> element of `ref` and its <v> text.
std::pair<std::string, std::string> cell_xml(const std::string& sheet, const std::string& ref) {
  auto at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return {};
  auto end = sheet.find('>', at);
  std::string attributes = sheet.substr(at, end - at);
  auto v = sheet.find("<v>", end);
  auto v_end = sheet.find("</v>", v);
  if (v == std::string::npos || v_end == std::string::npos) return {attributes, ""};
  return {attributes, sheet.substr(v + 3, v_end - v - 3)};
}

class Workbook : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "atlas-workbook-XXXXXX").string();
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

TableBlock revenue() {
  TableBlock t;
  t.caption = "表 1 集群营业收入";
  t.sheet = "营业收入";
  t.table.columns = {{"name", "集群名称", -1, false, 1, true},
                     {"revenue_yuan", "营业收入(亿元)", 2, true, 1e8, true},
                     {"year", "年份", -1, true, 1, false}};
  t.table.add_row({std::string("苏州纳米技术集群"), 123456789012.0, std::int64_t{2024}});
  t.table.add_row({std::string("<script> & Co"), Cell{}, std::int64_t{2023}});
  t.table.notes = {"数据为模拟数据。"};
  return t;
}

Document workbook_report() {
  Document d;
  d.title = "2024 年创新型产业集群发展报告";
  d.heading(1, "一、总体情况");
  d.add(revenue());
  TableBlock small;  // no sheet: not in the workbook
  small.caption = "表 2 摘要";
  small.table.columns = {{"k", "项目"}};
  small.table.add_row({std::string("x")});
  d.add(small);
  d.add(PageBreak{});
  TableBlock list;
  list.sheet = "集群/名单";  // "/" is not allowed in a sheet name
  list.table.columns = {{"name", "集群名称"}, {"province", "省份"}};
  list.table.add_row({std::string("苏州纳米技术集群"), std::string("江苏")});
  d.add(list);
  return d;
}

TEST_F(Workbook, HasOneSheetPerNamedTableInDocumentOrder) {
  std::string file = path("report.xlsx");
  write_workbook(workbook_report(), file);
  EXPECT_EQ(ingest::xlsx_sheet_names(file), (std::vector<std::string>{"营业收入", "集群_名单"}));
  // The header, the rows in the title's 亿元 (a missing one empty), then after a blank row the
  // caption and the notes.
  EXPECT_EQ(read_back(file, "营业收入"), (Rows{{"集群名称", "营业收入(亿元)", "年份"},
                                               {"苏州纳米技术集群", "1234.56789012", "2024"},
                                               {"<script> & Co", "", "2023"},
                                               {"表 1 集群营业收入"},
                                               {"数据为模拟数据。"}}));
  // A table without a caption or notes has nothing under it.
  EXPECT_EQ(read_back(file, "集群_名单"),
            (Rows{{"集群名称", "省份"}, {"苏州纳米技术集群", "江苏"}}));
}

TEST_F(Workbook, NumbersAreNumberCells) {
  std::string file = path("report.xlsx");
  write_workbook(workbook_report(), file);
  std::string sheet = zip_part(file, "xl/worksheets/sheet1.xml");
  auto [attributes, value] = cell_xml(sheet, "B2");
  EXPECT_THAT(attributes, Not(HasSubstr("t=")));  // a number, not text
  EXPECT_DOUBLE_EQ(std::strtod(value.c_str(), nullptr), 1234.56789012);
  EXPECT_THAT(sheet, Not(HasSubstr("r=\"B3\"")));  // missing: no cell, not 0
  EXPECT_THAT(cell_xml(sheet, "A2").first, HasSubstr("t=\"inlineStr\""));
  EXPECT_THAT(sheet, HasSubstr("<pane ySplit=\"1\""));  // the header stays in view
}

TEST_F(Workbook, WithoutTablesItSaysSo) {
  Document d;
  d.title = "集群简报";
  d.cover_lines = {"2024 年度"};
  d.paragraph("没有表格的报告。");
  TableBlock unnamed;
  unnamed.table.columns = {{"k", "项目"}};
  d.add(unnamed);
  std::string file = path("brief.xlsx");
  write_workbook(d, file);
  EXPECT_EQ(ingest::xlsx_sheet_names(file), (std::vector<std::string>{"集群简报"}));
  EXPECT_EQ(read_back(file, "集群简报"), (Rows{{"集群简报"}, {"2024 年度"}, {"本报告没有表格。"}}));

  d.language = Language::kEn;
  d.title = "Brief";
  write_workbook(d, file);
  EXPECT_EQ(read_back(file, "Brief"),
            (Rows{{"Brief"}, {"2024 年度"}, {"This report has no tables."}}));
}

TEST_F(Workbook, AFailureLeavesNoFile) {
  std::string nowhere = path("no-such-folder/report.xlsx");
  try {
    write_workbook(workbook_report(), nowhere);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().file, nowhere);
  }
  EXPECT_FALSE(fs::exists(nowhere));
}

}  // namespace
}  // namespace atlas::report::document
