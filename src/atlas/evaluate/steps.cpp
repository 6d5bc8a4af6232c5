#include "atlas/evaluate/steps.h"

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/methods/aggregate.h"
#include "atlas/evaluate/methods/impute.h"
#include "atlas/evaluate/methods/mcda.h"
#include "atlas/evaluate/methods/normalise.h"
#include "atlas/evaluate/methods/outliers.h"
#include "atlas/evaluate/methods/pca.h"
#include "atlas/evaluate/methods/rank.h"
#include "atlas/evaluate/methods/weights.h"

namespace atlas::evaluate {
namespace {

void add_warnings(Log& log, const std::string& where, const std::vector<std::string>& warnings) {
  for (const auto& w : warnings) log.push_back(fmt::format("warning: {}: {}", where, w));
}

}  // namespace

std::vector<bool> screen_step(const Matrix& raw, double min_share,
                              const std::vector<std::string>& codes, Log& log) {
  std::vector<bool> kept(raw.rows, true);
  if (min_share <= 0 || raw.cols == 0) return kept;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < raw.rows; ++i) {
    std::size_t present = 0;
    for (std::size_t j = 0; j < raw.cols; ++j) present += missing(raw(i, j)) ? 0 : 1;
    if (static_cast<double>(present) < min_share * static_cast<double>(raw.cols)) {
      kept[i] = false;
      out.push_back(fmt::format("{} ({}/{})", codes[i], present, raw.cols));
    }
  }
  log.push_back(fmt::format(
      "screen: units need {:g}% of the indicators; {}", min_share * 100,
      out.empty() ? std::string("every unit has them")
                  : fmt::format("{} screened out: {}", out.size(), fmt::join(out, ", "))));
  return kept;
}

std::vector<double> impute_step(const std::string& method, const std::vector<double>& values,
                                const std::vector<std::string>& groups,
                                const std::vector<std::vector<double>>& earlier,
                                const Node& indicator, Log& log) {
  if (method == "none") return values;
  methods::ImputeResult r;
  if (method == "mean") {
    r = methods::impute_mean(values);
  } else if (method == "median") {
    r = methods::impute_median(values);
  } else if (method == "group_median") {
    r = methods::impute_group_median(values, groups);
  } else if (method == "last_year") {
    r = methods::impute_last_year(values, earlier);
  } else if (method == "linear") {
    r = methods::impute_linear(values, earlier);
  } else {
    throw Error(ErrorKind::kBadInput, fmt::format("unknown impute method '{}'", method));
  }
  if (r.filled > 0) {
    log.push_back(fmt::format("impute {}: {} value{} of {}", method, r.filled,
                              r.filled == 1 ? "" : "s", indicator.id));
  }
  add_warnings(log, "impute " + indicator.id, r.warnings);
  return r.values;
}

std::vector<double> outlier_step(const std::string& method, const std::vector<double>& values,
                                 const Node& indicator, Log& log) {
  if (method == "none") return values;
  if (method != "winsorise" && method != "boxcox") {
    throw Error(ErrorKind::kBadInput, fmt::format("unknown outliers method '{}'", method));
  }
  const methods::OutlierRule rule;  // COINr's defaults: |skew| ≥ 2 and kurtosis ≥ 3.5, 5 points
  auto r = methods::treat_outliers(
      values,
      method == "boxcox" ? methods::OutlierTransform::kBoxCox : methods::OutlierTransform::kLog,
      rule);
  if (r.treatment == "winsorised") {
    log.push_back(fmt::format("outliers {}: {} point{} winsorised", indicator.id, r.winsorised,
                              r.winsorised == 1 ? "" : "s"));
  } else if (r.treatment == "log") {
    log.push_back(fmt::format("outliers {}: winsorising {} points was not enough; log-transformed",
                              indicator.id, rule.winsorise_max));
  } else if (r.treatment == "boxcox") {
    log.push_back(fmt::format(
        "outliers {}: winsorising {} points was not enough; Box-Cox transformed, λ = {:.4f}",
        indicator.id, rule.winsorise_max, r.lambda));
  }
  if (r.still_outlying) {
    log.push_back(
        fmt::format("warning: outliers {}: still skewed after the treatment", indicator.id));
  }
  return r.values;
}

std::vector<double> normalise_step(const std::string& method, const std::vector<double>& values,
                                   const Node& indicator, Log& log, Range range,
                                   std::optional<std::size_t> reference) {
  if (method == kNoNormalisation) return values;
  auto m = methods::normalise_method_from_name(method);
  if (!m) throw Error(ErrorKind::kBadInput, fmt::format("unknown normalise method '{}'", method));
  methods::NormaliseParams params;
  params.lo = range.lo;
  params.hi = range.hi;
  params.goal_lo = indicator.goal_lo;
  params.goal_hi = indicator.goal_hi;
  params.target = indicator.target;
  auto needs = [&](bool present, const char* what) {
    if (!present) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("normalise {}: indicator '{}' has no {} in the system", method,
                              indicator.id, what));
    }
  };
  if (*m == methods::NormaliseMethod::kGoalposts) {
    needs(indicator.goal_lo && indicator.goal_hi, "goalposts");
  }
  if (*m == methods::NormaliseMethod::kDist2Target) needs(indicator.target.has_value(), "target");
  if (*m == methods::NormaliseMethod::kDist2Ref) {
    if (!reference) {
      throw Error(ErrorKind::kBadInput,
                  "normalise dist2ref needs a reference unit: name it with `reference: CODE` "
                  "under the system's methods");
    }
    params.ref_row = *reference;
  }
  auto result = methods::normalise(values, indicator.effective_polarity, *m, params);
  add_warnings(log, "indicator " + indicator.id, result.warnings);
  return result.values;
}

namespace {

// Each column's polarity: as given for raw values; positive for normalised ones.
std::vector<Polarity> polarities_of(const Node& node, const std::vector<Polarity>& raw) {
  return raw.empty() ? std::vector<Polarity>(node.children.size(), Polarity::kPositive) : raw;
}

}  // namespace

std::vector<double> weight_step(const std::string& method, const Node& node, const Matrix& children,
                                Log& log, const std::vector<Polarity>& raw) {
  auto polarities = polarities_of(node, raw);
  methods::WeightsResult w;
  if (method == "manual") {
    std::vector<double> written;
    for (const auto& c : node.children) written.push_back(c.weight);
    w = methods::manual_weights(written);
  } else if (method == "equal") {
    w = methods::equal_weights(node.children.size());
  } else if (method == "entropy") {
    w = methods::entropy_weights(children, polarities);
  } else if (method == "critic") {
    w = methods::critic_weights(children, polarities);
  } else if (method == "pca") {
    auto pca = methods::principal_components(children);
    std::vector<std::string> shares;
    for (double v : pca.variance_explained) shares.push_back(fmt::format("{:.1f}%", 100 * v));
    if (!shares.empty()) {
      log.push_back(fmt::format("pca {}: variance explained by the components {}", node.id,
                                fmt::join(shares, ", ")));
    }
    w = {pca.weights, pca.warnings};
  } else if (method == "ahp") {
    if (node.children.size() == 1) return {1.0};  // nothing to compare
    if (node.pairwise.empty()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("weighting ahp: node '{}' has no pairwise matrix", node.id));
    }
    auto ahp = methods::ahp_weights(node.pairwise);
    log.push_back(fmt::format("ahp {}: λmax {:.4f}, CI {:.4f}, CR {:.4f}{}", node.id,
                              ahp.lambda_max, ahp.ci, ahp.cr,
                              ahp.inconsistent ? " — above 0.10: inconsistent judgements" : ""));
    w = {ahp.weights, ahp.warnings};
  } else {
    throw Error(ErrorKind::kBadInput,
                fmt::format("weighting method '{}' is not available yet", method));
  }
  add_warnings(log, "weights of " + node.id, w.warnings);
  if (method != "manual") {
    std::vector<std::string> parts;
    for (std::size_t c = 0; c < node.children.size(); ++c) {
      parts.push_back(fmt::format("{} {:.4f}", node.children[c].id, w.weights[c]));
    }
    log.push_back(fmt::format("{} weights of {}: {}", method, node.id, fmt::join(parts, ", ")));
  }
  return w.weights;
}

namespace {

// The units a ranker compares — those with a value for some child — as rows of `children`; the
// others are named in the log. A compared unit missing a value is an error: the rankers need
// complete data.
std::vector<std::size_t> compared_units(const std::string& method, const Node& node,
                                        const Matrix& children,
                                        const std::vector<std::string>& units, Log& log) {
  auto unit = [&](std::size_t i) {
    return units.empty() ? fmt::format("unit {}", i + 1) : units[i];
  };
  std::vector<std::size_t> rows;
  std::vector<std::string> left_out;
  for (std::size_t i = 0; i < children.rows; ++i) {
    std::size_t present = 0;
    for (std::size_t j = 0; j < children.cols; ++j) present += missing(children(i, j)) ? 0 : 1;
    if (present == 0) {
      left_out.push_back(unit(i));
      continue;
    }
    if (present < children.cols) {
      std::size_t j = 0;
      while (!missing(children(i, j))) ++j;
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} needs complete data: {} has no value for '{}'; impute first",
                              method, unit(i), node.children[j].id));
    }
    rows.push_back(i);
  }
  if (!left_out.empty()) {
    log.push_back(
        fmt::format("aggregate {} with {}: {} of the {} units compared; left out, with "
                    "no value: {}",
                    node.id, method, rows.size(), children.rows, fmt::join(left_out, ", ")));
  }
  return rows;
}

}  // namespace

std::vector<double> aggregate_step(const std::string& method, const Node& node,
                                   const Matrix& children, const std::vector<double>& weights,
                                   Log& log, const std::vector<Polarity>& raw,
                                   const std::vector<std::string>& units) {
  auto polarities = polarities_of(node, raw);
  std::vector<double> scores;
  std::vector<std::string> warnings;
  try {
    if (auto m = methods::aggregate_method_from_name(method)) {
      auto r = methods::aggregate(children, weights, *m, node.power);
      scores = std::move(r.scores);
      warnings = std::move(r.warnings);
    } else if (method == "topsis" || method == "vikor" || method == "gra") {
      auto rows = compared_units(method, node, children, units, log);
      Matrix compared(rows.size(), children.cols);
      for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t j = 0; j < children.cols; ++j) compared(r, j) = children(rows[r], j);
      }
      std::vector<double> out;  // on the 0–100 scale of the means, higher is better
      if (method == "topsis") {
        auto r = methods::topsis(compared, weights, polarities, /*vector_normalise=*/!raw.empty());
        for (double c : r.closeness) out.push_back(100 * c);
        warnings = std::move(r.warnings);
      } else if (method == "vikor") {
        auto r = methods::vikor(compared, weights, polarities);
        for (double q : r.q) out.push_back(100 * (1 - q));  // Q: lower is better
        warnings = std::move(r.warnings);
      } else {
        auto r = methods::grey_relational(compared, weights, polarities);
        for (double g : r.grade) out.push_back(100 * g);
        warnings = std::move(r.warnings);
      }
      scores.assign(children.rows, kMissing);
      for (std::size_t r = 0; r < rows.size(); ++r) scores[rows[r]] = out[r];
    } else {
      throw Error(ErrorKind::kBadInput, fmt::format("unknown aggregate method '{}'", method));
    }
  } catch (const Error& e) {
    throw Error(e.kind(), fmt::format("aggregating '{}' with {}: {}", node.id, method, e.what()));
  }
  add_warnings(log, "aggregate " + node.id, warnings);
  return scores;
}

std::vector<int> rank_step(const std::vector<double>& scores) {
  return methods::rank_scores(scores);
}

}  // namespace atlas::evaluate
