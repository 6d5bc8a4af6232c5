// The routes of the API: health, readiness and the OpenAPI document here, the resources in their
// groups (route_groups.h), each request → one app/ or store call → JSON. Which action and which
// resource each route declares is the authorisation contract (docs/api.md lists it; the
// authorisation-matrix test in tests/api checks every route against it).
#include "server/openapi.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {

using Json = nlohmann::ordered_json;
using auth::Action;

RouteTable api_routes() {
  RouteTable t;
  const Json status_body = object_schema({{"status", "string"}}, {"status"});
  t.add({"GET",
         "/healthz",
         Action::kLogIn,
         programme_wide(),
         {"Liveness: the process answers", "health", "", status_body},
         [](Call&) {
           return Reply{200, {{"status", "ok"}}, {}};
         }});
  t.add({"GET",
         "/readyz",
         Action::kLogIn,
         programme_wide(),
         {"Readiness: the store answers", "health", "",
          object_schema({{"status", "string"}, {"schema_version", "integer"}}, {"status"})},
         [](Call& call) {
           return Reply{
               200, {{"status", "ready"}, {"schema_version", call.store().schema_version()}}, {}};
         }});
  t.add({"GET",
         "/api/v1/openapi.json",
         Action::kLogIn,
         programme_wide(),
         {"This document: every route, generated from the route table", "meta", "",
          Json{{"type", "object"}}},
         [](Call&) {
           static const Json document = openapi_document(api_routes());
           return Reply{200, document, {}};
         }});
  add_session_routes(t);
  add_registry_routes(t);
  add_statistics_routes(t);
  add_evaluation_routes(t);
  add_systems_routes(t);
  add_exports_routes(t);
  add_report_routes(t);
  add_import_routes(t);
  add_job_routes(t);
  add_discovery_routes(t);
  add_round_routes(t);
  add_round_review_routes(t);
  add_reevaluation_routes(t);
  add_defence_routes(t);
  add_account_routes(t);
  add_audit_log_routes(t);
  add_web_routes(t);
  return t;
}

}  // namespace atlas::server
