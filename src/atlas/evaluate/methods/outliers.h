// Outlier treatment before normalisation, as COINr's Treat() does it by default: an indicator
// whose distribution is both skewed and heavy-tailed is winsorised — its most extreme value
// replaced by the next one, on the side of the skew, point by point up to a limit — and when
// that is not enough, the original values are transformed instead (log, or Box-Cox). Missing
// values stay missing and are ignored by the statistics.
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

struct OutlierRule {
  double skew_limit = 2;    // |skewness| at or above this …
  double kurt_limit = 3.5;  // … and kurtosis at or above this: outliers to treat
  int winsorise_max = 5;    // points winsorised at most before transforming instead
};

struct SkewKurtosis {
  // Sample skewness and excess kurtosis as Excel's SKEW and KURT (e1071 type 2, COINr's skew()
  // and kurt()): G1 = √(n(n−1))/(n−2) · g1 with g1 = m3/m2^1.5, and
  // G2 = ((n+1)·g2 + 6)·(n−1)/((n−2)(n−3)) with g2 = m4/m2² − 3, over the present values.
  // Missing with fewer than 3 (skewness) or 4 (kurtosis) present values or a constant column.
  double skewness = kMissing, kurtosis = kMissing;
  bool outlying = false;  // both at or above the rule's limits
};
SkewKurtosis skew_kurtosis(const std::vector<double>& values, const OutlierRule& rule = {});

enum class OutlierTransform { kLog, kBoxCox };

struct OutlierResult {
  std::vector<double> values;
  // "" (nothing needed), "winsorised" or the transform applied: "log" or "boxcox".
  std::string treatment;
  int winsorised = 0;           // points winsorised, when that sufficed
  double lambda = kMissing;     // Box-Cox exponent
  bool still_outlying = false;  // after the treatment (reported, not treated again)
};

// Winsorises `values` while they are outlying, at most rule.winsorise_max points (ties at the
// extreme move together); if they are still outlying, the original values are transformed:
// log — log(x − min + 0.01·(max − min)) (COINr's log_CT); Box-Cox — (y^λ − 1)/λ (log y when
// λ = 0) of y = x − min + 1, with λ the maximum-likelihood estimate in [−5, 5]. Both are
// increasing, so polarity is kept.
OutlierResult treat_outliers(const std::vector<double>& values, OutlierTransform transform,
                             const OutlierRule& rule = {});

// The maximum-likelihood Box-Cox exponent for positive values (scipy.stats.boxcox_normmax with
// method 'mle'): maximises −(n/2)·ln σ²(λ) + (λ − 1)·Σ ln y, σ² the population variance of the
// transformed values; searched in [−5, 5].
double boxcox_lambda(const std::vector<double>& positive);

}  // namespace atlas::evaluate::methods
