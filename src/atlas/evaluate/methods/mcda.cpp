#include "atlas/evaluate/methods/mcda.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

// Checks the shared contract and returns the weights scaled to sum 1.
std::vector<double> checked_weights(const Matrix& m, const std::vector<double>& weights,
                                    const std::vector<Polarity>& polarities,
                                    std::string_view method) {
  if (weights.size() != m.cols || polarities.size() != m.cols)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{}: {} weights and {} polarities for {} indicators", method,
                            weights.size(), polarities.size(), m.cols));
  double sum = 0;
  for (std::size_t j = 0; j < weights.size(); ++j) {
    if (!std::isfinite(weights[j]) || weights[j] < 0)
      throw Error(ErrorKind::kBadInput, fmt::format("{}: weight {} is {}; weights must be ≥ 0",
                                                    method, j + 1, weights[j]));
    sum += weights[j];
  }
  if (m.cols > 0 && !(sum > 0))
    throw Error(ErrorKind::kBadInput, fmt::format("{}: the weights sum to 0", method));
  for (std::size_t i = 0; i < m.rows; ++i)
    for (std::size_t j = 0; j < m.cols; ++j)
      if (missing(m(i, j)))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("{} needs complete data: unit {} has no value for indicator {}; "
                                "impute first",
                                method, i + 1, j + 1));
  std::vector<double> w(weights);
  for (double& v : w) v /= sum;
  return w;
}

struct Range {
  double min = INFINITY, max = -INFINITY;
};

Range column_range(const Matrix& m, std::size_t j) {
  Range r;
  for (std::size_t i = 0; i < m.rows; ++i) {
    r.min = std::min(r.min, m(i, j));
    r.max = std::max(r.max, m(i, j));
  }
  return r;
}

}  // namespace

TopsisResult topsis(const Matrix& m, const std::vector<double>& weights,
                    const std::vector<Polarity>& polarities, bool vector_normalise) {
  std::vector<double> w = checked_weights(m, weights, polarities, "TOPSIS");
  TopsisResult r;
  Matrix v(m.rows, m.cols, 0.0);
  std::vector<double> best(m.cols, 0.0), worst(m.cols, 0.0);
  for (std::size_t j = 0; j < m.cols; ++j) {
    double ss = 0;
    for (std::size_t i = 0; i < m.rows; ++i) ss += m(i, j) * m(i, j);
    if (ss == 0) {
      if (m.rows > 0)
        r.warnings.push_back(
            fmt::format("TOPSIS: indicator {} is all zeros (zero norm) and contributes 0", j + 1));
      continue;  // v stays 0, and so do both ideals
    }
    double norm = vector_normalise ? std::sqrt(ss) : 1;
    double hi = -INFINITY, lo = INFINITY;
    for (std::size_t i = 0; i < m.rows; ++i) {
      v(i, j) = w[j] * m(i, j) / norm;
      hi = std::max(hi, v(i, j));
      lo = std::min(lo, v(i, j));
    }
    bool negative = polarities[j] == Polarity::kNegative;
    best[j] = negative ? lo : hi;
    worst[j] = negative ? hi : lo;
  }
  bool tied = false;
  for (std::size_t i = 0; i < m.rows; ++i) {
    double dp = 0, dm = 0;
    for (std::size_t j = 0; j < m.cols; ++j) {
      dp += (v(i, j) - best[j]) * (v(i, j) - best[j]);
      dm += (v(i, j) - worst[j]) * (v(i, j) - worst[j]);
    }
    dp = std::sqrt(dp);
    dm = std::sqrt(dm);
    r.d_plus.push_back(dp);
    r.d_minus.push_back(dm);
    if (dp + dm == 0) {
      tied = true;
      r.closeness.push_back(0.5);
    } else {
      r.closeness.push_back(dm / (dp + dm));
    }
  }
  if (tied)
    r.warnings.push_back(
        "TOPSIS: the ideal and anti-ideal coincide (no indicator separates the units): "
        "closeness 0.5");
  return r;
}

VikorResult vikor(const Matrix& m, const std::vector<double>& weights,
                  const std::vector<Polarity>& polarities, double v) {
  if (!(v >= 0 && v <= 1))
    throw Error(ErrorKind::kBadInput, fmt::format("VIKOR: v must be in [0, 1], got {}", v));
  std::vector<double> w = checked_weights(m, weights, polarities, "VIKOR");
  VikorResult r;
  r.s.assign(m.rows, 0.0);
  r.r.assign(m.rows, 0.0);
  for (std::size_t j = 0; j < m.cols; ++j) {
    Range c = column_range(m, j);
    bool negative = polarities[j] == Polarity::kNegative;
    double best = negative ? c.min : c.max, worst = negative ? c.max : c.min;
    if (best == worst) {
      if (m.rows > 0)
        r.warnings.push_back(
            fmt::format("VIKOR: indicator {} is constant: no unit is behind the best", j + 1));
      continue;
    }
    for (std::size_t i = 0; i < m.rows; ++i) {
      double t = w[j] * (best - m(i, j)) / (best - worst);
      r.s[i] += t;
      r.r[i] = std::max(r.r[i], t);
    }
  }
  if (m.rows == 0) return r;
  auto [s_lo, s_hi] = std::minmax_element(r.s.begin(), r.s.end());
  auto [r_lo, r_hi] = std::minmax_element(r.r.begin(), r.r.end());
  double s_star = *s_lo, s_minus = *s_hi, r_star = *r_lo, r_minus = *r_hi;
  if (s_minus == s_star)
    r.warnings.push_back("VIKOR: every unit has the same group utility S; its term of Q is 0");
  if (r_minus == r_star)
    r.warnings.push_back("VIKOR: every unit has the same individual regret R; its term of Q is 0");
  for (std::size_t i = 0; i < m.rows; ++i) {
    double qs = s_minus == s_star ? 0 : (r.s[i] - s_star) / (s_minus - s_star);
    double qr = r_minus == r_star ? 0 : (r.r[i] - r_star) / (r_minus - r_star);
    r.q.push_back(v * qs + (1 - v) * qr);
  }
  return r;
}

GreyResult grey_relational(const Matrix& m, const std::vector<double>& weights,
                           const std::vector<Polarity>& polarities, double rho) {
  if (!(rho > 0 && rho <= 1))
    throw Error(ErrorKind::kBadInput,
                fmt::format("grey relational analysis: rho must be in (0, 1], got {}", rho));
  std::vector<double> w = checked_weights(m, weights, polarities, "grey relational analysis");
  GreyResult r;
  Matrix delta(m.rows, m.cols, 0.0);
  double dmin = INFINITY, dmax = -INFINITY;
  for (std::size_t j = 0; j < m.cols; ++j) {
    Range c = column_range(m, j);
    bool constant = c.min == c.max;
    if (constant && m.rows > 0)
      r.warnings.push_back(fmt::format(
          "grey relational analysis: indicator {} is constant: every unit attains its best",
          j + 1));
    for (std::size_t i = 0; i < m.rows; ++i) {
      double z = 1;
      if (!constant) {
        double t = (m(i, j) - c.min) / (c.max - c.min);
        z = polarities[j] == Polarity::kNegative ? 1 - t : t;
      }
      delta(i, j) = std::abs(1 - z);
      dmin = std::min(dmin, delta(i, j));
      dmax = std::max(dmax, delta(i, j));
    }
  }
  r.coefficients = Matrix(m.rows, m.cols, 1.0);
  r.grade.assign(m.rows, 0.0);
  for (std::size_t i = 0; i < m.rows; ++i) {
    for (std::size_t j = 0; j < m.cols; ++j) {
      if (dmax > 0) r.coefficients(i, j) = (dmin + rho * dmax) / (delta(i, j) + rho * dmax);
      r.grade[i] += w[j] * r.coefficients(i, j);
    }
  }
  return r;
}

}  // namespace atlas::evaluate::methods
