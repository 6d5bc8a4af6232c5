#include "atlas/evaluate/steps.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::evaluate {
namespace {

[[noreturn]] void not_yet(std::string_view step, const std::string& method) {
  throw Error(ErrorKind::kBadInput,
              fmt::format("{} method '{}' is not available yet in this build", step, method));
}

}  // namespace

std::vector<double> normalise_step(const std::string& method, const std::vector<double>& values,
                                   const Node& indicator, Log& log) {
  if (method != "minmax") not_yet("normalise", method);
  // Min-max to 0–100 (COINr's n_minmax): (x − min) / (max − min) × 100, reversed for a negative
  // polarity. A column with one distinct value carries no ranking information: every present
  // value gets 50, with a warning, rather than a division by zero.
  double lo = INFINITY, hi = -INFINITY;
  for (double v : values) {
    if (!missing(v)) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  }
  std::vector<double> out(values.size(), kMissing);
  if (lo > hi) {
    log.push_back(fmt::format("warning: indicator {} has no values", indicator.id));
    return out;
  }
  if (lo == hi)
    log.push_back(fmt::format("warning: indicator {} is constant: 50 for all", indicator.id));
  bool negative = indicator.effective_polarity == Polarity::kNegative;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (missing(values[i])) continue;
    if (lo == hi) {
      out[i] = 50;
    } else {
      double t = (values[i] - lo) / (hi - lo);
      out[i] = 100 * (negative ? 1 - t : t);
    }
  }
  return out;
}

std::vector<double> weight_step(const std::string& method, const Node& node, const Matrix&, Log&) {
  std::vector<double> w;
  if (method == "manual") {
    for (const auto& c : node.children) w.push_back(c.weight_in_parent);
  } else if (method == "equal") {
    w.assign(node.children.size(), 1.0 / static_cast<double>(node.children.size()));
  } else {
    not_yet("weighting", method);
  }
  return w;
}

std::vector<double> aggregate_step(const std::string& method, const Node&, const Matrix& children,
                                   const std::vector<double>& weights, Log&) {
  if (method != "arithmetic") not_yet("aggregate", method);
  // COINr's weighted arithmetic mean: a missing value is skipped and the weights are
  // re-normalised over the values present; nothing present gives missing.
  std::vector<double> out(children.rows, kMissing);
  for (std::size_t i = 0; i < children.rows; ++i) {
    double sum = 0, wsum = 0;
    for (std::size_t c = 0; c < children.cols; ++c) {
      double v = children(i, c);
      if (missing(v)) continue;
      sum += weights[c] * v;
      wsum += weights[c];
    }
    if (wsum > 0) out[i] = sum / wsum;
  }
  return out;
}

std::vector<int> rank_step(const std::vector<double>& scores) {
  std::vector<int> ranks(scores.size(), 0);
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (missing(scores[i])) continue;
    int better = 0;
    for (double s : scores) better += !missing(s) && s > scores[i];
    ranks[i] = better + 1;
  }
  return ranks;
}

}  // namespace atlas::evaluate
