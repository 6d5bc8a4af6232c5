// The review form: criteria worth points that add up to 100, written as offices type them, and
// a review checked against it.
#include "atlas/rounds/review_form.h"

#include <gtest/gtest.h>

#include <cmath>

#include "atlas/core/error.h"

namespace atlas::rounds {
namespace {

std::string parse_problem(const std::string& text) {
  try {
    parse_review_form(text);
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    return e.what();
  }
  return "";
}

TEST(ReviewForm, WrittenWithEitherWidthsSeparators) {
  auto form = parse_review_form("创新能力：30，产业规模:25、发展潜力:25;组织管理:20");
  ASSERT_EQ(form.size(), 4u);
  EXPECT_EQ(form[0].name, "创新能力");
  EXPECT_EQ(form[0].points, 30);
  EXPECT_EQ(form[3].name, "组织管理");
  EXPECT_EQ(form[3].points, 20);
  EXPECT_EQ(review_form_text(form), "创新能力:30,产业规模:25,发展潜力:25,组织管理:20");
  EXPECT_EQ(parse_review_form("总分:100").size(), 1u);
  EXPECT_EQ(parse_review_form("甲:33.5,乙:66.5")[1].points, 66.5);
}

TEST(ReviewForm, ProblemsSayWhat) {
  EXPECT_EQ(parse_problem("创新能力:30,产业规模:25"),
            "the criteria of a review form add up to 100 points; these add up to 55");
  EXPECT_EQ(parse_problem("创新能力30,产业规模:70"),
            "'创新能力30' is not a criterion: write NAME:POINTS, e.g. 创新能力:30");
  EXPECT_EQ(parse_problem("甲:abc,乙:100"),
            "'甲:abc' is not a criterion: write NAME:POINTS, e.g. 创新能力:30");
  EXPECT_EQ(parse_problem("甲:50,甲:50"), "the review form names criterion '甲' twice");
  EXPECT_EQ(parse_problem("甲:0,乙:100"), "criterion '甲' must be worth more than 0 points");
  EXPECT_EQ(parse_problem(":50,乙:50"), "a criterion of the review form has no name");
  EXPECT_EQ(parse_problem(""), "a review form needs at least one criterion");
}

TEST(ReviewForm, AReviewGivesEachCriterionWithinItsPoints) {
  std::vector<Criterion> form = {{"创新能力", 60}, {"组织管理", 40}};
  EXPECT_FALSE(review_problem(form, {60, 0}));
  EXPECT_EQ(*review_problem(form, {61, 0}),
            "创新能力 is worth 0 to 60 points; the review gives 61");
  EXPECT_EQ(*review_problem(form, {10, -1}),
            "组织管理 is worth 0 to 40 points; the review gives -1");
  EXPECT_TRUE(review_problem(form, {10, NAN}));
  EXPECT_EQ(*review_problem(form, {10}),
            "the review form has 2 criteria (创新能力:60,组织管理:40); the review gives 1 value");
  EXPECT_DOUBLE_EQ(review_total({55, 32.5}), 87.5);
  EXPECT_EQ(default_review_form().size(), 1u);
  EXPECT_EQ(default_review_form()[0].points, 100);
}

TEST(ReviewForm, AnAnchoredScaleIsWrittenInBracketsBestFirst) {
  auto form =
      parse_review_form("创新能力：30（优30/良24/中18/差10），组织管理:70(好=70/一般=35/差=0)");
  ASSERT_EQ(form.size(), 2u);
  ASSERT_EQ(form[0].anchors.size(), 4u);
  EXPECT_EQ(form[0].anchors[1].level, "良");
  EXPECT_EQ(form[0].anchors[1].points, 24);
  EXPECT_EQ(form[1].anchors[1].level, "一般");
  EXPECT_EQ(form[1].anchors[2].points, 0);
  EXPECT_EQ(review_form_text(form),
            "创新能力:30(优30/良24/中18/差10),组织管理:70(好70/一般35/差0)");
  EXPECT_EQ(review_form_text(parse_review_form(review_form_text(form))), review_form_text(form));
  EXPECT_EQ(scale_text(form[0]), "优 30 / 良 24 / 中 18 / 差 10");
  EXPECT_EQ(scale_text(parse_review_form("总分:100")[0]), "");
}

TEST(ReviewForm, AnAnchoredScaleSaysWhatIsWrongWithIt) {
  EXPECT_EQ(parse_problem("甲:30(优30),乙:70"),
            "criterion '甲' has one level; an anchored scale needs two or more");
  EXPECT_EQ(parse_problem("甲:30(优30/良30),乙:70"),
            "the levels of criterion '甲' go from best to worst, each worth less than the one "
            "before and at least 0: 优 30 / 良 30");
  EXPECT_EQ(parse_problem("甲:30(优25/良10),乙:70"),
            "the best level of criterion '甲', 优, is worth 25; it must be worth the criterion's "
            "30 points");
  EXPECT_EQ(parse_problem("甲:30(优30/优10),乙:70"), "criterion '甲' names level '优' twice");
  EXPECT_EQ(parse_problem("甲:30(优)a30/良10),乙:70"),
            "level '优)a' of criterion '甲' holds a bracket, a / or a comma, which the form uses "
            "to write its levels: name it without them");
  EXPECT_EQ(parse_problem("甲:30(优30/良),乙:70"),
            "'良' in '甲:30(优30/良)' is not a level: write LEVEL POINTS, e.g. "
            "创新能力:30(优30/良24/中18/差10)");
  EXPECT_EQ(parse_problem("甲:30优30/良10),乙:70"),
            "'甲:30优30/良10)' closes a bracket it does not open");
}

TEST(ReviewForm, OnAnAnchoredScaleAReviewGivesALevelOrItsPoints) {
  auto form = parse_review_form("创新能力:30(优30/良24/中18/差10),组织管理:70");
  EXPECT_EQ(criterion_points(form[0], " 良 "), 24);
  EXPECT_EQ(criterion_points(form[0], "18"), 18);
  EXPECT_EQ(criterion_points(form[1], "55.5"), 55.5);
  try {
    criterion_points(form[0], "较好");
    ADD_FAILURE() << "a level the scale lacks";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "'较好' is not a level of 创新能力: 优 30 / 良 24 / 中 18 / 差 10");
  }
  EXPECT_THROW(criterion_points(form[1], "优"), Error);  // a continuous criterion has no levels
  EXPECT_FALSE(review_problem(form, {24, 55.5}));
  EXPECT_EQ(*review_problem(form, {25, 55.5}),
            "创新能力 is scored by its levels, 优 30 / 良 24 / 中 18 / 差 10; the review gives 25");
}

}  // namespace
}  // namespace atlas::rounds
