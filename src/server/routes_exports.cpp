// Exports: a year's table of one kind as a download — CSV (UTF-8 with a byte-order mark, as
// `export --bom` writes it for Excel), the JSON table document, or an XLSX workbook — the same
// bytes `clusteratlas export KIND` writes (app/export_files.h). One route per kind, because the
// kinds need different rights: enterprise-level rows (enterprises; institutions, which name
// their legal representatives) need read-enterprise-rows, the others read-aggregate-statistics.
// A scoped account narrows its export to its scope (?cluster=, ?zone=, ?province=) or gets 403.
#include <map>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/export_files.h"
#include "atlas/core/suggest.h"
#include "server/api_error.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

struct Kind {
  Action action;
  const char* name_zh;  // the file's name in Chinese, for filename*
  const char* about;
};

const std::map<std::string, Kind>& kinds() {
  static const std::map<std::string, Kind> k = {
      {"enterprises", {Action::kReadEnterpriseRows, "企业", "a year's enterprises, one row each"}},
      {"institutions",
       {Action::kReadEnterpriseRows, "服务机构",
        "a year's service institutions (JQ03), with their legal representatives"}},
      {"clusters",
       {Action::kReadAggregateStatistics, "集群报表", "each cluster's own report (JQ01)"}},
      {"platforms",
       {Action::kReadAggregateStatistics, "平台", "every cluster's current platforms"}},
      {"alliances", {Action::kReadAggregateStatistics, "产业联盟", "a year's alliances (JQ04)"}},
      {"metrics",
       {Action::kReadAggregateStatistics, "集群指标", "every cluster's indicators of a year"}},
  };
  return k;
}

const std::vector<std::string> kFilters = {"cluster", "zone", "province"};

// The same look-up as place_in_query's: the first filter given, narrowest first.
app::ExportScope scope_of(const Call& call) {
  app::ExportScope scope;
  if (auto v = call.query("cluster"); !v.empty()) {
    auto id = parse_id(v);
    if (id && !call.store().cluster(*id)) {
      throw Error(ErrorKind::kNotFound, "no cluster with id " + v, {"", 0, "", "cluster"});
    }
    scope.cluster_id = id ? *id : call.db.cluster(v).id;
  } else if (auto z = call.query("zone"); !z.empty()) {
    scope.zone_id = call.db.zone(z).id;
  } else if (auto p = call.query("province"); !p.empty()) {
    scope.province_code = call.db.province(p).code;
  }
  return scope;
}

Reply download(Call& call, const std::string& what) {
  app::ExportRequest request;
  request.what = what;
  request.year = int_query(call, "year", 0);
  request.format = call.query("format").empty() ? "csv" : call.query("format");
  const auto& formats = app::export_formats();
  if (std::find(formats.begin(), formats.end(), request.format) == formats.end()) {
    throw ApiError(
        422, "invalid-input", "查询参数 format 须为 csv、json 或 xlsx",
        fmt::format("query parameter format must be csv, json or xlsx, not '{}'", request.format),
        {"", 0, "", "format"});
  }
  request.bom = true;  // Excel reads a CSV as UTF-8 only with the mark
  request.scope = scope_of(call);

  Reply reply;
  app::ExportFile file;
  if (request.format == "xlsx") {
    reply.download = bytes_written("export.xlsx", [&](const std::string& path) {
      file = app::write_export_xlsx(call.db, request, path);
    });
    reply.download_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  } else {
    std::ostringstream out;
    file = app::write_export(call.db, request, out);
    reply.download = std::move(out).str();
    reply.download_type =
        request.format == "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";
  }
  std::string place = request.scope.cluster_id
                          ? fmt::format("-cluster-{}", *request.scope.cluster_id)
                      : request.scope.zone_id ? fmt::format("-zone-{}", *request.scope.zone_id)
                      : request.scope.province_code ? "-" + *request.scope.province_code
                                                    : "";
  std::string year = file.year ? fmt::format("-{}", file.year) : "";
  std::string ascii = fmt::format("{}{}{}.{}", what, year, place, request.format);
  std::string utf8 = fmt::format("{}{}{}.{}", file.year ? fmt::format("{}年", file.year) : "",
                                 kinds().at(what).name_zh, place, request.format);
  reply.headers.push_back({"Content-Disposition", attachment_disposition(ascii, utf8)});
  // CSV has no place for the synthetic-data notice (JSON and XLSX carry it): a header says it.
  if (file.notice) reply.headers.push_back({"X-Synthetic-Data", "true"});
  return reply;
}

Reply unknown_kind(Call& call) {
  std::vector<std::string> names;
  for (const auto& [name, kind] : kinds()) names.push_back(name);
  const std::string& what = call.params.at("kind");
  throw ApiError(404, "not-found", "没有名为 " + what + " 的导出类型",
                 fmt::format("no export '{}'{}; the kinds: {}", what,
                             text::did_you_mean(what, names), fmt::join(names, ", ")),
                 {"", 0, "", "kind"});
}

}  // namespace

void add_exports_routes(RouteTable& t) {
  for (const auto& what : app::export_kinds()) {
    auto kind = kinds().find(what);
    if (kind == kinds().end()) {
      throw std::logic_error("export kind " + what + " has no action in routes_exports.cpp");
    }
    RouteDoc doc{fmt::format("Download {} as CSV (UTF-8 with BOM), JSON or XLSX (as `export {}`)",
                             kind->second.about, what),
                 "exports",
                 "export-" + what,
                 {},
                 nullptr,
                 {"year", "format", "cluster", "zone", "province"}};
    doc.download_types = {"text/csv",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
    t.add({"GET", "/api/v1/exports/" + what, kind->second.action, place_in_query(kFilters), doc,
           [what](Call& call) { return download(call, what); }});
  }
  // Any other name: a 404 that names it and the kinds there are.
  t.add({"GET",
         "/api/v1/exports/{kind}",
         Action::kReadAggregateStatistics,
         place_in_query(kFilters),
         {"An export kind that does not exist: 404 naming the kinds", "exports", "",
          Json{{"type", "object"}}},
         unknown_kind});
}

}  // namespace atlas::server
