#include "atlas/rounds/panel_scores.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct ScoreRow {
  const char* application;
  const char* expert;
  double score;
};

ScoreTable table(const std::vector<ScoreRow>& rows) {
  std::vector<std::string> apps, experts;
  std::vector<double> scores;
  for (const auto& r : rows) {
    apps.push_back(r.application);
    experts.push_back(r.expert);
    scores.push_back(r.score);
  }
  return make_score_table(apps, experts, scores);
}

TEST(ReliabilityScores, TrimmedMeanDropsOneHighestAndOneLowest) {
  const auto t = table({{"four", "a", 70},
                        {"four", "b", 80},
                        {"four", "c", 90},
                        {"four", "d", 100},
                        {"tied", "a", 80},
                        {"tied", "b", 80},
                        {"tied", "c", 80},
                        {"top-tie", "a", 70},
                        {"top-tie", "b", 90},
                        {"top-tie", "c", 90},
                        {"two", "a", 60},
                        {"two", "b", 90},
                        {"none", "a", kNaN}});
  const auto s = application_scores(t, raw_scores(t));
  ASSERT_EQ(s.size(), 5u);
  EXPECT_DOUBLE_EQ(s[0].mean, 85);          // (70+80+90+100)/4
  EXPECT_DOUBLE_EQ(s[0].trimmed_mean, 85);  // (80+90)/2
  EXPECT_TRUE(s[0].trimmed);
  EXPECT_DOUBLE_EQ(s[1].trimmed_mean, 80);  // one 80 dropped as highest, one as lowest
  // Only one of the two 90s is dropped: (90)/1.
  EXPECT_NEAR(s[2].mean, 250.0 / 3, 1e-12);
  EXPECT_DOUBLE_EQ(s[2].trimmed_mean, 90);
  // Two scores: nothing to drop, the trimmed mean is the mean.
  EXPECT_FALSE(s[3].trimmed);
  EXPECT_DOUBLE_EQ(s[3].trimmed_mean, 75);
  EXPECT_EQ(s[3].count, 2u);
  // Assigned, not scored: missing, not 0.
  EXPECT_EQ(s[4].assigned, 1u);
  EXPECT_EQ(s[4].count, 0u);
  EXPECT_TRUE(std::isnan(s[4].mean));
  EXPECT_TRUE(std::isnan(s[4].trimmed_mean));
}

TEST(ReliabilityScores, RanksShareTiesAndSkipMissing) {
  EXPECT_EQ(rank_descending({85, 90, 85, kNaN, 70}), (std::vector<int>{2, 1, 2, 0, 4}));
}

TEST(ReliabilityScores, NormalisationMapsEachExpertBackToThePooledScale) {
  // X: 60, 70, 80 (mean 70, sample SD 10). Y: 90, 90 (SD 0) and Z: 50 (one score) keep theirs.
  // Pooled: 60 70 80 90 90 50, mean 440/6 = 220/3; Σ(x − x̄)² = 4000/3; SD = √(800/3) = 16.3299.
  // X's 60 → 220/3 + √(800/3)·(60 − 70)/10 = 73.3333 − 16.3299 = 57.0034.
  const auto t = table({{"a", "X", 60},
                        {"b", "X", 70},
                        {"c", "X", 80},
                        {"a", "Y", 90},
                        {"b", "Y", 90},
                        {"c", "Z", 50},
                        {"d", "X", kNaN}});
  const auto n = normalise_by_expert(t);
  const double sd = std::sqrt(800.0 / 3);
  EXPECT_NEAR(n.pooled_mean, 220.0 / 3, 1e-12);
  EXPECT_NEAR(n.pooled_sd, sd, 1e-12);
  EXPECT_NEAR(n.scores[0], 220.0 / 3 - sd, 1e-12);
  EXPECT_NEAR(n.scores[1], 220.0 / 3, 1e-12);
  EXPECT_NEAR(n.scores[2], 220.0 / 3 + sd, 1e-12);
  EXPECT_DOUBLE_EQ(n.scores[3], 90);
  EXPECT_DOUBLE_EQ(n.scores[5], 50);
  EXPECT_TRUE(std::isnan(n.scores[6]));
  EXPECT_EQ(n.unnormalised, (std::vector<std::uint32_t>{1, 2}));  // Y, Z
  EXPECT_DOUBLE_EQ(n.expert_mean[0], 70);
  EXPECT_DOUBLE_EQ(n.expert_sd[0], 10);
  EXPECT_TRUE(std::isnan(n.expert_sd[2]));
}

TEST(ReliabilityScores, NormalisationNeedsASpreadOfScores) {
  EXPECT_THROW(normalise_by_expert(table({{"a", "x", 70}, {"b", "x", 70}})), Error);
}

TEST(ReliabilityScores, FlagsAScoreFarFromTheOthersAndAConsistentlyLenientExpert) {
  // P: x 80, y 82, z 84, w 40. w against the median of the others: 40 − median(80, 82, 84) =
  // 40 − 82 = −42 → flagged (|−42| > 20); z: 84 − median(80, 82, 40) = 84 − 80 = 4; x: 80 − 82 =
  // −2; y: 82 − 80 = 2 (with the mean of the others z would be 84 − 67.3 = +16.7: w's low score
  // would make its panel-mates look lenient).
  // Q1–Q3: o1 and o2 give 70, L gives 85: L's deviation 85 − 70 = 15 each time, mean 15 > 10 with
  // 3 compared → lenient, though no single score is beyond 20. o1 on Q1: 70 − median(70, 85) =
  // 70 − 77.5 = −7.5.
  // R: two scores only — neither is compared.
  const auto t = table({{"P", "x", 80},
                        {"P", "y", 82},
                        {"P", "z", 84},
                        {"P", "w", 40},
                        {"Q1", "o1", 70},
                        {"Q1", "o2", 70},
                        {"Q1", "L", 85},
                        {"Q2", "o1", 70},
                        {"Q2", "o2", 70},
                        {"Q2", "L", 85},
                        {"Q3", "o1", 70},
                        {"Q3", "o2", 70},
                        {"Q3", "L", 85},
                        {"R", "x", 10},
                        {"R", "L", 100}});
  const auto f = consensus_flags(t);
  ASSERT_EQ(f.scores.size(), 1u);
  EXPECT_EQ(f.scores[0].review, 3u);
  EXPECT_DOUBLE_EQ(f.scores[0].consensus, 82);
  EXPECT_DOUBLE_EQ(f.scores[0].deviation, -42);
  const auto& w = f.experts[3];
  EXPECT_EQ(t.experts[w.expert], "w");
  EXPECT_EQ(w.compared, 1u);
  EXPECT_EQ(w.flagged_scores, 1u);
  EXPECT_FALSE(w.severe);  // one comparison is not a pattern (min 3)
  const auto& lenient = f.experts[6];
  EXPECT_EQ(t.experts[lenient.expert], "L");
  EXPECT_EQ(lenient.compared, 3u);  // R is not compared
  EXPECT_DOUBLE_EQ(lenient.mean_deviation, 15);
  EXPECT_TRUE(lenient.lenient);
  EXPECT_EQ(lenient.flagged_scores, 0u);
  EXPECT_DOUBLE_EQ(f.experts[4].mean_deviation, -7.5);  // o1
  EXPECT_FALSE(f.experts[4].severe);
  EXPECT_EQ(f.flagged_experts(), (std::vector<std::uint32_t>{3, 6}));
  EXPECT_DOUBLE_EQ(f.experts[2].mean_deviation, 4);  // z
  // A stricter rule flags L's three 15s too.
  const auto strict = consensus_flags(t, {14, 10, 3});
  EXPECT_EQ(strict.scores.size(), 4u);
  EXPECT_EQ(strict.experts[6].flagged_scores, 3u);
  EXPECT_THROW(consensus_flags(t, {-1, 10, 3}), Error);
}

TEST(ReliabilityScores, TheTableRefusesDuplicatesAndScoresOutOfRange) {
  try {
    table({{"a", "x", 70}, {"b", "x", 80}, {"a", "x", 75}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().row, 3);
    EXPECT_NE(std::string(e.what()).find("entries 1 and 3"), std::string::npos) << e.what();
  }
  try {
    table({{"a", "x", 70}, {"b", "x", 101}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.where().row, 2);
    EXPECT_EQ(e.where().field, "score");
  }
  EXPECT_THROW(table({{"", "x", 70}}), Error);
  EXPECT_THROW(table({{"a", "x", std::numeric_limits<double>::infinity()}}), Error);
}

}  // namespace
}  // namespace atlas::rounds
