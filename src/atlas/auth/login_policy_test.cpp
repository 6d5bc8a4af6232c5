#include "atlas/auth/login_policy.h"

#include <gtest/gtest.h>

namespace atlas::auth {
namespace {

TEST(LoginPolicy, TimesMoveAcrossDaysAndLeapYears) {
  EXPECT_EQ(utc_plus("2026-12-04T23:50:00Z", std::chrono::minutes(15)), "2026-12-05T00:05:00Z");
  EXPECT_EQ(utc_plus("2028-02-28T12:00:00Z", std::chrono::hours(24)), "2028-02-29T12:00:00Z");
  EXPECT_EQ(utc_plus("2026-01-01T00:00:00Z", -std::chrono::seconds(1)), "2025-12-31T23:59:59Z");
  EXPECT_FALSE(utc_plus("2026-01-01", std::chrono::seconds(1)));
}

TEST(LoginPolicy, LimitsAsDocumented) {
  EXPECT_FALSE(locks_account(4));
  EXPECT_TRUE(locks_account(5));
  EXPECT_FALSE(address_throttled(19));
  EXPECT_TRUE(address_throttled(20));
  EXPECT_TRUE(session_fresh("2026-12-04T10:00:00Z", "2026-12-04T10:29:59Z"));
  EXPECT_FALSE(session_fresh("2026-12-04T10:00:00Z", "2026-12-04T10:30:00Z"));
}

}  // namespace
}  // namespace atlas::auth
