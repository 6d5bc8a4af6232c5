#include "atlas/evaluate/methods/weights.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

void check_polarities(const Matrix& m, const std::vector<Polarity>& polarities,
                      std::string_view method) {
  if (polarities.size() != m.cols)
    throw Error(ErrorKind::kBadInput, fmt::format("{} weights: {} polarities for {} columns",
                                                  method, polarities.size(), m.cols));
}

// Normalises d to sum 1; when nothing discriminates (sum 0) every column gets the same weight.
WeightsResult shares_or_equal(const std::vector<double>& d, std::string_view method,
                              std::vector<std::string> warnings) {
  double sum = 0;
  for (double v : d) sum += v;
  WeightsResult r;
  r.warnings = std::move(warnings);
  if (!(sum > 0)) {
    r.warnings.push_back(
        fmt::format("{}: no column discriminates between units; equal weights", method));
    r.weights = equal_weights(d.size()).weights;
    return r;
  }
  for (double v : d) r.weights.push_back(v / sum);
  return r;
}

}  // namespace

WeightsResult equal_weights(std::size_t n) {
  return {std::vector<double>(n, n ? 1.0 / static_cast<double>(n) : 0.0), {}};
}

WeightsResult manual_weights(const std::vector<double>& raw) {
  double sum = 0;
  for (std::size_t j = 0; j < raw.size(); ++j) {
    if (!std::isfinite(raw[j]) || raw[j] < 0)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("weight {} is {}; weights must be numbers ≥ 0", j + 1, raw[j]));
    sum += raw[j];
  }
  if (!(sum > 0)) throw Error(ErrorKind::kBadInput, "the weights sum to 0");
  WeightsResult r;
  for (double v : raw) r.weights.push_back(v / sum);
  return r;
}

WeightsResult entropy_weights(const Matrix& m, const std::vector<Polarity>& polarities) {
  check_polarities(m, polarities, "entropy");
  std::vector<std::string> warnings;
  std::vector<double> d(m.cols, 0.0);
  for (std::size_t j = 0; j < m.cols; ++j) {
    bool cost = polarities[j] == Polarity::kNegative;
    std::vector<double> y;
    for (std::size_t i = 0; i < m.rows; ++i) {
      double v = m(i, j);
      if (missing(v)) continue;
      if (cost ? !(v > 0) : v < 0)
        throw Error(
            ErrorKind::kBadInput,
            fmt::format("entropy weights: unit {} has {} in column {}; entropy needs values "
                        "{} — normalise first",
                        i + 1, v, j + 1, cost ? "> 0 in a cost column (1/x)" : "≥ 0"));
      y.push_back(cost ? 1 / v : v);
    }
    if (y.size() < m.rows)
      warnings.push_back(fmt::format("entropy: column {} leaves out {} units without a value",
                                     j + 1, m.rows - y.size()));
    double sum = 0;
    for (double v : y) sum += v;
    if (y.size() < 2 || !(sum > 0)) {
      warnings.push_back(
          fmt::format("entropy: column {} has {} — it carries no information (weight 0)", j + 1,
                      y.size() < 2 ? "fewer than two values" : "only zeros"));
      continue;  // e_j = 1, d_j = 0
    }
    double h = 0;
    for (double v : y) {
      double p = v / sum;
      if (p > 0) h -= p * std::log(p);  // 0·ln 0 = 0
    }
    double e = h / std::log(static_cast<double>(y.size()));
    d[j] = std::max(0.0, 1 - e);  // rounding can leave e a hair above 1 for a constant column
  }
  return shares_or_equal(d, "entropy", std::move(warnings));
}

WeightsResult critic_weights(const Matrix& m, const std::vector<Polarity>& polarities) {
  check_polarities(m, polarities, "CRITIC");
  std::vector<std::string> warnings;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < m.rows; ++i) {
    bool complete = true;
    for (std::size_t j = 0; j < m.cols; ++j) complete = complete && !missing(m(i, j));
    if (complete) rows.push_back(i);
  }
  if (rows.size() < m.rows)
    warnings.push_back(
        fmt::format("CRITIC: {} units with a missing value are left out", m.rows - rows.size()));
  const std::size_t n = rows.size();
  if (n < 2) {
    warnings.push_back("CRITIC: fewer than two complete units; equal weights");
    return {equal_weights(m.cols).weights, warnings};
  }
  // z: complete units × columns, min-max with polarity, centred for the moments below.
  std::vector<std::vector<double>> dev(m.cols, std::vector<double>(n, 0.0));
  std::vector<double> ss(m.cols, 0.0);
  for (std::size_t j = 0; j < m.cols; ++j) {
    double lo = INFINITY, hi = -INFINITY;
    for (std::size_t i : rows) {
      lo = std::min(lo, m(i, j));
      hi = std::max(hi, m(i, j));
    }
    if (lo == hi) {
      warnings.push_back(fmt::format("CRITIC: column {} is constant (weight 0)", j + 1));
      continue;  // deviations stay 0, so σ_j = 0 and r_jk is taken as 0
    }
    std::vector<double> z(n);
    double mean = 0;
    for (std::size_t k = 0; k < n; ++k) {
      double t = (m(rows[k], j) - lo) / (hi - lo);
      z[k] = polarities[j] == Polarity::kNegative ? 1 - t : t;
      mean += z[k];
    }
    mean /= static_cast<double>(n);
    for (std::size_t k = 0; k < n; ++k) {
      dev[j][k] = z[k] - mean;
      ss[j] += dev[j][k] * dev[j][k];
    }
  }
  std::vector<double> c(m.cols, 0.0);
  for (std::size_t j = 0; j < m.cols; ++j) {
    if (ss[j] == 0) continue;
    double conflict = 0;
    for (std::size_t k = 0; k < m.cols; ++k) {
      if (k == j) continue;
      double r = 0;
      if (ss[k] > 0) {
        double sxy = 0;
        for (std::size_t u = 0; u < n; ++u) sxy += dev[j][u] * dev[k][u];
        r = sxy / std::sqrt(ss[j] * ss[k]);
      }
      conflict += 1 - r;
    }
    c[j] = std::sqrt(ss[j] / static_cast<double>(n - 1)) * conflict;
  }
  return shares_or_equal(c, "CRITIC", std::move(warnings));
}

AhpResult ahp_weights(const std::vector<std::vector<double>>& a, AhpMethod method) {
  static constexpr double kRandomIndex[] = {0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49};
  const std::size_t n = a.size();
  if (n == 0 || n > 10)
    throw Error(ErrorKind::kBadInput,
                fmt::format("an AHP matrix must compare 1 to 10 items; this one has {}", n));
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i].size() != n)
      throw Error(ErrorKind::kBadInput, fmt::format("AHP matrix row {} has {} entries, expected {}",
                                                    i + 1, a[i].size(), n));
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      double v = a[i][j];
      if (!std::isfinite(v) || !(v > 0))
        throw Error(
            ErrorKind::kBadInput,
            fmt::format("AHP matrix entry ({}, {}) is {}; entries must be > 0", i + 1, j + 1, v));
      if (i == j && v != 1)
        throw Error(
            ErrorKind::kBadInput,
            fmt::format("AHP matrix diagonal entry ({}, {}) is {}, not 1", i + 1, j + 1, v));
      if (j > i && std::abs(v * a[j][i] - 1) > 0.01 + 1e-12)
        throw Error(ErrorKind::kBadInput,
                    fmt::format("AHP matrix is not reciprocal: entry ({}, {}) is {} but ({}, {}) "
                                "is {}, not 1/{}",
                                i + 1, j + 1, v, j + 1, i + 1, a[j][i], v));
    }
  }
  AhpResult r;
  std::vector<double> w(n, 1.0 / static_cast<double>(n));
  auto times = [&](const std::vector<double>& x) {
    std::vector<double> y(n, 0.0);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) y[i] += a[i][j] * x[j];
    return y;
  };
  if (method == AhpMethod::kGeometricMean) {
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      double log_sum = 0;
      for (double v : a[i]) log_sum += std::log(v);
      w[i] = std::exp(log_sum / static_cast<double>(n));
      sum += w[i];
    }
    for (double& v : w) v /= sum;
  } else {
    // A positive matrix is primitive, so power iteration converges to the Perron vector
    // (Perron–Frobenius); the ratio of the two largest eigenvalues of a judgement matrix makes
    // that fast, and the iteration cap only guards against pathological input.
    for (int iter = 0; iter < 10000; ++iter) {
      std::vector<double> y = times(w);
      double sum = 0;
      for (double v : y) sum += v;
      double change = 0;
      for (std::size_t i = 0; i < n; ++i) {
        y[i] /= sum;
        change = std::max(change, std::abs(y[i] - w[i]));
      }
      w = std::move(y);
      if (change < 1e-15) break;
    }
  }
  std::vector<double> aw = times(w);
  double lambda = 0;
  for (std::size_t i = 0; i < n; ++i) lambda += aw[i] / w[i];
  r.lambda_max = lambda / static_cast<double>(n);
  r.weights = std::move(w);
  if (n > 2) {
    r.ci = std::max(0.0, (r.lambda_max - static_cast<double>(n)) / static_cast<double>(n - 1));
    r.cr = r.ci / kRandomIndex[n - 1];
  }
  r.inconsistent = r.cr > 0.10;
  if (r.inconsistent)
    r.warnings.push_back(fmt::format(
        "AHP judgements are inconsistent: CR = {:.3f} > 0.10; revise the pairwise matrix", r.cr));
  return r;
}

}  // namespace atlas::evaluate::methods
