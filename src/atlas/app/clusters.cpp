#include "atlas/app/clusters.h"

#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/reference.h"

namespace atlas::app {

domain::ClusterStatus parse_status_or_throw(const std::string& s) {
  auto status = domain::parse_status(s);
  if (!status) {
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown status '{}': use applicant, cultivation, pilot, recognised, "
                            "warned or removed (or 申报, 培育, 试点, 创新型产业集群, 警告, 撤销)",
                            s));
  }
  return *status;
}

std::string status_text(domain::ClusterStatus s) {
  return fmt::format("{} {}", domain::status_name_zh(s), domain::status_key(s));
}

std::string industry_label(store::Store& store, const std::string& code) {
  auto industry = store.industry(code);
  auto parent =
      industry && !industry->parent.empty() ? store.industry(industry->parent) : std::nullopt;
  return domain::industry_label(code, industry, parent);
}

report::Table cluster_list(const Database& db, const ClusterListRequest& request) {
  store::ClusterFilter filter;
  if (!request.province.empty()) filter.province_code = db.province(request.province).code;
  if (!request.region.empty()) {
    filter.region = domain::parse_region(request.region);
    if (!filter.region) throw Error(ErrorKind::kUsage, "unknown region '" + request.region + "'");
  }
  std::optional<domain::ClusterStatus> wanted;
  if (!request.status.empty()) wanted = parse_status_or_throw(request.status);
  // Without a year the store filters on the current status; with one, on the status then.
  if (request.year == 0) filter.status = wanted;
  if (!request.industry.empty()) filter.industry_prefix = request.industry;
  if (!request.zone.empty()) filter.zone_id = db.zone(request.zone).id;

  auto& store = db.store();
  auto provinces = store.provinces();
  report::Table t;
  t.columns = {{"id", "ID", -1, true, 1, false},
               {"name", "集群名称"},
               {"province", "省份"},
               {"zone", "高新区"},
               {"industry", "主导产业"},
               {"status", "状态"},
               {"batch", "批次"}};
  std::map<std::int64_t, std::string> zone_names;
  for (const auto& z : store.zones({})) zone_names[z.id] = z.name;
  std::map<std::int64_t, domain::ClusterStatus> statuses;
  if (request.year != 0) statuses = store.statuses_on(fmt::format("{}-12-31", request.year));
  for (const auto& c : store.clusters(filter)) {
    auto status = std::optional<domain::ClusterStatus>(c.status);
    if (request.year != 0) {
      auto found = statuses.find(c.id);
      if (found == statuses.end() || (wanted && found->second != *wanted)) continue;
      status = found->second;
    }
    if (request.in_programme && !domain::in_programme(*status)) continue;
    t.add_row({c.id, c.name, find_province(provinces, c.province_code).short_zh,
               zone_names[c.zone_id], industry_label(store, c.industry_code), status_text(*status),
               c.batch});
  }
  return t;
}

}  // namespace atlas::app
