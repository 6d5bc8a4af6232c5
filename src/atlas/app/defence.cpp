#include "atlas/app/defence.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/rounds/defence.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

// What a slot's rows say besides who sits in it.
struct SlotContext {
  std::map<std::int64_t, rounds::Application> applications;
  std::map<std::int64_t, store::DefenceSession> sessions;
};

SlotContext context_of(store::Store& store, std::int64_t round_id) {
  SlotContext c;
  for (auto& a : store.applications(round_id, {})) c.applications.emplace(a.id, std::move(a));
  for (auto& s : store.round_reviews().defence_sessions(round_id)) c.sessions.emplace(s.id, s);
  return c;
}

std::vector<report::Column> slot_columns() {
  return {{"slot", "场次ID", -1, true, 1, false},
          {"application", "申报ID", -1, true, 1, false},
          {"cluster_name", "拟建集群"},
          {"zone", "高新区"},
          {"panel", "答辩组"},
          {"date", "日期"},
          {"start", "开始"},
          {"end", "结束"},
          {"place", "会议链接/地点"}};
}

std::vector<report::Cell> slot_cells(const store::DefenceSlot& s, const SlotContext& c) {
  const auto& a = c.applications.at(s.application_id);
  const auto& session = c.sessions.at(s.session_id);
  return {s.id,   s.application_id, a.parties.name, a.parties.zone_name, session.panel,
          s.date, s.start,          s.end,          session.place};
}

}  // namespace

std::int64_t schedule_defence(const Database& db, const DefenceRequest& request,
                              const store::Actor& actor) {
  auto& store = db.store();
  existing_round(store, request.round_id);
  auto applications = request.applications;
  if (applications.empty()) {
    std::set<std::int64_t> held;
    for (const auto& s : store.round_reviews().defence_slots(request.round_id)) {
      held.insert(s.application_id);
    }
    for (const auto& a : store.applications(request.round_id, {})) {
      if (a.rank && !held.count(a.id)) applications.push_back(a.id);
    }
    std::sort(applications.begin(), applications.end());
    if (applications.empty()) {
      throw Error(ErrorKind::kRule,
                  fmt::format("round {} has no recommended application without a defence slot",
                              request.round_id));
    }
  }
  rounds::SessionPlan plan;
  plan.date = request.date;
  plan.start = request.start;
  plan.minutes = request.minutes;
  plan.break_after = request.break_after;
  plan.break_minutes = request.break_after > 0 ? request.break_minutes : 0;
  auto layout = rounds::lay_out_session(plan, applications);
  if (layout.problem) throw Error(ErrorKind::kBadInput, *layout.problem);
  store::DefenceSession session;
  session.round_id = request.round_id;
  session.panel = request.panel;
  session.date = request.date;
  session.place = request.place;
  session.minutes = request.minutes;
  std::vector<store::DefenceSlot> slots;
  for (const auto& p : layout.slots) {
    store::DefenceSlot s;
    s.application_id = p.application_id;
    s.date = request.date;
    s.start = p.start;
    s.end = p.end;
    slots.push_back(std::move(s));
  }
  return store.round_reviews().schedule_defence(session, slots, actor);
}

report::Table defence_table(const Database& db, std::int64_t round_id) {
  auto& store = db.store();
  existing_round(store, round_id);
  auto& reviews = store.round_reviews();
  auto c = context_of(store, round_id);
  std::map<std::int64_t, std::vector<std::string>> experts;
  for (const auto& p : reviews.assignments(round_id)) {
    experts[p.application_id].push_back(p.expert_code);
  }
  std::set<std::pair<std::int64_t, std::string>> reviewed;
  for (const auto& r : reviews.reviews(round_id, std::nullopt)) {
    reviewed.emplace(r.application_id, r.expert_code);
  }
  report::Table t;
  t.columns = slot_columns();
  t.columns.push_back({"experts", "答辩专家"});
  t.columns.push_back({"reviews_in", "已评分"});
  t.columns.push_back({"moves", "改期次数", -1, true});
  std::int64_t complete = 0;
  for (const auto& s : reviews.defence_slots(round_id)) {
    auto row = slot_cells(s, c);
    const auto& panel = experts[s.application_id];
    auto in = std::count_if(panel.begin(), panel.end(), [&](const std::string& e) {
      return reviewed.count({s.application_id, e}) > 0;
    });
    complete += (in == static_cast<long>(panel.size()) && !panel.empty()) ? 1 : 0;
    row.emplace_back(fmt::format("{}", fmt::join(panel, ", ")));
    row.emplace_back(fmt::format("{}/{}", in, panel.size()));
    row.emplace_back(static_cast<std::int64_t>(s.moves));
    t.add_row(std::move(row));
  }
  t.notes.push_back(fmt::format(
      "{} in {}, {} with every panel score in",
      text::counted(static_cast<std::int64_t>(t.rows.size()), "slot", "slots"),
      text::counted(static_cast<std::int64_t>(c.sessions.size()), "session", "sessions"),
      complete));
  return t;
}

void move_defence_slot(const Database& db, std::int64_t slot_id, const std::string& date,
                       const std::string& start, const std::string& reason,
                       const store::Actor& actor) {
  auto day = date;
  if (day.empty()) {
    // The slot's own day: find it among the rounds' slots (a slot id names one round's).
    for (const auto& r : db.store().rounds()) {
      for (const auto& s : db.store().round_reviews().defence_slots(r.id)) {
        if (s.id == slot_id) day = s.date;
      }
    }
    if (day.empty()) {
      throw Error(ErrorKind::kNotFound, fmt::format("no defence slot with id {}", slot_id));
    }
  }
  db.store().round_reviews().move_defence_slot(slot_id, day, start, reason, actor);
}

report::Table defence_notice(const Database& db, std::int64_t round_id, const DefenceParty& party) {
  auto& store = db.store();
  existing_round(store, round_id);
  if (party.zone_id.has_value() == party.expert_code.has_value()) {
    throw Error(ErrorKind::kUsage, "a notice is for one party: a zone or an expert");
  }
  auto& reviews = store.round_reviews();
  std::set<std::int64_t> sits;
  std::string whom;
  if (party.expert_code) {
    bool in_pool = false;
    for (const auto& e : store.experts()) in_pool |= e.code == *party.expert_code;
    if (!in_pool) {
      throw Error(ErrorKind::kNotFound, fmt::format("no expert with code {}", *party.expert_code));
    }
    for (const auto& p : reviews.assignments(round_id)) {
      if (p.expert_code == *party.expert_code) sits.insert(p.application_id);
    }
    whom = fmt::format("expert {}", *party.expert_code);
  } else {
    auto z = store.zone(*party.zone_id);
    if (!z) throw Error(ErrorKind::kNotFound, fmt::format("no zone with id {}", *party.zone_id));
    whom = z->name;
  }
  auto c = context_of(store, round_id);
  report::Table t;
  t.columns = slot_columns();
  for (const auto& s : reviews.defence_slots(round_id)) {
    bool theirs = party.expert_code ? sits.count(s.application_id) > 0
                                    : c.applications.at(s.application_id).zone_id == *party.zone_id;
    if (theirs) t.add_row(slot_cells(s, c));
  }
  t.notes.push_back(fmt::format("{}: {}", whom,
                                t.rows.empty()
                                    ? std::string("no defence slot in this round")
                                    : text::counted(static_cast<std::int64_t>(t.rows.size()),
                                                    "defence slot", "defence slots")));
  return t;
}

}  // namespace atlas::app
