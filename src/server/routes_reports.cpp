// Reports as downloads: the annual report and cluster fact sheets as PDF, HTML or XLSX — the
// documents `clusteratlas report` writes (app/annual_report.h, app/fact_sheets.h). Reading them
// is reading aggregate statistics; a scoped account gets its own clusters' fact sheets (a
// province its province's, ?province= or ?zone= narrowing the list) and 403 for others. A fact
// sheet lists leading enterprises only for an account that may read enterprise rows there. A
// round's report holds its reviews, decision and objections and names its experts: the programme
// office's alone, as the round's reviews and decision are (decide-application).
#include <mutex>

#include <fmt/format.h>

#include "atlas/app/annual_report.h"
#include "atlas/app/clusters.h"
#include "atlas/app/fact_sheets.h"
#include "atlas/app/round_report.h"
#include "atlas/app/rounds.h"
#include "atlas/report/document/output.h"
#include "server/api_error.h"
#include "server/path_cluster.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/web_assets.h"

namespace atlas::server {
namespace {

using auth::Action;
using report::document::OutputFormat;

struct Asked {
  OutputFormat format = OutputFormat::kPdf;
  report::document::Language language = report::document::Language::kZh;
  const char* extension = "pdf";
};

Asked asked(const Call& call) {
  Asked a;
  std::string format = call.query("format").empty() ? "pdf" : call.query("format");
  if (format != "pdf" && format != "html" && format != "xlsx") {
    throw ApiError(
        422, "invalid-input", "查询参数 format 须为 pdf、html 或 xlsx",
        fmt::format("query parameter format must be pdf, html or xlsx, not '{}'", format),
        {"", 0, "", "format"});
  }
  a.format = report::document::output_format(format, "");
  a.extension = format == "pdf" ? "pdf" : format == "html" ? "html" : "xlsx";
  std::string lang = call.query("lang").empty() ? "zh" : call.query("lang");
  if (lang != "zh" && lang != "en") {
    throw ApiError(422, "invalid-input", "查询参数 lang 须为 zh 或 en",
                   fmt::format("query parameter lang must be zh or en, not '{}'", lang),
                   {"", 0, "", "lang"});
  }
  a.language = report::document::parse_language(lang);
  return a;
}

// The province map of the dashboard (or the one `serve --map` gave), read once per set of assets.
const report::chart::ChinaMap* served_map() {
  static std::mutex mutex;
  static std::shared_ptr<const WebAssets> read_from;
  static std::optional<report::chart::ChinaMap> map;
  auto assets = web_assets();
  std::lock_guard lock(mutex);
  if (assets != read_from) {
    read_from = assets;
    map.reset();
    if (assets && !assets->map.bytes.empty())
      map = report::chart::load_china_map(assets->map.bytes);
  }
  return map ? &*map : nullptr;
}

Reply document_reply(const report::document::Document& doc, const Asked& a,
                     const std::string& ascii_name, const std::string& utf8_name,
                     const app::Database& db) {
  Reply reply;
  reply.download = bytes_written(
      fmt::format("report.{}", a.extension),
      [&](const std::string& path) { report::document::write_document(doc, path, a.format); });
  reply.download_type = report::document::media_type(a.format);
  reply.headers.push_back({"Content-Disposition",
                           attachment_disposition(fmt::format("{}.{}", ascii_name, a.extension),
                                                  fmt::format("{}.{}", utf8_name, a.extension))});
  if (db.synthetic_notice()) reply.headers.push_back({"X-Synthetic-Data", "true"});
  return reply;
}

Reply annual(Call& call) {
  Asked a = asked(call);
  app::AnnualReportRequest r;
  r.year = call.db.year_with_data(int_query(call, "year", 0));
  r.language = a.language;
  r.uncertainty = int_query(call, "uncertainty", 200);
  if (r.uncertainty < 0 || r.uncertainty > 2000) {
    throw ApiError(422, "invalid-input", "查询参数 uncertainty 须在 0 到 2000 之间",
                   "query parameter uncertainty must be from 0 to 2000",
                   {"", 0, "", "uncertainty"});
  }
  if (!call.query("system").empty()) r.system = call.query("system");
  r.map = served_map();
  auto doc = app::annual_report(call.db, r);
  return document_reply(doc, a, fmt::format("annual-report-{}", r.year),
                        fmt::format("{}年创新型产业集群发展报告", r.year), call.db);
}

app::FactSheetRequest sheets_request(const Call& call, const Asked& a,
                                     const auth::Resource& place) {
  app::FactSheetRequest r;
  r.year = call.db.year_with_data(int_query(call, "year", 0));
  r.language = a.language;
  if (!call.query("system").empty()) r.system = call.query("system");
  r.enterprises = auth::allowed(call.who.actor, Action::kReadEnterpriseRows, place);
  return r;
}

Reply one_sheet(Call& call) {
  Asked a = asked(call);
  auto c = path_cluster(call);
  auth::Resource place;
  place.province_code = c.province_code;
  place.zone_id = c.zone_id;
  place.cluster_id = c.id;
  auto r = sheets_request(call, a, place);
  r.clusters = {c.id};
  auto doc = app::fact_sheets(call.db, r);
  return document_reply(doc, a, fmt::format("fact-sheet-{}-{}", c.id, r.year),
                        fmt::format("{}-{}", c.name, r.year), call.db);
}

const std::vector<std::string> kListFilters = {"zone", "province"};

Reply many_sheets(Call& call) {
  Asked a = asked(call);
  auto place = place_in_query(kListFilters).resolve(call);
  auto r = sheets_request(call, a, place);
  app::ClusterListRequest q;
  q.year = r.year;
  q.in_programme = true;
  q.zone = call.query("zone");
  q.province = q.zone.empty() ? call.query("province") : "";
  for (const auto& row : app::cluster_list(call.db, q).rows) {
    r.clusters.push_back(std::get<std::int64_t>(row[0]));
  }
  if (r.clusters.empty()) {
    throw ApiError(404, "not-found", "该范围内年末没有在册集群",
                   fmt::format("no clusters in the programme there at the end of {}", r.year));
  }
  auto doc = app::fact_sheets(call.db, r);
  std::string where = place.zone_id         ? fmt::format("-zone-{}", *place.zone_id)
                      : place.province_code ? "-" + *place.province_code
                                            : "";
  return document_reply(doc, a, fmt::format("fact-sheets{}-{}", where, r.year),
                        fmt::format("集群概况{}-{}", where, r.year), call.db);
}

Reply round_report(Call& call) {
  Asked a = asked(call);
  app::RoundReportRequest r;
  r.round_id = path_id(call, "id", "selection round");
  r.language = a.language;
  auto round = app::existing_round(call.store(), r.round_id);
  auto doc = app::round_report(call.db, r);
  return document_reply(doc, a, fmt::format("round-report-{}", r.round_id),
                        fmt::format("{}工作报告", round.name), call.db);
}

RouteDoc download_doc(const std::string& summary, std::vector<std::string> query) {
  RouteDoc doc{summary, "reports",
               "",      nlohmann::ordered_json{{"type", "string"}, {"format", "binary"}},
               nullptr, std::move(query)};
  doc.download_types = {"application/pdf", "text/html",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  return doc;
}

}  // namespace

void add_report_routes(RouteTable& t) {
  t.add({"GET", "/api/v1/reports/annual", Action::kReadAggregateStatistics, programme_wide(),
         download_doc("The annual report of the programme as PDF, HTML or XLSX (as `report "
                      "annual`)",
                      {"year", "format", "lang", "uncertainty", "system"}),
         annual});
  t.add({"GET", "/api/v1/reports/clusters/{id}", Action::kReadAggregateStatistics,
         cluster_in_path("id"),
         download_doc("A cluster's fact sheet as PDF, HTML or XLSX (as `report cluster ID`); "
                      "its leading enterprises only for an account that may read enterprise rows",
                      {"year", "format", "lang", "system"}),
         one_sheet});
  t.add({"GET", "/api/v1/reports/clusters", Action::kReadAggregateStatistics,
         place_in_query(kListFilters),
         download_doc("The fact sheets of the clusters in the programme, of a zone or a province, "
                      "in one document (as `report cluster --all`)",
                      {"year", "format", "lang", "system", "zone", "province"}),
         many_sheets});
  t.add({"GET", "/api/v1/reports/rounds/{id}", Action::kDecideApplication, programme_wide(),
         download_doc("A selection round's report as PDF, HTML or XLSX: applications, "
                      "recommendations, panel, reliability, scores and decision, objections and "
                      "answers (as `report round ID`)",
                      {"format", "lang"}),
         round_report});
}

}  // namespace atlas::server
