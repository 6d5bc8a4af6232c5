// The registry: the public programme overview, zones, clusters and their status decisions.
#include "atlas/app/clusters.h"
#include "atlas/app/statistics.h"
#include "atlas/app/zones.h"
#include "atlas/core/date.h"
#include "atlas/domain/status.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

Reply overview(Call& call) {
  int year = call.db.year_or_latest(0);
  Json body = {{"year", year == 0 ? Json() : Json(year)}};
  body["statistics"] =
      year == 0 ? Json() : listing(call, app::programme_statistics(call.db, {"region", year}));
  app::ClusterListRequest clusters;
  clusters.in_programme = true;
  body["clusters"] = listing(call, app::cluster_list(call.db, clusters));
  return {200, body, {}};
}

Reply zones(Call& call) {
  return {200,
          listing(call, app::zone_list(call.db, {call.query("province"), call.query("level")})),
          {}};
}

Reply set_status(Call& call) {
  const std::string& id_text = call.params.at("id");
  auto id = parse_id(id_text);
  auto cluster = id ? call.store().cluster(*id) : std::nullopt;
  if (!cluster) {
    throw Error(ErrorKind::kNotFound, "no cluster with id " + id_text);
  }
  auto status = domain::parse_status(string_field(call.body, "status", true));
  if (!status) {
    throw ApiError(422, "invalid-input", "未知的状态",
                   "unknown status: use applicant, cultivation, pilot, recognised, warned or "
                   "removed",
                   {"", 0, "", "status"});
  }
  std::string date = string_field(call.body, "date", false);
  std::string today = date::today();
  if (date.empty()) date = today;
  if (auto p = domain::decision_date_problem(date, today)) {
    throw ApiError(422, "invalid-input", "字段 date 无效：" + *p, *p, {"", 0, "", "date"});
  }
  std::string reason = string_field(call.body, "reason", false);
  call.store().end_reads();  // the look-up above must not pin the write to an old snapshot
  domain::StatusChange change{*status, date, string_field(call.body, "document_number", false),
                              reason,  "",   ""};
  call.store().change_status(cluster->id, change, call.store_actor(reason));
  return {200,
          {{"cluster", cluster->id},
           {"name", cluster->name},
           {"from", domain::status_key(cluster->status)},
           {"to", domain::status_key(*status)},
           {"date", date}},
          {}};
}

}  // namespace

void add_registry_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/overview",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The public programme overview: national statistics of the latest year by region and "
          "the clusters in the programme",
          "overview",
          "",
          object_schema({{"year", "integer"}, {"statistics", "object"}, {"clusters", "object"}},
                        {"year", "statistics", "clusters"}),
          nullptr,
          {},
          200,
          true},
         overview});
  t.add({"GET",
         "/api/v1/zones",
         Action::kReadRegistry,
         place_in_query({"province"}),
         {"High-tech zones, each with its active cluster (as `zone list`)",
          "registry",
          "zones",
          {},
          nullptr,
          {"province", "level"},
          200,
          true},
         zones});
  t.add({"POST",
         "/api/v1/clusters/{id}/status",
         Action::kChangeRegistry,
         cluster_in_path("id"),
         {"Record a status decision of a cluster (as `cluster set-status`), audited with the "
          "account",
          "registry", "",
          object_schema({{"cluster", "integer"},
                         {"name", "string"},
                         {"from", "string"},
                         {"to", "string"},
                         {"date", "string"}},
                        {"cluster", "to", "date"}),
          object_schema({{"status", "string"},
                         {"date", "string"},
                         {"document_number", "string"},
                         {"reason", "string"}},
                        {"status"})},
         set_status});
}

}  // namespace atlas::server
