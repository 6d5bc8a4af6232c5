#include "atlas/discover/spatial.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

// A 3 × 3 lattice with rook contiguity, ids row by row:   0 1 2
//                                                          3 4 5
//                                                          6 7 8
SpatialWeights rook3x3() {
  return from_neighbours(
      {{1, 3}, {0, 2, 4}, {1, 5}, {0, 4, 6}, {1, 3, 5, 7}, {2, 4, 8}, {3, 7}, {4, 6, 8}, {5, 7}});
}

// x = 1 … 9: mean 5, z = −4 … 4, Σz² = 60, Σz⁴ = 708.
const std::vector<double> kRamp = {1, 2, 3, 4, 5, 6, 7, 8, 9};

PermutationOptions perms(int n, std::uint64_t seed = 7, int threads = 1) {
  PermutationOptions o;
  o.permutations = n;
  o.seed = seed;
  o.threads = threads;
  return o;
}

TEST(SpatialMoran, GlobalIOnALatticeByHand) {
  // Row-standardised lags of z: 0: (−3 −1)/2 = −2; 1: (−4 −2 +0)/3 = −2; 2: (−3 +1)/2 = −1;
  // 3: (−4 +0 +2)/3 = −2/3; 4: (−3 −1 +1 +3)/4 = 0; 5: (−2 +0 +4)/3 = 2/3; 6: (−1 +3)/2 = 1;
  // 7: (0 +2 +4)/3 = 2; 8: (1 +3)/2 = 2.
  // Σ z·lag = 8 + 6 + 2 + 2/3 + 0 + 2/3 + 2 + 6 + 8 = 100/3; S0 = 9;
  // I = (9/9) · (100/3) / 60 = 5/9.
  auto g = moran(kRamp, rook3x3(), perms(0));
  EXPECT_NEAR(g.i, 5.0 / 9.0, 1e-12);
  EXPECT_NEAR(g.expected, -1.0 / 8.0, 1e-15);
  // S1 = Σ over the 12 edges of (w_ij + w_ji)²: 8 corner–side edges (1/2 + 1/3)² = 25/36 and
  // 4 side–centre edges (1/3 + 1/4)² = 49/144 → 200/36 + 49/36 = 249/36.
  // S2 = Σ (1 + column sum)²: corners (1 + 2/3)² = 25/9 (×4), sides (1 + 1/2 + 1/2 + 1/4)² =
  // 81/16 (×4), centre (1 + 4/3)² = 49/9 → 100/9 + 81/4 + 49/9 = 1325/36.
  // V_norm = (n² S1 − n S2 + 3 S0²) / ((n² − 1) S0²) − E[I]²
  //        = (560.25 − 331.25 + 243) / 6480 − 1/64 = 472/6480 − 1/64 = 1483/25920.
  EXPECT_NEAR(g.var_normal, 1483.0 / 25920.0, 1e-12);
  EXPECT_NEAR(g.z_normal, (5.0 / 9.0 + 1.0 / 8.0) / std::sqrt(1483.0 / 25920.0), 1e-12);
  // Randomisation: kurtosis k = (708/9) / (60/9)² = 1.77;
  // A = 9 · ((81 − 27 + 3) · 249/36 − 331.25 + 243) = 9 · 306 = 2754;
  // B = 1.77 · (72 · 249/36 − 18 · 1325/36 + 486) = 1.77 · 321.5;
  // V_rand = (A − B) / (8 · 7 · 6 · 81) − 1/64.
  const double v_rand = (2754.0 - 1.77 * 321.5) / 27216.0 - 1.0 / 64.0;
  EXPECT_NEAR(g.var_random, v_rand, 1e-12);
  // Two-sided normal p: 2·(1 − Φ(z)) = erfc(z/√2).
  EXPECT_NEAR(g.p_random, std::erfc(g.z_random / std::sqrt(2.0)), 1e-15);
  EXPECT_TRUE(std::isnan(g.p_sim));  // no permutations asked for
}

TEST(SpatialMoran, RandomisationVarianceIsTheExactPermutationVariance) {
  // Over all 9! arrangements of the values the mean of I is E[I] = −1/8 and its variance is
  // exactly the randomisation variance (Cliff & Ord): enumerate them, independently of moran().
  auto w = rook3x3();
  std::vector<double> z = {-4, -3, -2, -1, 0, 1, 2, 3, 4};
  std::vector<int> order(9);
  std::iota(order.begin(), order.end(), 0);
  double sum = 0, sum2 = 0, count = 0;
  std::vector<double> y(9);
  do {
    for (int i = 0; i < 9; ++i) y[i] = z[order[i]];
    double cross = 0;
    for (std::size_t i = 0; i < 9; ++i) {
      double lag = 0;
      for (std::size_t k = w.start[i]; k < w.start[i + 1]; ++k)
        lag += w.weight[k] * y[w.neighbour[k]];
      cross += y[i] * lag;
    }
    double i_value = cross / 60.0;  // (n / S0) = 1
    sum += i_value;
    sum2 += i_value * i_value;
    count += 1;
  } while (std::next_permutation(order.begin(), order.end()));
  double mean = sum / count, var = sum2 / count - mean * mean;
  EXPECT_NEAR(mean, -1.0 / 8.0, 1e-12);
  auto g = moran(kRamp, w, perms(0));
  EXPECT_NEAR(g.var_random, var, 1e-12);
}

TEST(SpatialMoran, PermutationTestIsSeededAndThreadFree) {
  auto w = rook3x3();
  auto a = moran(kRamp, w, perms(999, 42, 1));
  auto b = moran(kRamp, w, perms(999, 42, 4));
  EXPECT_EQ(a.p_sim, b.p_sim);
  EXPECT_EQ(a.mean_sim, b.mean_sim);
  EXPECT_EQ(a.sd_sim, b.sd_sim);
  // A pseudo p is (count + 1) / 1000.
  EXPECT_NEAR(std::fmod(a.p_sim * 1000, 1.0), 0.0, 1e-9);
  // With many permutations the simulated mean and spread approach −1/8 and √V_rand.
  auto many = moran(kRamp, w, perms(20000, 3, 2));
  EXPECT_NEAR(many.mean_sim, -0.125, 0.005);
  EXPECT_NEAR(many.sd_sim, std::sqrt(many.var_random), 0.005);
  EXPECT_LT(many.p_sim, 0.02);  // the ramp is strongly clustered
}

TEST(SpatialLocal, LisaByHand) {
  // m2 = 60/9 = 20/3, so I_i = z_i · lag_i · 3/20:
  //   0: (−4)(−2)·.15 = 1.2   1: (−3)(−2)·.15 = .9   2: (−2)(−1)·.15 = .3   3: (−1)(−2/3)·.15 = .1
  //   4: 0                    5: (1)(2/3)·.15 = .1   6: 2·1·.15 = .3        7: 3·2·.15 = .9
  //   8: 4·2·.15 = 1.2.  Their mean is 5/9 = the global I (row-standardised, no islands).
  auto l = local_moran(kRamp, rook3x3(), perms(0), 0.05);
  const double expected[] = {1.2, 0.9, 0.3, 0.1, 0, 0.1, 0.3, 0.9, 1.2};
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(l.i[i], expected[i], 1e-12) << i;
  // Quadrants: low with low neighbours for 0–3; unit 4 (z = 0, lag = 0) counts as low/low;
  // high with high for 5–8.
  for (int i = 0; i <= 4; ++i) EXPECT_EQ(l.quadrant[i], Quadrant::kLL) << i;
  for (int i = 5; i <= 8; ++i) EXPECT_EQ(l.quadrant[i], Quadrant::kHH) << i;
  EXPECT_STREQ(quadrant_name(l.quadrant[8]), "HH");
}

TEST(SpatialLocal, ConditionalPermutationMatchesTheExactDistribution) {
  // Unit 0 (z = −4) keeps its value; its two neighbours are drawn from the other z values
  // {−3, −2, −1, 0, 1, 2, 3, 4}. I_sim = −4 · (a + b)/2 · .15 ≥ 1.2 iff a + b ≤ −4: the pairs
  // (−3, −2) and (−3, −1), 2 of C(8, 2) = 28. So p → 2/28 = 1/14 ≈ .0714.
  auto l = local_moran(kRamp, rook3x3(), perms(99999, 11, 2), 0.05);
  EXPECT_NEAR(l.p_sim[0], 1.0 / 14.0, 0.004);
  // Unit 4 (z = 0): every simulated I is 0 = I, a tie both ways, so p = 1, not 1/(perms + 1).
  EXPECT_DOUBLE_EQ(l.p_sim[4], 1.0);
}

TEST(SpatialLocal, DeterministicForASeedWhateverTheThreads) {
  std::vector<double> x;
  std::vector<std::vector<std::uint32_t>> lists(400);
  for (std::uint32_t i = 0; i < 400; ++i) {
    x.push_back(std::sin(i * 0.37) * 10 + (i % 7));
    lists[i] = {(i + 1) % 400, (i + 399) % 400, (i + 20) % 400, (i + 380) % 400};
  }
  auto w = from_neighbours(lists);
  auto a = local_moran(x, w, perms(999, 5, 1), 0.05);
  auto b = local_moran(x, w, perms(999, 5, 3), 0.05);
  EXPECT_EQ(a.p_sim, b.p_sim);
  EXPECT_EQ(a.significant, b.significant);
  auto c = local_moran(x, w, perms(999, 6, 1), 0.05);
  EXPECT_NE(a.p_sim, c.p_sim);  // another seed, other draws
}

TEST(SpatialLocal, IslandsHaveNoStatistic) {
  auto w = from_neighbours({{1}, {0, 2}, {1}, {}});
  auto l = local_moran({1, 2, 3, 10}, w, perms(99), 0.05);
  EXPECT_TRUE(std::isnan(l.i[3]));
  EXPECT_TRUE(std::isnan(l.p_sim[3]));
  EXPECT_EQ(l.quadrant[3], Quadrant::kNone);
  EXPECT_FALSE(l.significant[3]);
}

TEST(SpatialFdr, BenjaminiHochberg) {
  // m = 4, α = .05: sorted .01 .03 .04 .2 against k·α/m = .0125 .025 .0375 .05:
  // k = 4: .2 > .05; k = 3: .04 > .0375; k = 2: .03 > .025; k = 1: .01 ≤ .0125 → .0125.
  EXPECT_DOUBLE_EQ(fdr_cutoff({0.01, 0.04, 0.03, 0.2}, 0.05), 0.0125);
  // m = 8: bounds .00625 k; .042 > .03125 (k = 5), .041 > .025, .039 > .01875, .008 ≤ .0125.
  EXPECT_DOUBLE_EQ(fdr_cutoff({0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205}, 0.05),
                   0.0125);
  EXPECT_DOUBLE_EQ(fdr_cutoff({0.5, 0.9}, 0.05), 0.0);
  // NaNs (islands) are not tests: m = 2, .02 ≤ 2·.05/2 → .05.
  EXPECT_DOUBLE_EQ(fdr_cutoff({0.02, std::nan(""), 0.04}, 0.05), 0.05);
}

TEST(SpatialGiStar, ZScoresByHand) {
  // x = 1…9: x̄ = 5, Σx² = 285, s² = 285/9 − 25 = 20/3, n = 9.
  // Unit 0 with itself: {0, 1, 3} → 1 + 2 + 4 = 7, W = S1 = 3:
  //   (7 − 5·3) / (s · √((9·3 − 9)/8)) = −8 / (1.5 s).
  // Unit 1: {1, 0, 2, 4} → 2 + 1 + 3 + 5 = 11, W = 4: (11 − 20) / (s · √((36 − 16)/8)) =
  //   −9 / (s √2.5).
  // Unit 4: {4, 1, 3, 5, 7} → 25 = 5·5 → 0.  Unit 8: {8, 5, 7} → 23 − 15 = 8 → +8 / (1.5 s).
  const double s = std::sqrt(20.0 / 3.0);
  auto g = getis_ord_gi_star(kRamp, rook3x3());
  EXPECT_NEAR(g[0], -8.0 / (1.5 * s), 1e-12);
  EXPECT_NEAR(g[1], -9.0 / (s * std::sqrt(2.5)), 1e-12);
  EXPECT_NEAR(g[4], 0.0, 1e-12);
  EXPECT_NEAR(g[8], 8.0 / (1.5 * s), 1e-12);
}

TEST(SpatialGiStar, AnIslandHasNoneAndStillCountsInTheMeanAndSpread) {
  // x = 1, 2, 4, 3 with 0–1–2 a chain and 3 an island: x̄ = 2.5, s² = 30/4 − 6.25 = 1.25.
  // The island alone would give (3 − 2.5)/√1.25 ≈ 0.45, its own z-score (esda's value).
  // Unit 1: {1, 0, 2} → 7 − 2.5·3 = −0.5, W = 3: −0.5 / (s · √((12 − 9)/3)) = −0.5 / s.
  auto g = getis_ord_gi_star({1, 2, 4, 3}, from_neighbours({{1}, {0, 2}, {1}, {}}));
  EXPECT_TRUE(std::isnan(g[3]));
  EXPECT_NEAR(g[1], -0.5 / std::sqrt(1.25), 1e-12);
}

TEST(SpatialInput, RejectsWhatCannotBeCorrelated) {
  auto w = rook3x3();
  EXPECT_THROW(moran(std::vector<double>(9, 3.0), w, perms(0)), Error);  // no variation
  auto with_nan = kRamp;
  with_nan[2] = std::nan("");
  try {
    local_moran(with_nan, w, perms(0), 0.05);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 3);
  }
  EXPECT_THROW(local_moran(kRamp, w, perms(0), 1.5), Error);
  EXPECT_THROW(moran({1, 2, 3}, from_neighbours({{}, {}, {}}), perms(0)), Error);
}

}  // namespace
}  // namespace atlas::discover
