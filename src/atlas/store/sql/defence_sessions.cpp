// SqlStore's defence sessions (视频答辩, migration 014): scheduling a panel's session with all
// its slots, moving a slot with its reason, and reading them back. The rules are
// rounds/defence.h's, applied to the round's slots together inside the transaction that writes;
// each action audited with its before and after, a refused one leaving nothing.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <nlohmann/json.hpp>

#include "atlas/core/date.h"
#include "atlas/core/text.h"
#include "atlas/rounds/defence.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

using rounds::RoundAction;

nlohmann::json slot_json(const DefenceSlot& s) {
  return {
      {"application_id", s.application_id}, {"date", s.date}, {"start", s.start}, {"end", s.end}};
}

// A session is held in the review stage: from the recorder's today to the stage's deadline, so
// that the panel's scores (its reviews) can still be entered after it.
void check_session_date(const rounds::Round& r, const std::string& day, const Actor& actor) {
  if (auto p = date::problem(day)) fail(ErrorKind::kBadInput, *p);
  auto deadline = r.deadlines.find(rounds::Stage::kReview);
  if (day < actor.recorded_on()) {
    fail(ErrorKind::kRule, fmt::format("a defence cannot be held on {}: that day has passed ({})",
                                       day, actor.recorded_on()));
  }
  if (deadline != r.deadlines.end() && day > deadline->second) {
    fail(ErrorKind::kRule,
         fmt::format("a defence on {} would be after the review stage's deadline {}: the panel's "
                     "reviews are due by then",
                     day, deadline->second));
  }
}

}  // namespace

std::string SqlStore::defence_parties(std::int64_t application_id) {
  auto a = existing_application(application_id);
  std::vector<std::string> experts;
  auto& q = prepared(
      "SELECT e.code FROM review_assignment r JOIN expert e ON e.id = r.expert_id WHERE "
      "r.application_id = ? ORDER BY e.code");
  q.bind(1, application_id);
  while (q.executeStep()) experts.push_back(q.getColumn(0).getString());
  q.reset();
  return fmt::format("{}; {}", a.parties.zone_name, fmt::join(experts, ", "));
}

void SqlStore::check_defence_slots(std::int64_t round_id, const std::vector<DefenceSlot>& changed,
                                   const std::map<std::int64_t, std::string>& panel_of_session) {
  std::map<std::int64_t, std::string> panels = panel_of_session;
  for (const auto& s : defence_sessions(round_id)) panels.emplace(s.id, s.panel);
  std::map<std::int64_t, std::vector<std::string>> experts;
  for (const auto& p : assignments(round_id)) experts[p.application_id].push_back(p.expert_code);
  std::vector<DefenceSlot> all;
  for (const auto& s : defence_slots(round_id)) {
    bool replaced = false;
    for (const auto& c : changed) replaced |= c.id != 0 && c.id == s.id;
    if (!replaced) all.push_back(s);
  }
  all.insert(all.end(), changed.begin(), changed.end());
  std::vector<rounds::SlotTimes> times;
  for (const auto& s : all) {
    rounds::SlotTimes t;
    t.application_id = s.application_id;
    t.panel = panels[s.session_id];
    t.date = s.date;
    t.start = s.start;
    t.end = s.end;
    t.experts = experts[s.application_id];
    times.push_back(std::move(t));
  }
  if (auto p = rounds::slots_problem(times)) fail(ErrorKind::kRule, *p);
}

std::int64_t SqlStore::schedule_defence(DefenceSession session,
                                        const std::vector<DefenceSlot>& slots, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto r = existing_round(session.round_id);
    check_action(r, RoundAction::kAssignReviewers, actor);
    session.panel = text::trim(session.panel);
    session.place = text::trim(session.place);
    if (session.panel.empty())
      fail(ErrorKind::kBadInput, "a defence session names its panel (答辩组)");
    if (session.minutes < 1) fail(ErrorKind::kBadInput, "a slot lasts at least a minute");
    if (slots.empty())
      fail(ErrorKind::kBadInput, "a defence session hears at least one application");
    check_session_date(r, session.date, actor);
    std::vector<DefenceSlot> placed;
    for (auto s : slots) {
      auto a = existing_application(s.application_id);
      if (a.round_id != r.id) {
        fail(ErrorKind::kRule,
             fmt::format("application {} is of round {}, not round {}", a.id, a.round_id, r.id));
      }
      if (!a.rank) {
        fail(ErrorKind::kRule,
             fmt::format("application {} is not on a province's list: only recommended "
                         "applications are heard",
                         a.id));
      }
      auto& assigned = prepared("SELECT count(*) FROM review_assignment WHERE application_id = ?");
      assigned.bind(1, a.id);
      assigned.executeStep();
      auto experts = assigned.getColumn(0).getInt64();
      assigned.reset();
      if (experts == 0) {
        fail(ErrorKind::kRule,
             fmt::format("application {} has no experts assigned: its panel is its reviewers "
                         "(assign --round first)",
                         a.id));
      }
      auto& held = prepared("SELECT id FROM defence_slot WHERE application_id = ?");
      held.bind(1, a.id);
      if (held.executeStep()) {
        auto slot = held.getColumn(0).getInt64();
        held.reset();
        fail(ErrorKind::kRule,
             fmt::format("application {} has its slot already (slot {}): move it instead", a.id,
                         slot));
      }
      held.reset();
      s.id = 0;
      s.session_id = 0;  // the session written below
      s.date = session.date;
      placed.push_back(std::move(s));
    }
    check_defence_slots(r.id, placed, {{0, session.panel}});
    auto& q = prepared(
        "INSERT INTO defence_session (round_id, panel, date, place, minutes, scheduled_at, "
        "scheduled_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, r.id);
    q.bind(2, session.panel);
    q.bind(3, session.date);
    q.bind(4, session.place);
    q.bind(5, session.minutes);
    q.bind(6, actor.at);
    q.bind(7, actor.name);
    id = q.returning_id();
    auto after = nlohmann::json::array();
    for (const auto& s : placed) {
      // "end" quoted: a reserved word in PostgreSQL, a plain name in SQLite.
      auto& w = prepared(
          "INSERT INTO defence_slot (session_id, application_id, date, start, \"end\", told, "
          "told_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)");
      w.bind(1, id);
      w.bind(2, s.application_id);
      w.bind(3, s.date);
      w.bind(4, s.start);
      w.bind(5, s.end);
      w.bind(6, defence_parties(s.application_id));
      w.bind(7, actor.at);
      w.exec();
      after.push_back(slot_json(s));
    }
    audit(actor, "schedule", "round", std::to_string(r.id),
          fmt::format("defence session {} of panel {} on {} {}–{}{}: {}", id, session.panel,
                      session.date, placed.front().start, placed.back().end,
                      session.place.empty() ? "" : ", " + session.place,
                      text::counted(static_cast<std::int64_t>(placed.size()), "slot", "slots")),
          {std::nullopt, nlohmann::json{{"session", id},
                                        {"panel", session.panel},
                                        {"place", session.place},
                                        {"slots", after}}});
  });
  return id;
}

void SqlStore::move_defence_slot(std::int64_t slot_id, const std::string& day,
                                 const std::string& start, const std::string& reason,
                                 const Actor& actor) {
  in_transaction([&] {
    auto& find = prepared(
        "SELECT s.session_id, s.application_id, s.date, s.start, s.end, d.round_id FROM "
        "defence_slot s JOIN defence_session d ON d.id = s.session_id WHERE s.id = ?");
    find.bind(1, slot_id);
    if (!find.executeStep()) {
      find.reset();
      fail(ErrorKind::kNotFound, fmt::format("no defence slot with id {}", slot_id));
    }
    DefenceSlot before;
    before.id = slot_id;
    before.session_id = find.getColumn(0).getInt64();
    before.application_id = find.getColumn(1).getInt64();
    before.date = find.getColumn(2).getString();
    before.start = find.getColumn(3).getString();
    before.end = find.getColumn(4).getString();
    auto round_id = find.getColumn(5).getInt64();
    find.reset();
    auto r = existing_round(round_id);
    check_action(r, RoundAction::kAssignReviewers, actor);
    auto why = text::trim(reason);
    if (why.empty()) fail(ErrorKind::kBadInput, "a slot is moved for a reason: give it (改期原因)");
    auto from = rounds::parse_clock(start);
    if (!from || *from >= 24 * 60) {
      fail(ErrorKind::kBadInput,
           fmt::format("the new start '{}' is not a time of day (HH:MM, 00:00–23:59)", start));
    }
    check_session_date(r, day, actor);
    if (day == before.date && start == before.start) {
      fail(ErrorKind::kBadInput,
           fmt::format("slot {} is at {} {} already", slot_id, before.date, before.start));
    }
    // The slot keeps its length: the panel hears each application for as long as scheduled.
    int length = *rounds::parse_clock(before.end) - *rounds::parse_clock(before.start);
    if (*from + length > 24 * 60) {
      fail(ErrorKind::kRule,
           fmt::format("slot {} lasts {} minutes: from {} it would end at {}, past the end of the "
                       "day",
                       slot_id, length, start, rounds::clock_text(*from + length)));
    }
    DefenceSlot after = before;
    after.date = day;
    after.start = start;
    after.end = rounds::clock_text(*from + length);
    check_defence_slots(round_id, {after}, {});
    auto told = defence_parties(after.application_id);
    auto& q = prepared(
        "UPDATE defence_slot SET date = ?, start = ?, \"end\" = ?, told = ?, told_at = ? "
        "WHERE id = ?");
    q.bind(1, after.date);
    q.bind(2, after.start);
    q.bind(3, after.end);
    q.bind(4, told);
    q.bind(5, actor.at);
    q.bind(6, slot_id);
    q.exec();
    auto& m = prepared(
        "INSERT INTO defence_slot_move (slot_id, old_date, old_start, new_date, new_start, "
        "reason, moved_by, moved_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    m.bind(1, slot_id);
    m.bind(2, before.date);
    m.bind(3, before.start);
    m.bind(4, after.date);
    m.bind(5, after.start);
    m.bind(6, why);
    m.bind(7, actor.name);
    m.bind(8, actor.at);
    m.exec();
    audit(actor, "move", "defence-slot", std::to_string(slot_id),
          fmt::format("the defence of application {} moved from {} {} to {} {}",
                      before.application_id, before.date, before.start, after.date, after.start),
          {slot_json(before), slot_json(after), why});
  });
}

std::vector<DefenceSession> SqlStore::defence_sessions(std::int64_t round_id) {
  std::vector<DefenceSession> out;
  auto& q = prepared(
      "SELECT id, round_id, panel, date, place, minutes, scheduled_at, scheduled_by FROM "
      "defence_session WHERE round_id = ? ORDER BY date, panel, id");
  q.bind(1, round_id);
  while (q.executeStep()) {
    DefenceSession s;
    s.id = q.getColumn(0).getInt64();
    s.round_id = q.getColumn(1).getInt64();
    s.panel = q.getColumn(2).getString();
    s.date = q.getColumn(3).getString();
    s.place = q.getColumn(4).getString();
    s.minutes = q.getColumn(5).getInt();
    s.scheduled_at = q.getColumn(6).getString();
    s.scheduled_by = q.getColumn(7).getString();
    out.push_back(std::move(s));
  }
  q.reset();
  return out;
}

std::vector<DefenceSlot> SqlStore::defence_slots(std::int64_t round_id) {
  std::vector<DefenceSlot> out;
  auto& q = prepared(
      "SELECT s.id, s.session_id, s.application_id, s.date, s.start, s.end, s.told, s.told_at, "
      "(SELECT count(*) FROM defence_slot_move m WHERE m.slot_id = s.id) FROM defence_slot s "
      "JOIN defence_session d ON d.id = s.session_id WHERE d.round_id = ? ORDER BY s.date, "
      "s.start, d.panel, s.id");
  q.bind(1, round_id);
  while (q.executeStep()) {
    DefenceSlot s;
    s.id = q.getColumn(0).getInt64();
    s.session_id = q.getColumn(1).getInt64();
    s.application_id = q.getColumn(2).getInt64();
    s.date = q.getColumn(3).getString();
    s.start = q.getColumn(4).getString();
    s.end = q.getColumn(5).getString();
    s.told = q.getColumn(6).getString();
    s.told_at = q.getColumn(7).getString();
    s.moves = q.getColumn(8).getInt();
    out.push_back(std::move(s));
  }
  q.reset();
  return out;
}

std::vector<DefenceSlotMove> SqlStore::defence_slot_moves(std::int64_t round_id) {
  std::vector<DefenceSlotMove> out;
  auto& q = prepared(
      "SELECT m.slot_id, s.application_id, m.old_date, m.old_start, m.new_date, m.new_start, "
      "m.reason, m.moved_by, m.moved_at FROM defence_slot_move m JOIN defence_slot s ON s.id = "
      "m.slot_id JOIN defence_session d ON d.id = s.session_id WHERE d.round_id = ? ORDER BY "
      "m.id");
  q.bind(1, round_id);
  while (q.executeStep()) {
    DefenceSlotMove m;
    m.slot_id = q.getColumn(0).getInt64();
    m.application_id = q.getColumn(1).getInt64();
    m.old_date = q.getColumn(2).getString();
    m.old_start = q.getColumn(3).getString();
    m.new_date = q.getColumn(4).getString();
    m.new_start = q.getColumn(5).getString();
    m.reason = q.getColumn(6).getString();
    m.moved_by = q.getColumn(7).getString();
    m.moved_at = q.getColumn(8).getString();
    out.push_back(std::move(m));
  }
  q.reset();
  return out;
}

}  // namespace atlas::store::sql
