#include "atlas/report/columns.h"

#include <gtest/gtest.h>

#include "atlas/metrics/indicators.h"

namespace atlas::report {
namespace {

// Every indicator the metrics give has a column by the export rule: money under *_yuan in 元
// (万元 on the sheet), shares as fractions (% on the sheet), counts as integers.
TEST(Columns, EveryIndicatorFollowsTheExportRule) {
  metrics::ClusterYearTotals t;
  t.year = 2024;
  auto values = metrics::cluster_indicators({t}, 2024);
  ASSERT_FALSE(values.empty());
  for (const auto& v : values) {
    Column c = indicator_column(v.name);
    EXPECT_FALSE(c.title.empty()) << v.name;
    EXPECT_NE(c.title, c.key) << v.name << ": the sheet reads Chinese";
    bool money = c.title.find("(万元)") != std::string::npos;
    EXPECT_EQ(money, c.key == v.name + "_yuan") << v.name;
    if (money) {
      EXPECT_EQ(c.scale, 1e4) << v.name;
    }
    if (c.title.find("(%)") != std::string::npos) {
      EXPECT_EQ(c.scale, 0.01) << v.name;
    }
  }
  EXPECT_EQ(indicator_column("revenue").key, "revenue_yuan");
  EXPECT_EQ(indicator_column("revenue").title, "营业收入(万元)");
  EXPECT_EQ(indicator_column("rd_intensity").key, "rd_intensity");
  EXPECT_EQ(indicator_column("rd_intensity").title, "研发经费投入强度(%)");
  EXPECT_EQ(std::get<std::int64_t>(indicator_cell("firms", 40.0)), 40);
  EXPECT_EQ(std::get<double>(indicator_cell("rd_intensity", 0.04)), 0.04);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(indicator_cell("revenue", std::nullopt)));
}

}  // namespace
}  // namespace atlas::report
