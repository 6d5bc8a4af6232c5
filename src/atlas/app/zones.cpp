#include "atlas/app/zones.h"

#include <unordered_map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/status.h"

namespace atlas::app {
report::Table zone_list(const Database& db, const ZoneListRequest& request) {
  store::ZoneFilter filter;
  if (!request.province.empty()) filter.province_code = db.province(request.province).code;
  if (!request.level.empty()) filter.level = request.level;
  auto& store = db.store();
  auto provinces = store.provinces();
  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"name", "高新区"},
               {"level", "级别"},
               {"province", "省份"},
               {"city", "城市"},
               {"lat", "纬度", 2, true},
               {"lon", "经度", 2, true},
               {"active_cluster", "集群"}};
  // Every cluster read once, not once per zone: the listing is the server's most frequent read.
  std::unordered_map<std::int64_t, std::string> active_cluster;
  for (const auto& c : store.clusters({})) {
    if (domain::is_active(c.status)) active_cluster[c.zone_id] = c.name;
  }
  for (const auto& z : store.zones(filter)) {
    const auto found = active_cluster.find(z.id);
    const std::string cluster = found == active_cluster.end() ? "" : found->second;
    auto cell = [](const std::optional<double>& v) -> report::Cell {
      if (v) return *v;
      return {};
    };
    t.add_row({z.id, z.name, z.level, find_province(provinces, z.province_code).short_zh, z.city,
               cell(z.lat), cell(z.lon), cluster});
  }
  return t;
}

report::Table zone_clusters(const Database& db, const std::string& zone) {
  auto z = db.zone(zone);
  report::Table t;
  t.columns = {{"cluster_id", "ID", -1, true, 1, false},
               {"cluster", "集群"},
               {"status", "状态"},
               {"industry", "主导产业"}};
  for (const auto& c : db.store().clusters(store::ClusterFilter::in_zone(z.id))) {
    t.add_row({c.id, c.name, std::string(domain::status_name_zh(c.status)), c.industry_code});
  }
  t.notes.push_back(fmt::format("{} (id {}): {} high-tech zone in {}, {}", z.name, z.id, z.level,
                                db.province(z.province_code).name_zh, z.city));
  return t;
}

}  // namespace atlas::app
