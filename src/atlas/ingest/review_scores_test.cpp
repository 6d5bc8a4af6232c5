#include "atlas/ingest/review_scores.h"
#include "atlas/ingest/test_support.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

using ::testing::HasSubstr;

class ReviewScoresTest : public test_support::ScratchFiles {
 protected:
  ReviewScoresTest() : ScratchFiles("atlas_review_scores_") {}
  // The one line the CLI would print for `bytes`, or "" when the file reads.
  std::string problem(const std::string& bytes) {
    try {
      read_review_scores(write("bad.csv", bytes));
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.describe();
    }
    return "";
  }
  // The same for a file of one column per criterion of kForm.
  std::string criteria_problem(const std::string& bytes) {
    try {
      read_criterion_reviews(write("bad.csv", bytes), kForm);
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.describe();
    }
    return "";
  }
  const std::vector<rounds::Criterion> kForm = {
      {"创新能力", 30}, {"产业基础", 25}, {"发展潜力", 25}, {"组织管理", 20}};
};

TEST_F(ReviewScoresTest, EnglishHeadersInAnyOrder) {
  auto s = read_review_scores(write("en.csv",
                                    "score,expert,application\n"
                                    "85,E1,A1\n"
                                    "70.5,E2,A1\n"
                                    "\n"
                                    "90,E1,A2\n"));
  ASSERT_EQ(s.scores.size(), 3u);
  EXPECT_EQ(s.applications, (std::vector<std::string>{"A1", "A1", "A2"}));
  EXPECT_EQ(s.experts, (std::vector<std::string>{"E1", "E2", "E1"}));
  EXPECT_EQ(s.scores, (std::vector<double>{85, 70.5, 90}));
  EXPECT_EQ(s.lines, (std::vector<std::int64_t>{2, 3, 5}));
  EXPECT_EQ(s.score_header, "score");
}

// A sheet saved by Excel on Chinese Windows (GBK) — bytes from Python's gbk codec:
// 评审结果汇总 (a title) / 申报项目,评审专家,评分 / 集群甲,张三,85 / 集群乙,张三,— / 合计,,
TEST_F(ReviewScoresTest, GbkWithATitleABlankScoreAndATotalRow) {
  auto s = read_review_scores(
      write("gbk.csv",
            "\xC6\xC0\xC9\xF3\xBD\xE1\xB9\xFB\xBB\xE3\xD7\xDC\r\n"
            "\xC9\xEA\xB1\xA8\xCF\xEE\xC4\xBF,\xC6\xC0\xC9\xF3\xD7\xA8\xBC\xD2,\xC6\xC0\xB7\xD6\r\n"
            "\xBC\xAF\xC8\xBA\xBC\xD7,\xD5\xC5\xC8\xFD,85\r\n"
            "\xBC\xAF\xC8\xBA\xD2\xD2,\xD5\xC5\xC8\xFD,\xA1\xAA\r\n"
            "\xBA\xCF\xBC\xC6,,\r\n"));
  ASSERT_EQ(s.scores.size(), 2u);
  EXPECT_EQ(s.applications[0], "集群甲");
  EXPECT_EQ(s.experts[1], "张三");
  EXPECT_EQ(s.scores[0], 85);
  EXPECT_TRUE(std::isnan(s.scores[1]));  // —: not scored, never 0
  EXPECT_EQ(s.application_header, "申报项目");
  EXPECT_EQ(s.expert_header, "评审专家");
  EXPECT_EQ(s.lines, (std::vector<std::int64_t>{3, 4}));
  std::string notes;
  for (const auto& n : s.notes) notes += n + "\n";
  EXPECT_THAT(notes, HasSubstr("header found on row 2"));
  EXPECT_THAT(notes, HasSubstr("合计"));
  EXPECT_THAT(notes, HasSubstr("1 row has no score"));
}

TEST_F(ReviewScoresTest, OtherChineseHeaders) {
  auto s = read_review_scores(write("zh.csv", "申请,专家,得分\nA1,王五,60\n"));
  EXPECT_EQ(s.scores, (std::vector<double>{60}));
  s = read_review_scores(write("zh2.csv", "集群,评审专家,评分\nA1,王五,60\n"));
  EXPECT_EQ(s.experts, (std::vector<std::string>{"王五"}));
}

TEST_F(ReviewScoresTest, BadScoresNameTheirRowAndColumn) {
  EXPECT_THAT(problem("application,expert,score\nA1,E1,85\nA1,E2,101\n"),
              HasSubstr("row 3, column score: '101' is not a score: a number from 0 to 100"));
  EXPECT_THAT(problem("application,expert,score\nA1,E1,-1\n"), HasSubstr("row 2, column score"));
  EXPECT_THAT(problem("申报项目,专家,评分\nA1,E1,优秀\n"),
              HasSubstr("row 2, column 评分: '优秀' is not a score"));
}

TEST_F(ReviewScoresTest, ADuplicatePairNamesBothRows) {
  EXPECT_THAT(problem("application,expert,score\nA1,E1,85\nA2,E1,80\nA1,E1,75\n"),
              HasSubstr("row 4, column expert: expert 'E1' scored application 'A1' twice: rows 2 "
                        "and 4"));
}

TEST_F(ReviewScoresTest, MissingColumnsAndCells) {
  EXPECT_THAT(problem("application,expert\nA1,E1\n"), HasSubstr("no score column"));
  EXPECT_THAT(problem("expert,score\nE1,80\n"), HasSubstr("no application column"));
  EXPECT_THAT(problem("application,expert,score\n,E1,80\n"),
              HasSubstr("row 2, column application: the application is empty"));
  EXPECT_THAT(problem("application,expert,score\nA1,,80\n"),
              HasSubstr("row 2, column expert: the expert is empty"));
  EXPECT_THAT(problem("application,expert,score\n"), HasSubstr("no scores"));
}

// One column per criterion: a title, extra columns (序号, 备注) left alone, a total that is the
// sum, a comment, a row not scored and a total row. Sums by hand: 26 + 21 + 20 + 17 = 84;
// 28.5 + 22 + 19 + 15.5 = 85.
TEST_F(ReviewScoresTest, OneColumnPerCriterion) {
  auto s =
      read_criterion_reviews(write("criteria.csv",
                                   "专家评分汇总表\n"
                                   "序号,申报项目,评审专家,创新能力,产业基础,发展潜力,组织管理,"
                                   "总分,评审意见,备注\n"
                                   "1,3,E01,26,21,20,17,84,创新平台齐全,\n"
                                   "2,3,E02,28.5,22,19,15.5,85,,复核\n"
                                   "3,4,E01,—,—,—,—,,,\n"
                                   "合计,,,,,,,,,\n"),
                             kForm);
  ASSERT_EQ(s.points.size(), 3u);
  EXPECT_EQ(s.applications, (std::vector<std::string>{"3", "3", "4"}));
  EXPECT_EQ(s.experts, (std::vector<std::string>{"E01", "E02", "E01"}));
  EXPECT_EQ(s.points[0], (std::vector<double>{26, 21, 20, 17}));
  EXPECT_EQ(s.points[1], (std::vector<double>{28.5, 22, 19, 15.5}));
  ASSERT_EQ(s.points[2].size(), 4u);
  for (double p : s.points[2]) EXPECT_TRUE(std::isnan(p));  // not scored, never 0
  EXPECT_EQ(s.comments, (std::vector<std::string>{"创新平台齐全", "", ""}));
  EXPECT_EQ(s.lines, (std::vector<std::int64_t>{3, 4, 5}));
  EXPECT_EQ(s.criterion_headers,
            (std::vector<std::string>{"创新能力", "产业基础", "发展潜力", "组织管理"}));
  EXPECT_EQ(s.application_header, "申报项目");
  EXPECT_EQ(s.expert_header, "评审专家");
  EXPECT_EQ(s.total_header, "总分");
  EXPECT_EQ(s.comment_header, "评审意见");
  std::string notes;
  for (const auto& n : s.notes) notes += n + "\n";
  EXPECT_THAT(notes, HasSubstr("header found on row 2"));
  EXPECT_THAT(notes, HasSubstr("合计"));
  EXPECT_THAT(notes, HasSubstr("1 row has no score"));
}

// Headers with the criterion's points in brackets, half- or full-width, in any order of columns;
// the total with its points too; no comment column. 17 + 26 + 21 + 20 = 84.
TEST_F(ReviewScoresTest, CriteriaWithTheirPointsInBrackets) {
  auto s = read_criterion_reviews(
      write("brackets.csv",
            "评审专家,申报项目,组织管理（20分）,创新能力(30分),产业基础（25）,发展潜力[满分25分],"
            "总分(100分)\n"
            "E01,3,17,26,21,20,84\n"
            "E02,3,20,30,25,25,100.01\n"),  // within 0.01 of 100
      kForm);
  EXPECT_EQ(s.points, (std::vector<std::vector<double>>{{26, 21, 20, 17}, {30, 25, 25, 20}}));
  EXPECT_EQ(s.criterion_headers,
            (std::vector<std::string>{"创新能力(30分)", "产业基础（25）", "发展潜力[满分25分]",
                                      "组织管理（20分）"}));
  EXPECT_EQ(s.total_header, "总分(100分)");
  EXPECT_EQ(s.comment_header, "");
  EXPECT_EQ(s.comments, (std::vector<std::string>{"", ""}));
}

// GBK bytes from Python's gbk codec: 申报项目,专家,创新能力,产业基础,发展潜力,组织管理,意见 /
// 3,E01,26,21,20,17,好
TEST_F(ReviewScoresTest, CriteriaInGbk) {
  auto s = read_criterion_reviews(
      write("gbk.csv",
            "\xC9\xEA\xB1\xA8\xCF\xEE\xC4\xBF,\xD7\xA8\xBC\xD2,\xB4\xB4\xD0\xC2\xC4\xDC"
            "\xC1\xA6,\xB2\xFA\xD2\xB5\xBB\xF9\xB4\xA1,\xB7\xA2\xD5\xB9\xC7\xB1\xC1\xA6,"
            "\xD7\xE9\xD6\xAF\xB9\xDC\xC0\xED,\xD2\xE2\xBC\xFB\r\n"
            "3,E01,26,21,20,17,\xBA\xC3\r\n"),
      kForm);
  EXPECT_EQ(s.points, (std::vector<std::vector<double>>{{26, 21, 20, 17}}));
  EXPECT_EQ(s.comments, (std::vector<std::string>{"好"}));
  EXPECT_EQ(s.comment_header, "意见");
}

TEST_F(ReviewScoresTest, AMissingCriterionColumnListsTheFormAndTheHeader) {
  EXPECT_THAT(
      criteria_problem("申报项目,专家,创新能力,产业基础,发展潜力,总分\n3,E01,26,21,20,67\n"),
      HasSubstr("bad.csv, row 1, column 组织管理: no column for criterion 组织管理: the "
                "round's form has 创新能力(30), 产业基础(25), 发展潜力(25), 组织管理(20); "
                "the header has 申报项目, 专家, 创新能力, 产业基础, 发展潜力, 总分"));
  // The one-score shape, for a form of several criteria.
  EXPECT_THAT(criteria_problem("application,expert,score\n3,E01,84\n"),
              HasSubstr("row 1, column 创新能力: no column for criterion 创新能力: the round's "
                        "form has 创新能力(30), 产业基础(25), 发展潜力(25), 组织管理(20); the "
                        "header has application, expert, score"));
  EXPECT_THAT(criteria_problem("专家,创新能力,产业基础,发展潜力,组织管理\nE01,26,21,20,17\n"),
              HasSubstr("row 1: no application column"));
}

TEST_F(ReviewScoresTest, CriterionValuesOutsideTheirPoints) {
  const std::string header = "申报项目,专家,创新能力,产业基础,发展潜力,组织管理(20分)\n";
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,17\n3,E02,31,21,20,17\n"),
              HasSubstr("row 3, column 创新能力: '31' is not points for 创新能力: a number from 0 "
                        "to 30"));
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,-1\n"),
              HasSubstr("row 2, column 组织管理(20分): '-1' is not points for 组织管理: a number "
                        "from 0 to 20"));
  EXPECT_THAT(criteria_problem(header + "3,E01,26,良好,20,17\n"),
              HasSubstr("row 2, column 产业基础: '良好' is not points for 产业基础"));
  EXPECT_EQ(criteria_problem(header + "3,E01,30,25,25,20\n"), "");  // each at its most
}

TEST_F(ReviewScoresTest, ABlankCriterionAmongFilledOnes) {
  EXPECT_THAT(criteria_problem("申报项目,专家,创新能力,产业基础,发展潜力,组织管理\n"
                               "3,E01,26,,20,17\n"),
              HasSubstr("row 2, column 产业基础: 产业基础 is blank but 创新能力 has points"));
}

TEST_F(ReviewScoresTest, ATotalThatIsNotTheSum) {
  const std::string header = "申报项目,专家,创新能力,产业基础,发展潜力,组织管理,合计分\n";
  // 26 + 21 + 20 + 17 = 84.
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,17,85\n"),
              HasSubstr("row 2, column 合计分: the total 85 is not the sum of the criteria's "
                        "points, 84"));
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,17,84.02\n"),
              HasSubstr("row 2, column 合计分: the total 84.02 is not the sum"));
  EXPECT_EQ(criteria_problem(header + "3,E01,26,21,20,17,83.99\n"), "");
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,17,八十四\n"),
              HasSubstr("row 2, column 合计分: '八十四' is not a number"));
  EXPECT_THAT(criteria_problem(header + "3,E01,,,,,84\n"),
              HasSubstr("row 2, column 合计分: a total of 84 but no criterion has points"));
  EXPECT_EQ(criteria_problem(header + "3,E01,26,21,20,17,\n"), "");  // no total: nothing to check
}

TEST_F(ReviewScoresTest, AColumnThatLooksLikeACriterionButNamesNone) {
  EXPECT_THAT(criteria_problem("申报项目,专家,创新能力,产业基楚,发展潜力,组织管理\n"
                               "3,E01,26,21,20,17\n"),
              HasSubstr("row 1, column 产业基楚: the column names none of the round's criteria "
                        "(创新能力(30), 产业基础(25), 发展潜力(25), 组织管理(20)) (did you mean "
                        "'产业基础'?)"));
  // Points in brackets make a criterion's column, whatever its name.
  auto p = criteria_problem(
      "申报项目,专家,创新能力,产业基础,发展潜力,组织管理,技术水平(10分)\n3,E01,26,21,20,17,8\n");
  EXPECT_THAT(p, HasSubstr("row 1, column 技术水平(10分): the column names none of the round's "
                           "criteria"));
  EXPECT_THAT(p, ::testing::Not(HasSubstr("did you mean")));
}

TEST_F(ReviewScoresTest, CriterionHeadersThatContradictTheForm) {
  EXPECT_THAT(criteria_problem("申报项目,专家,创新能力(25分),产业基础,发展潜力,组织管理\n"
                               "3,E01,20,21,20,17\n"),
              HasSubstr("row 1, column 创新能力(25分): the header gives 创新能力 25 points; the "
                        "round's form gives it 30"));
  EXPECT_THAT(
      criteria_problem("申报项目,专家,创新能力,产业基础,发展潜力,组织管理,创新能力（30分）\n"
                       "3,E01,26,21,20,17,26\n"),
      HasSubstr("row 1, column 创新能力（30分）: a second column for 创新能力: '创新能力' is "
                "the first"));
}

TEST_F(ReviewScoresTest, CriterionRowsShareTheKeyChecks) {
  const std::string header = "申报项目,专家,创新能力,产业基础,发展潜力,组织管理\n";
  EXPECT_THAT(criteria_problem(header + "3,E01,26,21,20,17\n3,E01,20,20,20,20\n"),
              HasSubstr("row 3, column 专家: expert 'E01' scored application '3' twice: rows 2 "
                        "and 3"));
  EXPECT_THAT(criteria_problem(header + ",E01,26,21,20,17\n"),
              HasSubstr("row 2, column 申报项目: the application is empty"));
  EXPECT_THAT(criteria_problem(header), HasSubstr("no reviews"));
}

}  // namespace
}  // namespace atlas::ingest
