#include "atlas/app/overview.h"

#include <map>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/app/statistics.h"

namespace atlas::app {

report::Table cluster_places(const Database& db, int year) {
  auto& store = db.store();
  std::map<std::int64_t, domain::Zone> zones;
  for (auto& z : store.zones({})) zones[z.id] = z;
  auto provinces = store.provinces();
  std::map<std::int64_t, domain::ClusterStatus> statuses;
  if (year != 0) statuses = store.statuses_on(fmt::format("{}-12-31", year));

  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"name", "集群名称"},
               {"province_code", "省份代码"},
               {"province", "省份"},
               {"zone", "高新区"},
               {"lat", "纬度", 4, true},
               {"lon", "经度", 4, true},
               {"industry", "主导产业"},
               {"status", "状态"},
               {"batch", "批次"}};
  for (const auto& c : store.clusters({})) {
    domain::ClusterStatus status = c.status;
    if (year != 0) {
      auto then = statuses.find(c.id);
      if (then == statuses.end()) continue;  // not yet recorded that year
      status = then->second;
    }
    if (!domain::in_programme(status)) continue;
    const domain::Zone& zone = zones[c.zone_id];
    t.add_row({c.id, c.name, c.province_code, find_province(provinces, c.province_code).short_zh,
               zone.name, report::cell(zone.lat), report::cell(zone.lon),
               industry_label(store, c.industry_code), status_text(status), c.batch});
  }
  return t;
}

report::Table national_trend(const Database& db) {
  report::Table t;
  for (int year : db.store().years_with_data()) {
    report::Table by_region = programme_statistics(db, {"region", year, false, ""});
    if (t.columns.empty()) {
      t.columns.push_back({"year", "年份", -1, true, 1, false});
      // Every column but the region's name, which the national row calls 全国.
      t.columns.insert(t.columns.end(), by_region.columns.begin() + 1, by_region.columns.end());
    }
    if (by_region.rows.empty()) continue;
    std::vector<report::Cell> row = {std::int64_t{year}};
    const auto& national = by_region.rows.back();  // the last row is the nation's total
    row.insert(row.end(), national.begin() + 1, national.end());
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace atlas::app
