#include "atlas/core/units.h"

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::units {
namespace {

TEST(Units, ParsesAmountsWithChineseUnits) {
  EXPECT_DOUBLE_EQ(parse_amount("300亿"), 3e10);
  EXPECT_DOUBLE_EQ(parse_amount("2547.94亿元"), 254794000000.0);
  EXPECT_DOUBLE_EQ(parse_amount("3500万元"), 3.5e7);
  EXPECT_DOUBLE_EQ(parse_amount("3500万"), 3.5e7);
  EXPECT_DOUBLE_EQ(parse_amount("120千元"), 120000);
  EXPECT_DOUBLE_EQ(parse_amount("1,234,567"), 1234567);
  EXPECT_DOUBLE_EQ(parse_amount(" 1.5e9 "), 1.5e9);
  EXPECT_DOUBLE_EQ(parse_amount("88元"), 88);
  EXPECT_DOUBLE_EQ(parse_amount("-20万"), -2e5);  // losses are amounts too
}

TEST(Units, RejectsWhatIsNotAnAmount) {
  EXPECT_THROW(parse_amount("三百亿"), Error);
  EXPECT_THROW(parse_amount("亿"), Error);
  EXPECT_THROW(parse_amount(""), Error);
  EXPECT_THROW(parse_amount("12abc"), Error);
  EXPECT_THROW(parse_amount("1e999"), Error);
}

}  // namespace
}  // namespace atlas::units
