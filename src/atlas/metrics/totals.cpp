#include "atlas/metrics/totals.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace atlas::metrics {

ClusterYearTotals with_report(ClusterYearTotals t, const domain::ClusterReport& r) {
  using Count = std::optional<std::int64_t> ClusterYearTotals::*;
  using Reported = std::optional<std::int64_t> domain::ClusterReport::*;
  static constexpr std::pair<Count, Reported> kCounts[] = {
      {&ClusterYearTotals::firms, &domain::ClusterReport::firms},
      {&ClusterYearTotals::high_tech_firms, &domain::ClusterReport::high_tech_firms},
      {&ClusterYearTotals::specialised_firms, &domain::ClusterReport::specialised_firms},
      {&ClusterYearTotals::single_champion_firms, &domain::ClusterReport::single_champion_firms}};
  auto given = [&](const auto& c) { return (r.*c.second).has_value(); };
  if (std::any_of(std::begin(kCounts), std::end(kCounts), given)) {
    // The rows are the report's firms when they agree with every count it gives, the firms
    // first: then their flags answer what it leaves blank.
    const bool rows_are_its_firms =
        r.firms && std::all_of(std::begin(kCounts), std::end(kCounts), [&](const auto& c) {
          return !given(c) || t.*c.first == r.*c.second;
        });
    for (const auto& [count, reported] : kCounts) {
      if (r.*reported || !rows_are_its_firms) t.*count = r.*reported;
    }
    if (!rows_are_its_firms) t.qualified_firms.reset();
  }
  for (auto [to, from] : {std::pair{&t.revenue, &r.revenue},
                          {&t.industrial_output, &r.industrial_output},
                          {&t.profit, &r.profit},
                          {&t.taxes, &r.taxes},
                          {&t.exports, &r.exports},
                          {&t.rd_expenditure, &r.rd_expenditure},
                          {&t.employment, &r.employment},
                          {&t.valid_invention_patents, &r.valid_invention_patents},
                          {&t.granted_invention_patents, &r.granted_invention_patents}}) {
    if (*from) *to = *from;
  }
  t.cluster_id = r.cluster_id;
  t.year = r.year;
  return t;
}

}  // namespace atlas::metrics
