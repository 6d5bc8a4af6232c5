// The registry: the public programme overview, the reference data (provinces, industries),
// zones, clusters, their records and histories, and the changes the programme office makes to
// them — each the CLI verb's use case (src/atlas/app), its fields checked here and named as the
// API calls them, its writes audited with the account and the reason given.
#include <algorithm>
#include <cmath>

#include "atlas/app/cluster_changes.h"
#include "atlas/app/cluster_show.h"
#include "atlas/app/clusters.h"
#include "atlas/app/overview.h"
#include "atlas/app/reference.h"
#include "atlas/app/statistics.h"
#include "atlas/app/zone_add.h"
#include "atlas/app/zones.h"
#include "atlas/core/date.h"
#include "atlas/core/text.h"
#include "atlas/domain/industry.h"
#include "atlas/domain/rules.h"
#include "atlas/domain/status.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/parameter_errors.h"
#include "server/path_cluster.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/web_assets.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// A required text field with something in it.
std::string required_text(const nlohmann::json& body, const std::string& key) {
  std::string value = string_field(body, key, true);
  if (text::trim(value).empty()) invalid_input(key, "empty");
  return value;
}

// A zone named by its id (a number or its digits) or its exact name.
std::string zone_field(const nlohmann::json& body, const std::string& key) {
  auto it = body.find(key);
  if (it != body.end() && it->is_number_integer()) return std::to_string(it->get<long long>());
  return required_text(body, key);
}

domain::ClusterStatus status_field(const nlohmann::json& body, const std::string& key) {
  auto status = domain::parse_status(string_field(body, key, true));
  if (!status) {
    invalid_input(
        key, "unknown status: use applicant, cultivation, pilot, recognised, warned or removed");
  }
  return *status;
}

std::string industry_field(const nlohmann::json& body, const std::string& key) {
  std::string code = required_text(body, key);
  if (auto p = domain::industry_code_problem(code)) invalid_input(key, *p);
  return code;
}

// The decision's date (today when absent, never after it), document number and reason.
app::Decision decision_fields(const nlohmann::json& body) {
  std::string date = string_field(body, "date", false);
  std::string today = date::today();
  if (date.empty()) date = today;
  if (auto p = domain::decision_date_problem(date, today)) invalid_input("date", *p);
  return {date, string_field(body, "document_number", false), string_field(body, "reason", false)};
}

// A cluster name as the store will check it, named as the API calls the field.
std::string cluster_name_field(const nlohmann::json& body, const std::string& key) {
  domain::Cluster probe;
  probe.name = string_field(body, key, true);
  if (auto p = domain::cluster_problem(probe)) invalid_input(key, *p);
  return probe.name;
}

// -- reads

Reply overview(Call& call) {
  int year = int_query(call, "year", 0);
  auto years = call.db.store().years_with_data();
  if (year != 0 && std::find(years.begin(), years.end(), year) == years.end()) {
    invalid_input("year", "no annual figures for this year");
  }
  year = call.db.year_or_latest(year);
  Json body = {{"year", year == 0 ? Json() : Json(year)}, {"years", years}};
  auto statistics = [&](const char* by) {
    return year == 0 ? Json()
                     : listing(call, app::programme_statistics(call.db, {by, year, false, ""}));
  };
  body["statistics"] = statistics("region");
  body["provinces"] = statistics("province");
  body["industries"] = statistics("industry");
  body["trend"] = listing(call, app::national_trend(call.db));
  app::ClusterListRequest clusters;
  clusters.in_programme = true;
  body["clusters"] = listing(call, app::cluster_list(call.db, clusters));
  body["places"] = listing(call, app::cluster_places(call.db, year));
  auto assets = web_assets();
  body["map_credit"] = assets ? assets->map_credit : std::string();  // "": no map
  return {200, body, {}};
}

Reply provinces(Call& call) {
  return {200,
          listing(call, checking_parameters(
                            [&] { return app::province_list(call.db, {call.query("region")}); })),
          {}};
}

Reply industries(Call& call) {
  bool sei = flag_query(call, "sei");
  return {
      200,
      listing(
          call, checking_parameters([&] {
            return app::industry_list(call.db, {call.query("level"), call.query("parent"), sei});
          })),
      {}};
}

Reply zones(Call& call) {
  return {200,
          listing(call, app::zone_list(call.db, {call.query("province"), call.query("level")})),
          {}};
}

Reply clusters(Call& call) {
  app::ClusterListRequest request;
  request.province = call.query("province");
  request.region = call.query("region");
  if (!request.region.empty() && !domain::parse_region(request.region)) {
    invalid_input("region", "unknown region: use east, central, west or northeast");
  }
  request.status = call.query("status");
  if (!request.status.empty() && !domain::parse_status(request.status)) {
    invalid_input(
        "status",
        "unknown status: use applicant, cultivation, pilot, recognised, warned or removed");
  }
  request.industry = call.query("industry");
  request.zone = call.query("zone");
  request.year = int_query(call, "year", 0);
  request.in_programme = flag_query(call, "in_programme");
  return {200, listing(call, app::cluster_list(call.db, request)), {}};
}

Reply cluster_show(Call& call) {
  auto cluster = path_cluster(call);
  return {200,
          listing(call, app::cluster_record(call.db, cluster, int_query(call, "year", 0), false)),
          {}};
}

Reply cluster_history(Call& call) {
  return {200, listing(call, app::cluster_history_table(call.db, path_cluster(call))), {}};
}

// -- writes (the programme office's: change-registry)

Reply add_cluster(Call& call) {
  app::ClusterAddRequest request;
  request.name = cluster_name_field(call.body, "name");
  request.zone = zone_field(call.body, "zone");
  request.industry = industry_field(call.body, "industry");
  request.province = string_field(call.body, "province", false);
  if (call.body.contains("status")) request.status = status_field(call.body, "status");
  request.building_unit = string_field(call.body, "building_unit", false);
  request.management_body = string_field(call.body, "management_body", false);
  request.batch = string_field(call.body, "batch", false);
  request.decision = decision_fields(call.body);
  auto added = app::add_cluster(call.db, request, call.store_actor(request.decision.reason));
  const auto& c = added.cluster;
  Json body = {{"cluster", c.id},
               {"name", c.name},
               {"zone", c.zone_id},
               {"province", c.province_code},
               {"industry", c.industry_code},
               {"status", domain::status_key(c.status)},
               {"date", request.decision.date},
               {"batch", c.batch}};
  if (added.industry_note) body["industry_note"] = *added.industry_note;
  return {201, body, {}};
}

Reply record_event(Call& call, domain::EventKind kind) {
  auto cluster = path_cluster(call);
  bool rename = kind == domain::EventKind::kRename;
  std::string value =
      rename ? cluster_name_field(call.body, "name") : industry_field(call.body, "industry");
  auto decision = decision_fields(call.body);
  auto note = app::record_cluster_event(call.db, cluster, kind, value, decision,
                                        call.store_actor(decision.reason));
  Json body = {{"cluster", cluster.id},
               {"change", domain::event_key(kind)},
               {"from", rename ? cluster.name : cluster.industry_code},
               {"to", value},
               {"date", decision.date}};
  if (note) body["industry_note"] = *note;
  return {200, body, {}};
}

Reply rename(Call& call) {
  return record_event(call, domain::EventKind::kRename);
}

Reply rescope(Call& call) {
  return record_event(call, domain::EventKind::kRescope);
}

Reply correct(Call& call) {
  auto cluster = path_cluster(call);
  std::string reason = required_text(call.body, "reason");
  auto change = integer_field(call.body, "change", false);
  if (change && *change < 1) invalid_input("change", "must be a status change's number, 1 or more");
  auto w = app::withdraw_status_change(call.db, cluster, change ? *change : 0, "change", reason,
                                       string_field(call.body, "document_number", false),
                                       call.store_actor(reason));
  return {200,
          {{"cluster", cluster.id},
           {"name", cluster.name},
           {"change", w.change},
           {"withdrawn_status", domain::status_key(w.withdrawn.status)},
           {"withdrawn_date", w.withdrawn.date},
           {"status", domain::status_key(w.status_now)}},
          {}};
}

Reply set_status(Call& call) {
  auto cluster = path_cluster(call);
  auto status = status_field(call.body, "status");
  auto decision = decision_fields(call.body);
  call.store().end_reads();  // the look-up above must not pin the write to an old snapshot
  domain::StatusChange change{status, decision.date, decision.doc_no, decision.reason, "", ""};
  call.store().change_status(cluster.id, change, call.store_actor(decision.reason));
  return {200,
          {{"cluster", cluster.id},
           {"name", cluster.name},
           {"from", domain::status_key(cluster.status)},
           {"to", domain::status_key(status)},
           {"date", decision.date}},
          {}};
}

Reply add_zone(Call& call) {
  app::ZoneAddRequest request;
  domain::Zone probe;
  probe.name = required_text(call.body, "name");
  probe.level = "national";  // the name alone is checked here; the level below
  if (auto p = domain::zone_problem(probe)) invalid_input("name", *p);
  request.name = probe.name;
  request.province = required_text(call.body, "province");
  request.city = required_text(call.body, "city");
  std::string level = string_field(call.body, "level", false);
  if (!level.empty()) {
    if (level != "national" && level != "provincial")
      invalid_input("level", "national or provincial");
    request.level = level;
  }
  request.lat = number_field(call.body, "lat");
  request.lon = number_field(call.body, "lon");
  if (auto p = domain::coordinates_problem(request.lat, request.lon)) {
    // Name the coordinate at fault: a missing or impossible latitude, else the longitude.
    bool lat_wrong = !request.lat || !std::isfinite(*request.lat) || std::abs(*request.lat) > 90;
    invalid_input(lat_wrong ? "lat" : "lon", *p);
  }
  std::string reason = string_field(call.body, "reason", false);
  auto id = app::add_zone(call.db, request, call.store_actor(reason));
  return {201,
          {{"zone", id},
           {"name", request.name},
           {"province", call.db.province(request.province).code},
           {"level", request.level}},
          {}};
}

Json decision_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                     std::initializer_list<const char*> required) {
  Json schema = object_schema(fields, required);
  for (const char* key : {"date", "document_number", "reason"}) {
    schema["properties"][key] = {{"type", "string"}};
  }
  return schema;
}

}  // namespace

void add_registry_routes(RouteTable& t) {
  t.add({"GET", "/api/v1/overview", Action::kReadPublicOverview, programme_wide(),
         cached({"The public programme overview of a year (?year=, the latest when absent): "
                 "its statistics by region, province and industry, the national totals of every "
                 "year, the clusters in the programme and where they are, and the map's credit",
                 "overview",
                 "",
                 object_schema({{"year", "integer"},
                                {"years", "array"},
                                {"statistics", "object"},
                                {"provinces", "object"},
                                {"industries", "object"},
                                {"trend", "object"},
                                {"clusters", "object"},
                                {"places", "object"},
                                {"map_credit", "string"}},
                               {"year", "years", "statistics", "clusters", "places"}),
                 nullptr,
                 {"year"}}),
         overview});
  t.add({"GET",
         "/api/v1/provinces",
         Action::kReadPublicOverview,
         programme_wide(),
         {"Provincial-level divisions with code, names and region (as `province list`)",
          "registry",
          "provinces",
          {},
          nullptr,
          {"region"}},
         provinces});
  t.add({"GET",
         "/api/v1/industries",
         Action::kReadPublicOverview,
         programme_wide(),
         {"Industries of GB/T 4754-2017 the database knows (as `industry list`)",
          "registry",
          "industries",
          {},
          nullptr,
          {"level", "parent", "sei"}},
         industries});
  t.add({"GET", "/api/v1/zones", Action::kReadRegistry, place_in_query({"province"}),
         cached({"High-tech zones, each with its active cluster (as `zone list`)",
                 "registry",
                 "zones",
                 {},
                 nullptr,
                 {"province", "level"}}),
         zones});
  t.add(
      {"POST",
       "/api/v1/zones",
       Action::kChangeRegistry,
       programme_wide(),
       {"Record a high-tech zone (as `zone add`), audited with the account",
        "registry",
        "",
        object_schema(
            {{"zone", "integer"}, {"name", "string"}, {"province", "string"}, {"level", "string"}},
            {"zone", "name", "province", "level"}),
        object_schema({{"name", "string"},
                       {"province", "string"},
                       {"city", "string"},
                       {"level", "string"},
                       {"lat", "number"},
                       {"lon", "number"},
                       {"reason", "string"}},
                      {"name", "province", "city"}),
        {},
        201},
       add_zone});
  t.add({"GET",
         "/api/v1/clusters",
         Action::kReadRegistry,
         place_in_query({"zone", "province"}),
         {"Clusters, filtered as `cluster list` filters them",
          "registry",
          "clusters",
          {},
          nullptr,
          {"province", "region", "status", "industry", "zone", "year", "in_programme"}},
         clusters});
  // A zone is named by its id (a number) or its exact name.
  Json add_cluster_request = decision_schema({{"name", "string"},
                                              {"zone", "string"},
                                              {"industry", "string"},
                                              {"province", "string"},
                                              {"status", "string"},
                                              {"building_unit", "string"},
                                              {"management_body", "string"},
                                              {"batch", "string"}},
                                             {"name", "zone", "industry"});
  add_cluster_request["properties"]["zone"]["type"] = Json::array({"integer", "string"});
  t.add({"POST",
         "/api/v1/clusters",
         Action::kChangeRegistry,
         programme_wide(),
         {"Record a cluster in a zone (as `cluster add`), audited with the account",
          "registry",
          "",
          object_schema({{"cluster", "integer"},
                         {"name", "string"},
                         {"zone", "integer"},
                         {"province", "string"},
                         {"industry", "string"},
                         {"status", "string"},
                         {"date", "string"},
                         {"batch", "string"},
                         {"industry_note", "string"}},
                        {"cluster", "name", "zone", "province", "industry", "status", "date"}),
          add_cluster_request,
          {},
          201},
         add_cluster});
  t.add({"GET",
         "/api/v1/clusters/{id}",
         Action::kReadRegistry,
         cluster_in_path("id"),
         {"One cluster: its registry record and the figures of a year (as `cluster show`)",
          "registry",
          "cluster-record",
          {},
          nullptr,
          {"year"}},
         cluster_show});
  t.add({"GET",
         "/api/v1/clusters/{id}/history",
         Action::kReadRegistry,
         cluster_in_path("id"),
         {"Every status change, event and correction of a cluster, in order (as `cluster "
          "history`)",
          "registry", "cluster-history"},
         cluster_history});
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
          decision_schema({{"status", "string"}}, {"status"})},
         set_status});
  Json event_reply = object_schema({{"cluster", "integer"},
                                    {"change", "string"},
                                    {"from", "string"},
                                    {"to", "string"},
                                    {"date", "string"},
                                    {"industry_note", "string"}},
                                   {"cluster", "change", "from", "to", "date"});
  t.add({"POST",
         "/api/v1/clusters/{id}/rename",
         Action::kChangeRegistry,
         cluster_in_path("id"),
         {"Rename a cluster, the old name kept in its history (as `cluster rename`), audited "
          "with the account",
          "registry", "", event_reply, decision_schema({{"name", "string"}}, {"name"})},
         rename});
  t.add({"POST",
         "/api/v1/clusters/{id}/rescope",
         Action::kChangeRegistry,
         cluster_in_path("id"),
         {"Change a cluster's leading industry (as `cluster rescope`), audited with the account",
          "registry", "", event_reply, decision_schema({{"industry", "string"}}, {"industry"})},
         rescope});
  t.add(
      {"POST",
       "/api/v1/clusters/{id}/corrections",
       Action::kChangeRegistry,
       cluster_in_path("id"),
       {"Withdraw a status change recorded in error, both kept in the history (as `cluster "
        "correct`), audited with the account",
        "registry", "",
        object_schema({{"cluster", "integer"},
                       {"name", "string"},
                       {"change", "integer"},
                       {"withdrawn_status", "string"},
                       {"withdrawn_date", "string"},
                       {"status", "string"}},
                      {"cluster", "change", "withdrawn_status", "withdrawn_date", "status"}),
        object_schema({{"reason", "string"}, {"change", "integer"}, {"document_number", "string"}},
                      {"reason"})},
       correct});
}

}  // namespace atlas::server
