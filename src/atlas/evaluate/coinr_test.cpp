#include "atlas/evaluate/coinr.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/system.h"

namespace atlas::evaluate {
namespace {

using ::testing::HasSubstr;
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kHeader = {"Level", "iCode",  "iName",       "Direction", "Weight",
                                          "Unit",  "Target", "Denominator", "Parent",    "Type"};

std::string convert(Rows body, bool denominate = false) {
  Rows rows = {kHeader};
  rows.insert(rows.end(), body.begin(), body.end());
  std::vector<int> lines;
  for (std::size_t i = 0; i < rows.size(); ++i) lines.push_back(static_cast<int>(i) + 1);
  return system_from_coinr(rows, lines, "iMeta.csv", {"small", denominate});
}

TEST(CoinrTest, TreeDirectionsWeightsAndTargetsCarryOver) {
  auto yaml = convert({
      {"1", "GDP", "GDP per head", "1", "2", "USD", "50000", "Population", "Econ", "Indicator"},
      {"1", "CO2", "CO2 per head", "-1", "1", "t", "NA", "NA", "Econ", "Indicator"},
      {"1", "Edu", "Tertiary", "1", "1", "%", "NA", "NA", "Soc", "Indicator"},
      {"2", "Econ", "Economy", "1", "3", "Score", "NA", "NA", "Index", "Aggregate"},
      {"2", "Soc", "Society", "1", "1", "Score", "NA", "NA", "Index", "Aggregate"},
      {"3", "Index", "The index", "1", "1", "Score", "NA", "NA", "NA", "Aggregate"},
      {"NA", "Population", "Population", "NA", "NA", "k", "NA", "NA", "NA", "Denominator"},
  });
  auto parsed = parse_system(yaml);
  ASSERT_TRUE(parsed.system) << yaml;
  auto ind = parsed.system->indicators();
  ASSERT_EQ(ind.size(), 3u);
  // Econ 3 : Soc 1 → 0.75 and 0.25; inside Econ GDP 2 : CO2 1 → 2/3 and 1/3.
  EXPECT_DOUBLE_EQ(ind[0]->effective_weight, 0.75 * 2 / 3);
  EXPECT_DOUBLE_EQ(ind[1]->effective_weight, 0.75 / 3);
  EXPECT_DOUBLE_EQ(ind[2]->effective_weight, 0.25);
  EXPECT_EQ(ind[1]->effective_polarity, Polarity::kNegative);
  EXPECT_EQ(ind[0]->target, 50000);
  EXPECT_EQ(ind[0]->unit, "USD");
  EXPECT_EQ(ind[0]->formula, "");  // COINr denominates only when asked

  auto denominated = parse_system(
      convert({{"1", "GDP", "GDP", "1", "1", "USD", "NA", "Population", "Index", "Indicator"},
               {"2", "Index", "Index", "1", "1", "Score", "NA", "NA", "NA", "Aggregate"}},
              true));
  ASSERT_TRUE(denominated.system);
  EXPECT_EQ(denominated.system->indicators()[0]->formula, "GDP / Population");
}

TEST(CoinrTest, BrokenTablesAreRefusedWithTheRow) {
  auto message = [](Rows body) {
    try {
      convert(std::move(body));
    } catch (const Error& e) {
      return e.describe();
    }
    return std::string("no error");
  };
  EXPECT_THAT(message({{"1", "A", "A", "1", "1", "", "NA", "NA", "Nowhere", "Indicator"},
                       {"2", "Index", "I", "1", "1", "", "NA", "NA", "NA", "Aggregate"}}),
              HasSubstr("iMeta.csv, row 2, column Parent: Parent 'Nowhere' of 'A'"));
  EXPECT_THAT(message({{"1", "A", "A", "2", "1", "", "NA", "NA", "Index", "Indicator"},
                       {"2", "Index", "I", "1", "1", "", "NA", "NA", "NA", "Aggregate"}}),
              HasSubstr("row 2, column Direction: Direction '2' is neither 1 nor -1"));
  EXPECT_THAT(message({{"1", "A", "A", "1", "1", "", "NA", "NA", "X", "Indicator"},
                       {"2", "X", "X", "1", "1", "", "NA", "NA", "NA", "Aggregate"},
                       {"2", "Y", "Y", "1", "1", "", "NA", "NA", "NA", "Aggregate"}}),
              HasSubstr("both have no Parent"));
  EXPECT_THAT(message({{"1", "A", "A", "1", "0", "", "NA", "NA", "Index", "Indicator"},
                       {"2", "Index", "I", "1", "1", "", "NA", "NA", "NA", "Aggregate"}}),
              HasSubstr("row 2, column Weight: '0' is not a positive weight"));
  EXPECT_THAT(message({{"1", "A", "A", "1", "1", "", "NA", "NA", "Index", "Indicator"},
                       {"1", "A", "A", "1", "1", "", "NA", "NA", "Index", "Indicator"}}),
              HasSubstr("row 3, column iCode: iCode 'A' appears twice"));
  EXPECT_THAT(message({{"1", "A", "A", "1", "1", "", "NA", "NA", "B", "Indicator"},
                       {"2", "B", "B", "1", "1", "", "NA", "NA", "C", "Aggregate"},
                       {"2", "C", "C", "1", "1", "", "NA", "NA", "B", "Aggregate"}}),
              HasSubstr("no aggregate without a Parent"));
  EXPECT_THAT(message({{"1", "A", "A", "1", "1", "", "NA", "NA", "Index", "Indicator"},
                       {"1", "D", "D", "1", "1", "", "NA", "NA", "B", "Indicator"},
                       {"2", "B", "B", "1", "1", "", "NA", "NA", "C", "Aggregate"},
                       {"2", "C", "C", "1", "1", "", "NA", "NA", "B", "Aggregate"},
                       {"3", "Index", "I", "1", "1", "", "NA", "NA", "NA", "Aggregate"}}),
              HasSubstr("row 3, column Parent: 'D' does not lead up to the index"));
}

}  // namespace
}  // namespace atlas::evaluate
