// Defence sessions (视频答辩, docs/rounds.md): the office schedules a panel's session and moves
// slots with their reasons; a zone reads its own slot and an expert the slots they sit in — each
// the CLI verb's use case (app/defence.h).
#include "atlas/app/defence.h"
#include "atlas/core/error.h"
#include "atlas/store/round_reviews.h"
#include "server/json_body.h"
#include "server/parameter_errors.h"
#include "server/path_match.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

Reply schedule(Call& call) {
  app::DefenceRequest r;
  r.round_id = path_id(call, "id", "selection round");
  r.date = string_field(call.body, "date", true);
  r.start = string_field(call.body, "start", true);
  if (auto m = integer_field(call.body, "minutes", false)) r.minutes = static_cast<int>(*m);
  if (auto panel = string_field(call.body, "panel", false); !panel.empty()) r.panel = panel;
  r.place = string_field(call.body, "place", false);
  if (auto n = integer_field(call.body, "break_after", false)) r.break_after = static_cast<int>(*n);
  if (auto m = integer_field(call.body, "break_minutes", false)) {
    r.break_minutes = static_cast<int>(*m);
  }
  if (auto apps = call.body.find("applications"); apps != call.body.end()) {
    if (!apps->is_array()) invalid_input("applications", "an array of application ids");
    for (const auto& a : *apps) {
      if (!a.is_number_integer()) invalid_input("applications", "an array of application ids");
      r.applications.push_back(a.get<std::int64_t>());
    }
  }
  auto id = app::schedule_defence(call.db, r, call.store_actor(""));
  std::int64_t slots = 0;
  for (const auto& s : call.store().round_reviews().defence_slots(r.round_id)) {
    slots += s.session_id == id ? 1 : 0;
  }
  return {201, {{"session", id}, {"slots", slots}}, {}};
}

Reply schedule_table(Call& call) {
  return {
      200, listing(call, app::defence_table(call.db, path_id(call, "id", "selection round"))), {}};
}

Reply move(Call& call) {
  auto id = path_id(call, "id", "defence slot");
  auto reason = string_field(call.body, "reason", true);
  auto start = string_field(call.body, "start", true);
  auto date = string_field(call.body, "date", false);
  app::move_defence_slot(call.db, id, date, start, reason, call.store_actor(reason));
  return {200, {{"slot", id}, {"start", start}}, {}};
}

// A zone account is told its zone's slots; an expert account linked to a pool expert (`review
// link`) the slots that expert sits in; any other account has no defence of its own.
Reply my_defence(Call& call) {
  auto round_id = path_id(call, "id", "selection round");
  app::DefenceParty party;
  if (call.who.account && call.who.account->role == auth::Role::kZone) {
    party.zone_id = call.who.account->scope.zone_id;
  } else if (call.who.account && call.who.account->role == auth::Role::kExpert) {
    party.expert_code = call.store().round_reviews().expert_of_account(call.who.account->id);
  }
  if (!party.zone_id && !party.expert_code) {
    throw Error(ErrorKind::kNotFound,
                "this account has no defence slot: a zone's account, or an expert's linked with "
                "clusteratlas review link, has");
  }
  return {200, listing(call, app::defence_notice(call.db, round_id, party)), {}};
}

}  // namespace

void add_defence_routes(RouteTable& t) {
  t.add({"POST",
         "/api/v1/rounds/{id}/defence",
         Action::kManageRounds,
         programme_wide(),
         {"Schedule a panel's defence session (视频答辩) and its slots (as `defence schedule`)",
          "rounds",
          "",
          object_schema({{"session", "integer"}, {"slots", "integer"}}, {"session", "slots"}),
          object_schema({{"date", "string"},
                         {"start", "string"},
                         {"minutes", "integer"},
                         {"panel", "string"},
                         {"place", "string"},
                         {"break_after", "integer"},
                         {"break_minutes", "integer"},
                         {"applications", "array"}},
                        {"date", "start"}),
          {},
          201},
         schedule});
  t.add(
      {"GET",
       "/api/v1/rounds/{id}/defence",
       Action::kManageRounds,
       programme_wide(),
       {"The round's defence slots, panels and scores in (as `defence list`)", "rounds", "defence"},
       schedule_table});
  t.add({"POST",
         "/api/v1/defence-slots/{id}/move",
         Action::kManageRounds,
         programme_wide(),
         {"Move a defence slot, with the reason (as `defence move`)", "rounds", "",
          object_schema({{"slot", "integer"}, {"start", "string"}}, {"slot", "start"}),
          object_schema({{"start", "string"}, {"date", "string"}, {"reason", "string"}},
                        {"start", "reason"})},
         move});
  // Told one's slot: any account may ask, and sees only its zone's or its expert's slots.
  t.add({"GET",
         "/api/v1/rounds/{id}/my-defence",
         Action::kManageOwnAccount,
         programme_wide(),
         {"The caller's defence slots: its zone's, or those its expert sits in", "rounds",
          "defence-notice"},
         my_defence});
}

}  // namespace atlas::server
