#include "atlas/metrics/indicators.h"

#include <gtest/gtest.h>

#include <cmath>

namespace atlas::metrics {
namespace {

std::optional<double> find(const std::vector<IndicatorValue>& values, const std::string& name) {
  for (const auto& v : values) {
    if (v.name == name) return v.value;
  }
  ADD_FAILURE() << "no indicator " << name;
  return std::nullopt;
}

TEST(Indicators, GrowthCagrAndMeansByHand) {
  Series revenue = {{2021, 100.0}, {2022, 120.0}, {2023, 150.0}, {2024, std::nullopt}};
  EXPECT_DOUBLE_EQ(*growth(revenue, 2022), 0.2);            // 120/100 − 1
  EXPECT_DOUBLE_EQ(*growth(revenue, 2023), 0.25);           // 150/120 − 1
  EXPECT_FALSE(growth(revenue, 2024).has_value());          // 2024 missing
  EXPECT_FALSE(growth(revenue, 2021).has_value());          // no 2020
  EXPECT_NEAR(*cagr(revenue, 2021, 2023), 0.224745, 1e-6);  // sqrt(1.5) − 1
  EXPECT_DOUBLE_EQ(*mean_last(revenue, 2023, 3), 370.0 / 3);
  EXPECT_FALSE(mean_last(revenue, 2024, 3).has_value());  // a missing year breaks the mean
  EXPECT_FALSE(mean_last(revenue, 2022, 3).has_value());  // 2020 not reported
}

// One convention with the formula language's cagr(x, N) (expr_test.cpp): the start above 0, the
// end 0 or above — an end of 0 is a fall of 100%.
TEST(Indicators, CagrFromAPositiveStartToAnyEndNotBelowZero) {
  Series s = {{2020, 80.0}, {2021, 0.0}, {2022, -10.0}, {2023, 20.0}};
  EXPECT_EQ(cagr(s, 2020, 2021), std::optional<double>(-1));    // (0 / 80)^1 − 1
  EXPECT_DOUBLE_EQ(*cagr(s, 2020, 2023), std::cbrt(0.25) - 1);  // (20 / 80)^(1/3) − 1
  EXPECT_FALSE(cagr(s, 2021, 2023).has_value());                // from 0: no rate
  EXPECT_FALSE(cagr(s, 2020, 2022).has_value());                // to a negative value
  EXPECT_FALSE(cagr(s, 2022, 2023).has_value());                // from a negative value
  EXPECT_FALSE(cagr(s, 2023, 2023).has_value());                // no years between
}

TEST(Indicators, SharesAndRatiosOfHubeisPublishedTotals) {
  // Hubei's 10 clusters as a 2022 article published them: 3950 firms, 1003 high-tech, revenue
  // 2547.94亿元, net profit 164.95亿元, 299,442 staff, 711 valid invention patents.
  ClusterYearTotals t;
  t.year = 2022;
  t.firms = 3950;
  t.high_tech_firms = 1003;
  t.revenue = 2547.94e8;
  t.profit = 164.95e8;
  t.employment = 299442;
  t.valid_invention_patents = 711;
  auto v = cluster_year_indicators(t);
  EXPECT_NEAR(*find(v, "high_tech_share"), 0.2539, 5e-5);
  EXPECT_NEAR(*find(v, "patents_per_10k_staff"), 23.74, 5e-3);
  EXPECT_NEAR(*find(v, "profit_margin"), 164.95 / 2547.94, 1e-12);
  EXPECT_FALSE(find(v, "rd_intensity").has_value());  // R&D not reported: missing, not 0
}

TEST(Indicators, ZeroDenominatorsAreMissing) {
  ClusterYearTotals t;
  t.revenue = 0.0;
  t.rd_expenditure = 5.0;
  auto v = cluster_year_indicators(t);
  EXPECT_FALSE(find(v, "rd_intensity").has_value());
  EXPECT_FALSE(find(v, "high_tech_share").has_value());  // no firms
}

TEST(Indicators, AFirmCountNeverReportedIsMissingAndAReportedZeroIsZero) {
  ClusterYearTotals t;  // a JQ01 report with revenue only
  t.revenue = 5e8;
  auto v = cluster_year_indicators(t);
  for (const char* name : {"firms", "high_tech_firms", "specialised_firms", "single_champion_firms",
                           "qualified_firms", "high_tech_share", "qualified_share"}) {
    EXPECT_FALSE(find(v, name).has_value()) << name;
  }
  t.firms = 0;
  t.high_tech_firms = 0;
  v = cluster_year_indicators(t);
  EXPECT_EQ(find(v, "firms"), 0.0);
  EXPECT_EQ(find(v, "high_tech_firms"), 0.0);
  EXPECT_FALSE(find(v, "high_tech_share").has_value());  // 0 / 0: no share, neither 0 nor NaN
}

TEST(Indicators, ThreeYearMeansOverAClustersHistory) {
  std::vector<ClusterYearTotals> history(3);
  double revenue[] = {200e8, 300e8, 400e8}, rd[] = {6e8, 12e8, 20e8};
  for (int i = 0; i < 3; ++i) {
    history[i].year = 2022 + i;
    history[i].revenue = revenue[i];
    history[i].rd_expenditure = rd[i];
  }
  auto v = cluster_indicators(history, 2024);
  EXPECT_DOUBLE_EQ(*find(v, "revenue_mean_3y"), 300e8);  // the 300亿元 threshold, exactly met
  EXPECT_NEAR(*find(v, "rd_intensity_mean_3y"), (0.03 + 0.04 + 0.05) / 3, 1e-12);
  EXPECT_NEAR(*find(v, "revenue_growth"), 1.0 / 3, 1e-12);
  EXPECT_NEAR(*find(v, "revenue_cagr"), std::sqrt(2.0) - 1, 1e-12);
}

}  // namespace
}  // namespace atlas::metrics
