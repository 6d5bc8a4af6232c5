#include "atlas/discover/split.h"

#include <gtest/gtest.h>

namespace atlas::discover {
namespace {

// Points on a line (y = 0), worked out by hand with ε = 1 and min weight 2 (unit weights):
//   index  0–4: blob A at x = 0, 0.5, 1, 1.5, 2
//          5–6: a bridge at x = 3, 4 (each 1 from its neighbours)
//         7–11: blob B at x = 5, 5.5, 6, 6.5, 7
//        12–14: cluster C at x = 20, 20.5, 21
//           15: noise at x = 50
// Every point but the last has a neighbour within 1, so all are core: A + bridge + B form
// cluster 0 (12 of 16 points, share 0.75), C cluster 1 (share 0.1875).
std::vector<double> line() {
  std::vector<double> x = {0, 0.5, 1, 1.5, 2, 3, 4, 5, 5.5, 6, 6.5, 7, 20, 20.5, 21, 50};
  std::vector<double> points;
  for (double v : x) points.insert(points.end(), {v, 0});
  return points;
}

DbscanOptions options() {
  DbscanOptions o;
  o.eps = 1;
  o.min_weight = 2;
  o.threads = 1;
  return o;
}

TEST(Split, TheFirstRunFindsOneLargeAgglomeration) {
  auto points = line();
  auto r = dbscan(points, 2, {}, options());
  ASSERT_EQ(r.clusters, 2);
  for (int i = 0; i < 12; ++i) EXPECT_EQ(r.cluster[i], 0) << i;
  EXPECT_EQ(r.cluster[12], 1);
  EXPECT_EQ(r.cluster[15], -1);
}

TEST(Split, ALargeClusterIsClusteredAgainWithAStricterDensity) {
  // Re-run on cluster 0's 12 points with min weight 4. Counts within 1 (itself included):
  // x=0: 0, .5, 1 → 3, not core; .5: 4; 1: 5; 1.5: 4; 2: 1, 1.5, 2, 3 → 4; 3: 2, 3, 4 → 3;
  // 4: 3, 4, 5 → 3; 5: 4, 5, 5.5, 6 → 4; 5.5: 4; 6: 5; 6.5: 4; 7: 6, 6.5, 7 → 3.
  // Core runs {0.5 … 2} and {5 … 6.5} are 3 apart: two clusters. Borders: 0 and 3 join the
  // first (nearest core 0.5 and 2), 4 and 7 the second. C (share 0.19) is left alone.
  auto points = line();
  auto r = dbscan(points, 2, {}, options());
  SplitOptions s;
  s.share = 0.5;
  auto from = split_large(points, 2, {}, options(), s, r);
  ASSERT_EQ(r.clusters, 3);
  // Renumbered by smallest core index: A' (core from index 1) 0, B' (index 7) 1, C (12) 2.
  const std::int32_t want[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, -1};
  const std::uint8_t core[] = {0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0};
  for (int i = 0; i < 16; ++i) {
    EXPECT_EQ(r.cluster[i], want[i]) << "point " << i;
    EXPECT_EQ(r.core[i], core[i]) << "point " << i;
  }
  EXPECT_EQ(from, (std::vector<std::int32_t>{0, 0, -1}));
}

TEST(Split, NothingAboveTheShareChangesNothing) {
  auto points = line();
  auto r = dbscan(points, 2, {}, options());
  auto before = r.cluster;
  SplitOptions s;
  s.share = 0.8;  // 0.75 is not above it
  auto from = split_large(points, 2, {}, options(), s, r);
  EXPECT_EQ(r.cluster, before);
  EXPECT_EQ(from, (std::vector<std::int32_t>{-1, -1}));
}

}  // namespace
}  // namespace atlas::discover
