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

TEST(Lifecycle, DecisionsAreDatedByToday) {
  EXPECT_FALSE(decision_date_problem("2024-05-01", "2024-05-01"));  // today itself
  EXPECT_FALSE(decision_date_problem("2013-06-24", "2024-05-01"));
  auto future = decision_date_problem("2099-01-01", "2024-05-01");
  ASSERT_TRUE(future);
  EXPECT_NE(future->find("after today (2024-05-01)"), std::string::npos);
  for (const char* bad : {"2024-13-45", "2024/05/01", "tomorrow", ""}) {
    auto p = decision_date_problem(bad, "2024-05-01");
    ASSERT_TRUE(p) << bad;
    EXPECT_NE(p->find("YYYY-MM-DD"), std::string::npos) << *p;
  }
}

// A change recorded in error — here a warning dated 2099 — blocks every later change until a
// correction withdraws it; the rules then read the history as if it had not happened.
TEST(Lifecycle, WithdrawnChangesAreNotInForce) {
  auto h = history({{S::kPilot, "2013-06-24"}, {S::kWarned, "2099-01-01"}});
  EXPECT_TRUE(transition_problem(h, S::kRecognised, "2022-01-01"));  // out of order
  EXPECT_FALSE(withdrawal_problem(h, 1));
  h[1].withdrawn = true;
  EXPECT_FALSE(transition_problem(h, S::kRecognised, "2022-01-01"));
  EXPECT_EQ(status_on(h, "2100-12-31"), S::kPilot);
  EXPECT_EQ(in_force(h).size(), 1u);
  auto again = withdrawal_problem(h, 1);
  ASSERT_TRUE(again);
  EXPECT_NE(again->find("withdrawn already"), std::string::npos);
}

TEST(Lifecycle, WithdrawalLeavesALifecycleTheRulesAllow) {
  // The only change in force cannot go: the cluster would have no status.
  auto only = history({{S::kPilot, "2013-06-24"}});
  ASSERT_TRUE(withdrawal_problem(only, 0));
  EXPECT_NE(withdrawal_problem(only, 0)->find("only status"), std::string::npos);
  EXPECT_TRUE(withdrawal_problem(only, 1));  // no such change
  // A later return from the warning depends on the warning.
  auto warned = history({{S::kCultivation, "2018-01-01"},
                         {S::kWarned, "2020-01-01"},
                         {S::kCultivation, "2021-01-01"}});
  auto p = withdrawal_problem(warned, 1);
  ASSERT_TRUE(p);
  EXPECT_NE(p->find("already cultivation"), std::string::npos) << *p;
  // A pilot step in between can go: cultivation → recognised skips a stage, which is allowed.
  auto steps = history(
      {{S::kCultivation, "2018-01-01"}, {S::kPilot, "2019-01-01"}, {S::kRecognised, "2022-01-01"}});
  EXPECT_FALSE(withdrawal_problem(steps, 1));
  // The admission can go when what follows may start a history; a warning cannot.
  EXPECT_FALSE(withdrawal_problem(steps, 0));
  auto first_warned = history({{S::kPilot, "2013-06-24"}, {S::kWarned, "2019-01-01"}});
  EXPECT_TRUE(withdrawal_problem(first_warned, 0));
}

TEST(Lifecycle, ParsesKeysAndChineseNames) {
  EXPECT_EQ(parse_status("pilot"), S::kPilot);
  EXPECT_EQ(parse_status("试点"), S::kPilot);
  EXPECT_EQ(parse_status("培育"), S::kCultivation);
  EXPECT_EQ(parse_status("pilots"), std::nullopt);
}

}  // namespace
}  // namespace atlas::domain
