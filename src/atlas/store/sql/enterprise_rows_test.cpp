#include "atlas/store/sql/enterprise_rows.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::store::sql {
namespace {

// A staged row as the test expects it back: its code, year, line and two of its values.
using Expected = std::tuple<std::string, int, std::int64_t, std::string, double>;

// Rows large enough (64 KiB of kept cells each) that 1,000 of them fill the 16 MiB buffer four
// times: the staging sorts and writes runs while rows are still added, and merges them.
class StagedRowsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 37 codes, each on several lines and in two years, added out of order.
    for (std::int64_t line = 2; line < 1002; ++line) {
      std::string code = "9144030000000" + std::to_string(10000 + (line * 7) % 37);
      int year = 2024 + static_cast<int>(line % 2);
      domain::Enterprise e;
      domain::EnterpriseYear y;
      e.name = "企业" + std::to_string(line);
      y.credit_code = code;
      y.year = year;
      y.cluster_id = line % 5;
      y.revenue = static_cast<double>(line) * 1.5;
      if (line % 3 == 0) y.profit = -static_cast<double>(line);
      rows_.add(keys_.key(code, year), line, e, y, std::string(64 << 10, 'k'));
      expected_.emplace_back(code, year, line, e.name, *y.revenue);
    }
    std::stable_sort(expected_.begin(), expected_.end(), [](const Expected& a, const Expected& b) {
      return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
    });
  }

  std::vector<Expected> read_sorted() {
    std::vector<Expected> out;
    auto reader = rows_.sorted();
    while (reader->next()) {
      const StagedRow& r = reader->row();
      EXPECT_EQ(r.kept.size(), std::size_t{64 << 10});
      EXPECT_EQ(r.year.profit.has_value(), r.line % 3 == 0) << r.line;
      out.emplace_back(std::string(r.code), r.year.year, r.line, std::string(r.name),
                       r.year.revenue.value_or(-1));
    }
    return out;
  }

  RowKeys keys_;
  StagedRows rows_;
  std::vector<Expected> expected_;  // in (code, year) order, then line order
};

TEST_F(StagedRowsTest, ReadsEveryRowInKeyOrderThenLineOrder) {
  EXPECT_EQ(read_sorted(), expected_);
  EXPECT_EQ(read_sorted(), expected_);  // a second reader sees the same rows
}

TEST_F(StagedRowsTest, ReadsEveryRowOnceUnsorted) {
  std::vector<std::int64_t> lines;
  rows_.read_all([&](const StagedRow& r) { lines.push_back(r.line); });
  std::sort(lines.begin(), lines.end());
  ASSERT_EQ(lines.size(), 1000u);
  for (std::size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(lines[i], std::int64_t(i) + 2);
  EXPECT_EQ(read_sorted(), expected_);  // and sorted after that
}

// A run is written on a second thread; its error must reach the import as the error it is, kind
// and message, not as a lost thread or a different failure. Here the temporary file cannot be
// made: $TMPDIR names a directory that does not exist.
TEST(StagedRowsErrorTest, AnErrorWritingARunReachesTheCallerUnchanged) {
  const char* was = std::getenv("TMPDIR");
  const std::string saved = was ? was : "";
  ::setenv("TMPDIR", "/nonexistent-atlas-tmp", 1);
  RowKeys keys;
  StagedRows rows;
  try {
    for (std::int64_t line = 2; line < 1002; ++line) {
      domain::Enterprise e;
      domain::EnterpriseYear y;
      y.credit_code = "91440300000000" + std::to_string(1000 + line);
      y.year = 2025;
      rows.add(keys.key(y.credit_code, y.year), line, e, y, std::string(64 << 10, 'k'));
    }
    rows.sorted();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kStore);
    EXPECT_STREQ(e.what(), "cannot create the import's temporary file: No such file or directory");
  }
  if (was) {
    ::setenv("TMPDIR", saved.c_str(), 1);
  } else {
    ::unsetenv("TMPDIR");
  }
}

}  // namespace
}  // namespace atlas::store::sql
