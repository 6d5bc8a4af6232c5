#include "atlas/evaluate/methods/normalise.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

using M = NormaliseMethod;

// The column most tests use: three values and a gap.
const std::vector<double> kX = {2, 6, NaN, 10};

TEST(NormaliseMinMax, ScalesToZeroHundredAndKeepsMissing) {
  // min 2, max 10: (2−2)/8·100 = 0, (6−2)/8·100 = 50, (10−2)/8·100 = 100.
  auto r = normalise(kX, kPos, M::kMinMax);
  expect_values(r.values, {0, 50, NaN, 100});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(NormaliseMinMax, NegativePolarityReverses) {
  // (max − x)/(max − min)·100: (10−2)/8 = 100, (10−6)/8 = 50, (10−10)/8 = 0.
  expect_values(normalise(kX, kNeg, M::kMinMax).values, {100, 50, NaN, 0});
}

TEST(NormaliseMinMax, CustomRange) {
  // [1, 5]: 6 → 0.5·(5−1) + 1 = 3.
  NormaliseParams p;
  p.lo = 1;
  p.hi = 5;
  expect_values(normalise(kX, kPos, M::kMinMax, p).values, {1, 3, NaN, 5});
}

TEST(NormaliseMinMax, ConstantColumnGetsMidpointWithWarning) {
  auto r = normalise({5, 5, NaN}, kPos, M::kMinMax);
  expect_values(r.values, {50, 50, NaN});  // (0 + 100)/2
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(NormaliseMinMax, OneUnitIsAConstantColumn) {
  auto r = normalise({7}, kNeg, M::kMinMax);
  expect_values(r.values, {50});
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(NormaliseDegenerate, AllMissingStaysMissingForEveryMethod) {
  NormaliseParams p;
  p.goal_lo = 0;
  p.goal_hi = 1;
  p.target = 1;
  for (int m = 0; m <= static_cast<int>(M::kVector); ++m) {
    auto r = normalise({NaN, NaN}, kPos, static_cast<M>(m), p);
    expect_values(r.values, {NaN, NaN});
    EXPECT_EQ(r.warnings.size(), 1u) << normalise_method_name(static_cast<M>(m));
  }
}

TEST(NormaliseDegenerate, EmptyColumn) {
  auto r = normalise(std::vector<double>{}, kPos, M::kMinMax);
  EXPECT_TRUE(r.values.empty());
}

TEST(NormaliseDegenerate, InfiniteValueIsAnError) {
  EXPECT_THROW(normalise({1, INFINITY, 3}, kPos, M::kMinMax), Error);
  EXPECT_THROW(normalise({1, -INFINITY}, kPos, M::kRank), Error);
}

TEST(NormaliseZScore, SampleStandardDeviation) {
  // mean (2+6+10)/3 = 6; squares 16+0+16 = 32; sample variance 32/(3−1) = 16, sd 4.
  // (2−6)/4 = −1, 0, (10−6)/4 = 1. A population sd (√(32/3) ≈ 3.27) would give ±1.22.
  expect_values(normalise(kX, kPos, M::kZScore).values, {-1, 0, NaN, 1});
  expect_values(normalise(kX, kNeg, M::kZScore).values, {1, 0, NaN, -1});
}

TEST(NormaliseZScore, TargetMeanAndSd) {
  // z·10 + 100: −1 → 90, 0 → 100, 1 → 110.
  NormaliseParams p;
  p.mean = 100;
  p.sd = 10;
  expect_values(normalise(kX, kPos, M::kZScore, p).values, {90, 100, NaN, 110});
}

TEST(NormaliseZScore, ZeroSdGivesTheMean) {
  auto constant = normalise({3, 3, 3}, kPos, M::kZScore);
  expect_values(constant.values, {0, 0, 0});
  EXPECT_EQ(constant.warnings.size(), 1u);
  // One value: n − 1 = 0, no spread to speak of.
  NormaliseParams p;
  p.mean = 100;
  expect_values(normalise({NaN, 4}, kPos, M::kZScore, p).values, {NaN, 100});
}

TEST(NormaliseRank, TiesShareTheLowestRank) {
  // Ascending, ties.method "min": 10 → 1, 20 and 20 → 2, 30 → 4.
  std::vector<double> x = {20, 10, 30, NaN, 20};
  expect_values(normalise(x, kPos, M::kRank).values, {2, 1, 4, NaN, 2});
  // Negative: ranks of −x = {−20, −10, −30, −20}: −30 → 1, −20 → 2, 2, −10 → 4.
  expect_values(normalise(x, kNeg, M::kRank).values, {2, 4, 1, NaN, 2});
}

TEST(NormalisePercentile, RankMinusOneOverNMinusOne) {
  // Ranks 2, 1, 4, 2 over n = 4: (2−1)/3, 0, 3/3, 1/3.
  std::vector<double> x = {20, 10, 30, NaN, 20};
  expect_values(normalise(x, kPos, M::kPercentile).values, {1.0 / 3, 0, 1, NaN, 1.0 / 3});
  // Negative ranks 2, 4, 1, 2: 1/3, 1, 0, 1/3.
  expect_values(normalise(x, kNeg, M::kPercentile).values, {1.0 / 3, 1, 0, NaN, 1.0 / 3});
}

TEST(NormalisePercentile, DegenerateColumns) {
  // A constant column: every rank is 1 (ties-min), (1−1)/2 = 0, as COINr's n_prank.
  auto constant = normalise({7, 7, 7}, kPos, M::kPercentile);
  expect_values(constant.values, {0, 0, 0});
  EXPECT_TRUE(constant.warnings.empty());
  // One value: (1−1)/(1−1) is 0/0; we give the midpoint.
  auto one = normalise({NaN, 7}, kPos, M::kPercentile);
  expect_values(one.values, {NaN, 0.5});
  EXPECT_EQ(one.warnings.size(), 1u);
}

TEST(NormaliseBorda, RankMinusOne) {
  std::vector<double> x = {20, 10, 30, NaN, 20};
  expect_values(normalise(x, kPos, M::kBorda).values, {1, 0, 3, NaN, 1});
  expect_values(normalise(x, kNeg, M::kBorda).values, {1, 3, 0, NaN, 1});
}

TEST(NormaliseGoalposts, ClipsAndScales) {
  // Goalposts [0, 8]: 2/8·100 = 25, 6/8·100 = 75, 10/8 = 1.25 → clipped to 1 → 100.
  NormaliseParams p;
  p.goal_lo = 0;
  p.goal_hi = 8;
  expect_values(normalise(kX, kPos, M::kGoalposts, p).values, {25, 75, NaN, 100});
  // Negative: (8−2)/8 = 75, (8−6)/8 = 25, (8−10)/8 = −0.25 → clipped to 0.
  expect_values(normalise(kX, kNeg, M::kGoalposts, p).values, {75, 25, NaN, 0});
  // A constant column is no problem for fixed goalposts: 5/8·100 = 62.5.
  auto c = normalise({5, 5}, kPos, M::kGoalposts, p);
  expect_values(c.values, {62.5, 62.5});
  EXPECT_TRUE(c.warnings.empty());
}

TEST(NormaliseGoalposts, OntoTheMinMaxRange) {
  // methods.range [1, 100]: 2/8 = 0.25 → 1 + 0.25·99 = 25.75; 6/8 → 1 + 0.75·99 = 75.25;
  // 10 clipped to 1 → 100.
  NormaliseParams p;
  p.goal_lo = 0;
  p.goal_hi = 8;
  p.lo = 1;
  p.hi = 100;
  expect_values(normalise(kX, kPos, M::kGoalposts, p).values, {25.75, 75.25, NaN, 100});
}

TEST(NormaliseGoalposts, BadGoalpostsAreAnError) {
  NormaliseParams p;
  EXPECT_THROW(normalise(kX, kPos, M::kGoalposts, p), Error);  // none given
  p.goal_lo = 5;
  p.goal_hi = 5;
  try {
    normalise(kX, kPos, M::kGoalposts, p);
    FAIL() << "equal goalposts must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  }
  p.goal_hi = 1;  // low > high
  EXPECT_THROW(normalise(kX, kPos, M::kGoalposts, p), Error);
}

TEST(NormaliseDist2Max, ZeroToOne) {
  // 1 − (10 − x)/(10 − 2): 2 → 0, 6 → 0.5, 10 → 1.
  expect_values(normalise(kX, kPos, M::kDist2Max).values, {0, 0.5, NaN, 1});
  expect_values(normalise(kX, kNeg, M::kDist2Max).values, {1, 0.5, NaN, 0});
  auto c = normalise({4, 4}, kPos, M::kDist2Max);
  expect_values(c.values, {0.5, 0.5});
  EXPECT_EQ(c.warnings.size(), 1u);
}

TEST(NormaliseDist2Ref, ReferenceUnitScoresOne) {
  // Reference row 1 (x = 6): 1 − (6 − x)/(6 − 2): 2 → 0, 6 → 1, 10 → 1 + 4/4 = 2.
  NormaliseParams p;
  p.ref_row = 1;
  expect_values(normalise(kX, kPos, M::kDist2Ref, p).values, {0, 1, NaN, 2});
  // Negative: 1 − (x − 6)/(10 − 6): 2 → 1 + 4/4 = 2, 6 → 1, 10 → 0.
  expect_values(normalise(kX, kNeg, M::kDist2Ref, p).values, {2, 1, NaN, 0});
  p.cap_max = true;
  expect_values(normalise(kX, kPos, M::kDist2Ref, p).values, {0, 1, NaN, 1});
}

TEST(NormaliseDist2Ref, DegenerateReferences) {
  NormaliseParams p;
  p.ref_row = 0;  // x = 2 is the minimum: 6 − 2 … over 2 − 2 = 0
  auto worst = normalise(kX, kPos, M::kDist2Ref, p);
  expect_values(worst.values, {1, 1, NaN, 1});
  EXPECT_EQ(worst.warnings.size(), 1u);
  p.ref_row = 2;  // missing
  EXPECT_THROW(normalise(kX, kPos, M::kDist2Ref, p), Error);
  p.ref_row = 4;  // out of range
  EXPECT_THROW(normalise(kX, kPos, M::kDist2Ref, p), Error);
}

TEST(NormaliseDist2Target, DistanceToTarget) {
  // Target 8: 1 − (8 − x)/(8 − 2): 2 → 0, 6 → 1 − 2/6 = 2/3, 10 → 1 + 2/6 = 4/3.
  NormaliseParams p;
  p.target = 8;
  expect_values(normalise(kX, kPos, M::kDist2Target, p).values, {0, 2.0 / 3, NaN, 4.0 / 3});
  p.cap_max = true;
  expect_values(normalise(kX, kPos, M::kDist2Target, p).values, {0, 2.0 / 3, NaN, 1});
  // Negative, target 4 (lower is better): 1 − (x − 4)/(10 − 4): 2 → 1 + 2/6 = 4/3 → capped 1,
  // 6 → 1 − 2/6 = 2/3, 10 → 0.
  p.target = 4;
  expect_values(normalise(kX, kNeg, M::kDist2Target, p).values, {1, 2.0 / 3, NaN, 0});
}

TEST(NormaliseDist2Target, TargetBelowTheWorstWarns) {
  // Target 1 < min 2: 1 − (1 − x)/(1 − 2) = 2 − x: 2 → 0, 6 → −4, 10 → −8 (COINr's arithmetic).
  NormaliseParams p;
  p.target = 1;
  auto r = normalise(kX, kPos, M::kDist2Target, p);
  expect_values(r.values, {0, -4, NaN, -8});
  EXPECT_EQ(r.warnings.size(), 1u);
  p.target = 2;  // equals the worst value
  auto at = normalise(kX, kPos, M::kDist2Target, p);
  expect_values(at.values, {1, 1, NaN, 1});
  EXPECT_EQ(at.warnings.size(), 1u);
  EXPECT_THROW(normalise(kX, kPos, M::kDist2Target, NormaliseParams{}), Error);  // no target
}

TEST(NormaliseFracMax, FractionOfBest) {
  // x/10: 0.2, 0.6, 1. Negative (min/x): 2/2 = 1, 2/6 = 1/3, 2/10 = 0.2.
  expect_values(normalise(kX, kPos, M::kFracMax).values, {0.2, 0.6, NaN, 1});
  expect_values(normalise(kX, kNeg, M::kFracMax).values, {1, 1.0 / 3, NaN, 0.2});
}

TEST(NormaliseFracMax, DegenerateColumns) {
  auto zeros = normalise({0, 0, NaN}, kPos, M::kFracMax);
  expect_values(zeros.values, {1, 1, NaN});
  EXPECT_EQ(zeros.warnings.size(), 1u);
  EXPECT_THROW(normalise({-1, -3}, kPos, M::kFracMax), Error);  // no positive best
  EXPECT_THROW(normalise({0, 3}, kNeg, M::kFracMax), Error);    // min/x with min 0
  // Negative values under a positive maximum: −2/4 = −0.5, with a warning.
  auto neg = normalise({-2, 4}, kPos, M::kFracMax);
  expect_values(neg.values, {-0.5, 1});
  EXPECT_EQ(neg.warnings.size(), 1u);
}

TEST(NormaliseVector, DividesByEuclideanNorm) {
  // ‖(3, 4)‖ = 5: 0.6, 0.8; negative 1 − 0.6 = 0.4, 1 − 0.8 = 0.2.
  expect_values(normalise({3, NaN, 4}, kPos, M::kVector).values, {0.6, NaN, 0.8});
  expect_values(normalise({3, NaN, 4}, kNeg, M::kVector).values, {0.4, NaN, 0.2});
  auto zero = normalise({0, 0}, kPos, M::kVector);
  expect_values(zero.values, {0, 0});
  EXPECT_EQ(zero.warnings.size(), 1u);
}

TEST(NormaliseMatrix, EachColumnWithItsPolarity) {
  // Column 0 = kX (positive), column 1 = {1, 3, 5, 5} (negative, min 1, max 5):
  // (5 − x)/4·100 → 100, 50, 0, 0.
  Matrix m(4, 2);
  std::vector<double> c1 = {1, 3, 5, 5};
  m.set_column(0, kX);
  m.set_column(1, c1);
  auto r = normalise(m, {kPos, kNeg}, M::kMinMax);
  expect_values(r.values.column(0), {0, 50, NaN, 100});
  expect_values(r.values.column(1), {100, 50, 0, 0});
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_THROW(normalise(m, {kPos}, M::kMinMax), Error);
}

TEST(NormaliseMatrix, WarningsNameTheColumn) {
  Matrix m(2, 2);
  m.set_column(0, {1, 2});
  m.set_column(1, {3, 3});
  auto r = normalise(m, {kPos, kPos}, M::kMinMax);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].rfind("indicator 1: ", 0), 0u) << r.warnings[0];
}

TEST(NormaliseNames, MatchTheSystemsVocabulary) {
  for (const char* name : {"minmax", "zscore", "rank", "percentile", "borda", "goalposts",
                           "dist2max", "dist2ref", "dist2target", "fracmax", "vector"}) {
    auto m = normalise_method_from_name(name);
    ASSERT_TRUE(m) << name;
    EXPECT_EQ(normalise_method_name(*m), name);
  }
  EXPECT_FALSE(normalise_method_from_name("min-max"));
}

}  // namespace
}  // namespace atlas::evaluate::methods
