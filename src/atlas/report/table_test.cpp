#include "atlas/report/table.h"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include <nlohmann/json.hpp>

namespace atlas::report {
namespace {

std::string terminal(const Table& t) {
  std::ostringstream out;
  write_table(out, t);
  return out.str();
}

TEST(Table, YearsAndIdsAreNotGroupedButAmountsAre) {
  Table t;
  t.columns = {{"year", "年份", -1, true, 1, false}, {"firms", "企业数", -1, true}};
  t.add_row({std::int64_t{2023}, std::int64_t{12345}});
  std::string text = terminal(t);
  EXPECT_NE(text.find("2023"), std::string::npos) << text;
  EXPECT_EQ(text.find("2,023"), std::string::npos) << text;
  EXPECT_NE(text.find("12,345"), std::string::npos) << text;
}

// Staff and patents are stored as doubles; a count goes out as an integer (JSON 1200, the
// terminal 1,200), a missing one as null / —, and a fraction (a mean) stays as it is.
TEST(Table, HeadCountsAreIntegers) {
  Table t;
  t.columns = {{"employment", "从业人员", -1, true}};
  t.add_row({count_cell(1200.0)});
  t.add_row({count_cell(std::nullopt)});
  t.add_row({count_cell(12.5)});
  std::ostringstream json;
  write_json(json, t);
  auto doc = nlohmann::json::parse(json.str());
  EXPECT_TRUE(doc["rows"][0]["employment"].is_number_integer());
  EXPECT_EQ(doc["rows"][0]["employment"], 1200);
  EXPECT_TRUE(doc["rows"][1]["employment"].is_null());
  EXPECT_EQ(doc["rows"][2]["employment"], 12.5);
  std::string text = terminal(t);
  EXPECT_NE(text.find("1,200\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("1,200.00"), std::string::npos) << text;
}

// The JSON document as one nlohmann dump of the whole table builds it: what RowWriter, writing
// row by row, must give byte for byte.
std::string whole_document(const Table& t) {
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& row : t.rows) {
    nlohmann::ordered_json obj = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const Cell cell = c < row.size() ? row[c] : Cell{};
      auto& field = obj[t.columns[c].key];
      if (auto* s = std::get_if<std::string>(&cell)) field = *s;
      if (auto* i = std::get_if<std::int64_t>(&cell)) field = *i;
      if (auto* d = std::get_if<double>(&cell); d && std::isfinite(*d)) field = *d;
    }
    rows.push_back(obj);
  }
  nlohmann::ordered_json doc;
  doc["rows"] = rows;
  if (!t.notes.empty()) doc["notes"] = t.notes;
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

TEST(RowWriter, JsonRowByRowIsTheWholeDocument) {
  Table t;
  t.columns = {{"code", "代码"}, {"name", "名称"}, {"revenue_yuan", "营业收入"}, {"n", "数"}};
  auto json = [&] {
    std::ostringstream out;
    write_json(out, t);
    return out.str();
  };
  EXPECT_EQ(json(), whole_document(t));  // no rows
  t.notes = {"合成演示数据"};
  EXPECT_EQ(json(), whole_document(t));  // no rows, a note
  t.add_row({std::string("91420600A"), std::string("华为\n\"技术\""), 1.5e8, std::int64_t{3}});
  t.add_row({std::string("bad \xff utf-8"), Cell{}, std::nan(""), std::int64_t{-1}});
  t.add_row({std::string("short row")});
  EXPECT_EQ(json(), whole_document(t));
  t.notes.clear();
  EXPECT_EQ(json(), whole_document(t));
}

TEST(RowWriter, CsvRowByRowHasTheHeaderThenOneRecordPerRow) {
  Table t;
  t.columns = {{"code", "代码"}, {"name", "名称"}, {"revenue_yuan", "营业收入"}};
  t.add_row({std::string("A1"), std::string("某, \"公司\""), 2.5});
  t.add_row({std::string("A2")});
  std::ostringstream out;
  write_csv(out, t, true);
  EXPECT_EQ(out.str(),
            "\xEF\xBB\xBF"
            "code,name,revenue_yuan\r\nA1,\"某, \"\"公司\"\"\",2.5\r\nA2,,\r\n");
}

}  // namespace
}  // namespace atlas::report
