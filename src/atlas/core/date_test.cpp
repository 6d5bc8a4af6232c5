#include "atlas/core/date.h"

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::date {
namespace {

TEST(Date, AcceptsRealDatesOnly) {
  EXPECT_TRUE(is_valid("2013-06-24"));
  EXPECT_TRUE(is_valid("2020-02-29"));   // leap year
  EXPECT_FALSE(is_valid("2021-02-29"));  // not a leap year
  EXPECT_FALSE(is_valid("1900-02-29"));  // century, not leap
  EXPECT_TRUE(is_valid("2000-02-29"));   // divisible by 400
  EXPECT_FALSE(is_valid("2013-13-01"));
  EXPECT_FALSE(is_valid("2013-6-24"));
  EXPECT_FALSE(is_valid("2013/06/24"));
  EXPECT_EQ(year_of("2013-06-24"), 2013);
}

TEST(Date, ProblemSaysTheFormExpected) {
  EXPECT_FALSE(problem("2024-02-29"));
  for (const char* bad : {"2024-13-45", "2024/05/01", "tomorrow", "2024-5-1", ""}) {
    auto p = problem(bad);
    ASSERT_TRUE(p) << bad;
    EXPECT_NE(p->find(std::string("'") + bad + "'"), std::string::npos) << *p;
    EXPECT_NE(p->find("YYYY-MM-DD"), std::string::npos) << *p;
  }
}

TEST(Date, AddsCalendarDaysAcrossMonthsYearsAndLeapDays) {
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2024-02-28", 2), "2024-03-01");
  EXPECT_EQ(add_days("2023-02-28", 1), "2023-03-01");
  EXPECT_EQ(add_days("2025-12-25", 10), "2026-01-04");
  EXPECT_EQ(add_days("2026-01-04", -10), "2025-12-25");
  EXPECT_EQ(add_days("2026-03-15", 110), "2026-07-03");  // 16 + 30 + 31 + 30 + 3
  EXPECT_EQ(add_days("2026-03-15", 0), "2026-03-15");
  EXPECT_THROW(add_days("2026-02-30", 1), Error);
}

}  // namespace
}  // namespace atlas::date
