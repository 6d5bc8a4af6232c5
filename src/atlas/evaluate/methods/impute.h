// Imputation: filling an indicator's missing values before normalisation, with the methods of
// COINr's Impute() — the column's mean or median, the median of the unit's group, the unit's
// last reported year, a linear trend over its earlier years. Present values never change; a
// value that cannot be estimated stays missing, and each result says how many were filled.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace atlas::evaluate::methods {

struct ImputeResult {
  std::vector<double> values;  // same length as the input
  std::size_t filled = 0;      // missing values that now have one
  std::vector<std::string> warnings;
};

// Missing values become the mean (or median) of the present ones; all missing: unchanged, with a
// warning.
ImputeResult impute_mean(const std::vector<double>& values);
ImputeResult impute_median(const std::vector<double>& values);

// Missing values become the median of the present values in the unit's group (`groups[i]`);
// a group with no present value falls back to the median of the whole column, with a warning
// naming the group.
ImputeResult impute_group_median(const std::vector<double>& values,
                                 const std::vector<std::string>& groups);

// `earlier[i]` holds unit i's values of the years before, most recent first (missing where not
// reported). last_year: the most recent present one. linear: the straight line through the two
// most recent present ones, extended to the current year — a value k1 years back and one k2 > k1
// years back give v1 + (v1 − v2)·k1/(k2 − k1); with only one present it is that one (as
// last_year), with a warning. Negative extrapolations are kept: clamping would hide a trend.
ImputeResult impute_last_year(const std::vector<double>& values,
                              const std::vector<std::vector<double>>& earlier);
ImputeResult impute_linear(const std::vector<double>& values,
                           const std::vector<std::vector<double>>& earlier);

}  // namespace atlas::evaluate::methods
