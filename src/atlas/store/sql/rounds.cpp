// SqlStore: selection rounds, zones' applications and provinces' recommendations
// (migration 011). The rules are rounds/round.h and rounds/application.h; here they are applied
// inside the transaction that writes, and each action is audited with its before and after.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "atlas/domain/rules.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

using rounds::Application;
using rounds::ApplicationState;
using rounds::Round;
using rounds::RoundAction;
using rounds::Stage;

constexpr const char* kApplicationColumns =
    "a.id, a.round_id, a.zone_id, a.province_code, a.cluster_name, a.industry_code, "
    "a.building_unit, a.management_body, a.leading_firms, a.contact, a.state, a.return_reason, "
    "a.submissions, a.submitted_at, a.updated_at, r.rank, r.opinion, z.name";

Application read_application(sql::Statement& q) {
  Application a;
  a.id = q.getColumn(0).getInt64();
  a.round_id = q.getColumn(1).getInt64();
  a.zone_id = q.getColumn(2).getInt64();
  a.parties.id = a.id;
  a.parties.province_code = q.getColumn(3).getString();
  a.parties.name = q.getColumn(4).getString();
  a.parties.industry_code = q.getColumn(5).getString();
  a.parties.building_unit = q.getColumn(6).getString();
  a.parties.management_body = q.getColumn(7).getString();
  a.parties.leading_firms = string_list(q.getColumn(8).getString());
  a.contact = q.getColumn(9).getString();
  a.state = rounds::parse_application_state(q.getColumn(10).getString())
                .value_or(ApplicationState::kSubmitted);
  a.return_reason = q.getColumn(11).getString();
  a.submissions = q.getColumn(12).getInt();
  a.submitted_at = q.getColumn(13).getString();
  a.updated_at = q.getColumn(14).getString();
  if (!q.getColumn(15).isNull()) a.rank = q.getColumn(15).getInt();
  a.opinion = q.isColumnNull(16) ? "" : q.getColumn(16).getString();
  a.parties.zone_name = q.getColumn(17).getString();
  return a;
}

// What an audit entry keeps of an application: the form as submitted and its state.
nlohmann::json application_json(const Application& a) {
  return {{"zone_id", a.zone_id},
          {"cluster_name", a.parties.name},
          {"industry_code", a.parties.industry_code},
          {"building_unit", a.parties.building_unit},
          {"management_body", a.parties.management_body},
          {"leading_firms", a.parties.leading_firms},
          {"state", rounds::state_key(a.state)},
          {"return_reason", a.return_reason}};
}

nlohmann::json list_json(const std::vector<Application>& listed) {
  auto out = nlohmann::json::array();
  for (const auto& a : listed) {
    out.push_back({{"application_id", a.id}, {"rank", *a.rank}, {"opinion", a.opinion}});
  }
  return out;
}

}  // namespace

Round SqlStore::existing_round(std::int64_t id) {
  auto r = round(id);
  if (!r) fail(ErrorKind::kNotFound, fmt::format("no selection round with id {}", id));
  return *r;
}

Application SqlStore::existing_application(std::int64_t id) {
  auto a = application(id);
  if (!a) fail(ErrorKind::kNotFound, fmt::format("no application with id {}", id));
  return *a;
}

void SqlStore::check_action(const Round& round, RoundAction action, const Actor& actor) {
  if (auto p = rounds::action_problem(round, action, actor.recorded_on())) {
    fail(ErrorKind::kRule, *p);
  }
}

std::int64_t SqlStore::add_round(Round round, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    round.stage = rounds::stages_of(round.kind).front();
    if (auto p = rounds::round_problem(round)) fail(ErrorKind::kBadInput, *p);
    auto& used = prepared("SELECT id FROM selection_round WHERE doc_no = ?");
    used.bind(1, round.doc_no);
    if (used.executeStep()) {
      fail(ErrorKind::kRule, fmt::format("the document number {} already opened round {}",
                                         round.doc_no, used.getColumn(0).getInt64()));
    }
    auto& q = prepared(
        "INSERT INTO selection_round (kind, year, name, doc_no, system_id, data_weight, stage, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, std::string(rounds::kind_key(round.kind)));
    q.bind(2, round.year);
    q.bind(3, round.name);
    q.bind(4, round.doc_no);
    q.bind(5, round.system);
    q.bind(6, round.data_weight);
    q.bind(7, std::string(rounds::stage_key(round.stage)));
    q.bind(8, actor.at);
    id = q.returning_id();
    for (const auto& [stage, deadline] : round.deadlines) {
      auto& d = prepared("INSERT INTO round_deadline (round_id, stage, deadline) VALUES (?, ?, ?)");
      d.bind(1, id);
      d.bind(2, std::string(rounds::stage_key(stage)));
      d.bind(3, deadline);
      d.exec();
    }
    for (const auto& [province, quota] : round.quotas) {
      check_province(province, "a quota for an ");
      auto& d =
          prepared("INSERT INTO round_quota (round_id, province_code, quota) VALUES (?, ?, ?)");
      d.bind(1, id);
      d.bind(2, province);
      d.bind(3, quota);
      d.exec();
    }
    audit(actor, "add", "round", std::to_string(id),
          fmt::format("{} ({}, {})", round.name, rounds::kind_key(round.kind), round.doc_no));
  });
  return id;
}

std::vector<Round> SqlStore::rounds() {
  std::vector<std::int64_t> ids;
  auto& q = prepared("SELECT id FROM selection_round ORDER BY year DESC, id DESC");
  while (q.executeStep()) ids.push_back(q.getColumn(0).getInt64());
  q.reset();
  std::vector<Round> out;
  for (auto id : ids) out.push_back(*round(id));
  return out;
}

std::optional<Round> SqlStore::round(std::int64_t id) {
  auto& q = prepared(
      "SELECT kind, year, name, doc_no, system_id, data_weight, stage, created_at "
      "FROM selection_round WHERE id = ?");
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  Round r;
  r.id = id;
  r.kind = rounds::parse_kind(q.getColumn(0).getString()).value_or(rounds::RoundKind::kAdmission);
  r.year = q.getColumn(1).getInt();
  r.name = q.getColumn(2).getString();
  r.doc_no = q.getColumn(3).getString();
  r.system = q.getColumn(4).getString();
  r.data_weight = q.getColumn(5).getDouble();
  r.stage = rounds::parse_stage(q.getColumn(6).getString()).value_or(Stage::kApplications);
  r.created_at = q.getColumn(7).getString();
  q.reset();
  auto& d = prepared("SELECT stage, deadline FROM round_deadline WHERE round_id = ?");
  d.bind(1, id);
  while (d.executeStep()) {
    if (auto s = rounds::parse_stage(d.getColumn(0).getString())) {
      r.deadlines[*s] = d.getColumn(1).getString();
    }
  }
  d.reset();
  auto& quota = prepared("SELECT province_code, quota FROM round_quota WHERE round_id = ?");
  quota.bind(1, id);
  while (quota.executeStep())
    r.quotas[quota.getColumn(0).getString()] = quota.getColumn(1).getInt();
  quota.reset();
  return r;
}

Stage SqlStore::advance_round(std::int64_t round_id, const Actor& actor) {
  Stage next{};
  in_transaction([&] {
    auto r = existing_round(round_id);
    auto n = rounds::next_stage(r);
    if (!n) fail(ErrorKind::kRule, fmt::format("{} is closed: it has no next stage", r.name));
    next = *n;
    auto& q = prepared("UPDATE selection_round SET stage = ? WHERE id = ?");
    q.bind(1, std::string(rounds::stage_key(next)));
    q.bind(2, round_id);
    q.exec();
    audit(actor, "advance", "round", std::to_string(round_id),
          fmt::format("{} → {}", rounds::stage_label(r.stage), rounds::stage_label(next)),
          {nlohmann::json{{"stage", rounds::stage_key(r.stage)}},
           nlohmann::json{{"stage", rounds::stage_key(next)}}});
  });
  return next;
}

std::int64_t SqlStore::submit_application(Application a, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto r = existing_round(a.round_id);
    check_action(r, RoundAction::kSubmitApplication, actor);
    auto z = zone(a.zone_id);
    if (!z) fail(ErrorKind::kNotFound, fmt::format("no zone with id {}", a.zone_id));
    a.parties.province_code = z->province_code;
    a.parties.zone_name = z->name;
    if (auto p = rounds::application_problem(a)) fail(ErrorKind::kBadInput, *p);
    if (auto p = domain::zone_rule_problem(*z, clusters(ClusterFilter::in_zone(z->id)))) {
      fail(ErrorKind::kRule, fmt::format("{} cannot apply: {}", z->name, *p));
    }
    ensure_listed(a.parties.industry_code, actor);

    std::optional<Application> earlier;
    auto& same = prepared("SELECT id FROM application WHERE round_id = ? AND zone_id = ?");
    same.bind(1, a.round_id);
    same.bind(2, a.zone_id);
    if (same.executeStep()) {
      auto earlier_id = same.getColumn(0).getInt64();
      same.reset();
      earlier = existing_application(earlier_id);
    }
    if (earlier && earlier->state != ApplicationState::kReturned) {
      fail(ErrorKind::kRule,
           fmt::format("{} has applied in this round already (application {}, {}); the province "
                       "returns an application for correction, then the zone submits it again",
                       z->name, earlier->id, earlier->parties.name));
    }
    if (!earlier && r.stage != Stage::kApplications) {
      fail(ErrorKind::kRule,
           fmt::format(
               "{} is in its {} stage: new applications were accepted until the end of "
               "the {} stage ({}); only a returned application may be submitted again",
               r.name, rounds::stage_label(r.stage), rounds::stage_label(Stage::kApplications),
               r.deadlines.count(Stage::kApplications) ? r.deadlines.at(Stage::kApplications)
                                                       : "no deadline"));
    }
    a.state = ApplicationState::kSubmitted;
    const auto firms = nlohmann::json(a.parties.leading_firms).dump();
    if (earlier) {
      id = earlier->id;
      a.return_reason = earlier->return_reason;
      auto& q = prepared(
          "UPDATE application SET cluster_name = ?, industry_code = ?, building_unit = ?, "
          "management_body = ?, leading_firms = ?, contact = ?, state = 'submitted', "
          "submissions = submissions + 1, updated_at = ? WHERE id = ?");
      q.bind(1, a.parties.name);
      q.bind(2, a.parties.industry_code);
      q.bind(3, a.parties.building_unit);
      q.bind(4, a.parties.management_body);
      q.bind(5, firms);
      q.bind(6, a.contact);
      q.bind(7, actor.at);
      q.bind(8, id);
      q.exec();
      audit(actor, "resubmit", "application", std::to_string(id),
            fmt::format("{} ({}), submitted again", a.parties.name, z->name),
            {application_json(*earlier), application_json(a)});
      return;
    }
    auto& q = prepared(
        "INSERT INTO application (round_id, zone_id, province_code, cluster_name, industry_code, "
        "building_unit, management_body, leading_firms, contact, state, submitted_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?) RETURNING id");
    q.bind(1, a.round_id);
    q.bind(2, a.zone_id);
    q.bind(3, a.parties.province_code);
    q.bind(4, a.parties.name);
    q.bind(5, a.parties.industry_code);
    q.bind(6, a.parties.building_unit);
    q.bind(7, a.parties.management_body);
    q.bind(8, firms);
    q.bind(9, a.contact);
    q.bind(10, actor.at);
    q.bind(11, actor.at);
    id = q.returning_id();
    audit(actor, "submit", "application", std::to_string(id),
          fmt::format("{} ({}) in round {}", a.parties.name, z->name, r.id),
          {std::nullopt, application_json(a)});
  });
  return id;
}

void SqlStore::return_application(std::int64_t application_id, const std::string& reason,
                                  const Actor& actor) {
  in_transaction([&] {
    auto a = existing_application(application_id);
    check_action(existing_round(a.round_id), RoundAction::kReturnApplication, actor);
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos) {
      fail(ErrorKind::kBadInput,
           "returning an application needs the reasons, for the zone to correct it (--reason)");
    }
    if (a.state == ApplicationState::kReturned) {
      fail(ErrorKind::kRule, fmt::format("application {} ({}) was returned already and is waiting "
                                         "for the zone to submit it again",
                                         a.id, a.parties.name));
    }
    if (a.rank) {
      fail(ErrorKind::kRule,
           fmt::format("application {} ({}) is number {} on province {}'s list: send the list "
                       "without it first",
                       a.id, a.parties.name, *a.rank, a.parties.province_code));
    }
    auto before = application_json(a);
    a.state = ApplicationState::kReturned;
    a.return_reason = reason;
    auto& q = prepared(
        "UPDATE application SET state = 'returned', return_reason = ?, updated_at = ? "
        "WHERE id = ?");
    q.bind(1, reason);
    q.bind(2, actor.at);
    q.bind(3, a.id);
    q.exec();
    audit(actor, "return", "application", std::to_string(a.id),
          fmt::format("{} returned for correction", a.parties.name),
          {before, application_json(a), reason});
  });
}

std::vector<Application> SqlStore::applications(std::int64_t round_id,
                                                const ApplicationFilter& filter) {
  std::string sql = fmt::format(
      "SELECT {} FROM application a JOIN zone z ON z.id = a.zone_id "
      "LEFT JOIN recommendation r ON r.application_id = a.id WHERE a.round_id = ?",
      kApplicationColumns);
  if (filter.province_code) sql += " AND a.province_code = ?";
  if (filter.zone_id) sql += " AND a.zone_id = ?";
  if (filter.state) sql += " AND a.state = ?";
  sql += " ORDER BY a.province_code, r.rank IS NULL, r.rank, a.id";
  auto& q = prepared(sql);
  int i = 1;
  q.bind(i++, round_id);
  if (filter.province_code) q.bind(i++, *filter.province_code);
  if (filter.zone_id) q.bind(i++, *filter.zone_id);
  if (filter.state) q.bind(i++, std::string(rounds::state_key(*filter.state)));
  std::vector<Application> out;
  while (q.executeStep()) out.push_back(read_application(q));
  q.reset();
  return out;
}

std::optional<Application> SqlStore::application(std::int64_t id) {
  auto& q =
      prepared(fmt::format("SELECT {} FROM application a JOIN zone z ON z.id = a.zone_id "
                           "LEFT JOIN recommendation r ON r.application_id = a.id WHERE a.id = ?",
                           kApplicationColumns));
  q.bind(1, id);
  if (!q.executeStep()) return std::nullopt;
  auto a = read_application(q);
  q.reset();
  return a;
}

void SqlStore::recommend(std::int64_t round_id, const std::string& province_code,
                         const std::vector<rounds::Recommendation>& list, const Actor& actor) {
  in_transaction([&] {
    auto r = existing_round(round_id);
    check_action(r, RoundAction::kRecommend, actor);
    check_province(province_code, "");
    ApplicationFilter in_province;
    in_province.province_code = province_code;
    auto own = applications(round_id, in_province);
    std::optional<int> quota;
    if (auto it = r.quotas.find(province_code); it != r.quotas.end()) quota = it->second;
    // Messages name the province as its department reads it, with the code.
    auto& named = prepared("SELECT name_zh FROM province WHERE code = ?");
    named.bind(1, province_code);
    named.executeStep();
    const auto province = fmt::format("{} ({})", named.getColumn(0).getString(), province_code);
    named.reset();
    if (auto p = rounds::recommendation_problem(list, own, province, quota)) {
      fail(ErrorKind::kRule, *p);
    }
    std::vector<Application> before;
    for (const auto& a : own) {
      if (a.rank) before.push_back(a);
    }
    auto& clear = prepared("DELETE FROM recommendation WHERE round_id = ? AND province_code = ?");
    clear.bind(1, round_id);
    clear.bind(2, province_code);
    clear.exec();
    auto after = nlohmann::json::array();
    for (const auto& line : list) {
      auto& q = prepared(
          "INSERT INTO recommendation (application_id, round_id, province_code, rank, opinion, "
          "recommended_at) VALUES (?, ?, ?, ?, ?, ?)");
      q.bind(1, line.application_id);
      q.bind(2, round_id);
      q.bind(3, province_code);
      q.bind(4, line.rank);
      q.bind(5, line.opinion);
      q.bind(6, actor.at);
      q.exec();
      after.push_back({{"application_id", line.application_id},
                       {"rank", line.rank},
                       {"opinion", line.opinion}});
    }
    audit(actor, "recommend", "recommendation", fmt::format("{}/{}", round_id, province_code),
          list.empty() ? fmt::format("province {} withdrew its recommendation", province_code)
                       : fmt::format("province {} recommends {}", province_code, list.size()),
          {list_json(before), after});
  });
}

}  // namespace atlas::store::sql
