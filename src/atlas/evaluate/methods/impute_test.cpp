#include "atlas/evaluate/methods/impute.h"

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

TEST(Impute, MeanAndMedianOfThePresentValues) {
  // Present 1, 2, 9: mean 4, median 2.
  auto mean = impute_mean({1, NaN, 2, 9, NaN});
  expect_values(mean.values, {1, 4, 2, 9, 4});
  EXPECT_EQ(mean.filled, 2u);
  expect_values(impute_median({1, NaN, 2, 9, NaN}).values, {1, 2, 2, 9, 2});
  // An even count: the median of 1, 2, 9, 10 is (2 + 9) / 2 = 5.5.
  expect_values(impute_median({10, 1, NaN, 2, 9}).values, {10, 1, 5.5, 2, 9});
}

TEST(Impute, NothingPresentStaysMissingWithAWarning) {
  auto r = impute_mean({NaN, NaN});
  expect_values(r.values, {NaN, NaN});
  EXPECT_EQ(r.filled, 0u);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(Impute, GroupMedianFallsBackToTheWholeColumn) {
  // Group a: 1, 3 → median 2; group b: 10 → 10; group c has nothing: median of all of
  // 1, 3, 10, 20 = (3 + 10) / 2 = 6.5.
  auto r = impute_group_median({1, 3, NaN, 10, NaN, 20, NaN}, {"a", "a", "a", "b", "b", "d", "c"});
  expect_values(r.values, {1, 3, 2, 10, 10, 20, 6.5});
  EXPECT_EQ(r.filled, 3u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_NE(r.warnings[0].find("'c'"), std::string::npos);
}

TEST(Impute, LastYearTakesTheMostRecentReportedValue) {
  // Unit 0 is present; unit 1 reported 7 two years back (not last year); unit 2 never did.
  auto r = impute_last_year({5, NaN, NaN}, {{4, 3}, {NaN, 7, 6}, {NaN, NaN}});
  expect_values(r.values, {5, 7, NaN});
  EXPECT_EQ(r.filled, 1u);
  EXPECT_EQ(r.warnings.size(), 1u);
}

TEST(Impute, LinearExtendsTheTrendOfTheTwoMostRecentYears) {
  // Unit 0: 12 last year, 10 two years back: 12 + (12 − 10) · 1/1 = 14.
  // Unit 1: 9 two years back, 3 five years back: 9 + (9 − 3) · 2/3 = 13.
  // Unit 2: only 8, three years back: carried forward, with a warning.
  auto r = impute_linear({NaN, NaN, NaN}, {{12, 10, 1}, {NaN, 9, NaN, NaN, 3}, {NaN, NaN, 8}});
  expect_values(r.values, {14, 13, 8});
  EXPECT_EQ(r.filled, 3u);
  EXPECT_EQ(r.warnings.size(), 1u);
}

}  // namespace
}  // namespace atlas::evaluate::methods
