// Annual statistics: enterprises of a year.
#include "atlas/app/enterprises.h"
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
}

}  // namespace atlas::server
