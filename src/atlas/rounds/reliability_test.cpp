#include "atlas/rounds/reliability.h"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

// Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations: uses in assessing rater
// reliability. Psychological Bulletin 86(2), 420–428. Table 2: six targets rated by four judges.
//            judge 1  2  3  4
const double kShroutFleiss[6][4] = {{9, 2, 5, 8},   // target 1
                                    {6, 1, 3, 2},   // target 2
                                    {8, 4, 6, 8},   // target 3
                                    {7, 1, 2, 6},   // target 4
                                    {10, 5, 6, 9},  // target 5
                                    {6, 2, 4, 7}};  // target 6

Ratings shrout_fleiss() {
  Ratings r;
  r.targets = 6;
  r.raters = 4;
  for (const auto& row : kShroutFleiss) r.values.insert(r.values.end(), row, row + 4);
  return r;
}

// The same table as a round's long table: target i is application "T<i>", judge j expert "J<j>".
ScoreTable shrout_fleiss_long() {
  std::vector<std::string> apps, experts;
  std::vector<double> scores;
  for (int i = 0; i < 6; ++i) {
    for (int j = 0; j < 4; ++j) {
      apps.push_back("T" + std::to_string(i + 1));
      experts.push_back("J" + std::to_string(j + 1));
      scores.push_back(kShroutFleiss[i][j]);
    }
  }
  return make_score_table(apps, experts, scores);
}

TEST(ReliabilityIcc, ShroutFleissTable2GivesThePublishedCoefficients) {
  const auto icc = shrout_fleiss_icc(shrout_fleiss());
  // Published (S&F 1979, Table 4), two decimals.
  EXPECT_NEAR(icc.icc_1_1, 0.17, 0.005);
  EXPECT_NEAR(icc.icc_2_1, 0.29, 0.005);
  EXPECT_NEAR(icc.icc_3_1, 0.71, 0.005);
  EXPECT_NEAR(icc.icc_1_k, 0.44, 0.005);
  EXPECT_NEAR(icc.icc_2_k, 0.62, 0.005);
  EXPECT_NEAR(icc.icc_3_k, 0.91, 0.005);
  // By hand, to more digits. Row sums 24 12 26 16 30 19, column sums 46 15 26 40, total 127,
  // Σx² = 841, correction 127²/24 = 672.0417:
  //   SS targets = 2913/4 − 672.0417 = 56.2083   BMS = /5  = 11.2417  (S&F Table 3: 11.24)
  //   SS judges  = 4617/6 − 672.0417 = 97.4583   JMS = /3  = 32.4861  (32.49)
  //   SS within  = 841 − 728.25      = 112.75    WMS = /18 =  6.2639  (6.26)
  //   SS error   = 112.75 − 97.4583  = 15.2917   EMS = /15 =  1.0194  (1.02)
  EXPECT_NEAR(icc.bms, 56.208333 / 5, 1e-6);
  EXPECT_NEAR(icc.jms, 97.458333 / 3, 1e-6);
  EXPECT_NEAR(icc.wms, 112.75 / 18, 1e-9);
  EXPECT_NEAR(icc.ems, 15.291667 / 15, 1e-6);
  //   ICC(1,1) = 4.9778 / (11.2417 + 3·6.2639)               = 4.9778 / 30.0333 = 0.16574
  //   ICC(2,1) = 10.2222 / (11.2417 + 3·1.0194 + 4·31.4667/6) = 10.2222 / 35.2778 = 0.28976
  //   ICC(3,1) = 10.2222 / (11.2417 + 3·1.0194)                = 10.2222 / 14.3    = 0.71484
  //   ICC(1,4) = 4.9778 / 11.2417 = 0.44280;  ICC(2,4) = 10.2222 / 16.4861 = 0.62005;
  //   ICC(3,4) = 10.2222 / 11.2417 = 0.90931
  EXPECT_NEAR(icc.icc_1_1, 0.16574, 5e-5);
  EXPECT_NEAR(icc.icc_2_1, 0.28976, 5e-5);
  EXPECT_NEAR(icc.icc_3_1, 0.71484, 5e-5);
  EXPECT_NEAR(icc.icc_1_k, 0.44280, 5e-5);
  EXPECT_NEAR(icc.icc_2_k, 0.62005, 5e-5);
  EXPECT_NEAR(icc.icc_3_k, 0.90931, 5e-5);
}

TEST(ReliabilityIcc, TheOneWayFormOfTheLongTableIsShroutFleissIcc1) {
  // Equal panels of four: k0 = (24 − 6·16/24)/5 = 4, and the one-way form is ICC(1,1), ICC(1,4).
  const auto o = one_way_icc(shrout_fleiss_long());
  EXPECT_EQ(o.targets, 6u);
  EXPECT_EQ(o.ratings, 24u);
  EXPECT_DOUBLE_EQ(o.k0, 4.0);
  EXPECT_NEAR(o.icc_1, 0.16574, 5e-5);
  EXPECT_NEAR(o.icc_1_k, 0.44280, 5e-5);
}

TEST(ReliabilityIcc, UnequalPanelsUseK0) {
  // By hand. A: 2, 4 (mean 3, SS 2); B: 5, 7, 9 (mean 7, SS 8); C: 10, 12 (mean 11, SS 2);
  // D: 50 alone (one score: no part). N = 7 on n = 3, grand mean 49/7 = 7.
  //   BSS = 2·(3−7)² + 3·0 + 2·(11−7)² = 64, BMS = 64/2 = 32; WSS = 12, WMS = 12/(7−3) = 3
  //   k0 = (7 − (4 + 9 + 4)/7) / 2 = 16/7
  //   ICC(1) = (32 − 3) / (32 + (16/7 − 1)·3) = 29 / (251/7) = 203/251; ICC(1,k0) = 29/32
  const auto t =
      make_score_table({"A", "A", "B", "B", "B", "C", "C", "D"},
                       {"x", "y", "x", "y", "z", "y", "z", "x"}, {2, 4, 5, 7, 9, 10, 12, 50});
  const auto o = one_way_icc(t);
  EXPECT_EQ(o.targets, 3u);
  EXPECT_EQ(o.ratings, 7u);
  EXPECT_NEAR(o.k0, 16.0 / 7, 1e-12);
  EXPECT_NEAR(o.bms, 32, 1e-12);
  EXPECT_NEAR(o.wms, 3, 1e-12);
  EXPECT_NEAR(o.icc_1, 203.0 / 251, 1e-12);
  EXPECT_NEAR(o.icc_1_k, 29.0 / 32, 1e-12);
}

TEST(ReliabilityIcc, RefusesAnIncompleteMatrix) {
  auto r = shrout_fleiss();
  r.values[5] = kUndefined;
  EXPECT_THROW(shrout_fleiss_icc(r), Error);
  Ratings one{1, 4, {1, 2, 3, 4}};
  EXPECT_THROW(shrout_fleiss_icc(one), Error);
}

// Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
// Communication, University of Pennsylvania, section C: four observers, twelve units, missing
// values (·). Published: nominal α = 0.743, ordinal 0.815, interval 0.849, ratio 0.797.
//   unit        1  2  3  4  5  6  7  8  9 10 11 12
//   observer A  1  2  3  3  2  1  4  1  2  ·  ·  ·
//   observer B  1  2  3  3  2  2  4  1  2  5  ·  3
//   observer C  ·  3  3  3  2  3  4  2  2  5  1  ·
//   observer D  1  2  3  3  2  4  4  1  2  5  1  ·
// By hand (interval, δ² = (a − b)²): unit 12 has one value and is not pairable, so n = 40.
//   Units whose values agree add nothing to D_o. Unit 2 {2,2,3,2}: Σ_{i≠j}δ² = 2·3·1 = 6, /3 = 2.
//   Unit 6 {1,2,3,4}: Σ_{i≠j}δ² = 2·(1+4+9+1+4+1) = 40, /3 = 13.3333. Unit 8 {1,1,2,1}: 6/3 = 2.
//   D_o = (2 + 13.3333 + 2) / 40 = 17.3333/40 = 13/30 = 0.43333.
//   The 40 pairable values, counted value by value over units 1–11:
//   1: unit1 ×3, unit6 ×1, unit8 ×3, unit11 ×2                 = 9
//   2: unit2 ×3, unit5 ×4, unit6 ×1, unit8 ×1, unit9 ×4          = 13
//   3: unit2 ×1, unit3 ×4, unit4 ×4, unit6 ×1                    = 10
//   4: unit6 ×1, unit7 ×4                                        = 5
//   5: unit10 ×3                                                 = 3      (40 values)
//   Σv = 9 + 26 + 30 + 20 + 15 = 100, Σv² = 9 + 52 + 90 + 80 + 75 = 306,
//   Σ(v − v̄)² = 306 − 100²/40 = 56; D_e = 2·56/39 = 112/39 = 2.87179.
//   α = 1 − (13/30)/(112/39) = 1 − 507/3360 = 2853/3360 = 0.849107.
// `missing_rows`: a value not coded is a row with a NaN score (assigned, not scored) instead of
// no row at all; both must give the same alpha.
ScoreTable krippendorff_2011(bool missing_rows = false) {
  const double x = kUndefined;
  const double data[4][12] = {{1, 2, 3, 3, 2, 1, 4, 1, 2, x, x, x},
                              {1, 2, 3, 3, 2, 2, 4, 1, 2, 5, x, 3},
                              {x, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, x},
                              {1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, x}};
  std::vector<std::string> units, observers;
  std::vector<double> values;
  for (int o = 0; o < 4; ++o) {
    for (int u = 0; u < 12; ++u) {
      if (std::isnan(data[o][u]) && !missing_rows) continue;
      units.push_back("u" + std::to_string(u + 1));
      observers.push_back(std::string(1, static_cast<char>('A' + o)));
      values.push_back(data[o][u]);
    }
  }
  return make_score_table(units, observers, values);
}

TEST(ReliabilityAlpha, Krippendorff2011IntervalExample) {
  const auto a = krippendorff_alpha_interval(krippendorff_2011());
  EXPECT_NEAR(a.alpha, 0.849, 0.0005);  // published
  EXPECT_EQ(a.units, 11u);
  EXPECT_EQ(a.values, 40u);
  EXPECT_NEAR(a.observed, 13.0 / 30, 1e-12);
  EXPECT_NEAR(a.expected, 112.0 / 39, 1e-12);
  EXPECT_NEAR(a.alpha, 2853.0 / 3360, 1e-12);
}

TEST(ReliabilityAlpha, AMissingScoreIsMissingNotZero) {
  const auto a = krippendorff_alpha_interval(krippendorff_2011(true));
  EXPECT_EQ(a.values, 40u);
  EXPECT_NEAR(a.alpha, 2853.0 / 3360, 1e-12);
}

TEST(ReliabilityAlpha, UndefinedWithoutPairableValues) {
  const auto t = make_score_table({"a", "b"}, {"x", "y"}, {70, 80});
  EXPECT_TRUE(std::isnan(krippendorff_alpha_interval(t).alpha));
  // One application scored 70, 80, 90 (and one scored once): Σ_{i≠j}(v_i − v_j)² = 2·600 =
  // 1200, so D_o = 1200 / (3 − 1) / 3 = 200 = D_e = 1200 / (3·2); alpha would be 0 whatever the
  // scores, and is not given.
  const auto one = make_score_table({"a", "a", "a", "b"}, {"x", "y", "z", "x"}, {70, 80, 90, 60});
  const auto a = krippendorff_alpha_interval(one);
  EXPECT_EQ(a.units, 1u);
  EXPECT_DOUBLE_EQ(a.observed, 200);
  EXPECT_DOUBLE_EQ(a.expected, 200);
  EXPECT_TRUE(std::isnan(a.alpha));
  const auto same = make_score_table({"a", "a", "b", "b"}, {"x", "y", "x", "y"}, {70, 70, 70, 70});
  EXPECT_TRUE(std::isnan(krippendorff_alpha_interval(same).alpha));
}

TEST(ReliabilityKendall, TiesAreCorrectedAsComputedByHand) {
  // Three experts score five applications; higher score = higher (mid-)rank.
  //             A   B   C   D   E         ranks                          Σ(t³−t)
  //   expert 1  90  80  80  70  60        5   3.5 3.5 2   1              6
  //   expert 2  85  85  75  65  65        4.5 4.5 3   1.5 1.5            6 + 6
  //   expert 3  95  70  88  60  50        5   3   4   2   1              0
  //   R_i       14.5 11 10.5 5.5 3.5      (Σ = 45 = m·n(n+1)/2), mean m(n+1)/2 = 9
  //   S = 5.5² + 2² + 1.5² + 3.5² + 5.5² = 30.25 + 4 + 2.25 + 12.25 + 30.25 = 79
  //   W = 12·79 / (3²·(5³ − 5) − 3·18) = 948 / (1080 − 54) = 948/1026 = 0.923977
  //   uncorrected 948/1080 = 0.877778; χ² = m(n − 1)W = 12·948/1026 = 11.0877 on 4 df
  Ratings r;
  r.targets = 5;
  r.raters = 3;
  r.values = {90, 85, 95,   // A
              80, 85, 70,   // B
              80, 75, 88,   // C
              70, 65, 60,   // D
              60, 65, 50};  // E
  const auto w = kendalls_w(r);
  EXPECT_DOUBLE_EQ(w.s, 79);
  EXPECT_DOUBLE_EQ(w.ties, 18);
  EXPECT_NEAR(w.w, 948.0 / 1026, 1e-12);
  EXPECT_NEAR(w.w_uncorrected, 948.0 / 1080, 1e-12);
  EXPECT_NEAR(w.chi_square, 12 * 948.0 / 1026, 1e-10);
  EXPECT_EQ(w.df, 4u);
  // 11.0877 lies between the tables' 5% (9.488) and 1% (13.277) points for 4 df.
  EXPECT_GT(w.p, 0.01);
  EXPECT_LT(w.p, 0.05);
}

TEST(ReliabilityKendall, ChiSquareTailMatchesPublishedCriticalValues) {
  // Critical values of the chi-square distribution (NIST/SEMATECH e-Handbook of Statistical
  // Methods, table 1.3.6.7.4; any statistics text): P(χ² ≥ value) for the df given.
  EXPECT_NEAR(chi_square_upper_tail(3.841, 1), 0.05, 1e-4);
  EXPECT_NEAR(chi_square_upper_tail(6.635, 1), 0.01, 1e-4);
  EXPECT_NEAR(chi_square_upper_tail(9.488, 4), 0.05, 1e-4);
  EXPECT_NEAR(chi_square_upper_tail(13.277, 4), 0.01, 1e-4);
  EXPECT_NEAR(chi_square_upper_tail(18.307, 10), 0.05, 1e-4);
  EXPECT_NEAR(chi_square_upper_tail(124.342, 100), 0.05, 1e-4);
  // Two degrees of freedom have the closed form e^{−x/2}, on both sides of the series/fraction
  // switch (x/2 = a + 1 = 2).
  for (double x : {0.5, 3.0, 3.99, 4.01, 10.0, 60.0})
    EXPECT_NEAR(chi_square_upper_tail(x, 2), std::exp(-x / 2), 1e-13 * (1 + std::exp(-x / 2))) << x;
  EXPECT_EQ(chi_square_upper_tail(0, 3), 1);
  EXPECT_TRUE(std::isnan(chi_square_upper_tail(kUndefined, 3)));
}

TEST(ReliabilityKendall, PerfectAgreementIsOneAndAllTiedIsUndefined) {
  Ratings same{3, 2, {1, 10, 2, 20, 3, 30}};  // both raters order the targets alike
  EXPECT_DOUBLE_EQ(kendalls_w(same).w, 1.0);
  Ratings tied{3, 2, {5, 5, 5, 5, 5, 5}};
  EXPECT_TRUE(std::isnan(kendalls_w(tied).w));
}

TEST(ReliabilityRound, ACrossedRoundGetsEveryStatistic) {
  const auto r = assess_reliability(shrout_fleiss_long());
  EXPECT_EQ(r.design, Design::kCrossed);
  ASSERT_TRUE(r.two_way.has_value());
  EXPECT_NEAR(r.two_way->icc_3_1, 0.71484, 5e-5);
  EXPECT_NEAR(r.one_way.icc_1, r.two_way->icc_1_1, 1e-12);
  ASSERT_EQ(r.concordance.size(), 1u);  // the whole round is one panel
  EXPECT_EQ(r.concordance[0].panel.applications.size(), 6u);
  EXPECT_EQ(r.concordance[0].w.m, 4u);
}

TEST(ReliabilityRound, ANestedRoundGetsOneWayIccAlphaAndWPerPanel) {
  // Panel P1 = {x, y, z} scores a1, a2, a3; panel P2 = {u, v, w} scores a4, a5; a6 by x, u, w.
  const auto t = make_score_table(
      {"a1", "a1", "a1", "a2", "a2", "a2", "a3", "a3", "a3", "a4", "a4", "a4", "a5", "a5", "a5",
       "a6", "a6", "a6"},
      {"x", "y", "z", "x", "y", "z", "x", "y", "z", "u", "v", "w", "u", "v", "w", "x", "u", "w"},
      {80, 85, 90, 60, 65, 70, 70, 72, 75, 50, 55, 60, 90, 88, 95, 70, 75, 80});
  const auto r = assess_reliability(t);
  EXPECT_EQ(r.design, Design::kNested);
  EXPECT_FALSE(r.two_way.has_value());
  EXPECT_EQ(r.min_panel, 3u);
  EXPECT_EQ(r.max_panel, 3u);
  EXPECT_DOUBLE_EQ(r.one_way.k0, 3.0);
  ASSERT_EQ(r.concordance.size(), 2u);
  // P1 first (three applications), every expert orders a1 > a3 > a2: W = 1.
  EXPECT_EQ(r.concordance[0].panel.applications, (std::vector<std::uint32_t>{0, 1, 2}));
  EXPECT_DOUBLE_EQ(r.concordance[0].w.w, 1.0);
  // P2: a5 above a4 for all three: W = 1 with n = 2.
  EXPECT_EQ(r.concordance[1].panel.applications, (std::vector<std::uint32_t>{3, 4}));
  EXPECT_DOUBLE_EQ(r.concordance[1].w.w, 1.0);
  bool says_why = false;
  for (const auto& note : r.notes) says_why |= note.find("crossed design") != std::string::npos;
  EXPECT_TRUE(says_why);
}

TEST(ReliabilityRound, UnequalPanelsAreUnbalanced) {
  const auto t = make_score_table({"A", "A", "B", "B", "B", "C", "C"},
                                  {"x", "y", "x", "y", "z", "y", "z"}, {2, 4, 5, 7, 9, 10, 12});
  const auto r = assess_reliability(t);
  EXPECT_EQ(r.design, Design::kUnbalanced);
  EXPECT_NEAR(r.one_way.k0, (7 - 17.0 / 7) / 2, 1e-12);
  EXPECT_TRUE(r.concordance.empty());
}

TEST(ReliabilityRound, AMissingScoreTakesItsApplicationOutOfThePanels) {
  // x, y, z score a1–a3, but z did not score a3: a3 leaves the panel (W needs complete
  // rankings), which keeps a1 and a2; the round is unbalanced, not crossed.
  const auto t = make_score_table({"a1", "a1", "a1", "a2", "a2", "a2", "a3", "a3", "a3"},
                                  {"x", "y", "z", "x", "y", "z", "x", "y", "z"},
                                  {80, 85, 90, 60, 65, 70, 70, 72, kUndefined});
  const auto r = assess_reliability(t);
  EXPECT_EQ(r.design, Design::kUnbalanced);
  EXPECT_EQ(r.missing, 1u);
  EXPECT_FALSE(r.two_way.has_value());
  ASSERT_EQ(r.concordance.size(), 1u);
  EXPECT_EQ(r.concordance[0].panel.applications, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(r.one_way.ratings, 8u);  // a3's two scores still count
}

}  // namespace
}  // namespace atlas::rounds
