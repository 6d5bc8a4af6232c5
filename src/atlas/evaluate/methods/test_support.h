// What the methods' tests share: NaN and polarity shorthands, a matrix from rows, and an
// element-wise comparison in which a missing value must meet a missing value.
#pragma once
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods::test_support {

constexpr double NaN = kMissing;
constexpr auto kPos = Polarity::kPositive;
constexpr auto kNeg = Polarity::kNegative;

inline Matrix matrix(const std::vector<std::vector<double>>& rows) {
  Matrix m(rows.size(), rows.empty() ? 0 : rows[0].size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (std::size_t j = 0; j < rows[i].size(); ++j) m(i, j) = rows[i][j];
  }
  return m;
}

inline void expect_values(const std::vector<double>& got, const std::vector<double>& want,
                          double tolerance = 1e-9) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (std::isnan(want[i])) {
      EXPECT_TRUE(std::isnan(got[i])) << "position " << i << " should be missing, got " << got[i];
    } else {
      EXPECT_NEAR(got[i], want[i], tolerance) << "position " << i;
    }
  }
}

}  // namespace atlas::evaluate::methods::test_support
