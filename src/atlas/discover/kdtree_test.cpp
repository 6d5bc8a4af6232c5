#include "atlas/discover/kdtree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <utility>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

using Ids = std::vector<std::uint32_t>;

// Every other point of `self` with its squared distance, summed in coordinate order, sorted by
// (distance, index): the brute-force answer to all three queries.
std::vector<std::pair<double, std::uint32_t>> by_distance(const std::vector<double>& x, int dim,
                                                          std::size_t self) {
  const std::size_t n = x.size() / dim;
  std::vector<std::pair<double, std::uint32_t>> all;
  for (std::size_t j = 0; j < n; ++j) {
    if (j == self) continue;
    double s = 0;
    for (int d = 0; d < dim; ++d)
      s += (x[j * dim + d] - x[self * dim + d]) * (x[j * dim + d] - x[self * dim + d]);
    all.push_back({s, static_cast<std::uint32_t>(j)});
  }
  std::sort(all.begin(), all.end());
  return all;
}

// Points on a coarse lattice (many equal distances and exact duplicates) or spread uniformly.
std::vector<double> random_points(std::mt19937_64& rng, std::size_t n, int dim, bool lattice) {
  std::vector<double> x(n * dim);
  for (auto& v : x) {
    v = lattice ? static_cast<double>(rng() % 7)
                : std::uniform_real_distribution<double>(-50, 50)(rng);
  }
  return x;
}

TEST(KdTree, MatchesBruteForceWithTiesAndDuplicates) {
  for (int dim = 1; dim <= 3; ++dim) {
    for (std::uint64_t seed = 1; seed <= 12; ++seed) {
      std::mt19937_64 rng(seed * 101 + dim);
      const std::size_t n = 1 + rng() % 400;
      const bool lattice = seed % 3 != 0;
      auto x = random_points(rng, n, dim, lattice);
      KdTree tree(x, dim);
      ASSERT_EQ(tree.size(), n);
      const std::size_t k = 1 + rng() % 12;
      const double r2 = lattice ? static_cast<double>(rng() % 6) : 40.0 * (1 + rng() % 5);
      for (std::size_t i = 0; i < n; ++i) {
        auto all = by_distance(x, dim, i);
        Ids want_nearest;
        for (std::size_t q = 0; q < std::min(k, all.size()); ++q)
          want_nearest.push_back(all[q].second);
        ASSERT_EQ(tree.nearest(static_cast<std::uint32_t>(i), k), want_nearest)
            << "dim " << dim << " seed " << seed << " point " << i;
        const double want_kth = k <= all.size() ? all[k - 1].first : INFINITY;
        ASSERT_EQ(tree.kth_distance2(static_cast<std::uint32_t>(i), k), want_kth)
            << "dim " << dim << " seed " << seed << " point " << i;
        Ids want_within;
        for (const auto& [s, j] : all)
          if (s <= r2) want_within.push_back(j);
        std::sort(want_within.begin(), want_within.end());
        Ids got;
        tree.within(static_cast<std::uint32_t>(i), r2, got);
        std::sort(got.begin(), got.end());
        ASSERT_EQ(got, want_within) << "dim " << dim << " seed " << seed << " point " << i;
      }
    }
  }
}

TEST(KdTree, TiesGoToTheLowerIndexByHand) {
  // x = 3, 0, 6, 3, 1 (ids 0…4). From id 0 (x = 3): id 3 at 0, id 4 at 2, then ids 1 and 2
  // both at 3 → id 1 first.
  std::vector<double> x = {3, 0, 6, 3, 1};
  KdTree tree(x, 1);
  EXPECT_EQ(tree.nearest(0, 3), (Ids{3, 4, 1}));
  EXPECT_EQ(tree.nearest(0, 10), (Ids{3, 4, 1, 2}));  // k ≥ n: every other point
  EXPECT_EQ(tree.kth_distance2(0, 1), 0.0);           // the duplicate counts, at 0
  EXPECT_EQ(tree.kth_distance2(0, 3), 9.0);
  EXPECT_EQ(tree.kth_distance2(0, 5), INFINITY);
  Ids got;
  tree.within(0, 4, got);  // inclusive: distance 2 (squared 4) is in
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (Ids{3, 4}));
}

TEST(KdTree, ManyIdenticalPoints) {
  // 100 copies of one point in the plane: every neighbour is at 0, ties by index.
  std::vector<double> x(200, 1.5);
  KdTree tree(x, 2);
  EXPECT_EQ(tree.nearest(50, 3), (Ids{0, 1, 2}));
  EXPECT_EQ(tree.nearest(0, 2), (Ids{1, 2}));
  EXPECT_EQ(tree.kth_distance2(7, 99), 0.0);
  Ids got;
  tree.within(99, 0, got);
  EXPECT_EQ(got.size(), 99u);
}

TEST(KdTree, EmptyAndBadDimensions) {
  KdTree empty(std::vector<double>{}, 3);
  EXPECT_EQ(empty.size(), 0u);
  KdTree one(std::vector<double>{1, 2}, 2);
  EXPECT_EQ(one.nearest(0, 1), Ids{});
  EXPECT_EQ(one.kth_distance2(0, 1), INFINITY);
  EXPECT_THROW(KdTree(std::vector<double>{1, 2, 3, 4}, 4), Error);
  EXPECT_THROW(KdTree(std::vector<double>{1, 2}, 0), Error);
}

}  // namespace
}  // namespace atlas::discover
