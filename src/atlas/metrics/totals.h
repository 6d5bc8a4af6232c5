// Cluster-year totals: sums over a cluster's enterprise rows in one year, with the cluster's own
// JQ01 report laid over them — the raw material of the published figures and of the indicators.
// A figure nobody reported is nullopt (missing), never 0; a sum over some reporting firms covers
// those firms. Every firm count of one totals counts among the same firms as `firms`, so a share
// of two of them is a share (with_report says how).
#pragma once
#include <cstdint>
#include <optional>

#include "atlas/domain/cluster_report.h"

namespace atlas::metrics {

struct ClusterYearTotals {
  std::int64_t cluster_id = 0;
  int year = 0;
  // Missing when never reported: no enterprise rows, and the report leaves the count blank (or
  // its firms are not the rows'). A count reported as 0 is 0.
  std::optional<std::int64_t> firms, high_tech_firms, specialised_firms, single_champion_firms;
  // Firms that are high-tech, 专精特新 or a single champion (the 2026 chain-firm rule): counted
  // on enterprise rows only, since JQ01 has no such count.
  std::optional<std::int64_t> qualified_firms;
  std::optional<double> revenue, industrial_output, profit, taxes, exports, rd_expenditure,
      employment, valid_invention_patents, granted_invention_patents;
};

// The sums over the enterprise rows (`rows`: every count missing when the cluster listed no
// firm) with the cluster's JQ01 report laid over them. Each figure the report gives replaces the
// sum: the report covers every firm, the rows only those listed. Firm counts go together, so
// that a share never divides one set of firms by another: when the report gives any firm count,
// the counts are the report's, and the rows fill in a count the report leaves blank — the
// qualified firms among them — only when they are the report's firms: as many as it counts, and
// as many high-tech, 专精特新 and single-champion firms as it gives. Otherwise that count is
// missing.
ClusterYearTotals with_report(ClusterYearTotals rows, const domain::ClusterReport& report);

// a + b where a missing value counts as "not reported": missing only when both are.
template <typename T>
std::optional<T> add(const std::optional<T>& a, const std::optional<T>& b) {
  if (!a) return b;
  if (!b) return a;
  return *a + *b;
}

// numerator / denominator × scale; missing when either is missing or the denominator is 0.
inline std::optional<double> ratio(const std::optional<double>& numerator,
                                   const std::optional<double>& denominator, double scale = 1) {
  if (!numerator || !denominator || *denominator == 0) return std::nullopt;
  return *numerator / *denominator * scale;
}

}  // namespace atlas::metrics
