#include "atlas/ingest/assignment_tables.h"
#include "atlas/ingest/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AssignmentTablesTest : public test_support::ScratchFiles {
 protected:
  AssignmentTablesTest() : ScratchFiles("atlas_assign_") {}
  template <typename Read>
  std::string message(Read read, const std::string& name, const std::string& bytes) {
    try {
      read(write(name, bytes));
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.describe();
    }
    return "no error";
  }
};

TEST_F(AssignmentTablesTest, AffinitiesWithEnglishHeadersAndBlankRows) {
  auto t =
      read_affinities(write("a.csv", "application,expert,affinity\nA1, E1 ,0.5\n,,\nA1,E2,1\n"));
  EXPECT_THAT(t.applications, ElementsAre("A1"));
  EXPECT_THAT(t.experts, ElementsAre("E1", "E2"));
  EXPECT_THAT(t.application, ElementsAre(0, 0));
  EXPECT_THAT(t.expert, ElementsAre(0, 1));
  EXPECT_THAT(t.affinities, ElementsAre(0.5, 1.0));
  EXPECT_THAT(t.lines, ElementsAre(2, 4));
}

TEST_F(AssignmentTablesTest, GbkFileWithChineseHeaders) {
  // "申报,专家,匹配度\n甲,张三,0.5\n" in GBK.
  auto t = read_affinities(write("gbk.csv",
                                 "\xC9\xEA\xB1\xA8,\xD7\xA8\xBC\xD2,\xC6\xA5\xC5\xE4\xB6\xC8\n"
                                 "\xBC\xD7,\xD5\xC5\xC8\xFD,0.5\n"));
  EXPECT_THAT(t.applications, ElementsAre("甲"));
  EXPECT_THAT(t.experts, ElementsAre("张三"));
  EXPECT_EQ(t.value_header, "匹配度");
}

TEST_F(AssignmentTablesTest, ConflictsAndFixedPairs) {
  auto c = read_conflicts(write("c.tsv", "申请编号\t评审专家\nA1\tE1\n"));
  EXPECT_THAT(c.experts, ElementsAre("E1"));
  auto f =
      read_overrides(write("f.csv", "application,expert,理由\nA1,E1,主审专家\n"), "fixed-pair");
  EXPECT_THAT(f.reasons, ElementsAre("主审专家"));
}

TEST_F(AssignmentTablesTest, ProblemsNameFileRowAndColumn) {
  EXPECT_THAT(
      message(read_affinities, "text.csv", "application,expert,affinity\nA,E,0.1\nA,F,high\n"),
      HasSubstr("text.csv, row 3, column affinity: 'high' is not an affinity: a number"));
  EXPECT_THAT(message(read_affinities, "dup.csv", "application,expert,affinity\nA,E,1\nA,E,2\n"),
              HasSubstr("row 3, column expert: the pair A – E is listed twice"));
  EXPECT_THAT(message(read_affinities, "noaff.csv", "application,expert\nA,E\n"),
              HasSubstr("has no affinity (匹配度 or affinity) column"));
  EXPECT_THAT(message(read_conflicts, "noexp.csv", "申报,x\nA,E\n"),
              HasSubstr("has no expert (专家 or expert) column"));
  auto read_fixed = [](const std::string& path) { return read_overrides(path, "fixed-pair"); };
  EXPECT_THAT(message(read_fixed, "noreason.csv", "application,expert,reason\nA,E,\n"),
              HasSubstr("row 2, column reason: a manual override needs its reason"));
  EXPECT_THAT(message(read_conflicts, "empty.csv", "application,expert\n,E\n"),
              HasSubstr("row 2, column application: the application is empty"));
}

}  // namespace
}  // namespace atlas::ingest
