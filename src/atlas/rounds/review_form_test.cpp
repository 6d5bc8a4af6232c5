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

}  // namespace
}  // namespace atlas::rounds
