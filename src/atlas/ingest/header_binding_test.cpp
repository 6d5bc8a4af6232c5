#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/header_text.h"

namespace atlas::ingest {
namespace {

using ::testing::HasSubstr;
using Row = std::vector<std::string>;

const Row kRequired = {"统一社会信用代码", "企业名称"};

// The one column `header` binds beside the required ones: its field and factor.
std::pair<std::string, double> bound(const std::string& header, std::optional<int> year = {}) {
  Row row = kRequired;
  row.push_back(header);
  auto m = map_header(row, enterprise_fields(), nullptr, "f.csv", 1, year);
  for (const auto& b : m.bindings) {
    if (b.column == 2) return {b.field->key, b.factor};
  }
  return {"", 0};
}

std::string problem_of(const Row& row, std::optional<int> year = {}) {
  try {
    map_header(row, enterprise_fields(), nullptr, "f.csv", 3, year);
  } catch (const Error& e) {
    EXPECT_EQ(e.where().row, 3);
    return e.what();
  }
  return "";
}

TEST(HeaderBinding, MoneyUnitsWrittenEveryWay) {
  using P = std::pair<std::string, double>;
  for (const char* h :
       {"营业收入(万元)", "营业收入（万元）", "营业收入(万元）", "营业收入【万元】",
        "营业收入[万元]", "营业收入万元", "营业收入/万元", "营业收入／万元", "营业收入 万元",
        "营业收入\n(万元)", "营业收入（单位：万元）", "营业收入(万元人民币)",
        "2024年营业收入(万元)", "2024年度营业收入万元", "主营业务收入(万元)", "营业收入合计(万元)",
        "revenue_wan_yuan", "Revenue (10k yuan)"}) {
    EXPECT_EQ(bound(h), (P{"revenue", 1e4})) << h;
  }
  EXPECT_EQ(bound("营业收入(元)"), (P{"revenue", 1}));
  EXPECT_EQ(bound("营业收入千元"), (P{"revenue", 1e3}));
  EXPECT_EQ(bound("营业收入(百万元)"), (P{"revenue", 1e6}));
  EXPECT_EQ(bound("营业收入亿元"), (P{"revenue", 1e8}));
  EXPECT_EQ(bound("revenue_yuan"), (P{"revenue", 1}));
  EXPECT_EQ(bound("revenue_100m_yuan"), (P{"revenue", 1e8}));
  EXPECT_EQ(bound("工业总产值(现价)(万元)"), (P{"industrial_output", 1e4}));
  EXPECT_EQ(bound("其中：出口额(万元)"), (P{"exports", 1e4}));
  EXPECT_EQ(bound("从业人员(万人)"), (P{"employment", 1e4}));
  EXPECT_EQ(bound("从业人员人"), (P{"employment", 1}));
  EXPECT_EQ(bound("有效发明专利(件)"), (P{"valid_invention_patents", 1}));
}

TEST(HeaderBinding, ABracketOnANameIsARemark) {
  EXPECT_EQ(bound("是否高新技术企业(是/否)").first, "high_tech");
  Row row = {"统一社会信用代码（18位）", "企业名称（全称）", "法定代表人"};
  auto m = map_header(row, enterprise_fields(), nullptr, "f.csv");
  ASSERT_EQ(m.bindings.size(), 2u);
  EXPECT_EQ(m.bindings[0].field->key, "credit_code");
  EXPECT_EQ(m.bindings[1].field->key, "name");
  EXPECT_EQ(m.ignored, (Row{"法定代表人"}));  // a name that ends in 人 is not staff
}

TEST(HeaderBinding, OtherFiguresAreLeftOutNotRefused) {
  Row row = kRequired;
  for (const char* h :
       {"营业收入增长率(%)", "营业收入增长额(万元)", "上年营业收入(万元)", "备注"}) {
    row.push_back(h);
  }
  auto m = map_header(row, enterprise_fields(), nullptr, "f.csv");
  EXPECT_EQ(m.bindings.size(), 2u);
  EXPECT_EQ(m.ignored.size(), 4u);
}

TEST(HeaderBinding, AColumnThatLooksLikeAFieldButCannotBeBoundIsAProblem) {
  const std::string accepted =
      "write 营业收入(万元), 营业收入/万元 or 营业收入万元, in 元, 千元, 万元, 百万元 or 亿元";
  EXPECT_EQ(problem_of({"统一社会信用代码", "企业名称", "营业收入万美元"}),
            "header: column '营业收入万美元': '万美元' is not a unit of money; " + accepted);
  EXPECT_EQ(problem_of({"统一社会信用代码", "企业名称", "营业收入(美元)"}),
            "header: column '营业收入(美元)': '美元' is not a unit of money; " + accepted);
  EXPECT_EQ(problem_of({"统一社会信用代码", "企业名称", "营业收入(人)"}),
            "header: column '营业收入(人)': '人' is not a unit of money; " + accepted);
  EXPECT_EQ(problem_of({"统一社会信用代码", "企业名称", "营业收入"}),
            "header: column '营业收入': say the unit, e.g. '营业收入(万元)' or '营业收入(元)'");
  EXPECT_THAT(problem_of({"统一社会信用代码", "企业名称", "从业人员(万元)"}),
              HasSubstr("'万元' is not a unit of a count"));
  EXPECT_THAT(problem_of({"统一社会信用代码", "企业名称", "纬度(米)"}),
              HasSubstr("'米' is not a unit of degrees"));
  // Every problem at once, on the header's own row.
  EXPECT_EQ(problem_of({"营业收入万美元", "企业名称", "企业名称"}),
            "header: column '营业收入万美元': '万美元' is not a unit of money; " + accepted +
                "; columns '企业名称' and '企业名称' both give name; no column for credit_code "
                "(e.g. '统一社会信用代码')");
}

TEST(HeaderBinding, ColumnsHeadedWithAYear) {
  Row row = kRequired;
  row.push_back("2023年营业收入(万元)");
  row.push_back("2024年营业收入(万元)");
  auto m = map_header(row, enterprise_fields(), nullptr, "f.csv", 1, 2024);
  ASSERT_NE(m.find("revenue"), nullptr);
  EXPECT_EQ(m.find("revenue")->column, 3);
  EXPECT_EQ(m.find("revenue")->year, 2024);
  EXPECT_EQ(m.ignored, (Row{"2023年营业收入(万元)"}));
  EXPECT_THAT(problem_of(row), HasSubstr("both give revenue; give --year to take the column of "
                                         "that year"));
}

TEST(HeaderBinding, TheHeaderIsFoundUnderATitle) {
  const auto& fields = enterprise_fields();
  std::vector<Row> rows = {{"2024年度企业统计表"},
                           {"填报单位：襄阳高新区", "", "", "填报日期：2025-01-15"},
                           {"序号", "统一社会信用代码", "企业名称", "营业收入(万元)"},
                           {"1", "914403001922038216", "华为技术有限公司", "1"}};
  EXPECT_EQ(find_header_row(rows, fields, nullptr), 2u);
  EXPECT_EQ(find_header_row({rows[2], rows[3]}, fields, nullptr), 0u);
  // No row names a field: the first, for map_header to say what is missing.
  EXPECT_EQ(find_header_row({rows[0], rows[3]}, fields, nullptr), 0u);
  // A row naming every required field beats one naming more fields but not those.
  std::vector<Row> two = {{"营业收入(万元)", "净利润(万元)", "从业人员(人)"},
                          {"统一社会信用代码", "企业名称"}};
  EXPECT_EQ(find_header_row(two, fields, nullptr), 1u);
  // A user's mapping names fields too.
  CustomMapping custom;
  custom.columns["编码"] = {"credit_code", ""};
  custom.columns["单位"] = {"name", ""};
  EXPECT_EQ(find_header_row({{"标题"}, {"编码", "单位"}}, fields, &custom), 1u);
}

TEST(HeaderText, Readings) {
  auto t = read_header_text("２０２４年度 其中：出口额（单位：万元）");
  EXPECT_EQ(t.year, 2024);
  EXPECT_EQ(t.key, "出口额(单位:万元)");
  ASSERT_GE(t.readings.size(), 2u);
  EXPECT_EQ(t.readings[1].name, "出口额");
  EXPECT_EQ(t.readings[1].unit, "万元");
  EXPECT_EQ(read_header_text("年末从业人员").year, 0);  // 年 without a year before it
  EXPECT_TRUE(looks_like_money_unit("万美元"));
  EXPECT_TRUE(looks_like_money_unit("港元"));
  EXPECT_FALSE(looks_like_money_unit("增长额万元"));
  EXPECT_FALSE(looks_like_money_unit("率"));
  EXPECT_EQ(parse_unit("万元人民币")->factor, 1e4);
  EXPECT_EQ(parse_unit("10k yuan")->factor, 1e4);
  EXPECT_EQ(parse_unit("Million_Yuan")->kind, UnitKind::kMoney);
  EXPECT_EQ(parse_unit("万人")->kind, UnitKind::kCount);
  EXPECT_EQ(parse_unit("美元"), std::nullopt);
}

}  // namespace
}  // namespace atlas::ingest
