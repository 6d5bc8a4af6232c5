#include "atlas/evaluate/methods/aggregate.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

// Three units over three children with weights .5, .25, .25:
//   u1 = 40, 80, 20 (complete); u2 = 50, —, 100 (weights re-normalised to 2/3, 1/3);
//   u3 = —, —, — (nothing to aggregate).
const Matrix kM = matrix({{40, 80, 20}, {50, NaN, 100}, {NaN, NaN, NaN}});
const std::vector<double> kW = {0.5, 0.25, 0.25};

TEST(AggregateArithmetic, SkipsMissingAndRenormalises) {
  // u1: .5·40 + .25·80 + .25·20 = 20 + 20 + 5 = 45.
  // u2: (.5·50 + .25·100)/(.5 + .25) = 50/.75 = 66.666…
  auto r = arithmetic_mean(kM, kW);
  expect_values(r.scores, {45, 200.0 / 3, NaN});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(AggregateArithmetic, WeightsNeedNotSumToOne) {
  // 2, 1, 1 is .5, .25, .25 scaled by 4: the same means.
  expect_values(arithmetic_mean(kM, {2, 1, 1}).scores, {45, 200.0 / 3, NaN});
}

TEST(AggregateArithmetic, NegativeValuesAreFine) {
  // (−10 + 30)/2 = 10.
  expect_values(arithmetic_mean(matrix({{-10, 30}}), {1, 1}).scores, {10});
}

TEST(AggregateGeometric, WeightedProduct) {
  // u1: 40^.5 · 80^.25 · 20^.25 = √40 · (80·20)^.25 = √40 · 1600^.25 = √40 · √40 = 40.
  // u2: 50^(2/3) · 100^(1/3) = (2500 · 100)^(1/3) = 250000^(1/3) = 62.996052…
  auto r = geometric_mean(kM, kW);
  expect_values(r.scores, {40, 62.996052494743644, NaN});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(AggregateGeometric, ZeroGivesZeroAndNegativeGivesMissing) {
  auto r = geometric_mean(matrix({{0, 50}, {-1, 4}, {4, 9}}), {1, 1});
  // u1: 0^.5 · 50^.5 = 0 (warning); u2: negative → missing (warning); u3: √(4·9) = 6.
  expect_values(r.scores, {0, NaN, 6});
  EXPECT_EQ(r.warnings.size(), 2u);
}

TEST(AggregateGeometric, ZeroWeightColumnIsIgnored) {
  // The 0 sits in a column of weight 0, so u1 = 9^1 = 9 with no warning.
  auto r = geometric_mean(matrix({{0, 9}}), {0, 1});
  expect_values(r.scores, {9});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(AggregateHarmonic, ReciprocalOfWeightedReciprocals) {
  // u1: 1/(.5/40 + .25/80 + .25/20) = 1/(.0125 + .003125 + .0125) = 1/.028125 = 35.555…
  // u2: .75/(.5/50 + .25/100) = .75/.0125 = 60.
  expect_values(harmonic_mean(kM, kW).scores, {320.0 / 9, 60, NaN});
  // A zero: the limit is 0, with a warning.
  auto z = harmonic_mean(matrix({{0, 50}}), {1, 1});
  expect_values(z.scores, {0});
  EXPECT_EQ(z.warnings.size(), 1u);
}

TEST(AggregatePower, GeneralisedMean) {
  // p = 2, u1: √(.5·1600 + .25·6400 + .25·400) = √(800 + 1600 + 100) = √2500 = 50.
  // u2: √((.5·2500 + .25·10000)/.75) = √(3750/.75) = √5000 = 70.710678…
  expect_values(power_mean(kM, kW, 2).scores, {50, std::sqrt(5000.0), NaN});
  // p = −2, u1: (.5/1600 + .25/6400 + .25/400)^(−1/2) = (.0009765625)^(−1/2) = 32.
  expect_values(power_mean(kM, kW, -2).scores,
                {32, std::pow((0.5 / 2500 + 0.25 / 10000) / 0.75, -0.5), NaN});
  // p = 1, 0, −1 are the arithmetic, geometric and harmonic means above.
  expect_values(power_mean(kM, kW, 1).scores, {45, 200.0 / 3, NaN});
  expect_values(power_mean(kM, kW, 0).scores, {40, 62.996052494743644, NaN});
  expect_values(power_mean(kM, kW, -1).scores, {320.0 / 9, 60, NaN});
  EXPECT_THROW(power_mean(kM, kW, NaN), Error);
}

TEST(AggregatePower, NegativeValuesMissingForPEqualTwo) {
  auto r = power_mean(matrix({{-2, 2}}), {1, 1}, 2);
  expect_values(r.scores, {NaN});
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(AggregateWeights, WrongLengthOrNegativeIsAnError) {
  try {
    arithmetic_mean(kM, {0.5, 0.5});
    FAIL() << "two weights for three columns must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
  }
  EXPECT_THROW(geometric_mean(kM, {0.5, -0.25, 0.75}), Error);
  EXPECT_THROW(copeland(kM, {1}), Error);
}

TEST(AggregateWeights, OnlyZeroWeightColumnsPresentIsMissing) {
  expect_values(arithmetic_mean(matrix({{5, NaN}}), {0, 1}).scores, {NaN});
}

// COINr's own test data (tests/testthat/test-aggregate.R), equal weights:
//   u1 = 1, 3, 2   u2 = 2, 2, 3   u3 = 3, 1, 1   u4 = 4, 5, 4.
// u1 vs u2: better only on x2 → 1/3 < ½, loss; u1 vs u3: better on x2, x3 → 2/3, win;
// u1 vs u4: 0, loss → u1 = 1 − 2 = −1.
// u2 vs u1: x1, x3 → 2/3 win; u2 vs u3: x2, x3 → 2/3 win; u2 vs u4: loss → 2 − 1 = 1.
// u3 vs u1: 1/3 loss; vs u2: 1/3 loss; vs u4: 0 loss → −3.   u4 beats everyone → 3.
TEST(AggregateCopeland, WinsMinusLosses) {
  auto m = matrix({{1, 3, 2}, {2, 2, 3}, {3, 1, 1}, {4, 5, 4}});
  expect_values(copeland(m, {1, 1, 1}).scores, {-1, 1, -3, 3});
}

TEST(AggregateCopeland, WeightsTiesAndMissing) {
  // Two children, weights .75 / .25: u1 = (1, 5) beats u2 = (2, 1)? u1 is better only on the
  // second (.25) → loses; u2 wins. u3 = (1, 5) equals u1: each column half → ½ → tie (0).
  // u3 vs u2: loses like u1. u4 has no value → missing.
  // u1: vs u2 −1, vs u3 0 → −1. u2: +1 +1 → 2. u3: 0 − 1 → −1.
  auto m = matrix({{1, 5}, {2, 1}, {1, 5}, {NaN, NaN}});
  expect_values(copeland(m, {0.75, 0.25}).scores, {-1, 2, -1, NaN});
  // u1 = (1, 2), u2 = (2, 1), equal weights: each is better on one column, share ½ → tie.
  expect_values(copeland(matrix({{1, 2}, {2, 1}}), {1, 1}).scores, {0, 0});
  // Only the columns both units have count: u1 = (3, —), u2 = (1, 9): on column 1 alone u1 wins.
  expect_values(copeland(matrix({{3, NaN}, {1, 9}}), {1, 1}).scores, {1, -1});
}

// Found by the property that an uncertainty analysis with nothing uncertain reproduces the
// nominal ranking: a child score of 50 reached by another order of sums is 50.000000000000007,
// one unit in the last place; that is a tie, as in the ranking, not a win. A real difference in
// the seventh digit still wins.
TEST(AggregateCopeland, ValuesARoundingApartAreEqual) {
  expect_values(copeland(matrix({{50}, {50.000000000000007}}), {1}).scores, {0, 0});
  expect_values(copeland(matrix({{50}, {50.00001}}), {1}).scores, {-1, 1});
}

TEST(AggregateDispatch, ByName) {
  EXPECT_EQ(aggregate_method_from_name("geometric"), AggregateMethod::kGeometric);
  EXPECT_EQ(aggregate_method_from_name("copeland"), AggregateMethod::kCopeland);
  EXPECT_FALSE(aggregate_method_from_name("topsis"));  // an MCDA ranker: see mcda.h
  expect_values(aggregate(kM, kW, AggregateMethod::kPower, 2).scores, {50, std::sqrt(5000.0), NaN});
  expect_values(aggregate(kM, kW, AggregateMethod::kArithmetic).scores, {45, 200.0 / 3, NaN});
}

TEST(AggregateDegenerate, NoUnitsAndOneUnit) {
  EXPECT_TRUE(arithmetic_mean(Matrix(0, 2), {1, 1}).scores.empty());
  // One unit: Copeland has nobody to compare with → 0.
  expect_values(copeland(matrix({{1, 2}}), {1, 1}).scores, {0});
}

}  // namespace
}  // namespace atlas::evaluate::methods
