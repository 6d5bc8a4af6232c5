#include "atlas/evaluate/audit.h"

#include <cmath>
#include <functional>
#include <optional>

#include "atlas/core/error.h"
#include "atlas/evaluate/methods/outliers.h"
#include "atlas/evaluate/methods/pca.h"
#include "atlas/evaluate/steps.h"

namespace atlas::evaluate {
namespace {

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
  double n = 0, mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (missing(x[i]) || missing(y[i])) continue;
    ++n;
    mx += x[i];
    my += y[i];
  }
  if (n < 3) return kMissing;
  mx /= n;
  my /= n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (missing(x[i]) || missing(y[i])) continue;
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx == 0 || syy == 0) return kMissing;
  return sxy / std::sqrt(sxx * syy);
}

double sample_variance(const std::vector<double>& v) {
  double mean = 0;
  for (double x : v) mean += x;
  mean /= static_cast<double>(v.size());
  double s = 0;
  for (double x : v) s += (x - mean) * (x - mean);
  return s / static_cast<double>(v.size() - 1);
}

// Removes the node `id` from a copy of the tree; false when it is its parent's only child.
bool remove_node(Node& n, const std::string& id) {
  for (std::size_t c = 0; c < n.children.size(); ++c) {
    if (n.children[c].id == id) {
      if (n.children.size() == 1) return false;
      n.children.erase(n.children.begin() + static_cast<std::ptrdiff_t>(c));
      return true;
    }
    if (remove_node(n.children[c], id)) return true;
  }
  return false;
}

}  // namespace

AuditResult run_audit(const IndicatorSystem& system, const std::vector<Unit>& units,
                      const EvaluationRun& run) {
  AuditResult out;
  const std::size_t n_units = run.codes.size();
  auto nominal = rank_step(ranked_scores(run));
  for (std::size_t j = 0; j < run.indicators.size(); ++j) {
    IndicatorAudit a;
    a.id = run.indicators[j]->id;
    std::vector<double> present;
    for (double v : run.raw.column(j)) {
      if (!missing(v)) present.push_back(v);
    }
    a.availability =
        n_units ? static_cast<double>(present.size()) / static_cast<double>(n_units) : 0;
    auto moments = methods::skew_kurtosis(present);
    a.skewness = moments.skewness;
    a.kurtosis = moments.kurtosis;
    a.skew_flag = moments.outlying;
    IndicatorSystem reduced = system;
    if (remove_node(reduced.index, a.id)) {
      Options options;
      options.normalise = run.methods.normalise;
      options.weighting = run.methods.weighting;
      options.impute = run.methods.impute;
      options.outliers = run.methods.outliers;
      std::optional<EvaluationRun> without;
      try {
        without = run_evaluation(reduced, units, options);
      } catch (const Error&) {
        // e.g. an AHP matrix no longer matching its children: no removal effect to report
      }
      auto ranks = without ? rank_step(ranked_scores(*without)) : std::vector<int>(n_units, 0);
      double shift = 0;
      int counted = 0;
      for (std::size_t i = 0; i < n_units; ++i) {
        if (ranks[i] == 0 || nominal[i] == 0) continue;
        shift += std::abs(ranks[i] - nominal[i]);
        ++counted;
      }
      a.removal_shift = counted ? shift / counted : kMissing;
    }
    out.indicators.push_back(a);
  }

  // Correlations of siblings' normalised values, and Cronbach's alpha per inner node.
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    const Node& node = *run.nodes[k];
    if (node.children.size() < 2) continue;
    std::vector<std::vector<double>> columns;
    for (const auto& c : node.children)
      columns.push_back(run.scores.column(static_cast<std::size_t>(run.node_index(c.id))));
    for (std::size_t a = 0; a < columns.size(); ++a) {
      for (std::size_t b = a + 1; b < columns.size(); ++b) {
        double r = pearson(columns[a], columns[b]);
        if (missing(r)) continue;
        std::string flag = std::abs(r) > 0.9 ? "collinear" : r < -0.4 ? "negative" : "";
        if (!flag.empty())
          out.pairs.push_back({node.children[a].id, node.children[b].id, node.id, r, flag});
      }
    }
    NodeAudit na{node.id, kMissing, static_cast<int>(node.children.size()), {}};
    Matrix children(n_units, columns.size());
    for (std::size_t c = 0; c < columns.size(); ++c) children.set_column(c, columns[c]);
    na.variance_explained = methods::principal_components(children).variance_explained;
    std::vector<std::vector<double>> complete(columns.size());
    std::vector<double> totals;
    for (std::size_t i = 0; i < n_units; ++i) {
      bool all = true;
      for (const auto& col : columns) all = all && !missing(col[i]);
      if (!all) continue;
      double total = 0;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        complete[c].push_back(columns[c][i]);
        total += columns[c][i];
      }
      totals.push_back(total);
    }
    if (totals.size() >= 3) {
      double item_variance = 0;
      for (const auto& col : complete) item_variance += sample_variance(col);
      double total_variance = sample_variance(totals);
      auto k_items = static_cast<double>(columns.size());
      if (total_variance > 0)
        na.alpha = k_items / (k_items - 1) * (1 - item_variance / total_variance);
    }
    out.nodes.push_back(na);
  }
  return out;
}

}  // namespace atlas::evaluate
