// Re-evaluation (复核) of admitted clusters (docs/rounds.md): a round's proposals and the office's
// confirmation, each the `reevaluate` verb's use case (src/atlas/app/reevaluation.h). Both are the
// programme office's (manage-rounds): a proposal to warn a named cluster is a draft of the
// office's decision, not yet a published list, and computing it runs a national evaluation.
#include "atlas/app/reevaluation.h"
#include "server/json_body.h"
#include "server/parameter_errors.h"
#include "server/path_match.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

std::int64_t round_id(const Call& call) {
  return path_id(call, "id", "selection round");
}

Reply proposals(Call& call) {
  app::ReevaluationRequest r;
  r.round_id = round_id(call);
  r.year = int_query(call, "year", 0);
  r.min_years = int_query(call, "min_years", 3);
  r.below = call.query("below");
  return {200,
          listing(call, checking_parameters([&] {
                    return app::reevaluation_table(app::propose_reevaluation(call.db, r));
                  })),
          {}};
}

Reply confirm(Call& call) {
  app::ReevaluationRequest r;
  r.round_id = round_id(call);
  r.year = static_cast<int>(integer_field(call.body, "year", false).value_or(0));
  r.min_years = static_cast<int>(integer_field(call.body, "min_years", false).value_or(3));
  r.below = string_field(call.body, "below", false);
  std::vector<std::int64_t> only;
  if (auto list = call.body.find("only"); list != call.body.end() && !list->is_null()) {
    if (!list->is_array()) invalid_input("only", "an array of cluster ids");
    for (const auto& id : *list) {
      if (!id.is_number_integer()) invalid_input("only", "an array of cluster ids");
      only.push_back(id.get<std::int64_t>());
    }
  }
  auto reason = string_field(call.body, "reason", false);
  auto decision = checking_parameters(
      [&] { return app::confirm_reevaluation(call.db, r, only, call.store_actor(reason)); });
  return {200, listing(call, app::decision_table(decision)), {}};
}

}  // namespace

void add_reevaluation_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/rounds/{id}/reevaluation",
         Action::kManageRounds,
         programme_wide(),
         {"A re-evaluation round's proposals for the clusters due (as `reevaluate ROUND`)",
          "rounds",
          "reevaluation",
          {},
          nullptr,
          {"year", "min_years", "below"}},
         proposals});
  t.add({"POST",
         "/api/v1/rounds/{id}/reevaluation/confirm",
         Action::kManageRounds,
         programme_wide(),
         {"The office confirms the proposed warnings and removals, recorded under the round's "
          "文号 in one transaction (as `reevaluate ROUND --confirm`)",
          "rounds",
          "reevaluation-decision",
          {},
          object_schema({{"year", "integer"},
                         {"min_years", "integer"},
                         {"below", "string"},
                         {"only", "array"},
                         {"reason", "string"}},
                        {})},
         confirm});
}

}  // namespace atlas::server
