// The figures the programme publishes, grouped: number of clusters, firms, high-tech firms and
// their share, revenue, profit, taxes, employment, valid invention patents and patents per
// 10,000 staff — by province, region, industry or status, with a national total.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/metrics/totals.h"

namespace atlas::report {

// A cluster counted in the statistics and the group it falls in.
struct Member {
  std::int64_t cluster_id;
  std::string group_key;    // sort key and machine-readable key, e.g. "420000"
  std::string group_label;  // what people read, e.g. "湖北"
};

struct GroupFigures {
  std::string key, label;
  std::int64_t clusters = 0;
  // Sums over the clusters that report each; missing when none does — nobody reported, which
  // is not zero firms.
  std::optional<std::int64_t> firms, high_tech_firms;
  std::optional<double> revenue, profit, taxes, employment, valid_invention_patents;
  // Firms and high-tech firms of the clusters that report both: the high-tech share's terms.
  std::optional<std::int64_t> share_firms, share_high_tech_firms;

  // High-tech firms / firms over the clusters that report both counts (so a cluster that gives
  // its firms alone does not dilute the share); missing when none does or they have no firms.
  std::optional<double> high_tech_share() const;
  // Valid invention patents per 10,000 staff (每万名从业人员有效发明专利).
  std::optional<double> patents_per_10k_staff() const;
};

// One row per group, ordered by key, then the total row (key "total", label "全国").
// Clusters without figures for the year count as clusters, and add nothing to the sums.
std::vector<GroupFigures> aggregate(const std::vector<Member>& members,
                                    const std::vector<metrics::ClusterYearTotals>& totals);

}  // namespace atlas::report
