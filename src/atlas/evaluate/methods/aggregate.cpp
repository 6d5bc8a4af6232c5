#include "atlas/evaluate/methods/aggregate.h"

#include <cmath>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/methods/rank.h"

namespace atlas::evaluate::methods {
namespace {

void check_weights(const Matrix& m, const std::vector<double>& weights) {
  if (weights.size() != m.cols)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} weights for {} columns", weights.size(), m.cols));
  for (std::size_t j = 0; j < weights.size(); ++j)
    if (!std::isfinite(weights[j]) || weights[j] < 0)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("weight {} is {}; weights must be numbers ≥ 0", j + 1, weights[j]));
}

// The power mean of one unit with weights re-normalised over its present values; p = 0 is the
// geometric mean. Returns missing (with a warning) for a negative value when p ≠ 1.
double unit_power_mean(const Matrix& m, const std::vector<double>& w, std::size_t i, double p,
                       std::vector<std::string>& warnings) {
  double wsum = 0;
  bool zero = false;
  for (std::size_t j = 0; j < m.cols; ++j) {
    double v = m(i, j);
    if (missing(v) || w[j] == 0) continue;
    wsum += w[j];
    if (p != 1 && v < 0) {
      warnings.push_back(fmt::format(
          "unit {} has a negative value ({}) in column {}: its {} mean is missing", i + 1, v, j + 1,
          p == 0    ? "geometric"
          : p == -1 ? "harmonic"
                    : "power"));
      return kMissing;
    }
    zero = zero || v == 0;
  }
  if (!(wsum > 0)) return kMissing;
  if (zero && p <= 0) {
    warnings.push_back(fmt::format("unit {} has a 0: its {} mean is 0", i + 1,
                                   p == 0    ? "geometric"
                                   : p == -1 ? "harmonic"
                                             : "power"));
    return 0;
  }
  double acc = 0;
  for (std::size_t j = 0; j < m.cols; ++j) {
    double v = m(i, j);
    if (missing(v) || w[j] == 0) continue;
    double share = w[j] / wsum;
    if (p == 1) {
      acc += share * v;
    } else if (p == 0) {
      acc += share * std::log(v);
    } else {
      acc += share * std::pow(v, p);
    }
  }
  if (p == 1) return acc;
  if (p == 0) return std::exp(acc);
  return std::pow(acc, 1 / p);
}

AggregateResult by_power(const Matrix& m, const std::vector<double>& weights, double p) {
  check_weights(m, weights);
  AggregateResult r;
  r.scores.resize(m.rows);
  for (std::size_t i = 0; i < m.rows; ++i)
    r.scores[i] = unit_power_mean(m, weights, i, p, r.warnings);
  return r;
}

}  // namespace

std::optional<AggregateMethod> aggregate_method_from_name(std::string_view name) {
  if (name == "arithmetic") return AggregateMethod::kArithmetic;
  if (name == "geometric") return AggregateMethod::kGeometric;
  if (name == "harmonic") return AggregateMethod::kHarmonic;
  if (name == "power") return AggregateMethod::kPower;
  if (name == "copeland") return AggregateMethod::kCopeland;
  return std::nullopt;
}

AggregateResult arithmetic_mean(const Matrix& m, const std::vector<double>& weights) {
  return by_power(m, weights, 1);
}
AggregateResult geometric_mean(const Matrix& m, const std::vector<double>& weights) {
  return by_power(m, weights, 0);
}
AggregateResult harmonic_mean(const Matrix& m, const std::vector<double>& weights) {
  return by_power(m, weights, -1);
}
AggregateResult power_mean(const Matrix& m, const std::vector<double>& weights, double p) {
  if (!std::isfinite(p))
    throw Error(ErrorKind::kBadInput, fmt::format("power mean exponent {} is not a number", p));
  return by_power(m, weights, p);
}

AggregateResult copeland(const Matrix& m, const std::vector<double>& weights) {
  check_weights(m, weights);
  AggregateResult r;
  r.scores.assign(m.rows, kMissing);
  // Values of a column closer than its tie tolerance are equal, as scores are in a ranking: a
  // child's score reached by another order of sums (the uncertainty analysis's) moves by a unit
  // in the last place, and that must not turn a tie into a win.
  std::vector<double> tolerance(m.cols);
  for (std::size_t j = 0; j < m.cols; ++j) {
    std::vector<double> column(m.rows);
    for (std::size_t i = 0; i < m.rows; ++i) column[i] = m(i, j);
    tolerance[j] = tie_tolerance(column);
  }
  for (std::size_t i = 0; i < m.rows; ++i) {
    bool any = false;
    for (std::size_t j = 0; j < m.cols; ++j) any = any || !missing(m(i, j));
    if (!any) continue;
    double score = 0;
    for (std::size_t k = 0; k < m.rows; ++k) {
      if (k == i) continue;
      double better = 0, common = 0;
      for (std::size_t j = 0; j < m.cols; ++j) {
        double a = m(i, j), b = m(k, j);
        if (missing(a) || missing(b)) continue;
        common += weights[j];
        bool tied = std::fabs(a - b) <= tolerance[j];
        better += tied ? weights[j] / 2 : a > b ? weights[j] : 0;
      }
      if (!(common > 0)) continue;
      double share = better / common;
      // Shares are compared at ½ exactly; equal weights summing to ½ must be a tie, not a win
      // by rounding, hence the tolerance.
      if (share > 0.5 + 1e-12) score += 1;
      if (share < 0.5 - 1e-12) score -= 1;
    }
    r.scores[i] = score;
  }
  return r;
}

AggregateResult aggregate(const Matrix& m, const std::vector<double>& weights,
                          AggregateMethod method, double p) {
  switch (method) {
    case AggregateMethod::kArithmetic: return arithmetic_mean(m, weights);
    case AggregateMethod::kGeometric: return geometric_mean(m, weights);
    case AggregateMethod::kHarmonic: return harmonic_mean(m, weights);
    case AggregateMethod::kPower: return power_mean(m, weights, p);
    case AggregateMethod::kCopeland: return copeland(m, weights);
  }
  throw Error(ErrorKind::kInternal, "unknown aggregation method");
}

}  // namespace atlas::evaluate::methods
