#include "atlas/metrics/totals.h"

#include <gtest/gtest.h>

namespace atlas::metrics {
namespace {

// Three listed firms: one high-tech, one 专精特新, one neither; revenue 30 and R&D 2 (元).
ClusterYearTotals three_rows() {
  ClusterYearTotals t;
  t.cluster_id = 7;
  t.year = 2023;
  t.firms = 3;
  t.high_tech_firms = 1;
  t.specialised_firms = 1;
  t.single_champion_firms = 0;
  t.qualified_firms = 2;
  t.revenue = 30;
  t.rd_expenditure = 2;
  return t;
}

domain::ClusterReport report() {
  domain::ClusterReport r;
  r.cluster_id = 7;
  r.year = 2023;
  return r;
}

TEST(WithReport, AReportWithoutCountsKeepsTheRowsCounts) {
  auto r = report();
  r.revenue = 500;
  auto t = with_report(three_rows(), r);
  EXPECT_EQ(t.firms, 3);
  EXPECT_EQ(t.qualified_firms, 2);
  EXPECT_EQ(t.revenue, 500);       // the report's figure replaces the sum
  EXPECT_EQ(t.rd_expenditure, 2);  // one it leaves blank keeps the sum
}

TEST(WithReport, CountsOfOtherFirmsThanTheReportsAreMissing) {
  auto r = report();
  r.firms = 40;  // the three rows are not its 40 firms
  auto t = with_report(three_rows(), r);
  EXPECT_EQ(t.firms, 40);
  EXPECT_FALSE(t.high_tech_firms.has_value());
  EXPECT_FALSE(t.specialised_firms.has_value());
  EXPECT_FALSE(t.single_champion_firms.has_value());
  EXPECT_FALSE(t.qualified_firms.has_value());
}

TEST(WithReport, RowsThatAreTheReportsFirmsFillInItsBlanks) {
  auto r = report();
  r.firms = 3;
  r.high_tech_firms = 1;
  auto t = with_report(three_rows(), r);
  EXPECT_EQ(t.high_tech_firms, 1);
  EXPECT_EQ(t.specialised_firms, 1);
  EXPECT_EQ(t.single_champion_firms, 0);
  EXPECT_EQ(t.qualified_firms, 2);
}

TEST(WithReport, RowsThatDisagreeWithACountAreNotTheReportsFirms) {
  auto r = report();
  r.firms = 3;
  r.high_tech_firms = 2;  // the rows mark one
  auto t = with_report(three_rows(), r);
  EXPECT_EQ(t.firms, 3);
  EXPECT_EQ(t.high_tech_firms, 2);
  EXPECT_FALSE(t.specialised_firms.has_value());
  EXPECT_FALSE(t.qualified_firms.has_value());
  // Without a firm count the report's counts cannot be matched with the rows at all.
  r.firms.reset();
  r.high_tech_firms = 1;
  t = with_report(three_rows(), r);
  EXPECT_FALSE(t.firms.has_value());
  EXPECT_EQ(t.high_tech_firms, 1);
  EXPECT_FALSE(t.qualified_firms.has_value());
}

TEST(WithReport, NoRowsAndNoCountIsMissingAndAReportedZeroIsZero) {
  auto r = report();
  r.employment = 1000;
  auto t = with_report(ClusterYearTotals{}, r);
  EXPECT_EQ(t.cluster_id, 7);
  EXPECT_EQ(t.year, 2023);
  EXPECT_FALSE(t.firms.has_value());
  EXPECT_EQ(t.employment, 1000);
  r.firms = 0;
  t = with_report(ClusterYearTotals{}, r);
  EXPECT_EQ(t.firms, 0);
  EXPECT_FALSE(t.high_tech_firms.has_value());
}

}  // namespace
}  // namespace atlas::metrics
