#include "atlas/evaluate/methods/pca.h"

#include <cmath>

#include <fmt/format.h>
#include <Eigen/Dense>

namespace atlas::evaluate::methods {

PcaResult principal_components(const Matrix& m) {
  PcaResult r;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < m.rows; ++i) {
    bool complete = true;
    for (std::size_t j = 0; j < m.cols; ++j) complete = complete && !missing(m(i, j));
    if (complete) rows.push_back(i);
  }
  r.complete_units = rows.size();
  if (rows.size() < m.rows) {
    r.warnings.push_back(
        fmt::format("PCA: {} units with a missing value are left out", m.rows - rows.size()));
  }
  // Standardised columns of the complete units; constant columns are set aside.
  const auto n = static_cast<Eigen::Index>(rows.size());
  std::vector<std::size_t> varying;
  Eigen::MatrixXd z(n, static_cast<Eigen::Index>(m.cols));
  for (std::size_t j = 0; j < m.cols; ++j) {
    double mean = 0, ss = 0;
    for (std::size_t i : rows) mean += m(i, j);
    mean /= static_cast<double>(std::max<std::size_t>(rows.size(), 1));
    for (std::size_t i : rows) ss += (m(i, j) - mean) * (m(i, j) - mean);
    if (!(ss > 0)) continue;
    auto col = static_cast<Eigen::Index>(varying.size());
    for (Eigen::Index k = 0; k < n; ++k) {
      z(k, col) = (m(rows[static_cast<std::size_t>(k)], j) - mean) / std::sqrt(ss);
    }
    varying.push_back(j);
  }
  r.weights.assign(m.cols, 0.0);
  if (rows.size() < 3 || varying.size() < 2) {
    r.warnings.push_back(
        "PCA: fewer than three complete units or two varying columns; equal weights");
    if (varying.empty()) {
      for (std::size_t j = 0; j < m.cols; ++j) varying.push_back(j);
    }
    for (std::size_t j : varying) r.weights[j] = 1.0 / static_cast<double>(varying.size());
    return r;
  }
  if (varying.size() < m.cols) {
    r.warnings.push_back(
        fmt::format("PCA: {} constant columns get weight 0", m.cols - varying.size()));
  }
  auto k = static_cast<Eigen::Index>(varying.size());
  Eigen::MatrixXd zv = z.leftCols(k);
  Eigen::MatrixXd corr = zv.transpose() * zv;  // unit-length columns: the correlation matrix
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(corr);
  const auto& values = eigen.eigenvalues();  // ascending
  double total = values.sum();
  for (Eigen::Index c = k; c-- > 0;)
    r.variance_explained.push_back(std::max(values(c), 0.0) / total);
  Eigen::VectorXd first = eigen.eigenvectors().col(k - 1);
  for (Eigen::Index c = 0; c < k; ++c) {
    r.weights[varying[static_cast<std::size_t>(c)]] = first(c) * first(c);
  }
  return r;
}

}  // namespace atlas::evaluate::methods
