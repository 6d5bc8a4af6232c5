// The data the evaluation methods work on: units (clusters, countries) × indicators, row-major,
// a missing value as NaN. Methods never turn a missing value into 0; each says what it does with
// one.
#pragma once
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace atlas::evaluate {

inline constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

inline bool missing(double v) {
  return std::isnan(v);
}

// Whether more of an indicator is better (revenue) or worse (energy use per unit of output).
enum class Polarity { kPositive, kNegative };

struct Matrix {
  std::size_t rows = 0, cols = 0;
  std::vector<double> data;  // rows × cols, row-major

  Matrix() = default;
  Matrix(std::size_t r, std::size_t c, double fill = kMissing)
      : rows(r), cols(c), data(r * c, fill) {}

  double& operator()(std::size_t i, std::size_t j) { return data[i * cols + j]; }
  double operator()(std::size_t i, std::size_t j) const { return data[i * cols + j]; }

  std::vector<double> column(std::size_t j) const {
    std::vector<double> out(rows);
    for (std::size_t i = 0; i < rows; ++i) out[i] = (*this)(i, j);
    return out;
  }
  void set_column(std::size_t j, const std::vector<double>& v) {
    for (std::size_t i = 0; i < rows; ++i) (*this)(i, j) = v[i];
  }
};

}  // namespace atlas::evaluate
