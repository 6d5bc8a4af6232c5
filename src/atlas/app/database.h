// The database a use case reads, with the look-ups every use case shares: the latest year with
// figures, a province by what people type (湖北 or 420000), the synthetic-data notice and each
// cluster's totals over the years. Messages name the database by `path`, as a shell shows it.
// The store is reached through a function, so that a use case that fails before it needs the
// database (a system with unknown fields) neither opens nor creates one.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/domain/cluster.h"
#include "atlas/domain/region.h"
#include "atlas/domain/zone.h"
#include "atlas/metrics/totals.h"
#include "atlas/store/store.h"

namespace atlas::app {

struct Database {
  std::function<store::Store&()> store;
  std::string path;  // what messages call it: the file, or a server's name for it

  // `year`, or when 0 the latest year with annual figures; 0 when there are none.
  int year_or_latest(int year) const;
  // The same, but throws kNotFound when there are no annual figures at all.
  int year_with_data(int year) const;
  // Throws kNotFound naming the query for an unknown province.
  domain::Province province(const std::string& query) const;
  // A zone by id or exact name; a cluster by id, exact name or a unique part of its name. Throw
  // kNotFound with the closest names (kUsage for a part of a name matching several clusters).
  domain::Zone zone(const std::string& query) const;
  domain::Cluster cluster(const std::string& query) const;
  // "⚠ 合成演示数据…" when the data set is the demo: every result on it must say so.
  std::optional<std::string> synthetic_notice() const;
};

// The province `query` names (a GB/T 2260 code or a name, 湖北 or 湖北省) in `provinces`; throws
// kNotFound saying what is accepted.
const domain::Province& find_province(const std::vector<domain::Province>& provinces,
                                      const std::string& query);

// Every cluster's totals of each year up to and including `year`, oldest first: what
// indicators over years (growth, 3-year means) are computed from.
using ClusterHistory = std::map<std::int64_t, std::vector<metrics::ClusterYearTotals>>;
ClusterHistory cluster_history(store::Store& store, int year);

}  // namespace atlas::app
