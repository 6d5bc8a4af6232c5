#include "atlas/evaluate/methods/outliers.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

// COINr's own example: 1 … 10 with two outliers, 30 and 100. Expected moments from
// scipy.stats.skew / kurtosis with bias=False (Excel's SKEW and KURT), an independent code.
const std::vector<double> kTwoOutliers = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 30, 100};

TEST(SkewKurtosis, MatchesExcelDefinitions) {
  auto s = skew_kurtosis(kTwoOutliers);
  EXPECT_NEAR(s.skewness, 3.0632410342394993, 1e-12);
  EXPECT_NEAR(s.kurtosis, 9.741390834569144, 1e-12);
  EXPECT_TRUE(s.outlying);  // 3.06 ≥ 2 and 9.74 ≥ 3.5
}

TEST(SkewKurtosis, MissingValuesAreIgnoredAndSmallSamplesUndefined) {
  auto with_gaps = kTwoOutliers;
  with_gaps.insert(with_gaps.begin() + 3, NaN);
  EXPECT_NEAR(skew_kurtosis(with_gaps).skewness, 3.0632410342394993, 1e-12);
  auto three = skew_kurtosis({1, 2, 10});
  EXPECT_FALSE(std::isnan(three.skewness));
  EXPECT_TRUE(std::isnan(three.kurtosis));  // kurtosis needs four values
  EXPECT_FALSE(three.outlying);
  EXPECT_TRUE(std::isnan(skew_kurtosis({4, 4, 4, 4}).skewness));  // constant
}

TEST(TreatOutliers, NothingToDoLeavesValuesAlone) {
  std::vector<double> v = {1, 2, 3, NaN, 5};
  auto r = treat_outliers(v, OutlierTransform::kLog);
  expect_values(r.values, v);
  EXPECT_EQ(r.treatment, "");
}

TEST(TreatOutliers, WinsorisesTheHighEndUntilTheRulePasses) {
  // Skew is positive, so the maximum 100 becomes the next value, 30: skew 1.71 < 2 (scipy), so
  // one point suffices.
  auto r = treat_outliers(kTwoOutliers, OutlierTransform::kLog);
  auto want = kTwoOutliers;
  want.back() = 30;
  expect_values(r.values, want);
  EXPECT_EQ(r.treatment, "winsorised");
  EXPECT_EQ(r.winsorised, 1);
  EXPECT_FALSE(r.still_outlying);
}

TEST(TreatOutliers, WinsorisesTheLowEndOfANegativeSkew) {
  // The mirror image: −x has skew −3.06, so its minimum −100 becomes −30.
  std::vector<double> v;
  for (double x : kTwoOutliers) v.push_back(-x);
  auto r = treat_outliers(v, OutlierTransform::kLog);
  EXPECT_EQ(r.values.back(), -30);
  EXPECT_EQ(r.winsorised, 1);
}

// Eleven 1s, a 2 and five large values: skew 4.06, kurtosis 16.6.
const std::vector<double> kHeavy = {1, 1, 1, 1,    1,    1,    1,    1,     1,
                                    1, 1, 2, 1000, 2000, 5000, 9000, 100000};

TEST(TreatOutliers, LogTransformsTheOriginalWhenWinsorisingIsNotAllowedToFinish) {
  OutlierRule rule;
  rule.winsorise_max = 0;
  auto r = treat_outliers(kHeavy, OutlierTransform::kLog, rule);
  EXPECT_EQ(r.treatment, "log");
  // log(x − 1 + 0.01 · 99999): for x = 1, log(999.99) = 6.907745278932; for 100000,
  // log(99999 + 999.99) = 11.522865795773.
  EXPECT_NEAR(r.values[0], 6.907745278932, 1e-11);
  EXPECT_NEAR(r.values[11], 6.908744789255, 1e-11);
  EXPECT_NEAR(r.values[16], 11.522865795773, 1e-11);
  EXPECT_TRUE(r.still_outlying);  // skew 2.45, kurtosis 6.30 after the log (scipy)
}

TEST(TreatOutliers, OneWinsorisedPointCanBeEnough) {
  // With the default limit of 5, moving 100000 to 9000 gives skew 2.01 but kurtosis 2.82 < 3.5.
  auto r = treat_outliers(kHeavy, OutlierTransform::kLog);
  EXPECT_EQ(r.treatment, "winsorised");
  EXPECT_EQ(r.winsorised, 1);
  EXPECT_EQ(r.values[16], 9000);
}

TEST(TreatOutliers, BoxCoxUsesTheMaximumLikelihoodExponent) {
  OutlierRule rule;
  rule.winsorise_max = 0;
  auto r = treat_outliers(kHeavy, OutlierTransform::kBoxCox, rule);
  EXPECT_EQ(r.treatment, "boxcox");
  // scipy.stats.boxcox_normmax(x − 1 + 1, method='mle') = −0.3081633534842486.
  EXPECT_NEAR(r.lambda, -0.3081633534842486, 1e-6);
  // y = 1 for the 1s: (1^λ − 1)/λ = 0; y = 100000: (100000^λ − 1)/λ.
  EXPECT_NEAR(r.values[0], 0, 1e-12);
  EXPECT_NEAR(r.values[16], (std::pow(100000.0, r.lambda) - 1) / r.lambda, 1e-12);
  EXPECT_LT(r.values[15], r.values[16]);  // increasing: polarity is kept
}

}  // namespace
}  // namespace atlas::evaluate::methods
