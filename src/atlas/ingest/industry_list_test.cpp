#include "atlas/ingest/industry_list.h"
#include "atlas/ingest/test_support.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::ingest {
namespace {

using ::testing::HasSubstr;

class IndustryListTest : public test_support::ScratchFiles {
 protected:
  IndustryListTest() : ScratchFiles("atlas_industry_list_") {}
  // The message of the error reading `bytes` gives, or "" when it reads.
  std::string problem(const std::string& bytes) {
    try {
      read_industry_list(write("bad.csv", bytes));
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      return e.describe();
    }
    return "";
  }
};

// The standard's table as offices keep it, saved by Excel on Chinese Windows (GBK):
// 代码,类别名称 / C,制造业 / 38,电气机械和器材制造业 / 383,电线、电缆、光缆及电工器材制造 /
// 3831,电线、电缆制造 — bytes from Python's gbk codec.
TEST_F(IndustryListTest, TheOfficialTableInGbk) {
  auto list = read_industry_list(write(
      "gbk.csv",
      "\xB4\xFA\xC2\xEB,\xC0\xE0\xB1\xF0\xC3\xFB\xB3\xC6\r\n"
      "C,\xD6\xC6\xD4\xEC\xD2\xB5\r\n"
      "38,\xB5\xE7\xC6\xF8\xBB\xFA\xD0\xB5\xBA\xCD\xC6\xF7\xB2\xC4\xD6\xC6\xD4\xEC\xD2\xB5\r\n"
      "383,\xB5\xE7\xCF\xDF\xA1\xA2\xB5\xE7\xC0\xC2\xA1\xA2\xB9\xE2\xC0\xC2\xBC\xB0\xB5\xE7\xB9"
      "\xA4\xC6\xF7\xB2\xC4\xD6\xC6\xD4\xEC\r\n"
      "3831,\xB5\xE7\xCF\xDF\xA1\xA2\xB5\xE7\xC0\xC2\xD6\xC6\xD4\xEC\r\n"));
  ASSERT_EQ(list.rows.size(), 4u);
  EXPECT_EQ(list.rows[0].level, "section");
  EXPECT_EQ(list.rows[0].parent, "");
  EXPECT_EQ(list.rows[1].name_zh, "电气机械和器材制造业");
  EXPECT_EQ(list.rows[1].parent, "C");  // the section row above it
  EXPECT_EQ(list.rows[2].parent, "38");
  EXPECT_EQ(list.rows[3].code, "3831");
  EXPECT_EQ(list.rows[3].level, "class");
  EXPECT_EQ(list.rows[3].parent, "383");
  EXPECT_EQ(list.rows[3].name_zh, "电线、电缆制造");
  EXPECT_EQ(list.rows[3].source, "imported");
  EXPECT_EQ(list.lines, (std::vector<std::int64_t>{2, 3, 4, 5}));
}

TEST_F(IndustryListTest, ADivisionWithoutItsSectionIsLeftToTheStore) {
  auto list =
      read_industry_list(write("plain.csv", "code,name\n39,计算机、通信和其他电子设备制造业\n"));
  ASSERT_EQ(list.rows.size(), 1u);
  EXPECT_EQ(list.rows[0].parent, "");
}

TEST_F(IndustryListTest, ProblemsNameTheRowAndColumn) {
  EXPECT_THAT(problem("code,name\n38,电气机械\n38a1,x\n"),
              HasSubstr("row 3, column code: '38a1' is not a GB/T 4754-2017 code"));
  EXPECT_THAT(problem("代码,名称\n38,电气机械\n38,电气机械\n"),
              HasSubstr("row 3, column 代码: 38 is listed twice (first on row 2)"));
  EXPECT_THAT(problem("code,name\n3831,\n"), HasSubstr("row 2, column name: the name is empty"));
  EXPECT_THAT(problem("code,name,level\n3831,电线、电缆制造,大类\n"),
              HasSubstr("row 2, column level: '大类' contradicts the code 3831, which is a class"));
  EXPECT_THAT(
      problem("code,name,parent\n3831,电线、电缆制造,382\n"),
      HasSubstr("row 2, column parent: '382' contradicts the code 3831: its parent is 383"));
  EXPECT_THAT(problem("code,name\nx,1\ny,2\n3831,\n"), HasSubstr("(and 2 more problems)"));
  EXPECT_THAT(problem("代码,说明\n38,x\n"), HasSubstr("row 1: no name column"));
  EXPECT_THAT(problem("code,name\n"), HasSubstr("lists no industries"));
  EXPECT_THAT(problem(""), HasSubstr("the file is empty"));
}

}  // namespace
}  // namespace atlas::ingest
