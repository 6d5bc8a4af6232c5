#include "atlas/core/date.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace atlas::date
