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

}  // namespace
}  // namespace atlas::evaluate::methods
