#include "atlas/evaluate/system_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::evaluate {
namespace {

using ::testing::HasSubstr;

// A mistyped field in a gate used to pass validation and leave the gate undecided for every
// cluster; now every read of an unknown field is placed where it is written, with a suggestion.
TEST(SystemFields, EveryUnknownFieldIsPlacedWithTheClosestKnownName) {
  auto p = parse_system(R"(id: t
name_zh: 测试
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营收}
    - {id: rd, name_zh: 研发, formula: "rd_expenditur / revenue"}
gates:
  - id: chain
    rule: firms >= 30 and hightech_share >= 1/3
)");
  ASSERT_TRUE(p.system);
  auto reads = fields_read(*p.system);
  ASSERT_EQ(reads.size(), 5u);
  EXPECT_EQ(reads[0].field, "revenue");  // the id of an indicator without a formula
  EXPECT_EQ(reads[0].at.line, 7);
  EXPECT_EQ(reads[0].at.column, 12);

  std::vector<std::string> known = {"revenue", "rd_expenditure", "firms", "high_tech_share"};
  auto problems = unknown_fields(*p.system, known);
  ASSERT_EQ(problems.size(), 2u);
  // Line 8: `    - {id: rd, name_zh: 研发, formula: "` is 38 characters (研发 two of them); the
  // field is the first thing in the quoted formula.
  EXPECT_EQ(problems[0].line, 8);
  EXPECT_EQ(problems[0].column, 39);
  EXPECT_THAT(problems[0].message,
              HasSubstr("unknown field 'rd_expenditur' in the formula of 'rd' (did you mean "
                        "'rd_expenditure'?)"));
  // Line 11: `    rule: ` is 10 characters, `firms >= 30 and ` 16 more.
  EXPECT_EQ(problems[1].line, 11);
  EXPECT_EQ(problems[1].column, 27);
  EXPECT_THAT(problems[1].message,
              HasSubstr("unknown field 'hightech_share' in the rule of gate 'chain' (did you "
                        "mean 'high_tech_share'?)"));
}

}  // namespace
}  // namespace atlas::evaluate
