#include "atlas/store/postgres/placeholders.h"

#include <gtest/gtest.h>

#include "atlas/store/sql/connection.h"

namespace atlas::store::postgres {
namespace {

TEST(PgPlaceholders, BareMarksCountOnFromTheHighestSoFar) {
  const auto p = rewrite_placeholders("SELECT ?, ?2, ?, ?1, ?");
  EXPECT_EQ(p.sql, "SELECT $1, $2, $3, $1, $4");
  EXPECT_EQ(p.count, 4);
}

TEST(PgPlaceholders, ABareMarkAfterAHighNumberFollowsIt) {
  const auto p = rewrite_placeholders("x = ?3 AND y = ?");
  EXPECT_EQ(p.sql, "x = $3 AND y = $4");
  EXPECT_EQ(p.count, 4);
  EXPECT_EQ(p.used, (std::vector<bool>{false, false, true, true}));
}

TEST(PgPlaceholders, QuotesAndCommentsAreLeftAlone) {
  EXPECT_EQ(rewrite_placeholders("SELECT '?', 'it''s ?', ?").sql, "SELECT '?', 'it''s ?', $1");
  EXPECT_EQ(rewrite_placeholders(R"(SELECT "a?""b", ?)").sql, R"(SELECT "a?""b", $1)");
  EXPECT_EQ(rewrite_placeholders("SELECT E'\\'?', ?").sql, "SELECT E'\\'?', $1");
  EXPECT_EQ(rewrite_placeholders("SELECT ? -- why?\n, ?").sql, "SELECT $1 -- why?\n, $2");
  EXPECT_EQ(rewrite_placeholders("SELECT /* a /* ? */ ? */ ?").sql, "SELECT /* a /* ? */ ? */ $1");
  EXPECT_EQ(rewrite_placeholders("SELECT $f$ ? $f$, $$?$$, ?").sql, "SELECT $f$ ? $f$, $$?$$, $1");
  // A backslash ends nothing in a standard string: the quote after it closes the string.
  EXPECT_EQ(rewrite_placeholders("SELECT 'a\\', ?").sql, "SELECT 'a\\', $1");
}

TEST(PgPlaceholders, NoPlaceholdersNoParameters) {
  const auto p = rewrite_placeholders("SELECT 1");
  EXPECT_EQ(p.sql, "SELECT 1");
  EXPECT_EQ(p.count, 0);
}

TEST(PgPlaceholders, NumbersOutOfRangeAreRefused) {
  EXPECT_THROW(rewrite_placeholders("SELECT ?0"), sql::Exception);
  EXPECT_THROW(rewrite_placeholders("SELECT ?65536"), sql::Exception);
  EXPECT_THROW(rewrite_placeholders("SELECT ?99999999999999999999"), sql::Exception);
  EXPECT_EQ(rewrite_placeholders("SELECT ?65535").count, 65535);
}

}  // namespace
}  // namespace atlas::store::postgres
