// Annual statistics: enterprises of a year, the programme's figures grouped (as `stats`), and a
// cluster's indicators year by year.
#include "atlas/app/cluster_figures.h"
#include "atlas/app/enterprises.h"
#include "atlas/app/statistics.h"
#include "server/parameter_errors.h"
#include "server/path_cluster.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

Reply enterprises(Call& call) {
  app::EnterpriseListRequest request;
  request.year = int_query(call, "year", 0);
  request.cluster = call.query("cluster");
  request.province = call.query("province");
  request.high_tech = call.query("high_tech") == "true";
  request.limit = int_query(call, "limit", 50);
  return {200, listing(call, app::enterprise_list(call.db, request)), {}};
}

Reply statistics(Call& call) {
  app::StatisticsRequest request;
  if (std::string by = call.query("by"); !by.empty()) request.by = by;
  request.year = int_query(call, "year", 0);
  request.all = flag_query(call, "all");
  request.province = call.query("province");
  return {200,
          listing(call,
                  checking_parameters([&] { return app::programme_statistics(call.db, request); })),
          {}};
}

Reply figures(Call& call) {
  auto cluster = path_cluster(call);
  return {
      200, listing(call, app::cluster_figures(call.db, cluster, int_query(call, "year", 0))), {}};
}

}  // namespace

void add_statistics_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/enterprises",
         Action::kReadEnterpriseRows,
         place_in_query({"cluster", "province"}),
         {"A year's enterprises, largest first (as `enterprise list`)",
          "statistics",
          "enterprises",
          {},
          nullptr,
          {"year", "cluster", "province", "high_tech", "limit"}},
         enterprises});
  t.add({"GET",
         "/api/v1/statistics",
         Action::kReadAggregateStatistics,
         place_in_query({"province"}),
         cached({"The programme's figures of a year grouped by province, region, industry or "
                 "status (as `stats`)",
                 "statistics",
                 "statistics",
                 {},
                 nullptr,
                 {"by", "year", "province", "all"}}),
         statistics});
  t.add({"GET",
         "/api/v1/clusters/{id}/figures",
         Action::kReadAggregateStatistics,
         cluster_in_path("id"),
         {"A cluster's indicators year by year (its rows of `export metrics`)",
          "statistics",
          "export-metrics",
          {},
          nullptr,
          {"year"}},
         figures});
}

}  // namespace atlas::server
