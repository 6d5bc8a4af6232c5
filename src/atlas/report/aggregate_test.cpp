#include "atlas/report/aggregate.h"

#include <gtest/gtest.h>

namespace atlas::report {
namespace {

metrics::ClusterYearTotals totals(std::int64_t id, std::int64_t firms, std::int64_t high_tech,
                                  std::optional<double> revenue, std::optional<double> staff,
                                  std::optional<double> patents) {
  metrics::ClusterYearTotals t;
  t.cluster_id = id;
  t.year = 2022;
  t.firms = firms;
  t.high_tech_firms = high_tech;
  t.revenue = revenue;
  t.employment = staff;
  t.valid_invention_patents = patents;
  return t;
}

TEST(Aggregate, ReproducesHubeisPublishedRatios) {
  // Hubei's 10 clusters (a 2022 article): 3950 firms, 1003 high-tech, 299,442 staff and 711 valid
  // invention patents → 25.39% high-tech and 23.74 patents per 10,000 staff. Split over two
  // clusters to exercise the sums.
  std::vector<Member> members = {{1, "420000", "湖北"}, {2, "420000", "湖北"}};
  auto rows = aggregate(members, {totals(1, 2000, 500, 1.5e11, 150000, 400),
                                  totals(2, 1950, 503, 1.04794e11, 149442, 311)});
  ASSERT_EQ(rows.size(), 2u);  // Hubei and the national total
  const auto& hubei = rows[0];
  EXPECT_EQ(hubei.clusters, 2);
  EXPECT_EQ(hubei.firms, 3950);
  EXPECT_NEAR(*hubei.high_tech_share(), 0.2539, 0.00005);
  EXPECT_NEAR(*hubei.patents_per_10k_staff(), 23.74, 0.005);
  EXPECT_NEAR(*hubei.revenue, 2547.94e8, 1);
  EXPECT_EQ(rows[1].key, "total");
  EXPECT_EQ(rows[1].firms, 3950);
}

TEST(Aggregate, MissingStaysMissing) {
  std::vector<Member> members = {{1, "a", "A"}, {2, "b", "B"}, {3, "b", "B"}};
  // Cluster 3 reported no data at all; cluster 2 reported no revenue.
  auto rows = aggregate(members, {totals(1, 10, 2, 5e8, 100, 3),
                                  totals(2, 4, 0, std::nullopt, std::nullopt, std::nullopt)});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].key, "b");
  EXPECT_EQ(rows[1].clusters, 2);
  EXPECT_EQ(rows[1].firms, 4);
  EXPECT_FALSE(rows[1].revenue.has_value());
  EXPECT_FALSE(rows[1].patents_per_10k_staff().has_value());
  EXPECT_EQ(*rows[2].revenue, 5e8);  // the total covers the clusters that reported
  EXPECT_EQ(rows[2].clusters, 3);
}

TEST(Aggregate, NoFirmsMeansNoShare) {
  auto rows = aggregate({{1, "a", "A"}}, {});
  EXPECT_FALSE(rows[0].high_tech_share().has_value());
}

// A province whose clusters have no figures for the year has missing firm counts (— / null),
// not 0 firms; one that reported no firms has 0.
TEST(Aggregate, AGroupNobodyReportedForIsMissingNotZero) {
  auto rows = aggregate({{1, "a", "A"}, {2, "b", "B"}}, {totals(2, 0, 0, 0.0, 0.0, 0.0)});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].clusters, 1);
  EXPECT_FALSE(rows[0].firms.has_value());
  EXPECT_FALSE(rows[0].high_tech_firms.has_value());
  EXPECT_EQ(rows[1].firms, 0);
  EXPECT_EQ(rows[2].firms, 0);  // the total covers the clusters that reported
}

// Cluster 1 lists 2 firms, 1 high-tech; cluster 2 reports 40 firms and no high-tech count; cluster
// 3 reports nothing of its firms. The group has 42 firms, 1 high-tech, and a share of 1/2 — the
// share of the firms whose high-tech count is known, not 1/42.
TEST(Aggregate, TheHighTechShareIsOverTheClustersThatReportBothCounts) {
  auto one = totals(1, 2, 1, std::nullopt, std::nullopt, std::nullopt);
  auto two = totals(2, 40, 0, std::nullopt, std::nullopt, std::nullopt);
  two.high_tech_firms.reset();
  auto three = totals(3, 0, 0, 1e8, std::nullopt, std::nullopt);
  three.firms.reset();
  three.high_tech_firms.reset();
  auto rows = aggregate({{1, "a", "A"}, {2, "a", "A"}, {3, "b", "B"}}, {one, two, three});
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].firms, 42);
  EXPECT_EQ(rows[0].high_tech_firms, 1);
  EXPECT_DOUBLE_EQ(*rows[0].high_tech_share(), 0.5);
  EXPECT_FALSE(rows[1].firms.has_value());  // B's cluster never reported its firms
  EXPECT_FALSE(rows[1].high_tech_share().has_value());
  EXPECT_EQ(rows[1].revenue, 1e8);
  EXPECT_EQ(rows[2].firms, 42);
}

}  // namespace
}  // namespace atlas::report
