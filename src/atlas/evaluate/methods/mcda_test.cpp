#include "atlas/evaluate/methods/mcda.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

#include "atlas/core/error.h"
#include "atlas/evaluate/methods/rank.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

// TOPSIS on three units: a benefit column (3, 4, 0) and a cost column (4, 3, 0), weights .75/.25.
//   norms: √(9 + 16 + 0) = 5 for both → r = (.6, .8, 0) and (.8, .6, 0).
//   v = .75·r, .25·r → u1 (.45, .20), u2 (.60, .15), u3 (0, 0).
//   A⁺ = (max .60, min 0) = (.60, 0); A⁻ = (min 0, max .20) = (0, .20).
//   u1: D⁺ = √(.15² + .20²) = √.0625 = .25,  D⁻ = √(.45² + 0) = .45  → C = .45/.70 = 9/14
//   u2: D⁺ = √(0 + .15²) = .15,  D⁻ = √(.60² + .05²) = √.3625 = .602080 → C = .602080/.752080
//       = .800553
//   u3: D⁺ = √(.60² + 0) = .60,  D⁻ = √(0 + .20²) = .20 → C = .20/.80 = .25
const Matrix kTopsis = matrix({{3, 4}, {4, 3}, {0, 0}});

TEST(TopsisCloseness, HandComputed) {
  auto r = topsis(kTopsis, {0.75, 0.25}, {kPos, kNeg});
  expect_values(r.d_plus, {0.25, 0.15, 0.6});
  expect_values(r.d_minus, {0.45, std::sqrt(0.3625), 0.2});
  expect_values(r.closeness, {9.0 / 14, std::sqrt(0.3625) / (0.15 + std::sqrt(0.3625)), 0.25});
  EXPECT_NEAR(r.closeness[1], 0.800553, 1e-6);
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(rank_scores(r.closeness), (std::vector<int>{2, 1, 3}));
}

// Values normalised already (min-max, 0–100, polarity applied) are used as they are. Columns
// (100, 0, 50) and (0, 100, 100), weights .5/.5: v = (50, 0), (0, 50), (25, 50); A⁺ = (50, 50),
// A⁻ = (0, 0). u1: D⁺ = 50, D⁻ = 50 → .5; u2 the same; u3: D⁺ = 25, D⁻ = √(25² + 50²) = 55.9017
// → 55.9017/80.9017 = .690983. Vector-normalising again would divide the columns by different
// norms (111.8 and 141.4) and part u1 from u2: .5585 against .4415.
TEST(TopsisCloseness, NormalisedValuesAreNotNormalisedTwice) {
  auto m = matrix({{100, 0}, {0, 100}, {50, 100}});
  auto r = topsis(m, {0.5, 0.5}, {kPos, kPos}, /*vector_normalise=*/false);
  double d = std::sqrt(25.0 * 25 + 50.0 * 50);
  expect_values(r.closeness, {0.5, 0.5, d / (25 + d)});
  auto twice = topsis(m, {0.5, 0.5}, {kPos, kPos});
  EXPECT_GT(twice.closeness[0], twice.closeness[1]);
}

TEST(TopsisCloseness, PolarityDecidesTheIdeal) {
  // Both columns benefit, equal weights: v = (.3, .4), (.4, .3), (0, 0);
  // A⁺ = (.4, .4), A⁻ = (0, 0). u1: D⁺ = .1, D⁻ = .5 → 5/6; u2 the same; u3: D⁺ = √.32,
  // D⁻ = 0 → 0.
  auto r = topsis(kTopsis, {1, 1}, {kPos, kPos});
  expect_values(r.closeness, {5.0 / 6, 5.0 / 6, 0});
}

TEST(TopsisCloseness, ZeroNormColumnContributesNothing) {
  // A third, all-zero column with weight .5: weights become .5, 1/6, 1/3 — the first two scale by
  // the same factor 1/1.5, so every distance scales alike and C is unchanged.
  auto m = matrix({{3, 4, 0}, {4, 3, 0}, {0, 0, 0}});
  auto r = topsis(m, {0.75, 0.25, 0.5}, {kPos, kNeg, kPos});
  expect_values(r.closeness, {9.0 / 14, 0.8005530607619347, 0.25});
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(TopsisCloseness, IdenticalUnitsOrOneUnitGetOneHalf) {
  auto same = topsis(matrix({{2, 5}, {2, 5}}), {1, 1}, {kPos, kNeg});
  expect_values(same.closeness, {0.5, 0.5});
  EXPECT_EQ(same.warnings.size(), 1u);
  auto one = topsis(matrix({{2, 5}}), {1, 1}, {kPos, kPos});
  expect_values(one.closeness, {0.5});
  EXPECT_TRUE(topsis(Matrix(0, 2), {1, 1}, {kPos, kPos}).closeness.empty());
}

TEST(TopsisCloseness, MissingValueNamesUnitAndIndicator) {
  auto m = matrix({{3, 4}, {4, NaN}});
  try {
    topsis(m, {1, 1}, {kPos, kPos});
    FAIL() << "a missing value must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    std::string what = e.what();
    EXPECT_NE(what.find("unit 2"), std::string::npos) << what;
    EXPECT_NE(what.find("indicator 2"), std::string::npos) << what;
  }
  EXPECT_THROW(topsis(kTopsis, {1}, {kPos, kPos}), Error);      // weights too short
  EXPECT_THROW(topsis(kTopsis, {1, 1}, {kPos}), Error);         // polarities too short
  EXPECT_THROW(topsis(kTopsis, {0, 0}, {kPos, kPos}), Error);   // no weight at all
  EXPECT_THROW(topsis(kTopsis, {1, -1}, {kPos, kPos}), Error);  // negative weight
}

// VIKOR, three units, weights .5/.5, v = .5:
//   benefit column (10, 20, 30): f* = 30, f⁻ = 10; t = .5·(30 − x)/20 = .5, .25, 0
//   cost column (5, 1, 4): f* = 1, f⁻ = 5; t = .5·(1 − x)/(1 − 5) = .5·(x − 1)/4 = .5, 0, .375
//   S = 1, .25, .375;  R = .5, .25, .375
//   S* = .25, S⁻ = 1: (S − .25)/.75 = 1, 0, 1/6;  R* = .25, R⁻ = .5: (R − .25)/.25 = 1, 0, .5
//   Q = .5·1 + .5·1 = 1;  0;  .5·(1/6) + .5·.5 = 1/12 + 3/12 = 1/3.
const Matrix kVikor = matrix({{10, 5}, {20, 1}, {30, 4}});

TEST(VikorQ, HandComputed) {
  auto r = vikor(kVikor, {0.5, 0.5}, {kPos, kNeg});
  expect_values(r.s, {1, 0.25, 0.375});
  expect_values(r.r, {0.5, 0.25, 0.375});
  expect_values(r.q, {1, 0, 1.0 / 3});
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(rank_scores(r.q, RankOrder::kLowerIsBetter), (std::vector<int>{3, 1, 2}));
}

TEST(VikorQ, StrategyWeight) {
  // v = 1: Q = (S − S*)/(S⁻ − S*) = 1, 0, 1/6.  v = 0: Q = (R − R*)/(R⁻ − R*) = 1, 0, .5.
  expect_values(vikor(kVikor, {1, 1}, {kPos, kNeg}, 1).q, {1, 0, 1.0 / 6});
  expect_values(vikor(kVikor, {1, 1}, {kPos, kNeg}, 0).q, {1, 0, 0.5});
  EXPECT_THROW(vikor(kVikor, {1, 1}, {kPos, kNeg}, 1.5), Error);
}

TEST(VikorQ, ConstantColumnAndEqualUnits) {
  // Adding a constant column (weight 1 of 3 after scaling: weights 1, 1, 1 → 1/3 each) changes
  // only the scale of S and R: t = (1/3)·(…) = 1/3, 1/6, 0 and 1/3, 0, 1/4 →
  // S = 2/3, 1/6, 1/4; R = 1/3, 1/6, 1/4; Q normalises the scale away: 1, 0, 1/3 as before.
  auto m = matrix({{10, 5, 7}, {20, 1, 7}, {30, 4, 7}});
  auto r = vikor(m, {1, 1, 1}, {kPos, kNeg, kPos});
  expect_values(r.s, {2.0 / 3, 1.0 / 6, 0.25});
  expect_values(r.q, {1, 0, 1.0 / 3});
  EXPECT_EQ(r.warnings.size(), 1u);
  // Every unit identical: f* = f⁻ everywhere, S = R = 0, S* = S⁻ and R* = R⁻ → Q = 0 for all.
  auto same = vikor(matrix({{1, 2}, {1, 2}}), {1, 1}, {kPos, kNeg});
  expect_values(same.q, {0, 0});
  EXPECT_EQ(same.warnings.size(), 4u);  // two constant columns, S and R degenerate
  // One unit is the same situation.
  expect_values(vikor(matrix({{3, 4}}), {1, 1}, {kPos, kPos}).q, {0});
}

TEST(VikorQ, MissingValueIsAnError) {
  EXPECT_THROW(vikor(matrix({{NaN, 1}, {2, 3}}), {1, 1}, {kPos, kPos}), Error);
}

// Grey relational analysis on the VIKOR data, weights .5/.5, ρ = .5:
//   benefit (10, 20, 30) → z = 0, .5, 1 → Δ = 1, .5, 0
//   cost (5, 1, 4) → z = (5 − x)/4 = 0, 1, .25 → Δ = 1, 0, .75
//   Δmin = 0, Δmax = 1; ξ = (0 + .5)/(Δ + .5): Δ 1 → 1/3, .5 → .5, 0 → 1, .75 → .4
//   grade: u1 (1/3 + 1/3)/2 = 1/3; u2 (.5 + 1)/2 = .75; u3 (1 + .4)/2 = .7.
TEST(GreyRelational, HandComputed) {
  auto r = grey_relational(kVikor, {0.5, 0.5}, {kPos, kNeg});
  expect_values(r.grade, {1.0 / 3, 0.75, 0.7});
  expect_values(r.coefficients.column(0), {1.0 / 3, 0.5, 1});
  expect_values(r.coefficients.column(1), {1.0 / 3, 1, 0.4});
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(rank_scores(r.grade), (std::vector<int>{3, 1, 2}));
}

TEST(GreyRelational, Rho) {
  // ρ = 1: ξ = 1/(Δ + 1): 1/2, 2/3, 1 and 1/2, 1, 1/1.75 = 4/7.
  // grades: (1/2 + 1/2)/2 = .5; (2/3 + 1)/2 = 5/6; (1 + 4/7)/2 = 11/14.
  expect_values(grey_relational(kVikor, {1, 1}, {kPos, kNeg}, 1).grade, {0.5, 5.0 / 6, 11.0 / 14});
  EXPECT_THROW(grey_relational(kVikor, {1, 1}, {kPos, kNeg}, 0), Error);
}

TEST(GreyRelational, DegenerateColumns) {
  // A constant second column: z = 1, Δ = 0 for all. First column (10, 20, 30): Δ = 1, .5, 0;
  // Δmin = 0, Δmax = 1 → ξ = 1/3, .5, 1 and 1, 1, 1; grades (w .5/.5): 2/3, .75, 1.
  auto r = grey_relational(matrix({{10, 4}, {20, 4}, {30, 4}}), {1, 1}, {kPos, kNeg});
  expect_values(r.grade, {2.0 / 3, 0.75, 1});
  EXPECT_EQ(r.warnings.size(), 1u);
  // One unit: every column constant, Δmax = 0 → ξ = 1, grade 1.
  expect_values(grey_relational(matrix({{3, 9}}), {1, 1}, {kPos, kNeg}).grade, {1});
  EXPECT_THROW(grey_relational(matrix({{3, NaN}}), {1, 1}, {kPos, kNeg}), Error);
}

}  // namespace
}  // namespace atlas::evaluate::methods
