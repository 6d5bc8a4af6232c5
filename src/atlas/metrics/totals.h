// Cluster-year totals: sums over a cluster's enterprise rows in one year, the raw material of the
// published figures and of the indicators. A figure no enterprise reported is nullopt (missing),
// never 0; a sum over some reporting firms covers those firms.
#pragma once
#include <cstdint>
#include <optional>

namespace atlas::metrics {

struct ClusterYearTotals {
  std::int64_t cluster_id = 0;
  int year = 0;
  std::int64_t firms = 0;
  std::int64_t high_tech_firms = 0;
  std::int64_t specialised_firms = 0;
  std::int64_t single_champion_firms = 0;
  // Firms that are high-tech, 专精特新 or a single champion (the 2026 chain-firm rule).
  std::int64_t qualified_firms = 0;
  std::optional<double> revenue, industrial_output, profit, taxes, exports, rd_expenditure,
      employment, valid_invention_patents, granted_invention_patents;
};

// a + b where a missing value counts as "not reported": missing only when both are.
inline std::optional<double> add(const std::optional<double>& a, const std::optional<double>& b) {
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
