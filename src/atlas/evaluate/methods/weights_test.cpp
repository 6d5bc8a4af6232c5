#include "atlas/evaluate/methods/weights.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

ErrorKind kind_of(auto f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::kInternal;  // nothing thrown
}

TEST(WeightsEqual, OneOverN) {
  expect_values(equal_weights(4).weights, {0.25, 0.25, 0.25, 0.25});
  EXPECT_TRUE(equal_weights(0).weights.empty());
}

TEST(WeightsManual, ScaledToSumOne) {
  // 2 + 1 + 1 = 4: 0.5, 0.25, 0.25.
  expect_values(manual_weights({2, 1, 1}).weights, {0.5, 0.25, 0.25});
  expect_values(manual_weights({0.3, 0.7}).weights, {0.3, 0.7});
}

TEST(WeightsManual, BadWeightsAreAnError) {
  EXPECT_EQ(kind_of([] { manual_weights({1, -1}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] { manual_weights({0, 0}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] { manual_weights({1, NaN}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] { manual_weights({}); }), ErrorKind::kBadInput);
}

// Two columns, three units. Column a (benefit) = 1, 1, 2: sum 4, p = .25, .25, .5;
//   Σ p ln p = 2·.25·ln .25 + .5·ln .5 = −.693147 − .346574 = −1.039721;
//   e_a = 1.039721 / ln 3 (1.098612) = .946395, d_a = .053605.
// Column b (cost) = 1, 2, 4 enters as 1/x = 1, .5, .25: sum 1.75, p = 4/7, 2/7, 1/7;
//   Σ p ln p = .571429·(−.559616) + .285714·(−1.252763) + .142857·(−1.945910) = −.955699;
//   e_b = .955699 / 1.098612 = .869916, d_b = .130084.
// w = d / (d_a + d_b) = .053605/.183690 = .291825, .130084/.183690 = .708175.
// (Checked with plain python3: 1 − (−Σ p·log p)/log 3 for both columns.)
TEST(WeightsEntropy, CostColumnEntersAsReciprocal) {
  auto r = entropy_weights(matrix({{1, 1}, {1, 2}, {2, 4}}), {kPos, kNeg});
  expect_values(r.weights, {0.291825447, 0.708174553});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(WeightsEntropy, ZeroLogZeroIsZero) {
  // Column c = 0, 0, 3: p = 0, 0, 1, Σ p ln p = 0 (0·ln 0 = 0), e_c = 0, d_c = 1 — the most
  // concentrated column. With d_a = .053605, d_b = .130084 from above: Σd = 1.183690;
  // w = .045287, .109897, .844816.
  auto r = entropy_weights(matrix({{1, 1, 0}, {1, 2, 0}, {2, 4, 3}}), {kPos, kNeg, kPos});
  expect_values(r.weights, {0.045286669, 0.109897429, 0.844815902});
}

TEST(WeightsEntropy, ConstantColumnGetsZero) {
  // Column 0 = 5, 5, 5: p = 1/3 each, e = ln 3/ln 3 = 1, d = 0, so all weight on column 1.
  auto r = entropy_weights(matrix({{5, 1}, {5, 1}, {5, 2}}), {kPos, kPos});
  expect_values(r.weights, {0, 1});
}

TEST(WeightsEntropy, MissingUnitsAreLeftOutOfTheirColumn) {
  // Column 0 = 1, 1, 2 plus a missing unit: m_0 = 3, as in the first test (d = .053605 > 0).
  // Column 1 = 3, NaN, 3, 3: constant over its present units, so d = 0 and w = 1, 0.
  auto r = entropy_weights(matrix({{1, 3}, {1, NaN}, {2, 3}, {NaN, 3}}), {kPos, kPos});
  expect_values(r.weights, {1, 0});
  EXPECT_EQ(r.warnings.size(), 2u);  // one per column with a missing unit
}

TEST(WeightsEntropy, DegenerateInputsGiveEqualWeights) {
  // Every column constant: no d_j > 0, so equal weights with a warning.
  auto constant = entropy_weights(matrix({{2, 7}, {2, 7}}), {kPos, kPos});
  expect_values(constant.weights, {0.5, 0.5});
  EXPECT_FALSE(constant.warnings.empty());
  // One unit: fewer than two values in every column.
  auto one = entropy_weights(matrix({{2, 7}}), {kPos, kPos});
  expect_values(one.weights, {0.5, 0.5});
  // All zeros in a column: no shares to speak of.
  auto zeros = entropy_weights(matrix({{0, 1}, {0, 2}}), {kPos, kPos});
  expect_values(zeros.weights, {0, 1});
}

TEST(WeightsEntropy, NegativeValuesAndZeroCostsAreAnError) {
  EXPECT_EQ(kind_of([] { entropy_weights(matrix({{1}, {-1}}), {kPos}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] { entropy_weights(matrix({{1}, {0}}), {kNeg}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] {
              entropy_weights(matrix({{1}, {2}}), {kPos, kPos});
            }),
            ErrorKind::kBadInput);  // polarities of the wrong length
}

// Three units, three columns.
//   a (benefit) = 0, 5, 10  → z = 0, .5, 1
//   b (cost)    = 1, 3, 2   → z = (3 − x)/2 = 1, 0, .5
//   c (benefit) = 2, 2, 4   → z = 0, 0, 1
// Deviations from the means (.5, .5, 1/3): a −.5, 0, .5; b .5, −.5, 0; c −1/3, −1/3, 2/3.
// Sums of squares .5, .5, 2/3 → σ (n − 1 = 2) = .5, .5, 1/√3 = .577350.
// r_ab = (−.25 + 0 + 0)/√(.5·.5) = −.5; r_ac = (1/6 + 0 + 1/3)/√(.5·2/3) = .5/.577350 = .866025;
// r_bc = (−1/6 + 1/6 + 0)/… = 0.
// C_a = .5·((1 + .5) + (1 − .866025)) = .816987; C_b = .5·((1 + .5) + 1) = 1.25;
// C_c = .577350·((1 − .866025) + 1) = .654701; Σ = 2.721688.
// w = .300177, .459274, .240549. (Checked with plain python3 from the formulas.)
TEST(WeightsCritic, HandComputed) {
  auto r = critic_weights(matrix({{0, 1, 2}, {5, 3, 2}, {10, 2, 4}}), {kPos, kNeg, kPos});
  expect_values(r.weights, {0.300176709, 0.459273831, 0.240549460});
  EXPECT_TRUE(r.warnings.empty());
}

TEST(WeightsCritic, PolarityFlipsTheCorrelation) {
  // The same data with b taken as a benefit: z_b = 0, 1, .5, so r_ab = +.5 and r_bc = 0.
  // C_a = .5·((1 − .5) + .133975) = .316987; C_b = .5·((1 − .5) + 1) = .75; C_c = .654701;
  // Σ = 1.721688; w = .184114, .435613, .380263.
  auto r = critic_weights(matrix({{0, 1, 2}, {5, 3, 2}, {10, 2, 4}}), {kPos, kPos, kPos});
  expect_values(r.weights,
                {0.316987298 / 1.721687836, 0.75 / 1.721687836, 0.654700538 / 1.721687836});
}

TEST(WeightsCritic, IncompleteUnitsAreLeftOut) {
  // The fourth unit has a gap, so it is left out and the weights are those of HandComputed.
  auto r =
      critic_weights(matrix({{0, 1, 2}, {5, 3, 2}, {10, 2, 4}, {7, NaN, 1}}), {kPos, kNeg, kPos});
  expect_values(r.weights, {0.300176709, 0.459273831, 0.240549460});
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(WeightsCritic, ConstantColumnGetsZeroAndCorrelationZero) {
  // Column 1 constant: σ = 0, so C_1 = 0, and r with it is taken as 0 (adds 1 − 0 to C_0).
  // Column 0 = 0, 1, 2 → z = 0, .5, 1, σ = .5; C_0 = .5·(1 − 0) = .5. w = 1, 0.
  auto r = critic_weights(matrix({{0, 4}, {1, 4}, {2, 4}}), {kPos, kPos});
  expect_values(r.weights, {1, 0});
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(WeightsCritic, TooFewUnitsGiveEqualWeights) {
  auto one = critic_weights(matrix({{1, 2, 3}}), {kPos, kPos, kPos});
  expect_values(one.weights, {1.0 / 3, 1.0 / 3, 1.0 / 3});
  EXPECT_FALSE(one.warnings.empty());
  auto gaps = critic_weights(matrix({{1, NaN}, {NaN, 2}, {3, 4}}), {kPos, kPos});
  expect_values(gaps.weights, {0.5, 0.5});
  // Two columns that agree perfectly: r = 1, C = σ·(1 − 1) = 0 for both → equal weights.
  auto same = critic_weights(matrix({{1, 10}, {2, 20}, {3, 30}}), {kPos, kPos});
  expect_values(same.weights, {0.5, 0.5});
}

// A consistent matrix a_ij = w_i/w_j built from w = (4, 2, 1)/7: the eigenvector is w exactly,
// λmax = n = 3, CI = CR = 0 — for both methods (every row's geometric mean is ∝ w_i).
TEST(WeightsAhp, ConsistentMatrixGivesExactWeights) {
  std::vector<std::vector<double>> a = {{1, 2, 4}, {0.5, 1, 2}, {0.25, 0.5, 1}};
  for (auto method : {AhpMethod::kEigenvector, AhpMethod::kGeometricMean}) {
    auto r = ahp_weights(a, method);
    expect_values(r.weights, {4.0 / 7, 2.0 / 7, 1.0 / 7}, 1e-12);
    EXPECT_NEAR(r.lambda_max, 3, 1e-12);
    EXPECT_NEAR(r.ci, 0, 1e-12);
    EXPECT_NEAR(r.cr, 0, 1e-12);
    EXPECT_FALSE(r.inconsistent);
    EXPECT_TRUE(r.warnings.empty());
  }
}

TEST(WeightsAhp, Consistent4x4) {
  // w = (8, 4, 2, 1)/15, a_ij = w_i/w_j.
  std::vector<std::vector<double>> a = {
      {1, 2, 4, 8}, {0.5, 1, 2, 4}, {0.25, 0.5, 1, 2}, {0.125, 0.25, 0.5, 1}};
  auto r = ahp_weights(a);
  expect_values(r.weights, {8.0 / 15, 4.0 / 15, 2.0 / 15, 1.0 / 15}, 1e-12);
  EXPECT_NEAR(r.cr, 0, 1e-12);
}

// The textbook matrix a12 = 3, a13 = 5, a23 = 3. For a 3×3 reciprocal matrix the characteristic
// equation is (1 − λ)³ − 3(1 − λ) + t + 1/t = 0 with t = a12·a23/a13, so
// λmax = 1 + t^(1/3) + t^(−1/3). Here t = 9/5 = 1.8: 1.8^(1/3) = 1.216440, 1.8^(−1/3) = .822071,
// λmax = 3.038511; CI = .038511/2 = .019256; CR = .019256/.58 = .033199.
// For n = 3 the eigenvector equals the row geometric means: 15^(1/3) = 2.466212, 1,
// (1/15)^(1/3) = .405480; sum 3.871692 → w = .636986, .258285, .104729.
TEST(WeightsAhp, SaatyThreeByThree) {
  std::vector<std::vector<double>> a = {{1, 3, 5}, {1.0 / 3, 1, 3}, {0.2, 1.0 / 3, 1}};
  for (auto method : {AhpMethod::kEigenvector, AhpMethod::kGeometricMean}) {
    auto r = ahp_weights(a, method);
    expect_values(r.weights, {0.636985572, 0.258284994, 0.104729434});
    EXPECT_NEAR(r.lambda_max, 3.038511091, 1e-8);
    EXPECT_NEAR(r.ci, 0.019255545, 1e-8);
    EXPECT_NEAR(r.cr, 0.033199216, 1e-8);
    EXPECT_FALSE(r.inconsistent);
  }
}

// A 4×4 matrix, slightly inconsistent (a12·a23 = 6 but a13 = 5, …). For n ≥ 4 the eigenvector and
// the geometric means differ.
// Geometric means: row products 1·3·5·9 = 135, (1/3)·1·2·4 = 8/3, (1/5)·(1/2)·1·2 = 1/5,
// (1/9)·(1/4)·(1/2)·1 = 1/72; fourth roots 3.408658, 1.277886, .668740, .343295; sum 5.698579 →
// w = .598159, .224246, .117352, .060242.
// Eigenvector: the defining property A·w = λmax·w is checked directly; the values were computed
// independently with a plain python3 power iteration (w ← A·w / Σ(A·w), 2000 steps):
// w = .598448, .224244, .117099, .060209, λmax = 4.007954, CI = .002651, CR = .002946.
TEST(WeightsAhp, FourByFourEigenvectorAndGeometricMeans) {
  std::vector<std::vector<double>> a = {
      {1, 3, 5, 9}, {1.0 / 3, 1, 2, 4}, {0.2, 0.5, 1, 2}, {1.0 / 9, 0.25, 0.5, 1}};
  auto gm = ahp_weights(a, AhpMethod::kGeometricMean);
  expect_values(gm.weights, {0.598159299, 0.224246462, 0.117352113, 0.060242126});
  auto ev = ahp_weights(a);
  expect_values(ev.weights, {0.598448288, 0.224243941, 0.117099142, 0.060208628});
  for (std::size_t i = 0; i < 4; ++i) {
    double aw = 0;
    for (std::size_t j = 0; j < 4; ++j) aw += a[i][j] * ev.weights[j];
    EXPECT_NEAR(aw, ev.lambda_max * ev.weights[i], 1e-12) << "row " << i;
  }
  EXPECT_NEAR(ev.lambda_max, 4.007954443, 1e-8);
  EXPECT_NEAR(ev.ci, (ev.lambda_max - 4) / 3, 1e-15);
  EXPECT_NEAR(ev.cr, 0.002946090, 1e-8);  // CI / RI(4) = .002651 / .90
  EXPECT_FALSE(ev.inconsistent);
}

TEST(WeightsAhp, InconsistentJudgementsAreFlagged) {
  // A over B 2, A over C 1/2, B over C 4 — intransitive (C > A > B > C in part).
  // t = 2·4/(1/2) = 16: λmax = 1 + 16^(1/3) + 16^(−1/3) = 1 + 2.519842 + .396850 = 3.916692;
  // CI = .458346; CR = .790252 > .10.
  // Geometric means: (2·.5)^(1/3) = 1, (.5·4)^(1/3) = 1.259921, (2·.25)^(1/3) = .793701;
  // sum 3.053622 → w = .327480, .412599, .259921.
  std::vector<std::vector<double>> a = {{1, 2, 0.5}, {0.5, 1, 4}, {2, 0.25, 1}};
  auto r = ahp_weights(a);
  expect_values(r.weights, {0.327480002, 0.412598948, 0.259921050});
  EXPECT_NEAR(r.lambda_max, 3.916692363, 1e-8);
  EXPECT_NEAR(r.cr, 0.790252037, 1e-8);
  EXPECT_TRUE(r.inconsistent);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(WeightsAhp, SmallMatrices) {
  // n = 1: the only weight is 1. n = 2: always consistent; a12 = 3 → 3/4, 1/4.
  auto one = ahp_weights({{1}});
  expect_values(one.weights, {1});
  EXPECT_EQ(one.cr, 0);
  auto two = ahp_weights({{1, 3}, {1.0 / 3, 1}});
  expect_values(two.weights, {0.75, 0.25});
  EXPECT_EQ(two.cr, 0);
  // 0.33 written for 1/3 is accepted (|0.33·3 − 1| = 0.01).
  EXPECT_NO_THROW(ahp_weights({{1, 3}, {0.33, 1}}));
}

TEST(WeightsAhp, MalformedMatricesAreAnError) {
  using A = std::vector<std::vector<double>>;
  EXPECT_EQ(kind_of([] { ahp_weights(A{{1, 2}, {2, 1}}); }), ErrorKind::kBadInput);  // 2·2 ≠ 1
  EXPECT_EQ(kind_of([] { ahp_weights(A{{1, 0}, {0, 1}}); }), ErrorKind::kBadInput);  // zero
  EXPECT_EQ(kind_of([] { ahp_weights(A{{1, -2}, {-0.5, 1}}); }), ErrorKind::kBadInput);
  EXPECT_EQ(kind_of([] { ahp_weights(A{{2, 1}, {1, 1}}); }), ErrorKind::kBadInput);  // diagonal
  EXPECT_EQ(kind_of([] { ahp_weights(A{{1, 2}, {0.5}}); }), ErrorKind::kBadInput);   // ragged
  EXPECT_EQ(kind_of([] { ahp_weights(A{}); }), ErrorKind::kBadInput);
  A eleven(11, std::vector<double>(11, 1.0));
  EXPECT_EQ(kind_of([&] { ahp_weights(eleven); }), ErrorKind::kBadInput);
  A ten(10, std::vector<double>(10, 1.0));  // all ones: consistent, equal weights
  expect_values(ahp_weights(ten).weights, std::vector<double>(10, 0.1));
}

}  // namespace
}  // namespace atlas::evaluate::methods
