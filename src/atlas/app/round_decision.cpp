#include "atlas/app/round_decision.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "atlas/app/rounds.h"
#include "atlas/app/systems.h"
#include "atlas/core/error.h"
#include "atlas/evaluate/pipeline.h"
#include "atlas/evaluate/system_fields.h"
#include "atlas/metrics/fields.h"
#include "atlas/rounds/panel_scores.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

struct DataScores {
  std::map<std::int64_t, double> score;       // application → data score
  std::map<std::int64_t, std::string> gated;  // application → the gates that exclude it
};

// Every field the round's system reads must be one some application reported: a field none has
// cannot be scored, and the office needs to know which to ask for, and from whom.
void require_reported_fields(const rounds::Round& round, const LoadedSystem& loaded,
                             const std::vector<evaluate::Unit>& units) {
  std::vector<std::string> lacking;
  for (const auto& read : evaluate::fields_read(loaded.system)) {
    const std::string field(read.field);
    bool reported = std::any_of(units.begin(), units.end(),
                                [&](const evaluate::Unit& u) { return u.fields.has(field); });
    if (reported || std::find(lacking.begin(), lacking.end(), field) != lacking.end()) continue;
    lacking.push_back(field);
  }
  if (lacking.empty()) return;
  std::vector<std::string> named;
  for (const auto& field : lacking) {
    const auto* info = metrics::find_field(field);
    named.push_back(info && !info->computed.empty()
                        ? fmt::format("{} ({}, = {})", field, info->name_zh, info->computed)
                    : info ? fmt::format("{} ({})", field, info->name_zh)
                           : field);
  }
  throw Error(ErrorKind::kRule,
              fmt::format("round {}'s system {} reads {} that no application reported: {}; "
                          "record them with `application figures --round {}` (a table of fields "
                          "may give any cluster-year field: clusteratlas systems fields)",
                          round.id, round.system, lacking.size() == 1 ? "a field" : "fields",
                          fmt::join(named, "; "), round.id));
}

// The round's system on the applications' figures, evaluated together.
DataScores data_scores(store::Store& store, const rounds::Round& round,
                       const std::vector<rounds::Application>& applications) {
  DataScores out;
  auto figures = store.round_reviews().application_figures(round.id);
  std::vector<evaluate::Unit> units;
  for (const auto& a : applications) {
    auto f = figures.find(a.id);
    if (f == figures.end()) continue;
    // Scored at the latest year it reports; its earlier years feed growth and three-year means.
    const int latest = f->second.rbegin()->first;
    evaluate::Unit u{std::to_string(a.id), a.parties.name, {}, evaluate::UnitFields(latest)};
    for (const auto& [year, fields] : f->second) {
      for (const auto& [field, value] : fields) u.fields.set(field, year, value);
    }
    units.push_back(std::move(u));
  }
  if (units.size() < 2) {
    throw Error(ErrorKind::kRule,
                fmt::format("round {} gives data {:g}% of the composite, but {} of its recommended "
                            "applications reported figures: at least two are needed to score "
                            "them against each other (application figures)",
                            round.id, round.data_weight * 100, units.size()));
  }
  auto loaded = load_system(round.system);
  require_reported_fields(round, loaded, units);
  auto run = evaluate::run_evaluation(loaded.system, units, {});
  for (std::size_t i = 0; i < units.size(); ++i) {
    auto id = std::stoll(units[i].code);
    const auto& r = run.results[i];
    if (!r.excluded_by.empty()) {
      std::string gates;
      for (auto g : r.excluded_by) {
        const auto& gate = loaded.system.gates[g];
        gates += fmt::format("{}{} ({})", gates.empty() ? "" : "; ", gate.id,
                             gate.message.empty() ? gate.rule : gate.message);
      }
      out.gated[id] = gates;
    } else if (!std::isnan(r.score)) {
      out.score[id] = r.score;
    }
  }
  return out;
}

std::optional<double> found(const std::map<std::int64_t, double>& m, std::int64_t id) {
  auto it = m.find(id);
  return it == m.end() ? std::nullopt : std::optional<double>(it->second);
}

}  // namespace

void decide(const Database& db, const DecisionRequest& request, const store::Actor& actor) {
  // Named by their parameters: the CLI says them as flags, the API as fields.
  if (!request.places && !request.pass_mark) {
    throw Error(ErrorKind::kUsage,
                "say how many applications the list holds (places), the pass mark (pass_mark), "
                "or both",
                {"", 0, "", "places"});
  }
  if (request.places && *request.places < 0) {
    throw Error(ErrorKind::kUsage, "must be 0 or more", {"", 0, "", "places"});
  }
  auto& store = db.store();
  auto round = existing_round(store, request.round_id);
  // Said before any scoring, which could fail for a reason that does not matter yet; the store
  // checks again in the transaction that writes.
  if (auto p = rounds::action_problem(round, rounds::RoundAction::kDecide, actor.recorded_on())) {
    throw Error(ErrorKind::kRule, *p);
  }
  std::vector<rounds::Application> applications;
  for (auto& a : store.applications(round.id, {})) {
    if (a.rank) applications.push_back(std::move(a));
  }
  if (applications.empty()) {
    throw Error(ErrorKind::kRule,
                fmt::format("round {} has no recommended application to decide", round.id));
  }
  DataScores data;
  if (round.data_weight > 0) data = data_scores(store, round, applications);

  // The panel's scores: the same table and trimmed mean as `reliability` (panel_scores.h).
  std::vector<std::string> apps, experts;
  std::vector<double> totals;
  for (const auto& r : store.round_reviews().reviews(round.id, std::nullopt)) {
    apps.push_back(std::to_string(r.application_id));
    experts.push_back(r.expert_code);
    totals.push_back(r.total);
  }
  std::map<std::int64_t, double> panel;
  if (!totals.empty()) {
    auto table = rounds::make_score_table(apps, experts, totals);
    auto scores = rounds::application_scores(table, rounds::raw_scores(table));
    for (std::size_t i = 0; i < table.applications.size(); ++i) {
      if (scores[i].count == 0) continue;
      panel[std::stoll(table.applications[i])] =
          request.trimmed ? scores[i].trimmed_mean : scores[i].mean;
    }
  }

  std::vector<store::DecisionLine> lines;
  for (const auto& a : applications) {
    store::DecisionLine l;
    l.application_id = a.id;
    l.data_score = found(data.score, a.id);
    l.expert_score = found(panel, a.id);
    if (auto g = data.gated.find(a.id); g != data.gated.end()) {
      l.reason = "未通过门槛 (fails a gate): " + g->second;
    } else if (!l.expert_score) {
      l.reason = "无专家评分 (no review score)";
    } else if (round.data_weight > 0 && !l.data_score) {
      l.reason = "无数据得分 (no data score: too few figures reported)";
    } else {
      l.composite =
          round.data_weight * l.data_score.value_or(0) + (1 - round.data_weight) * *l.expert_score;
    }
    lines.push_back(std::move(l));
  }
  std::vector<double> composites;
  for (const auto& l : lines) composites.push_back(l.composite.value_or(NAN));
  auto ranks = rounds::rank_descending(composites);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (ranks[i] > 0) lines[i].rank = ranks[i];
  }
  std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
    return a.rank.value_or(1 << 30) < b.rank.value_or(1 << 30);
  });
  int listed = 0;
  for (auto& l : lines) {
    if (!l.composite) continue;
    if (request.pass_mark && *l.composite < *request.pass_mark) {
      l.reason = fmt::format("低于分数线 (below the pass mark {:g})", *request.pass_mark);
    } else if (request.places && listed >= *request.places) {
      l.reason = fmt::format("名额已满 (outside the {} places)", *request.places);
    } else {
      l.listed = true;
      ++listed;
    }
  }
  store.round_reviews().decide(round.id, lines, actor);
}

report::Table decision_table(const Database& db, std::int64_t round_id) {
  auto& store = db.store();
  auto round = existing_round(store, round_id);
  std::map<std::int64_t, rounds::Application> apps;
  for (auto& a : store.applications(round_id, {})) apps.emplace(a.id, std::move(a));
  auto number = [](const std::optional<double>& v) {
    return v ? report::Cell{*v} : report::Cell{};
  };
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"province", "省份"},
               {"data_score", "数据得分", 2, true},
               {"expert_score", "专家得分", 2, true},
               {"composite", "综合得分", 2, true},
               {"rank", "排名", -1, true},
               {"listed", "入选"},
               {"reason", "说明"}};
  int listed = 0;
  for (const auto& l : store.round_reviews().decisions(round_id)) {
    const auto& a = apps.at(l.application_id);
    // The province as the applications' listing shows it (湖北), not its code.
    t.add_row({l.application_id, a.parties.name, db.province(a.parties.province_code).short_zh,
               number(l.data_score), number(l.expert_score), number(l.composite),
               l.rank ? report::Cell{static_cast<std::int64_t>(*l.rank)} : report::Cell{},
               std::string(l.listed ? "yes" : "no"), l.reason});
    listed += l.listed ? 1 : 0;
  }
  t.notes.push_back(fmt::format("{} of {} on the list; composite = {:g} × data + {:g} × experts",
                                listed, t.rows.size(), round.data_weight, 1 - round.data_weight));
  if (round.stage == rounds::Stage::kNotice) {
    t.notes.push_back(
        fmt::format("公示 (public notice) until {}", round.deadlines.at(rounds::Stage::kNotice)));
  }
  return t;
}

std::int64_t object(const Database& db, const ObjectionEntry& entry, const store::Actor& actor) {
  store::Objection o;
  o.application_id = entry.application_id;
  o.objector = entry.objector;
  o.grounds = entry.grounds;
  return db.store().round_reviews().object(o, actor);
}

void answer_objection(const Database& db, std::int64_t objection_id, const std::string& answer,
                      bool upheld, const store::Actor& actor) {
  db.store().round_reviews().answer_objection(objection_id, answer, upheld, actor);
}

report::Table objection_table(const Database& db, std::int64_t round_id) {
  auto& store = db.store();
  existing_round(store, round_id);
  std::map<std::int64_t, std::string> names;
  for (const auto& a : store.applications(round_id, {})) names[a.id] = a.parties.name;
  report::Table t;
  t.columns = {{"id", "编号", -1, true, 1, false},
               {"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"objector", "异议人"},
               {"grounds", "异议理由"},
               {"filed_at", "提出时间"},
               {"answer", "答复"},
               {"upheld", "成立"},
               {"answered_at", "答复时间"},
               {"answered_by", "答复人"},
               {"documents", "材料", -1, true}};
  for (const auto& o : store.round_reviews().objections(round_id)) {
    bool answered = !o.answer.empty();
    t.add_row({o.id, o.application_id, names[o.application_id], o.objector, o.grounds, o.filed_at,
               o.answer,
               answered ? report::Cell{std::string(o.upheld ? "yes" : "no")} : report::Cell{},
               o.answered_at, o.answered_by, o.documents});
  }
  return t;
}

report::Table admit(const Database& db, std::int64_t round_id, domain::ClusterStatus status,
                    const std::string& date, const store::Actor& actor) {
  auto& store = db.store();
  existing_round(store, round_id);
  auto admitted = store.round_reviews().admit(round_id, status, date, actor);
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster", "集群ID", -1, true, 1, false},
               {"cluster_name", "集群名称"}};
  for (const auto& a : admitted) {
    auto c = store.cluster(a.cluster_id);
    t.add_row({a.application_id, a.cluster_id, c ? c->name : std::string()});
  }
  return t;
}

}  // namespace atlas::app
