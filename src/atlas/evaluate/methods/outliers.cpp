#include "atlas/evaluate/methods/outliers.h"

#include <algorithm>
#include <cmath>

namespace atlas::evaluate::methods {
namespace {

double boxcox(double y, double lambda) {
  return lambda == 0 ? std::log(y) : (std::pow(y, lambda) - 1) / lambda;
}

double boxcox_log_likelihood(const std::vector<double>& y, double lambda) {
  double mean = 0, log_sum = 0;
  for (double v : y) {
    mean += boxcox(v, lambda);
    log_sum += std::log(v);
  }
  auto n = static_cast<double>(y.size());
  mean /= n;
  double var = 0;
  for (double v : y) {
    double d = boxcox(v, lambda) - mean;
    var += d * d;
  }
  var /= n;
  return -n / 2 * std::log(var) + (lambda - 1) * log_sum;
}

}  // namespace

SkewKurtosis skew_kurtosis(const std::vector<double>& values, const OutlierRule& rule) {
  SkewKurtosis out;
  double n = 0, mean = 0;
  for (double v : values) {
    if (missing(v)) continue;
    ++n;
    mean += v;
  }
  if (n < 3) return out;
  mean /= n;
  double m2 = 0, m3 = 0, m4 = 0;
  for (double v : values) {
    if (missing(v)) continue;
    double d = v - mean;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  if (!(m2 > 0)) return out;
  out.skewness = std::sqrt(n * (n - 1)) / (n - 2) * (m3 / std::pow(m2, 1.5));
  if (n >= 4) {
    double g2 = m4 / (m2 * m2) - 3;
    out.kurtosis = ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
  }
  out.outlying = !missing(out.kurtosis) && std::abs(out.skewness) >= rule.skew_limit &&
                 out.kurtosis >= rule.kurt_limit;
  return out;
}

double boxcox_lambda(const std::vector<double>& positive) {
  // The profile log-likelihood is concave in λ: golden-section search.
  double lo = -5, hi = 5;
  const double g = (std::sqrt(5.0) - 1) / 2;
  double a = hi - g * (hi - lo), b = lo + g * (hi - lo);
  double fa = boxcox_log_likelihood(positive, a), fb = boxcox_log_likelihood(positive, b);
  while (hi - lo > 1e-9) {
    if (fa < fb) {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = boxcox_log_likelihood(positive, b);
    } else {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = boxcox_log_likelihood(positive, a);
    }
  }
  return (lo + hi) / 2;
}

OutlierResult treat_outliers(const std::vector<double>& values, OutlierTransform transform,
                             const OutlierRule& rule) {
  OutlierResult r;
  r.values = values;
  if (!skew_kurtosis(values, rule).outlying) return r;

  // Winsorise on the side of the skew, counting each point moved once.
  std::vector<double> w = values;
  std::vector<bool> moved(values.size(), false);
  int count = 0;
  auto stats = skew_kurtosis(w, rule);
  while (stats.outlying && count < rule.winsorise_max) {
    bool high = stats.skewness >= 0;
    double extreme = kMissing, next = kMissing;
    for (double v : w) {
      if (missing(v)) continue;
      if (missing(extreme) || (high ? v > extreme : v < extreme)) extreme = v;
    }
    for (double v : w) {
      if (missing(v) || v == extreme) continue;
      if (missing(next) || (high ? v > next : v < next)) next = v;
    }
    if (missing(next)) break;  // every value at the extreme: nothing left to move
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (w[i] == extreme) {
        w[i] = next;
        if (!moved[i]) ++count;
        moved[i] = true;
      }
    }
    stats = skew_kurtosis(w, rule);
  }
  if (!stats.outlying) {
    r.values = std::move(w);
    r.treatment = "winsorised";
    r.winsorised = count;
    return r;
  }

  // Still outlying: transform the original values instead.
  double lo = kMissing, hi = kMissing;
  for (double v : values) {
    if (missing(v)) continue;
    lo = missing(lo) ? v : std::min(lo, v);
    hi = missing(hi) ? v : std::max(hi, v);
  }
  if (transform == OutlierTransform::kLog) {
    for (double& v : r.values) {
      if (!missing(v)) v = std::log(v - lo + 0.01 * (hi - lo));
    }
    r.treatment = "log";
  } else {
    std::vector<double> y;
    for (double v : values) {
      if (!missing(v)) y.push_back(v - lo + 1);
    }
    r.lambda = boxcox_lambda(y);
    for (double& v : r.values) {
      if (!missing(v)) v = boxcox(v - lo + 1, r.lambda);
    }
    r.treatment = "boxcox";
  }
  r.still_outlying = skew_kurtosis(r.values, rule).outlying;
  return r;
}

}  // namespace atlas::evaluate::methods
