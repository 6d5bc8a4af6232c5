#include "atlas/ingest/row_import.h"

#include <gtest/gtest.h>

namespace atlas::ingest {
namespace {

Problem rows(std::vector<std::pair<std::int64_t, std::int64_t>> ranges, std::int64_t count) {
  Problem p;
  p.rows = std::move(ranges);
  p.count = count;
  return p;
}

TEST(RowRanges, AsAPersonReadsThem) {
  EXPECT_EQ(row_ranges(rows({{5, 5}}, 1)), "5");
  EXPECT_EQ(row_ranges(rows({{5, 34}}, 30)), "5–34");
  EXPECT_EQ(row_ranges(rows({{5, 5}, {7, 7}, {9, 12}}, 6)), "5, 7, 9–12");
}

TEST(RowRanges, ALongListEndsWithTheCount) {
  std::vector<std::pair<std::int64_t, std::int64_t>> every_other;
  for (std::int64_t r = 2; r < 2 + 2 * 12; r += 2) every_other.emplace_back(r, r);
  EXPECT_EQ(row_ranges(rows(every_other, 12)),
            "2, 4, 6, 8, 10, 12, 14, 16, 18, 20, … (12 rows in all)");
  // Ranges stop being kept at kMaxProblemRanges; the count goes on.
  EXPECT_EQ(row_ranges(rows({{2, 3}}, 5000)), "2–3, … (5000 rows in all)");
}

}  // namespace
}  // namespace atlas::ingest
