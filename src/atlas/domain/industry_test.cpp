#include "atlas/domain/industry.h"

#include <gtest/gtest.h>

namespace atlas::domain {
namespace {

TEST(IndustryCode, WellFormedCodes) {
  for (const char* ok : {"A", "T", "38", "383", "3831", "0111"}) {
    EXPECT_FALSE(industry_code_problem(ok)) << ok;
  }
  for (const char* bad : {"", "U", "a", "3", "38311", "38a1", "３８", "C38"}) {
    auto p = industry_code_problem(bad);
    ASSERT_TRUE(p) << bad;
    EXPECT_NE(p->find("GB/T 4754-2017"), std::string::npos);
  }
  EXPECT_EQ(level_of("C"), "section");
  EXPECT_EQ(level_of("38"), "division");
  EXPECT_EQ(level_of("383"), "group");
  EXPECT_EQ(level_of("3831"), "class");
  EXPECT_EQ(ancestors_by_form("3831"), (std::vector<std::string>{"383", "38"}));
  EXPECT_EQ(ancestors_by_form("383"), (std::vector<std::string>{"38"}));
  EXPECT_TRUE(ancestors_by_form("38").empty());
  EXPECT_TRUE(ancestors_by_form("x831").empty());
}

// 3831 电线、电缆制造 is a real class the bundled list lacks: it is taken under division 38.
TEST(IndustryCode, AnUnlistedClassIsAcceptedUnderItsDivision) {
  Industry division{"38", "division", "C", "电气机械和器材制造业", "Electrical machinery", ""};
  auto accepted = accept_unlisted("3831", division);
  ASSERT_TRUE(std::holds_alternative<Industry>(accepted));
  const auto& row = std::get<Industry>(accepted);
  EXPECT_EQ(row.code, "3831");
  EXPECT_EQ(row.level, "class");
  EXPECT_EQ(row.parent, "38");
  EXPECT_EQ(row.source, "accepted");
  EXPECT_TRUE(row.name_zh.empty());
  EXPECT_EQ(accepted_note(row, division)
                .rfind("3831 is not in the bundled industry list; accepted under division 38 "
                       "电气机械和器材制造业",
                       0),
            0u);
  EXPECT_EQ(industry_label("3831", row, division), "3831 (38 电气机械和器材制造业)");
  EXPECT_EQ(industry_label("38", division, std::nullopt), "38 电气机械和器材制造业");
}

TEST(IndustryCode, UnknownDivisionsAndMalformedCodesAreRefused) {
  // 99xx: GB/T 4754-2017 ends at division 97; the store finds no listed ancestor.
  auto no_division = accept_unlisted("9999", std::nullopt);
  ASSERT_TRUE(std::holds_alternative<std::string>(no_division));
  EXPECT_NE(std::get<std::string>(no_division).find("division 99"), std::string::npos);
  // A division or section missing from the list is unknown: the list has all of them.
  EXPECT_TRUE(std::holds_alternative<std::string>(accept_unlisted("98", std::nullopt)));
  EXPECT_TRUE(std::holds_alternative<std::string>(accept_unlisted("38a1", std::nullopt)));
}

}  // namespace
}  // namespace atlas::domain
