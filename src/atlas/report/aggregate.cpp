#include "atlas/report/aggregate.h"

#include "atlas/core/units.h"

namespace atlas::report {

std::optional<double> GroupFigures::high_tech_share() const {
  auto as_double = [](const std::optional<std::int64_t>& n) -> std::optional<double> {
    if (!n) return std::nullopt;
    return static_cast<double>(*n);
  };
  return metrics::ratio(as_double(share_high_tech_firms), as_double(share_firms));
}

std::optional<double> GroupFigures::patents_per_10k_staff() const {
  return metrics::ratio(valid_invention_patents, employment, units::kPer10kStaff);
}

std::vector<GroupFigures> aggregate(const std::vector<Member>& members,
                                    const std::vector<metrics::ClusterYearTotals>& totals) {
  std::map<std::int64_t, const metrics::ClusterYearTotals*> by_cluster;
  for (const auto& t : totals) by_cluster[t.cluster_id] = &t;

  std::map<std::string, GroupFigures> groups;
  GroupFigures total;
  total.key = "total";
  total.label = "全国";
  for (const auto& m : members) {
    GroupFigures& g = groups[m.group_key];
    g.key = m.group_key;
    g.label = m.group_label;
    for (GroupFigures* target : {&g, &total}) {
      target->clusters += 1;
      auto it = by_cluster.find(m.cluster_id);
      if (it == by_cluster.end()) continue;
      const auto& t = *it->second;
      target->firms = metrics::add(target->firms, t.firms);
      target->high_tech_firms = metrics::add(target->high_tech_firms, t.high_tech_firms);
      if (t.firms && t.high_tech_firms) {
        target->share_firms = metrics::add(target->share_firms, t.firms);
        target->share_high_tech_firms =
            metrics::add(target->share_high_tech_firms, t.high_tech_firms);
      }
      target->revenue = metrics::add(target->revenue, t.revenue);
      target->profit = metrics::add(target->profit, t.profit);
      target->taxes = metrics::add(target->taxes, t.taxes);
      target->employment = metrics::add(target->employment, t.employment);
      target->valid_invention_patents =
          metrics::add(target->valid_invention_patents, t.valid_invention_patents);
    }
  }
  std::vector<GroupFigures> out;
  for (auto& [key, g] : groups) out.push_back(std::move(g));
  out.push_back(std::move(total));
  return out;
}

}  // namespace atlas::report
