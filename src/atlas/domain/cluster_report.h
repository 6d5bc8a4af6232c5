// A cluster's own figures for a year, as its management body reports them on the survey's
// cluster forms (JQ01: counts of firms and institutions; the cluster totals of revenue, output,
// profit, taxes, exports, R&D, staff and patents; platforms by level). Unlike the sums over
// enterprise rows they cover every firm of the cluster, listed or not. Missing stays missing.
#pragma once
#include <cstdint>
#include <optional>

namespace atlas::domain {

struct ClusterReport {
  std::int64_t cluster_id = 0;
  int year = 0;
  std::optional<std::int64_t> firms, high_tech_firms, specialised_firms, single_champion_firms,
      institutions, national_platforms, provincial_platforms;
  std::optional<double> revenue, industrial_output, profit, taxes, exports, rd_expenditure,
      employment, valid_invention_patents, granted_invention_patents;
};

}  // namespace atlas::domain
