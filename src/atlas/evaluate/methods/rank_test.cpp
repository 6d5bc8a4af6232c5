#include "atlas/evaluate/methods/rank.h"

#include <gtest/gtest.h>

#include "atlas/evaluate/methods/test_support.h"

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {
namespace {

using namespace test_support;

TEST(RankScores, HigherIsBetterWithCompetitionTies) {
  // 90 is best → 1; the two 80s share 2; 70 comes after three units → 4.
  EXPECT_EQ(rank_scores({80, 90, 70, 80}), (std::vector<int>{2, 1, 4, 2}));
}

TEST(RankScores, MissingScoreHasNoRankAndDoesNotCount) {
  // Without the NaN the order is 30 (1), 10 (2), 5 (3).
  EXPECT_EQ(rank_scores({10, NaN, 30, 5}), (std::vector<int>{2, 0, 1, 3}));
}

TEST(RankScores, LowerIsBetterForVikorsQ) {
  // Q = .5, .1, .1, —, .9: the two .1s share 1, .5 is 3, .9 is 4.
  EXPECT_EQ(rank_scores({0.5, 0.1, 0.1, NaN, 0.9}, RankOrder::kLowerIsBetter),
            (std::vector<int>{3, 1, 1, 0, 4}));
}

TEST(RankScores, DegenerateInputs) {
  EXPECT_TRUE(rank_scores({}).empty());
  EXPECT_EQ(rank_scores({NaN, NaN}), (std::vector<int>{0, 0}));
  EXPECT_EQ(rank_scores({7}), (std::vector<int>{1}));
  EXPECT_EQ(rank_scores({3, 3, 3}), (std::vector<int>{1, 1, 1}));
  // Negative scores (Copeland) rank like any other: 2 > 0 > −2.
  EXPECT_EQ(rank_scores({-2, 2, 0}), (std::vector<int>{3, 1, 2}));
}

TEST(RankScores, RoundingNoiseIsATieButARealDifferenceIsNot) {
  // 2/3·60 + 1/3·30 summed in two orders: the mean of (60, 60, 30) is 50 exactly, and
  // 49.999999999999993 (one unit in the last place below it) is the same score summed otherwise.
  EXPECT_EQ(rank_scores({50, 49.999999999999993, 40}), (std::vector<int>{1, 1, 3}));
  // A millionth of the top score is a real difference (data carry seven significant digits).
  EXPECT_EQ(rank_scores({50, 50 - 50e-6, 40}), (std::vector<int>{1, 2, 3}));
  // A chain of near-equal scores does not drift: each is compared with its group's best.
  // Tolerance 1e-10 × 100 = 1e-8; 100 − 0.6e-8 ties with 100, 100 − 1.2e-8 does not, although
  // it is within 1e-8 of the one before it.
  EXPECT_EQ(rank_scores({100, 100 - 0.6e-8, 100 - 1.2e-8}), (std::vector<int>{1, 1, 3}));
  // Lower is better uses the same rule.
  EXPECT_EQ(rank_scores({0.3, 0.30000000000000004, 0.1}, RankOrder::kLowerIsBetter),
            (std::vector<int>{2, 2, 1}));
}

}  // namespace
}  // namespace atlas::evaluate::methods
