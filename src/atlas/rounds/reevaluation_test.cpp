// The re-evaluation rules as the programme office reads them: due after three years by the
// calendar, a failed gate or a low grade proposes a warning, a second failure removal, missing
// data is said and never read as a pass, and a cluster this round has decided is not changed
// twice. Expectations are worked out by hand from the dates and grades written here.
#include "atlas/rounds/reevaluation.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::rounds {
namespace {

using domain::ClusterStatus;
using domain::StatusChange;
using ::testing::HasSubstr;

constexpr const char* kRoundDoc = "国科火字〔2026〕30号";

StatusChange change(ClusterStatus s, const char* date, const char* doc = "国科发火〔2023〕1号") {
  StatusChange c;
  c.status = s;
  c.date = date;
  c.doc_no = doc;
  return c;
}

Threshold torch(const char* below = "合格") {
  return {{"优秀", "良好", "合格", "不合格"}, below};
}

Outcome graded(const char* grade) {
  Outcome o;
  o.evaluated = true;
  o.graded = true;
  o.grade = grade;
  return o;
}

TEST(ReevaluationDue, CountsWholeYearsByTheCalendar) {
  EXPECT_EQ(whole_years("2023-06-01", "2026-05-31"), 2);
  EXPECT_EQ(whole_years("2023-06-01", "2026-06-01"), 3);
  EXPECT_EQ(whole_years("2023-06-01", "2026-12-31"), 3);
  // A leap day's anniversary is 1 March in a common year.
  EXPECT_EQ(whole_years("2020-02-29", "2023-02-28"), 2);
  EXPECT_EQ(whole_years("2020-02-29", "2023-03-01"), 3);
}

TEST(ReevaluationDue, ThreeYearsInTheProgrammeOnTheReferenceDate) {
  std::vector<StatusChange> h = {change(ClusterStatus::kApplicant, "2023-01-10"),
                                 change(ClusterStatus::kCultivation, "2023-06-01"),
                                 change(ClusterStatus::kPilot, "2025-01-01")};
  // Admission is the first change into the programme (cultivation), not the application.
  EXPECT_EQ(admission_date(h), "2023-06-01");
  EXPECT_EQ(due(h, "2026-05-31", 3), std::nullopt);  // 2 years and 364 days
  auto d = due(h, "2026-06-01", 3);
  ASSERT_TRUE(d);
  EXPECT_EQ(d->admitted, "2023-06-01");
  EXPECT_EQ(d->years, 3);
  EXPECT_EQ(due(h, "2026-06-01", 4), std::nullopt);
  ASSERT_TRUE(due(h, "2026-06-01", 1));
}

TEST(ReevaluationDue, NotInTheProgrammeIsNeverDue) {
  EXPECT_EQ(due({change(ClusterStatus::kApplicant, "2010-01-01")}, "2026-06-01", 3), std::nullopt);
  EXPECT_EQ(due({change(ClusterStatus::kPilot, "2013-01-01"),
                 change(ClusterStatus::kRemoved, "2020-01-01")},
                "2026-06-01", 3),
            std::nullopt);
  EXPECT_EQ(due({}, "2026-06-01", 3), std::nullopt);
  // Admitted after the reference date: not due, however it counts.
  EXPECT_EQ(due({change(ClusterStatus::kPilot, "2026-07-01")}, "2026-06-01", 0), std::nullopt);
}

TEST(ReevaluationDue, ARemovedClusterAdmittedAgainCountsFromItsNewAdmission) {
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2013-03-01"),
                                 change(ClusterStatus::kRemoved, "2019-01-01"),
                                 change(ClusterStatus::kApplicant, "2024-01-01"),
                                 change(ClusterStatus::kCultivation, "2025-01-01")};
  EXPECT_EQ(admission_date(h), "2025-01-01");
  EXPECT_EQ(due(h, "2026-06-01", 3), std::nullopt);
}

TEST(ReevaluationDue, AWithdrawnAdmissionDoesNotCount) {
  auto wrong = change(ClusterStatus::kCultivation, "2020-01-01");
  wrong.withdrawn = true;
  std::vector<StatusChange> h = {change(ClusterStatus::kApplicant, "2019-01-01"), wrong,
                                 change(ClusterStatus::kCultivation, "2024-01-01")};
  EXPECT_EQ(admission_date(h), "2024-01-01");
}

TEST(ReevaluationProposal, PassingEveryGateAtOrAboveTheGradeIsKept) {
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2020-01-01")};
  for (const char* grade : {"优秀", "良好", "合格"}) {
    auto p = propose(h, graded(grade), torch("合格"), 2025, kRoundDoc);
    EXPECT_EQ(p.proposal, Proposal::kKeep) << grade;
    EXPECT_THAT(p.reason, HasSubstr(std::string("2025年评价等级为") + grade));
    EXPECT_THAT(p.reason, HasSubstr("passes every gate"));
  }
}

TEST(ReevaluationProposal, AGradeBelowTheThresholdProposesAWarning) {
  std::vector<StatusChange> h = {change(ClusterStatus::kRecognised, "2020-01-01")};
  auto p = propose(h, graded("不合格"), torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(p.proposal, Proposal::kWarn);
  EXPECT_THAT(p.reason, HasSubstr("2025年评价等级为不合格，低于合格"));
  EXPECT_THAT(p.reason, HasSubstr("graded 不合格 in 2025, below 合格: proposed for a warning"));
  // --below 良好: 合格 is worse than 良好, so it fails too; 良好 itself does not.
  EXPECT_EQ(propose(h, graded("合格"), torch("良好"), 2025, kRoundDoc).proposal, Proposal::kWarn);
  EXPECT_EQ(propose(h, graded("良好"), torch("良好"), 2025, kRoundDoc).proposal, Proposal::kKeep);
  // No threshold: grades are not judged.
  EXPECT_EQ(propose(h, graded("不合格"), torch(""), 2025, kRoundDoc).proposal, Proposal::kKeep);
}

TEST(ReevaluationProposal, AScoreBelowEveryCutOffIsBelowTheThreshold) {
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2020-01-01")};
  auto p = propose(h, graded(""), torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(p.proposal, Proposal::kWarn);
  EXPECT_THAT(p.reason, HasSubstr("below every grade's cut-off"));
}

TEST(ReevaluationProposal, AFailedGateProposesAWarningNamingTheGate) {
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2020-01-01")};
  Outcome o;
  o.evaluated = true;
  o.graded = true;  // excluded by the gate: no grade
  o.failed_gates = {{"platforms", "省级及以上科技创新平台不少于3个"}};
  auto p = propose(h, o, torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(p.proposal, Proposal::kWarn);
  EXPECT_THAT(p.reason, HasSubstr("未通过门槛：省级及以上科技创新平台不少于3个"));
  EXPECT_THAT(p.reason, HasSubstr("fails the gate platforms: proposed for a warning"));
}

TEST(ReevaluationProposal, AWarnedClusterFailingAgainIsProposedForRemoval) {
  std::vector<StatusChange> h = {
      change(ClusterStatus::kPilot, "2020-01-01"),
      change(ClusterStatus::kWarned, "2024-01-01", "国科火字〔2024〕5号")};
  auto p = propose(h, graded("不合格"), torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(p.proposal, Proposal::kRemove);
  EXPECT_THAT(p.reason, HasSubstr("已被警告，复核仍未通过"));
  EXPECT_THAT(p.reason, HasSubstr("warned already and failing again"));
  // Warned and passing now: kept, the warning is the office's to lift.
  auto kept = propose(h, graded("良好"), torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(kept.proposal, Proposal::kKeep);
  EXPECT_THAT(kept.reason, HasSubstr("lifting the warning is the office's decision"));
}

TEST(ReevaluationProposal, MissingDataIsSaidNeverAPassOrAFail) {
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2020-01-01")};
  auto none = propose(h, Outcome{}, torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(none.proposal, Proposal::kNoData);
  EXPECT_THAT(none.reason, HasSubstr("2025年无统计数据"));
  EXPECT_THAT(none.reason, HasSubstr("no statistics for 2025"));

  Outcome screened;
  screened.evaluated = true;
  screened.screened_out = true;
  screened.missing_indicators = 7;
  auto s = propose(h, screened, torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(s.proposal, Proposal::kNoData);
  EXPECT_THAT(s.reason, HasSubstr("7 indicators missing for 2025"));

  // A good grade but a gate the data cannot decide: not kept silently.
  auto undecided = graded("优秀");
  undecided.undecided_gates = {{"rd_intensity", "近三年平均研发经费占营业收入比重不低于4%"}};
  auto u = propose(h, undecided, torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(u.proposal, Proposal::kNoData);
  EXPECT_THAT(u.reason, HasSubstr("cannot decide the gate rd_intensity"));
  // …but a failure that is known is proposed whatever else is undecided.
  undecided.grade = "不合格";
  EXPECT_EQ(propose(h, undecided, torch("合格"), 2025, kRoundDoc).proposal, Proposal::kWarn);
  // A warned cluster with no data is not removed.
  h.push_back(change(ClusterStatus::kWarned, "2024-01-01"));
  EXPECT_EQ(propose(h, Outcome{}, torch("合格"), 2025, kRoundDoc).proposal, Proposal::kNoData);
}

TEST(ReevaluationProposal, AClusterThisRoundHasDecidedIsNotChangedTwice) {
  // Warned under this round's 文号: failing again is not a second failure of this round.
  std::vector<StatusChange> h = {change(ClusterStatus::kPilot, "2020-01-01"),
                                 change(ClusterStatus::kWarned, "2026-10-20", kRoundDoc)};
  auto p = propose(h, graded("不合格"), torch("合格"), 2025, kRoundDoc);
  EXPECT_EQ(p.proposal, Proposal::kDecided);
  EXPECT_THAT(p.reason, HasSubstr("recorded as warned on 2026-10-20"));
  EXPECT_FALSE(changes_status(p.proposal));
  // A withdrawn change under this round's number no longer decides it.
  h.back().withdrawn = true;
  EXPECT_EQ(propose(h, graded("不合格"), torch("合格"), 2025, kRoundDoc).proposal, Proposal::kWarn);
}

TEST(ReevaluationThreshold, NamesTheSystemsGradesWhenTheThresholdIsNotOne) {
  EXPECT_EQ(threshold_problem(torch("合格")), std::nullopt);
  EXPECT_EQ(threshold_problem(torch("")), std::nullopt);
  auto p = threshold_problem(torch("C"));
  ASSERT_TRUE(p);
  EXPECT_THAT(*p, HasSubstr("no grade 'C'; its grades, best first: 优秀, 良好, 合格, 不合格"));
  EXPECT_TRUE(threshold_problem({{}, "合格"}));
}

TEST(ReevaluationProposal, KeysAndNames) {
  EXPECT_EQ(proposal_key(Proposal::kNoData), "no-data");
  EXPECT_EQ(proposal_name_zh(Proposal::kRemove), "撤销");
  EXPECT_TRUE(changes_status(Proposal::kWarn));
  EXPECT_TRUE(changes_status(Proposal::kRemove));
  EXPECT_FALSE(changes_status(Proposal::kKeep));
  EXPECT_FALSE(changes_status(Proposal::kNoData));
}

}  // namespace
}  // namespace atlas::rounds
