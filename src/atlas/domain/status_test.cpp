#include "atlas/domain/status.h"

#include <gtest/gtest.h>

namespace atlas::domain {
namespace {

using S = ClusterStatus;

std::vector<StatusChange> history(std::initializer_list<std::pair<S, const char*>> changes) {
  std::vector<StatusChange> h;
  for (auto [s, d] : changes) h.push_back({s, d, "", "", "", ""});
  return h;
}

TEST(Lifecycle, NewClusterEntersAtAnyStageButNotWarnedOrRemoved) {
  EXPECT_FALSE(transition_problem({}, S::kApplicant, "2021-03-31"));
  EXPECT_FALSE(transition_problem({}, S::kPilot, "2013-06-24"));
  EXPECT_TRUE(transition_problem({}, S::kWarned, "2013-06-24"));
  EXPECT_TRUE(transition_problem({}, S::kRemoved, "2013-06-24"));
}

TEST(Lifecycle, UpgradesOnlyGoForward) {
  // Wenzhou: cultivation (2011) → pilot (2013).
  auto wenzhou = history({{S::kCultivation, "2011-11-01"}});
  EXPECT_FALSE(transition_problem(wenzhou, S::kPilot, "2013-06-24"));
  auto pilot = history({{S::kPilot, "2013-06-24"}});
  EXPECT_FALSE(transition_problem(pilot, S::kRecognised, "2022-01-01"));
  EXPECT_TRUE(transition_problem(pilot, S::kCultivation, "2022-01-01"));
  EXPECT_TRUE(transition_problem(pilot, S::kApplicant, "2022-01-01"));
  EXPECT_TRUE(transition_problem(pilot, S::kPilot, "2022-01-01"));  // no-op is an error
}

TEST(Lifecycle, RemovedNeedsNewApplication) {
  auto removed = history({{S::kPilot, "2013-06-24"}, {S::kRemoved, "2020-12-01"}});
  auto warn = transition_problem(removed, S::kWarned, "2021-01-01");
  ASSERT_TRUE(warn);
  EXPECT_NE(warn->find("new application"), std::string::npos);
  EXPECT_TRUE(transition_problem(removed, S::kPilot, "2021-01-01"));
  EXPECT_TRUE(transition_problem(removed, S::kRecognised, "2021-01-01"));
  EXPECT_FALSE(transition_problem(removed, S::kApplicant, "2021-01-01"));
}

TEST(Lifecycle, WarnedReturnsToEarlierStatusOrIsRemoved) {
  auto warned = history({{S::kCultivation, "2018-01-01"}, {S::kWarned, "2020-01-01"}});
  EXPECT_FALSE(transition_problem(warned, S::kCultivation, "2021-01-01"));
  EXPECT_FALSE(transition_problem(warned, S::kRemoved, "2021-01-01"));
  EXPECT_TRUE(transition_problem(warned, S::kPilot, "2021-01-01"));  // no upgrade while warned
  EXPECT_TRUE(
      transition_problem(history({{S::kApplicant, "2021-01-01"}}), S::kWarned, "2021-06-01"));
}

TEST(Lifecycle, ChangesAreDatedInOrder) {
  auto pilot = history({{S::kPilot, "2013-06-24"}});
  EXPECT_TRUE(transition_problem(pilot, S::kRecognised, "2013-06-23"));
  EXPECT_FALSE(transition_problem(pilot, S::kRecognised, "2013-06-24"));
  EXPECT_TRUE(transition_problem(pilot, S::kRecognised, "2013-06-32"));
}

TEST(Lifecycle, StatusOnADate) {
  auto h = history(
      {{S::kCultivation, "2011-11-01"}, {S::kPilot, "2013-06-24"}, {S::kWarned, "2019-05-01"}});
  EXPECT_EQ(status_on(h, "2010-12-31"), std::nullopt);
  EXPECT_EQ(status_on(h, "2012-12-31"), S::kCultivation);
  EXPECT_EQ(status_on(h, "2013-06-24"), S::kPilot);
  EXPECT_EQ(status_on(h, "2024-12-31"), S::kWarned);
}

TEST(Lifecycle, ParsesKeysAndChineseNames) {
  EXPECT_EQ(parse_status("pilot"), S::kPilot);
  EXPECT_EQ(parse_status("试点"), S::kPilot);
  EXPECT_EQ(parse_status("培育"), S::kCultivation);
  EXPECT_EQ(parse_status("pilots"), std::nullopt);
}

}  // namespace
}  // namespace atlas::domain
