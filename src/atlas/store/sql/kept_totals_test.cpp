#include "atlas/store/sql/kept_totals.h"

#include <gtest/gtest.h>

namespace atlas::store::sql {
namespace {

std::vector<metrics::ClusterYearTotals> one_cluster(std::int64_t id) {
  metrics::ClusterYearTotals t;
  t.cluster_id = id;
  return {t};
}

// Kept totals answer only the same database, year and audit entry — by number and by hash, so a
// database made again at the same path (its entries numbered from 1 again) is never answered
// with the old one's totals.
TEST(KeptTotals, AnswerOnlyTheSameEntryOfTheSameDatabaseAndYear) {
  const std::string path = "/tmp/kept-totals-test.db";
  keep_totals(path, 2022, {5, "9f2c"}, one_cluster(7));
  ASSERT_TRUE(kept_totals(path, 2022, {5, "9f2c"}));
  EXPECT_EQ(kept_totals(path, 2022, {5, "9f2c"})->at(0).cluster_id, 7);
  EXPECT_FALSE(kept_totals(path, 2022, {5, "0b1d"}));  // entry 5 of another chain
  EXPECT_FALSE(kept_totals(path, 2022, {6, "9f2c"}));
  EXPECT_FALSE(kept_totals(path, 2023, {5, "9f2c"}));
  EXPECT_FALSE(kept_totals("/tmp/other.db", 2022, {5, "9f2c"}));
  keep_totals(path, 2022, {6, "77aa"}, one_cluster(8));  // a newer version replaces it
  EXPECT_FALSE(kept_totals(path, 2022, {5, "9f2c"}));
  EXPECT_EQ(kept_totals(path, 2022, {6, "77aa"})->at(0).cluster_id, 8);
}

}  // namespace
}  // namespace atlas::store::sql
