#include "atlas/app/enterprise_points.h"

#include <algorithm>
#include <map>
#include <vector>

#include <fmt/format.h>

#include "atlas/app/clusters.h"

namespace atlas::app {
namespace {

// Appends `name` to a category and returns its index (names stored once).
std::int32_t category_index(ingest::Category& c, std::map<std::string, std::int32_t>& seen,
                            const std::string& name) {
  auto [it, added] = seen.emplace(name, static_cast<std::int32_t>(c.names.size()));
  if (added) c.names.push_back(name);
  return it->second;
}

}  // namespace

ingest::PointSet enterprise_points(const Database& db, int year) {
  auto& store = db.store();
  std::map<std::int64_t, std::string> industries;  // cluster id → its leading industry
  for (const auto& c : store.clusters({}))
    industries[c.id] = industry_label(store, c.industry_code);

  ingest::PointSet points;
  points.source = fmt::format("the stored enterprises of {}", year);
  std::map<std::string, std::int32_t> industry_seen, tech_seen;
  points.kind.names = {"firm"};
  std::size_t without_place = 0;
  struct Firm {
    std::string id;
    double lat, lon;
    std::int64_t cluster_id;
    bool high_tech;
  };
  std::vector<Firm> firms;
  store::EnterpriseFilter filter;
  filter.year = year;
  store.each_enterprise(filter, [&](const store::EnterpriseListing& row) {
    const auto& e = row.enterprise;
    if (!e.lat || !e.lon) {
      ++without_place;
      return;
    }
    firms.push_back({e.credit_code, *e.lat, *e.lon, row.year.cluster_id, row.year.high_tech});
  });
  // By credit code: DBSCAN breaks ties by the points' order, so the order is the data's own,
  // not the store's.
  std::sort(firms.begin(), firms.end(), [](const Firm& x, const Firm& y) { return x.id < y.id; });
  for (const auto& f : firms) {
    points.id_text += f.id;
    points.id_end.push_back(points.id_text.size());
    points.a.push_back(f.lat);
    points.b.push_back(f.lon);
    points.kind.code.push_back(0);
    points.industry.code.push_back(
        category_index(points.industry, industry_seen, industries[f.cluster_id]));
    points.tech.code.push_back(f.high_tech ? category_index(points.tech, tech_seen, "高新技术企业")
                                           : -1);
    points.year.push_back(year);
  }
  if (without_place > 0) {
    points.notes.push_back(
        fmt::format("{} 家企业无坐标，未计入 / {} enterprise{} without coordinates left out",
                    without_place, without_place, without_place == 1 ? "" : "s"));
  }
  return points;
}

}  // namespace atlas::app
