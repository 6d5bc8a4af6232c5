#include "atlas/metrics/fields.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

#include "atlas/metrics/indicators.h"

namespace atlas::metrics {
namespace {

// The catalogue is what validation accepts for `evaluate --year`: it must name every indicator
// the metrics compute for a cluster-year, and besides them only the platform, institution and
// alliance counts the evaluation adds from the store — nothing a cluster can never have.
TEST(FieldCatalogue, NamesEveryClusterYearIndicatorAndTheSupportCounts) {
  std::set<std::string> catalogue;
  for (const auto& f : field_catalogue()) {
    EXPECT_TRUE(catalogue.insert(std::string(f.name)).second) << "listed twice: " << f.name;
    EXPECT_FALSE(f.name_zh.empty()) << f.name;
    EXPECT_FALSE(f.name_en.empty()) << f.name;
    EXPECT_FALSE(f.sources.empty()) << f.name;
  }
  std::set<std::string> expected = {"national_platforms", "provincial_platforms", "platforms",
                                    "institutions", "alliances"};
  for (const auto& v : cluster_year_indicators(ClusterYearTotals{})) expected.insert(v.name);
  EXPECT_EQ(catalogue, expected);
}

TEST(FieldCatalogue, FindsByName) {
  ASSERT_NE(find_field("high_tech_share"), nullptr);
  EXPECT_EQ(find_field("high_tech_share")->unit, FieldUnit::kFraction);
  EXPECT_EQ(find_field("revenue")->unit, FieldUnit::kYuan);
  EXPECT_EQ(find_field("hightech_share"), nullptr);
}

}  // namespace
}  // namespace atlas::metrics
