#include "atlas/evaluate/methods/impute.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {
namespace {

std::vector<double> present(const std::vector<double>& values) {
  std::vector<double> out;
  for (double v : values) {
    if (!missing(v)) out.push_back(v);
  }
  return out;
}

double median(std::vector<double> v) {
  if (v.empty()) return kMissing;
  auto mid = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2);
  std::nth_element(v.begin(), mid, v.end());
  double upper = *mid;
  if (v.size() % 2 == 1) return upper;
  double lower = *std::max_element(v.begin(), mid);
  return (lower + upper) / 2;
}

// Every missing value becomes `fill`, when it is a number.
ImputeResult fill_with(const std::vector<double>& values, double fill, const char* what) {
  ImputeResult r{values, 0, {}};
  if (missing(fill)) {
    if (std::any_of(values.begin(), values.end(), [](double v) { return missing(v); })) {
      r.warnings.push_back(fmt::format("no value present: no {} to impute with", what));
    }
    return r;
  }
  for (double& v : r.values) {
    if (missing(v)) {
      v = fill;
      ++r.filled;
    }
  }
  return r;
}

// Fills unit i's missing value with `estimate(earlier[i])` where that is a number.
template <typename Estimate>
ImputeResult fill_from_history(const std::vector<double>& values,
                               const std::vector<std::vector<double>>& earlier, Estimate estimate) {
  ImputeResult r{values, 0, {}};
  std::size_t none = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!missing(values[i])) continue;
    double e = i < earlier.size() ? estimate(earlier[i]) : kMissing;
    if (missing(e)) {
      ++none;
    } else {
      r.values[i] = e;
      ++r.filled;
    }
  }
  if (none > 0) {
    r.warnings.push_back(fmt::format("{} missing value{} left missing: no earlier year reported",
                                     none, none == 1 ? "" : "s"));
  }
  return r;
}

}  // namespace

ImputeResult impute_mean(const std::vector<double>& values) {
  auto p = present(values);
  double mean = kMissing;
  if (!p.empty()) {
    mean = 0;
    for (double v : p) mean += v;
    mean /= static_cast<double>(p.size());
  }
  return fill_with(values, mean, "mean");
}

ImputeResult impute_median(const std::vector<double>& values) {
  return fill_with(values, median(present(values)), "median");
}

ImputeResult impute_group_median(const std::vector<double>& values,
                                 const std::vector<std::string>& groups) {
  std::map<std::string, std::vector<double>> by_group;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!missing(values[i])) by_group[groups.at(i)].push_back(values[i]);
  }
  double overall = median(present(values));
  ImputeResult r{values, 0, {}};
  std::map<std::string, double> medians;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!missing(values[i])) continue;
    const auto& g = groups.at(i);
    auto m = medians.find(g);
    if (m == medians.end()) {
      auto it = by_group.find(g);
      double value = it != by_group.end() ? median(it->second) : overall;
      if (it == by_group.end()) {
        r.warnings.push_back(
            fmt::format("group '{}' has no value: imputed with the median of all units", g));
      }
      m = medians.emplace(g, value).first;
    }
    if (!missing(m->second)) {
      r.values[i] = m->second;
      ++r.filled;
    }
  }
  if (missing(overall) && !values.empty())
    r.warnings.push_back("no value present: nothing imputed");
  return r;
}

ImputeResult impute_last_year(const std::vector<double>& values,
                              const std::vector<std::vector<double>>& earlier) {
  return fill_from_history(values, earlier, [](const std::vector<double>& years) {
    for (double v : years) {
      if (!missing(v)) return v;
    }
    return kMissing;
  });
}

ImputeResult impute_linear(const std::vector<double>& values,
                           const std::vector<std::vector<double>>& earlier) {
  std::size_t single = 0;
  auto r = fill_from_history(values, earlier, [&](const std::vector<double>& years) {
    int k1 = 0;  // years back of the most recent present value; 0 = none yet
    for (std::size_t k = 0; k < years.size(); ++k) {
      if (missing(years[k])) continue;
      int back = static_cast<int>(k) + 1;
      if (k1 == 0) {
        k1 = back;
        continue;
      }
      double v1 = years[static_cast<std::size_t>(k1 - 1)], v2 = years[k];
      return v1 + (v1 - v2) * k1 / (back - k1);
    }
    if (k1 == 0) return kMissing;
    ++single;
    return years[static_cast<std::size_t>(k1 - 1)];
  });
  if (single > 0) {
    r.warnings.push_back(fmt::format(
        "{} unit{} with one earlier year only: its value carried forward instead of a trend",
        single, single == 1 ? "" : "s"));
  }
  return r;
}

}  // namespace atlas::evaluate::methods
