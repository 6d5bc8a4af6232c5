#include "atlas/evaluate/methods/normalise.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::evaluate::methods {
namespace {

struct Stats {
  std::size_t n = 0;
  double min = INFINITY, max = -INFINITY, sum = 0;
};

Stats stats_of(const std::vector<double>& x) {
  Stats s;
  for (double v : x) {
    if (missing(v)) continue;
    ++s.n;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
    s.sum += v;
  }
  return s;
}

// Applies `f` to every present value; missing stays missing.
template <typename F>
std::vector<double> map_present(const std::vector<double>& x, F f) {
  std::vector<double> out(x.size(), kMissing);
  for (std::size_t i = 0; i < x.size(); ++i)
    if (!missing(x[i])) out[i] = f(x[i]);
  return out;
}

// Ascending ranks with ties at the lowest rank (R's ties.method = "min"); NaN for missing.
// Quadratic, which is fine for the hundreds of units an evaluation has and keeps ties exact.
std::vector<double> ranks_min(const std::vector<double>& x, bool negative) {
  // 1 + the number of present values strictly worse, found by binary search in the sorted
  // values: O(n log n), not a count over all pairs.
  std::vector<double> sorted;
  for (double u : x) {
    if (!missing(u)) sorted.push_back(u);
  }
  std::sort(sorted.begin(), sorted.end());
  return map_present(x, [&](double v) {
    auto below = negative ? sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), v)
                          : std::lower_bound(sorted.begin(), sorted.end(), v) - sorted.begin();
    return static_cast<double>(below) + 1;
  });
}

std::vector<double> min_max(const std::vector<double>& x, bool negative, double lo, double hi,
                            const Stats& s, std::vector<std::string>& warnings) {
  if (s.max == s.min) {
    warnings.push_back(fmt::format("constant column ({}): every value gets the midpoint {}", s.max,
                                   (lo + hi) / 2));
    return map_present(x, [&](double) { return (lo + hi) / 2; });
  }
  return map_present(x, [&](double v) {
    double t = (v - s.min) / (s.max - s.min);
    return (negative ? 1 - t : t) * (hi - lo) + lo;
  });
}

std::vector<double> z_score(const std::vector<double>& x, bool negative, double m, double sd,
                            const Stats& s, std::vector<std::string>& warnings) {
  double mean = s.sum / static_cast<double>(s.n);
  double ss = 0;
  for (double v : x)
    if (!missing(v)) ss += (v - mean) * (v - mean);
  double sample_sd = s.n > 1 ? std::sqrt(ss / static_cast<double>(s.n - 1)) : 0;
  if (sample_sd == 0) {
    warnings.push_back(fmt::format("standard deviation is 0: every value gets the mean {}", m));
    return map_present(x, [&](double) { return m; });
  }
  return map_present(x, [&](double v) {
    double z = (v - mean) / sample_sd;
    return (negative ? -z : z) * sd + m;
  });
}

std::vector<double> goalposts(const std::vector<double>& x, bool negative,
                              const NormaliseParams& p) {
  if (!p.goal_lo || !p.goal_hi)
    throw Error(ErrorKind::kBadInput, "goalposts normalisation needs both goalposts [low, high]");
  double l = *p.goal_lo, u = *p.goal_hi;
  if (!(l < u))
    throw Error(ErrorKind::kBadInput,
                fmt::format("goalposts must have low < high, got [{}, {}]", l, u));
  return map_present(x, [&](double v) {
    double t = negative ? (u - v) / (u - l) : (v - l) / (u - l);
    return std::clamp(t, 0.0, 1.0) * (p.hi - p.lo) + p.lo;
  });
}

// 1 − (ref − x)/(ref − worst) and its mirror for a negative polarity: shared by dist2ref and
// dist2target, which differ only in where the reference value comes from.
std::vector<double> dist_to(const std::vector<double>& x, bool negative, double ref, bool cap,
                            const Stats& s, std::string_view what,
                            std::vector<std::string>& warnings) {
  double worst = negative ? s.max : s.min;
  if (ref == worst) {
    warnings.push_back(fmt::format(
        "the {} ({}) equals the worst value: every unit is at or beyond it and gets 1", what, ref));
    return map_present(x, [](double) { return 1.0; });
  }
  if (negative ? ref > worst : ref < worst)
    warnings.push_back(
        fmt::format("the {} ({}) is beyond the worst value ({}): scores fall outside [0, 1]", what,
                    ref, worst));
  return map_present(x, [&](double v) {
    double y = negative ? 1 - (v - ref) / (worst - ref) : 1 - (ref - v) / (ref - worst);
    return cap ? std::min(y, 1.0) : y;
  });
}

std::vector<double> frac_max(const std::vector<double>& x, bool negative, const Stats& s,
                             std::vector<std::string>& warnings) {
  if (s.min == 0 && s.max == 0) {
    warnings.push_back("every value is 0: every unit gets 1");
    return map_present(x, [](double) { return 1.0; });
  }
  if (negative) {
    if (s.min <= 0)
      throw Error(ErrorKind::kBadInput,
                  fmt::format("fracmax of a negative-polarity indicator (min/x) needs values > 0; "
                              "the smallest is {} — use minmax",
                              s.min));
    return map_present(x, [&](double v) { return s.min / v; });
  }
  if (s.max <= 0)
    throw Error(
        ErrorKind::kBadInput,
        fmt::format("fracmax needs a positive maximum; the largest value is {} — use minmax",
                    s.max));
  if (s.min < 0) warnings.push_back("negative values give negative fractions of the maximum");
  return map_present(x, [&](double v) { return v / s.max; });
}

std::vector<double> vector_norm(const std::vector<double>& x, bool negative,
                                std::vector<std::string>& warnings) {
  double ss = 0;
  for (double v : x)
    if (!missing(v)) ss += v * v;
  double norm = std::sqrt(ss);
  if (norm == 0) {
    warnings.push_back("zero norm (every value is 0): every unit gets the same score");
    return map_present(x, [&](double) { return negative ? 1.0 : 0.0; });
  }
  return map_present(x, [&](double v) { return negative ? 1 - v / norm : v / norm; });
}

constexpr std::string_view kNames[] = {"minmax",      "zscore",    "rank",     "percentile",
                                       "borda",       "goalposts", "dist2max", "dist2ref",
                                       "dist2target", "fracmax",   "vector"};

}  // namespace

std::optional<NormaliseMethod> normalise_method_from_name(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kNames); ++i)
    if (kNames[i] == name) return static_cast<NormaliseMethod>(i);
  return std::nullopt;
}

std::string_view normalise_method_name(NormaliseMethod method) {
  return kNames[static_cast<std::size_t>(method)];
}

NormaliseResult normalise(const std::vector<double>& x, Polarity polarity, NormaliseMethod method,
                          const NormaliseParams& p) {
  NormaliseResult r;
  bool negative = polarity == Polarity::kNegative;
  // An infinite value (a division by zero upstream) would turn every score of the column into
  // NaN or ±Inf; refuse it by row instead.
  for (std::size_t i = 0; i < x.size(); ++i)
    if (std::isinf(x[i]))
      throw Error(ErrorKind::kBadInput,
                  fmt::format("unit at row {} has an infinite value; cannot normalise", i + 1));
  // Parameter errors come first, so a bad system is reported even on an empty column.
  if (method == NormaliseMethod::kGoalposts) {
    r.values = goalposts(x, negative, p);
    if (stats_of(x).n == 0) r.warnings.push_back("no values");
    return r;
  }
  if (method == NormaliseMethod::kDist2Target && !p.target)
    throw Error(ErrorKind::kBadInput, "dist2target normalisation needs a target");
  if (method == NormaliseMethod::kDist2Ref && p.ref_row >= x.size())
    throw Error(ErrorKind::kBadInput,
                fmt::format("reference unit row {} is out of range (there are {} units)",
                            p.ref_row + 1, x.size()));
  Stats s = stats_of(x);
  if (s.n == 0) {
    r.values.assign(x.size(), kMissing);
    r.warnings.push_back("no values");
    return r;
  }
  switch (method) {
    case NormaliseMethod::kMinMax:
      r.values = min_max(x, negative, p.lo, p.hi, s, r.warnings);
      break;
    case NormaliseMethod::kZScore:
      r.values = z_score(x, negative, p.mean, p.sd, s, r.warnings);
      break;
    case NormaliseMethod::kRank: r.values = ranks_min(x, negative); break;
    case NormaliseMethod::kPercentile:
      if (s.n == 1) {
        r.warnings.push_back("one value: its percentile rank is the midpoint 0.5");
        r.values = map_present(x, [](double) { return 0.5; });
      } else {
        r.values = ranks_min(x, negative);
        for (double& v : r.values)
          if (!missing(v)) v = (v - 1) / static_cast<double>(s.n - 1);
      }
      break;
    case NormaliseMethod::kBorda:
      r.values = ranks_min(x, negative);
      for (double& v : r.values)
        if (!missing(v)) v -= 1;
      break;
    case NormaliseMethod::kGoalposts: break;  // handled above
    case NormaliseMethod::kDist2Max: r.values = min_max(x, negative, 0, 1, s, r.warnings); break;
    case NormaliseMethod::kDist2Ref: {
      double ref = x[p.ref_row];
      if (missing(ref))
        throw Error(ErrorKind::kBadInput,
                    fmt::format("the reference unit (row {}) has no value for this indicator",
                                p.ref_row + 1));
      r.values = dist_to(x, negative, ref, p.cap_max, s, "reference value", r.warnings);
      break;
    }
    case NormaliseMethod::kDist2Target:
      r.values = dist_to(x, negative, *p.target, p.cap_max, s, "target", r.warnings);
      break;
    case NormaliseMethod::kFracMax: r.values = frac_max(x, negative, s, r.warnings); break;
    case NormaliseMethod::kVector: r.values = vector_norm(x, negative, r.warnings); break;
  }
  return r;
}

NormaliseMatrixResult normalise(const Matrix& m, const std::vector<Polarity>& polarities,
                                NormaliseMethod method, const NormaliseParams& params) {
  if (polarities.size() != m.cols)
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} polarities for {} indicators", polarities.size(), m.cols));
  NormaliseMatrixResult r{Matrix(m.rows, m.cols), {}};
  for (std::size_t j = 0; j < m.cols; ++j) {
    NormaliseResult c = normalise(m.column(j), polarities[j], method, params);
    r.values.set_column(j, c.values);
    for (auto& w : c.warnings) r.warnings.push_back(fmt::format("indicator {}: {}", j, w));
  }
  return r;
}

}  // namespace atlas::evaluate::methods
