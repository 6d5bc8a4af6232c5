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

}  // namespace
}  // namespace atlas::ingest
