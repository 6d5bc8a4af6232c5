// Defence sessions (视频答辩) as the shells offer them (`defence schedule|list|move|notice`, the
// API's /defence routes): a panel's session laid out from its start and slot length for the
// round's recommended applications, the schedule with each panel's experts and whether their
// reviews (the session's scores) are in, a notice for each party, and a slot moved with its
// reason. Errors are atlas::Error; nothing printed.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/report/table.h"
#include "atlas/store/store.h"

namespace atlas::app {

struct DefenceRequest {
  std::int64_t round_id = 0;
  std::string panel = "第一组";
  std::string date;   // YYYY-MM-DD
  std::string start;  // HH:MM
  int minutes = 20;
  int break_after = 0;     // slots before each break; 0: no break
  int break_minutes = 10;  // how long a break is
  std::string place;       // a video meeting's link or a room
  // In the order heard; empty: every recommended application of the round without a slot yet,
  // by id.
  std::vector<std::int64_t> applications;
};

// Lays the session out (rounds::lay_out_session; kBadInput naming the problem) and stores it with
// all its slots or none (the store's rules). Returns the session's id.
std::int64_t schedule_defence(const Database& db, const DefenceRequest& request,
                              const store::Actor& actor);

// slot, application, cluster_name, zone, panel, date, start, end, place, experts (the
// application's assigned reviewers), reviews_in ("2/3": their reviews submitted), moves: the
// round's slots by day and time.
report::Table defence_table(const Database& db, std::int64_t round_id);

// Moves a slot to `start` on `date` (empty: the slot's own day), with a reason.
void move_defence_slot(const Database& db, std::int64_t slot_id, const std::string& date,
                       const std::string& start, const std::string& reason,
                       const store::Actor& actor);

// What one party is told: a zone, the slots of its applications; an expert (by code), the slots
// they sit in. Exactly one is given. slot, application, cluster_name, zone, panel, date, start,
// end, place — without the panel's names: who reviews an application is not told to the
// applicant (评审专家回避与保密).
struct DefenceParty {
  std::optional<std::int64_t> zone_id;
  std::optional<std::string> expert_code;
};
report::Table defence_notice(const Database& db, std::int64_t round_id, const DefenceParty& party);

}  // namespace atlas::app
