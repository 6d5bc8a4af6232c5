#include "atlas/discover/kdistance.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace atlas::discover {
namespace {

TEST(DiscoverKDistance, KneeOfAStep) {
  // Ninety points 1 apart on a line and ten points 1000 apart far away: the 1-distance curve is
  // ninety 1s then ten 1000s; the knee is the last 1 (index 89).
  std::vector<double> x;
  for (int i = 0; i < 90; ++i) x.insert(x.end(), {double(i), 0.0});
  for (int j = 0; j < 10; ++j) x.insert(x.end(), {1000.0 * j, 5000.0});
  auto k = k_distance(x, 2, 1);
  EXPECT_EQ(k.curve.size(), 100u);
  EXPECT_EQ(k.knee, 89u);
  EXPECT_EQ(k.eps, 1.0);
  // K = 2 on the line: ends see their 2nd neighbour at 2, inner points at 1.
  auto k2 = k_distance(std::vector<double>(x.begin(), x.begin() + 180), 2, 2);
  EXPECT_EQ(k2.curve.front(), 1.0);
  EXPECT_EQ(k2.curve.back(), 2.0);
  EXPECT_EQ(std::count(k2.curve.begin(), k2.curve.end(), 2.0), 2);
}

TEST(DiscoverKDistance, MatchesBruteForce) {
  // Random points with duplicates (a coarse lattice) in 1–3 dimensions: each point's distance to
  // its K-th nearest other point, by sorting all distances.
  for (int dim = 1; dim <= 3; ++dim) {
    for (std::uint64_t seed = 1; seed <= 10; ++seed) {
      std::mt19937_64 rng(seed * 31 + dim);
      const std::size_t n = 20 + rng() % 300, k = 1 + rng() % 8;
      std::vector<double> x(n * dim);
      for (auto& v : x)
        v = seed % 2 ? std::round(std::normal_distribution<double>(0, 4)(rng))
                     : std::uniform_real_distribution<double>(0, 10)(rng);
      std::vector<double> want;
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<double> d;
        for (std::size_t j = 0; j < n; ++j) {
          if (j == i) continue;
          double s = 0;
          for (int a = 0; a < dim; ++a)
            s += (x[i * dim + a] - x[j * dim + a]) * (x[i * dim + a] - x[j * dim + a]);
          d.push_back(std::sqrt(s));
        }
        std::nth_element(d.begin(), d.begin() + (k - 1), d.end());
        want.push_back(d[k - 1]);
      }
      std::sort(want.begin(), want.end());
      EXPECT_EQ(k_distance(x, dim, k, 1000, 2).curve, want) << dim << " " << seed;
    }
  }
}

TEST(DiscoverKDistance, KMustBeBelowTheNumberOfPoints) {
  EXPECT_THROW(k_distance(std::vector<double>{0, 1}, 1, 2), std::exception);
  EXPECT_THROW(k_distance(std::vector<double>{0, 1}, 1, 0), std::exception);
}

}  // namespace
}  // namespace atlas::discover
