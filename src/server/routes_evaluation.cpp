// Evaluations of the programme under a shipped indicator system.
#include "atlas/app/evaluation.h"
#include "atlas/app/evaluation_document.h"
#include "atlas/core/resources.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

Reply evaluate(Call& call) {
  app::EvaluationRequest request;
  request.system = string_field(call.body, "system", true);
  // Only a shipped system: a name is never a path on the server's disk.
  if (!find_resource("data/systems/" + request.system + ".yaml") ||
      request.system.find('/') != std::string::npos) {
    throw ApiError(404, "not-found", "没有名为 " + request.system + " 的指标体系",
                   "no shipped indicator system named '" + request.system +
                       "' (see `clusteratlas systems list`)",
                   {"", 0, "", "system"});
  }
  request.year = static_cast<int>(integer_field(call.body, "year", false).value_or(0));
  request.province = string_field(call.body, "province", false);
  auto evaluation = app::run_evaluation(&call.db, request);
  return {200, app::evaluation_document(*evaluation), {}};
}

}  // namespace

void add_evaluation_routes(RouteTable& t) {
  t.add({"POST",
         "/api/v1/evaluations",
         Action::kRunEvaluation,
         programme_wide(),
         {"Evaluate the clusters of a year against a shipped indicator system (as `evaluate`)",
          "evaluation",
          "evaluation",
          {},
          object_schema({{"system", "string"}, {"year", "integer"}, {"province", "string"}},
                        {"system"})},
         evaluate});
}

}  // namespace atlas::server
