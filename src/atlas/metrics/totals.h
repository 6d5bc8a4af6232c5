// Cluster-year totals: sums over a cluster's enterprise rows in one year, with the cluster's own
// JQ01 report laid over them — the raw material of the published figures and of the indicators.
// A figure nobody reported is nullopt (missing), never 0; a sum over some reporting firms covers
// those firms.
#pragma once
#include <cstdint>
#include <optional>

namespace atlas::metrics {

struct ClusterYearTotals {
  std::int64_t cluster_id = 0;
  int year = 0;
  // Missing when never reported: no enterprise rows, and the report leaves the count blank. A
  // count reported as 0 is 0.
  std::optional<std::int64_t> firms, high_tech_firms, specialised_firms, single_champion_firms;
  // Firms that are high-tech, 专精特新 or a single champion (the 2026 chain-firm rule): counted
  // on enterprise rows only, since JQ01 has no such count.
  std::optional<std::int64_t> qualified_firms;
  std::optional<double> revenue, industrial_output, profit, taxes, exports, rd_expenditure,
      employment, valid_invention_patents, granted_invention_patents;
};

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
