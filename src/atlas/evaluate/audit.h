// The statistical audit of an index (the JRC's checks before trusting a composite): how complete
// each indicator is, whether it is skewed enough to need treatment, which indicators move
// together too closely or against their siblings, how consistent each dimension's indicators are
// (Cronbach's alpha), and how far the ranking moves when one indicator is left out.
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/pipeline.h"

namespace atlas::evaluate {

struct IndicatorAudit {
  std::string id;
  double availability = 0;  // share of units with a value
  // Of the present raw values: skewness and excess kurtosis as Excel's SKEW and KURT, flagged
  // when |skew| ≥ 2 and kurtosis ≥ 3.5 — COINr's rule, the one outlier treatment applies.
  double skewness = kMissing, kurtosis = kMissing;
  bool skew_flag = false;
  // Mean absolute rank shift of the units ranked both with and without this indicator (its
  // siblings share its weight; units the gates exclude are not ranked); missing when it is its
  // parent's only child.
  double removal_shift = kMissing;
};

struct PairAudit {
  std::string a, b, parent;
  double r = 0;      // Pearson, over the units with both normalised values
  std::string flag;  // "collinear" (|r| > 0.9), "negative" (r < −0.4 within one dimension)
};

struct NodeAudit {
  std::string id;
  double alpha = kMissing;  // Cronbach's alpha of its children's values, on complete units
  int children = 0;
  // Principal components of its children's values: each one's share of the variance, largest
  // first; a first share well above 1/children means the children measure one thing.
  std::vector<double> variance_explained;
};

struct AuditResult {
  std::vector<IndicatorAudit> indicators;
  std::vector<PairAudit> pairs;  // flagged pairs only
  std::vector<NodeAudit> nodes;  // inner nodes with two or more children
};

// `run` is the nominal evaluation of `units` under `system`.
AuditResult run_audit(const IndicatorSystem& system, const std::vector<Unit>& units,
                      const EvaluationRun& run);

}  // namespace atlas::evaluate
