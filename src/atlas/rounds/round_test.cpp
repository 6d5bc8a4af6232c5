#include "atlas/rounds/round.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::rounds {
namespace {

using ::testing::HasSubstr;

Round admission() {
  Round r;
  r.kind = RoundKind::kAdmission;
  r.year = 2026;
  r.name = "2026年度遴选";
  r.doc_no = "国科火字〔2026〕1号";
  r.system = "torch-iic";
  r.deadlines = {{Stage::kApplications, "2026-03-31"},
                 {Stage::kRecommendation, "2026-04-30"},
                 {Stage::kReview, "2026-06-15"},
                 {Stage::kDecision, "2026-06-30"},
                 {Stage::kNotice, "2026-07-10"}};
  return r;
}

TEST(Round, AnAdmissionRoundNeedsADeadlineForEveryStageButTheLast) {
  EXPECT_EQ(round_problem(admission()), std::nullopt);
  auto r = admission();
  r.deadlines.erase(Stage::kReview);
  ASSERT_TRUE(round_problem(r));
  EXPECT_THAT(*round_problem(r), HasSubstr("review (专家评审) stage needs a deadline"));
}

TEST(Round, DeadlinesFollowTheStages) {
  auto r = admission();
  r.deadlines[Stage::kRecommendation] = "2026-03-01";  // before the applications close
  ASSERT_TRUE(round_problem(r));
  EXPECT_THAT(*round_problem(r),
              HasSubstr("recommendation (省级推荐) stage ends on 2026-03-01, before the "
                        "applications (申报) stage it follows (2026-03-31)"));
  r = admission();
  r.deadlines[Stage::kNotice] = "2026-07-32";
  ASSERT_TRUE(round_problem(r));
  EXPECT_THAT(*round_problem(r), HasSubstr("notice (公示)"));
}

TEST(Round, AReevaluationStartsAtTheReview) {
  Round r = admission();
  r.kind = RoundKind::kReevaluation;
  // The admission round's application deadline is not one of its stages.
  ASSERT_TRUE(round_problem(r));
  EXPECT_THAT(*round_problem(r), HasSubstr("no applications (申报) stage"));
  r.deadlines.erase(Stage::kApplications);
  r.deadlines.erase(Stage::kRecommendation);
  EXPECT_EQ(round_problem(r), std::nullopt);
  EXPECT_EQ(stages_of(r.kind).front(), Stage::kReview);
}

TEST(Round, WeightsYearsNamesAndQuotasAreChecked) {
  auto r = admission();
  r.data_weight = 1.2;
  EXPECT_TRUE(round_problem(r));
  r = admission();
  r.year = 1999;
  EXPECT_TRUE(round_problem(r));
  r = admission();
  r.doc_no.clear();
  EXPECT_TRUE(round_problem(r));
  r = admission();
  r.quotas["420000"] = -1;
  EXPECT_TRUE(round_problem(r));
  r.quotas["420000"] = 0;  // a province with no place this year
  EXPECT_EQ(round_problem(r), std::nullopt);
}

TEST(Round, AnActionOutsideItsStageNamesBothStages) {
  auto r = admission();
  r.stage = Stage::kReview;
  auto p = action_problem(r, RoundAction::kSubmitApplication, "2026-05-01");
  ASSERT_TRUE(p);
  EXPECT_THAT(*p, HasSubstr("is in its review (专家评审) stage"));
  EXPECT_THAT(*p, HasSubstr("only in the applications (申报) or recommendation (省级推荐) stage"));
  EXPECT_EQ(action_problem(r, RoundAction::kSubmitReview, "2026-05-01"), std::nullopt);
  // A re-evaluation's confirmation is refused as itself, not as deciding an admission list.
  r.kind = RoundKind::kReevaluation;
  p = action_problem(r, RoundAction::kConfirmReevaluation, "2026-05-01");
  ASSERT_TRUE(p);
  EXPECT_THAT(*p,
              HasSubstr("one may confirm the re-evaluation only in the decision (评审决定) stage"));
}

TEST(Round, TheDeadlineIsTheStagesLastDay) {
  auto r = admission();
  EXPECT_EQ(action_problem(r, RoundAction::kSubmitApplication, "2026-03-31"), std::nullopt);
  auto p = action_problem(r, RoundAction::kSubmitApplication, "2026-04-01");
  ASSERT_TRUE(p);
  EXPECT_THAT(*p, HasSubstr("ended on 2026-03-31 (today is 2026-04-01)"));
  // In the recommendation stage its own deadline binds a corrected application.
  r.stage = Stage::kRecommendation;
  EXPECT_EQ(action_problem(r, RoundAction::kSubmitApplication, "2026-04-30"), std::nullopt);
  EXPECT_TRUE(action_problem(r, RoundAction::kRecommend, "2026-05-01"));
}

TEST(Round, ObjectionsAreAnsweredAfterTheNoticeEnds) {
  auto r = admission();
  r.stage = Stage::kNotice;
  EXPECT_TRUE(action_problem(r, RoundAction::kObject, "2026-07-11"));
  EXPECT_EQ(action_problem(r, RoundAction::kAnswerObjection, "2026-07-20"), std::nullopt);
}

TEST(Round, StagesMoveForwardUntilClosed) {
  auto r = admission();
  std::vector<Stage> seen;
  while (auto next = next_stage(r)) {
    r.stage = *next;
    seen.push_back(*next);
  }
  EXPECT_EQ(seen, (std::vector<Stage>{Stage::kRecommendation, Stage::kReview, Stage::kDecision,
                                      Stage::kNotice, Stage::kClosed}));
}

TEST(Round, NamesParseInEnglishAndChinese) {
  EXPECT_EQ(parse_stage("公示"), Stage::kNotice);
  EXPECT_EQ(parse_stage("review"), Stage::kReview);
  EXPECT_EQ(parse_stage("reviews"), std::nullopt);
  EXPECT_EQ(parse_kind("复核"), RoundKind::kReevaluation);
}

}  // namespace
}  // namespace atlas::rounds
