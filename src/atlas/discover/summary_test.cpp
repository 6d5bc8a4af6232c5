#include "atlas/discover/summary.h"

#include <random>

#include <gtest/gtest.h>

namespace atlas::discover {
namespace {

using P = std::array<double, 2>;

TEST(DiscoverSummary, ConvexHullCounterClockwiseWithoutInnerOrCollinearPoints) {
  // A 2×2 square with its centre, an edge midpoint (collinear) and a duplicate corner.
  auto h = convex_hull({{0, 0}, {2, 0}, {2, 2}, {0, 2}, {1, 1}, {1, 0}, {2, 2}});
  EXPECT_EQ(h, (std::vector<P>{{0, 0}, {2, 0}, {2, 2}, {0, 2}}));
  EXPECT_EQ(convex_hull({{1, 1}, {1, 1}}), (std::vector<P>{{1, 1}}));
  EXPECT_EQ(convex_hull({{3, 1}, {1, 1}}), (std::vector<P>{{1, 1}, {3, 1}}));
}

// A hull is right when every point lies on or left of every edge, every vertex is an input point
// and every vertex turns strictly left (no collinear or repeated vertex). Checked on integer
// coordinates, where the cross products are exact, on sets large enough for the octagon filter,
// with duplicates and many collinear points (a small grid).
TEST(DiscoverSummary, ConvexHullOfManyPointsMatchesItsDefinition) {
  auto cross = [](const P& o, const P& a, const P& b) {
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  };
  for (unsigned seed = 1; seed <= 200; ++seed) {
    std::mt19937 rng(seed);
    const int side = seed % 3 == 0 ? 8 : 1000;  // a small grid: duplicates and collinear runs
    std::uniform_int_distribution<int> coord(-side, side);
    const int n = 64 + static_cast<int>(seed % 7) * 150;
    std::vector<P> pts;
    for (int i = 0; i < n; ++i) {
      P q{static_cast<double>(coord(rng)), static_cast<double>(coord(rng))};
      if (seed % 2 == 0) q[1] = std::round(q[1] / 4 + q[0] * q[0] / (4.0 * side));  // a bowl
      pts.push_back(q);
    }
    const auto h = convex_hull(pts);
    ASSERT_GE(h.size(), 3u) << "seed " << seed;
    for (std::size_t k = 0; k < h.size(); ++k) {
      const P& a = h[k];
      const P& b = h[(k + 1) % h.size()];
      const P& c = h[(k + 2) % h.size()];
      EXPECT_GT(cross(a, b, c), 0) << "seed " << seed << ": vertex " << k + 1 << " is not convex";
      EXPECT_NE(std::find(pts.begin(), pts.end(), a), pts.end()) << "seed " << seed;
      for (const auto& q : pts) {
        ASSERT_GE(cross(a, b, q), 0) << "seed " << seed << ": a point outside edge " << k;
      }
    }
  }
}

TEST(DiscoverSummary, WeightsSharesRankAndCentroid) {
  // Planar. Cluster 0: (0,0) w1 patent, (2,0) w3 publication; cluster 1: (10,10) w2 patent,
  // (12,10) w2 firm; noise (50,50) w2 publication. Totals: weight 10, patents 3, papers 5.
  // Scores: cluster 0 = 1/3 + 3/5 = 0.9333, cluster 1 = 2/3 + 0 = 0.6667 → ranks 1, 2.
  // Centroids: (0·1 + 2·3)/4 = 1.5 → (1.5, 0); (11, 10).
  std::vector<double> a{0, 2, 10, 12, 50}, b{0, 0, 10, 10, 50}, w{1, 3, 2, 2, 2};
  std::vector<std::string> kinds{"patent", "publication", "firm"};
  std::vector<std::int32_t> kind{0, 1, 0, 2, 1};
  std::vector<int> year{2020, 2021, 2020, 0, 2020};
  SummaryInput in;
  in.geographic = false;
  in.a = a;
  in.b = b;
  in.weight = w;
  in.kind = {kind, kinds};
  in.year = year;
  std::vector<std::int32_t> cluster{0, 0, 1, 1, -1};
  std::vector<std::uint8_t> core{1, 1, 1, 0, 0};
  auto s = summarise(in, cluster, core, 2);
  ASSERT_EQ(s.clusters.size(), 2u);
  EXPECT_TRUE(s.totals.ranked_by_kinds);
  EXPECT_DOUBLE_EQ(s.totals.weight, 10);
  EXPECT_DOUBLE_EQ(s.totals.clustered_weight, 8);
  EXPECT_EQ(s.totals.clustered_points, 4u);
  const auto& c0 = s.clusters[0];
  EXPECT_DOUBLE_EQ(c0.weight, 4);
  EXPECT_DOUBLE_EQ(c0.share, 0.4);
  EXPECT_DOUBLE_EQ(c0.score, 1.0 / 3 + 3.0 / 5);
  EXPECT_EQ(c0.rank, 1);
  EXPECT_EQ(s.clusters[1].rank, 2);
  EXPECT_EQ(s.clusters[1].core_points, 1u);
  EXPECT_DOUBLE_EQ(c0.centroid[0], 1.5);
  EXPECT_DOUBLE_EQ(c0.centroid[1], 0);
  EXPECT_EQ(c0.weight_by_year, (std::map<int, double>{{2020, 1}, {2021, 3}}));
  EXPECT_EQ(s.clusters[1].weight_by_year, (std::map<int, double>{{2020, 2}}));
  EXPECT_DOUBLE_EQ(s.clusters[1].weight_by_kind.at("firm"), 2);
}

// More points than one slice of the parallel totals: every number is the same bit for bit on 1,
// 2 and 5 threads, and the weights, counts and per-kind and per-year sums agree with a plain loop.
TEST(DiscoverSummary, SameOnAnyNumberOfThreadsAndAsAPlainLoop) {
  const std::size_t n = 1'100'000;  // just over one slice (2^20)
  const std::int32_t clusters = 37;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> lat(n), lon(n), w(n);
  std::vector<std::int32_t> kind(n), cluster(n);
  std::vector<int> year(n);
  std::vector<std::uint8_t> core(n);
  std::vector<std::string> kinds{"patent", "publication", "firm"};
  for (std::size_t i = 0; i < n; ++i) {
    cluster[i] = static_cast<std::int32_t>(rng() % (clusters + 1)) - 1;
    lat[i] = 20 + 10 * u(rng);
    lon[i] = 100 + 20 * u(rng);
    w[i] = 1.0 / static_cast<double>(1 + rng() % 10);
    kind[i] = static_cast<std::int32_t>(rng() % 4) - 1;
    year[i] = static_cast<int>(rng() % 3 == 0 ? 0 : 2015 + rng() % 8);
    core[i] = cluster[i] >= 0 && rng() % 2;
  }
  SummaryInput in;
  in.a = lat;
  in.b = lon;
  in.weight = w;
  in.kind = {kind, kinds};
  in.year = year;
  std::vector<Summaries> runs;
  for (int threads : {1, 2, 5}) {
    in.threads = threads;
    runs.push_back(summarise(in, cluster, core, clusters));
  }
  for (std::size_t r = 1; r < runs.size(); ++r) {
    EXPECT_EQ(runs[r].totals.weight, runs[0].totals.weight);
    EXPECT_EQ(runs[r].totals.weight_by_kind, runs[0].totals.weight_by_kind);
    for (std::int32_t c = 0; c < clusters; ++c) {
      const auto &x = runs[r].clusters[c], &y = runs[0].clusters[c];
      EXPECT_EQ(x.weight, y.weight);
      EXPECT_EQ(x.weight_by_kind, y.weight_by_kind);
      EXPECT_EQ(x.weight_by_year, y.weight_by_year);
      EXPECT_EQ(x.centroid, y.centroid);
      EXPECT_EQ(x.hull, y.hull);
      EXPECT_EQ(x.rank, y.rank);
    }
  }
  double total = 0;
  std::map<std::string, double> by_kind;
  std::vector<double> weight(clusters);
  std::vector<std::size_t> points(clusters), cores(clusters);
  std::vector<std::map<int, double>> by_year(clusters);
  for (std::size_t i = 0; i < n; ++i) {
    total += w[i];
    if (kind[i] >= 0) by_kind[kinds[kind[i]]] += w[i];
    if (cluster[i] < 0) continue;
    weight[cluster[i]] += w[i];
    ++points[cluster[i]];
    cores[cluster[i]] += core[i];
    if (year[i] != 0) by_year[cluster[i]][year[i]] += w[i];
  }
  const auto& s = runs[0];
  EXPECT_NEAR(s.totals.weight, total, total * 1e-12);
  for (const auto& [k, v] : by_kind) EXPECT_NEAR(s.totals.weight_by_kind.at(k), v, v * 1e-12);
  for (std::int32_t c = 0; c < clusters; ++c) {
    EXPECT_EQ(s.clusters[c].points, points[c]);
    EXPECT_EQ(s.clusters[c].core_points, cores[c]);
    EXPECT_NEAR(s.clusters[c].weight, weight[c], weight[c] * 1e-12);
    ASSERT_EQ(s.clusters[c].weight_by_year.size(), by_year[c].size());
    for (const auto& [y, v] : by_year[c]) {
      EXPECT_NEAR(s.clusters[c].weight_by_year.at(y), v, v * 1e-12);
    }
  }
}

TEST(DiscoverSummary, CentroidAcrossTheAntimeridian) {
  // Two points at ±179.9° near the equator: the centroid is at 180° (to within the slight
  // asymmetry of their latitudes), not at 0°; the hull keeps the western point beyond 180.
  std::vector<double> lat{0, 0.1}, lon{179.9, -179.9};
  SummaryInput in;
  in.a = lat;
  in.b = lon;
  std::vector<std::int32_t> cluster{0, 0};
  std::vector<std::uint8_t> core{1, 1};
  auto s = summarise(in, cluster, core, 1);
  EXPECT_NEAR(std::abs(s.clusters[0].centroid[1]), 180, 1e-6);
  EXPECT_NEAR(s.clusters[0].centroid[0], 0.05, 1e-6);
  ASSERT_EQ(s.clusters[0].hull.size(), 2u);
  EXPECT_NEAR(std::abs(s.clusters[0].hull[1][0] - s.clusters[0].hull[0][0]), 0.2, 1e-9);
}

}  // namespace
}  // namespace atlas::discover
