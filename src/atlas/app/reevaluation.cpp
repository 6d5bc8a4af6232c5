#include "atlas/app/reevaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "atlas/app/evaluation.h"
#include "atlas/app/systems.h"
#include "atlas/core/error.h"

namespace atlas::app {
namespace {

using rounds::Proposal;

// A usage error's parameter: the server answers 422 naming it, the CLI exits 1.
Where field_named(const char* name) {
  Where w;
  w.field = name;
  return w;
}

rounds::Round reevaluation_round(store::Store& store, std::int64_t id) {
  auto r = store.round(id);
  if (!r) throw Error(ErrorKind::kNotFound, fmt::format("no selection round with id {}", id));
  if (r->kind != rounds::RoundKind::kReevaluation) {
    throw Error(
        ErrorKind::kBadInput,
        fmt::format("round {} ({}) is an {} ({}) round; re-evaluation proposals belong to "
                    "a re-evaluation (复核) round: open one with `round create --kind "
                    "reevaluation`",
                    r->id, r->name, rounds::kind_key(r->kind), rounds::kind_name_zh(r->kind)));
  }
  return *r;
}

// The day the due clusters are counted on: the close of the round's review, when the experts'
// verdict is in. A round always has it (round_problem); the year's end stands in otherwise.
std::string reference_date(const rounds::Round& r) {
  auto review = r.deadlines.find(rounds::Stage::kReview);
  return review != r.deadlines.end() ? review->second : fmt::format("{}-12-31", r.year);
}

rounds::Threshold threshold_of(const evaluate::IndicatorSystem& system, const std::string& below) {
  rounds::Threshold t;
  for (const auto& g : system.grades) t.grades.push_back(g.name);
  t.below = below;
  // Without a choice, only the worst grade fails (不合格 in the shipped systems).
  if (t.below.empty() && t.grades.size() >= 2) t.below = t.grades[t.grades.size() - 2];
  if (auto p = rounds::threshold_problem(t)) {
    throw Error(ErrorKind::kUsage, *p, field_named("below"));
  }
  return t;
}

// The cluster's result in the run as the rule reads it; not evaluated when it had no figures.
rounds::Outcome outcome_of(const Evaluation& e, const std::map<std::string, std::size_t>& row,
                           std::int64_t cluster_id, bool graded, double& score,
                           std::string& grade) {
  rounds::Outcome o;
  score = NAN;
  auto it = row.find(std::to_string(cluster_id));
  if (it == row.end()) return o;
  const auto& r = e.run.results[it->second];
  const auto& gates = e.loaded->system.gates;
  o.evaluated = true;
  o.screened_out = r.screened_out;
  o.missing_indicators = r.missing_indicators;
  o.graded = graded;
  o.grade = r.grade;
  for (std::size_t g = 0; g < gates.size() && g < r.gates.size(); ++g) {
    // A flag gate is shown only: the system does not make it a condition of membership.
    if (gates[g].effect == evaluate::GateEffect::kFlag) continue;
    if (r.gates[g] == evaluate::GateOutcome::kFail) {
      o.failed_gates.push_back({gates[g].id, gates[g].message});
    } else if (r.gates[g] == evaluate::GateOutcome::kUndecided) {
      o.undecided_gates.push_back({gates[g].id, gates[g].message});
    }
  }
  score = r.final_score;
  grade = r.grade;
  return o;
}

}  // namespace

Reevaluation propose_reevaluation(const Database& db, const ReevaluationRequest& request) {
  if (request.min_years < 1) {
    throw Error(
        ErrorKind::kUsage,
        fmt::format("the years in the programme that make a cluster due must be 1 or more, not {}",
                    request.min_years),
        field_named("min_years"));
  }
  auto& store = db.store();
  Reevaluation out;
  out.round = reevaluation_round(store, request.round_id);
  out.reference_date = reference_date(out.round);
  const auto threshold = threshold_of(load_system(out.round.system).system, request.below);
  out.below = threshold.below;
  out.year = db.year_with_data(request.year);
  out.min_years = request.min_years;

  std::map<std::string, std::string> province_names;
  for (const auto& p : store.provinces()) province_names[p.code] = p.name_zh;
  std::vector<std::pair<domain::Cluster, std::vector<domain::StatusChange>>> due;
  for (const auto& c : store.clusters({})) {
    if (!domain::in_programme(c.status)) continue;
    auto history = store.status_history(c.id);
    if (auto d = rounds::due(history, out.reference_date, request.min_years)) {
      ReevaluationLine line;
      line.cluster = c;
      line.province_name = province_names[c.province_code];
      line.due = *d;
      out.lines.push_back(std::move(line));
      due.emplace_back(c, std::move(history));
    }
  }
  if (out.lines.empty()) return out;

  // Every cluster in the programme with figures is evaluated, as the round's system ranks them
  // nationally; the due ones are read from that run.
  EvaluationRequest er;
  er.system = out.round.system;
  er.year = out.year;
  auto e = run_evaluation(&db, er);
  std::map<std::string, std::size_t> row;
  for (std::size_t i = 0; i < e->run.codes.size(); ++i) row[e->run.codes[i]] = i;
  const bool graded = std::any_of(e->run.results.begin(), e->run.results.end(),
                                  [](const auto& r) { return !r.uncapped_grade.empty(); });
  for (std::size_t i = 0; i < out.lines.size(); ++i) {
    auto& line = out.lines[i];
    auto outcome = outcome_of(*e, row, line.cluster.id, graded, line.score, line.grade);
    line.failed_gates = outcome.failed_gates;
    line.proposed = rounds::propose(due[i].second, outcome, threshold, out.year, out.round.doc_no);
  }
  return out;
}

report::Table reevaluation_table(const Reevaluation& r) {
  report::Table t;
  t.columns = {{"cluster", "ID", -1, true, 1, false},
               {"name", "集群"},
               {"province", "省份"},
               {"admitted", "纳入日期"},
               {"years", "年限", -1, true},
               {"score", "得分", 1, true},
               {"grade", "等级"},
               {"failed_gates", "未通过门槛"},
               {"status", "现状态"},
               {"proposal", "建议"},
               {"reason", "理由"}};
  for (const auto& l : r.lines) {
    std::string gates;
    for (const auto& g : l.failed_gates) gates += (gates.empty() ? "" : ", ") + g.id;
    t.add_row({l.cluster.id, l.cluster.name, l.province_name, l.due.admitted,
               static_cast<std::int64_t>(l.due.years), report::cell(l.score),
               l.grade.empty() ? report::Cell{} : report::Cell{l.grade},
               gates.empty() ? report::Cell{} : report::Cell{gates},
               std::string(domain::status_key(l.cluster.status)),
               std::string(rounds::proposal_key(l.proposed.proposal)), l.proposed.reason});
  }
  std::map<Proposal, int> counts;
  for (const auto& l : r.lines) ++counts[l.proposed.proposal];
  t.notes.push_back(fmt::format("round {}: {} ({}), evaluated with {} on {} statistics", r.round.id,
                                r.round.name, r.round.doc_no, r.round.system, r.year));
  t.notes.push_back(fmt::format(
      "due: in the programme {} years or more on {}; {} due: {} keep, {} warn, {} remove, "
      "{} no data, {} decided in this round",
      r.min_years, r.reference_date, r.lines.size(), counts[Proposal::kKeep],
      counts[Proposal::kWarn], counts[Proposal::kRemove], counts[Proposal::kNoData],
      counts[Proposal::kDecided]));
  t.notes.push_back(r.below.empty() ? std::string("grades are not judged, only gates")
                                    : fmt::format("grades below {} fail", r.below));
  return t;
}

ReevaluationDecision confirm_reevaluation(const Database& db, const ReevaluationRequest& request,
                                          const std::vector<std::int64_t>& only,
                                          const store::Actor& actor) {
  auto& store = db.store();
  ReevaluationDecision d;
  d.date = actor.recorded_on();
  // The stage is read, the proposals made and the changes written in one transaction, so that a
  // round moved on, or a status changed, meanwhile cannot slip between the check and the write.
  store.in_transaction([&] {
    d.round = reevaluation_round(store, request.round_id);
    if (auto p =
            rounds::action_problem(d.round, rounds::RoundAction::kConfirmReevaluation, d.date)) {
      throw Error(ErrorKind::kRule, *p);
    }
    auto proposals = propose_reevaluation(db, request);
    std::set<std::int64_t> wanted(only.begin(), only.end());
    for (auto id : wanted) {
      auto it = std::find_if(proposals.lines.begin(), proposals.lines.end(),
                             [&](const auto& l) { return l.cluster.id == id; });
      if (it == proposals.lines.end()) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("cluster {} is not due for re-evaluation in round {}: it is not "
                                "in the programme for {} years on {}",
                                id, d.round.id, request.min_years, proposals.reference_date));
      }
      auto p = it->proposed.proposal;
      if (!rounds::changes_status(p) && p != Proposal::kDecided) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("cluster {} ({}) is proposed to {} ({}), not to be warned or "
                                "removed: {}",
                                id, it->cluster.name, rounds::proposal_key(p),
                                rounds::proposal_name_zh(p), it->proposed.reason));
      }
    }
    for (auto& line : proposals.lines) {
      if (!wanted.empty() && !wanted.count(line.cluster.id)) continue;
      if (line.proposed.proposal == Proposal::kDecided) ++d.already_decided;
      if (!rounds::changes_status(line.proposed.proposal)) continue;
      domain::StatusChange change;
      change.status = line.proposed.proposal == Proposal::kWarn ? domain::ClusterStatus::kWarned
                                                                : domain::ClusterStatus::kRemoved;
      change.date = d.date;
      change.doc_no = d.round.doc_no;
      change.reason = line.proposed.reason;
      store.change_status(line.cluster.id, change, actor);
      d.recorded.push_back(std::move(line));
    }
  });
  return d;
}

report::Table decision_table(const ReevaluationDecision& d) {
  report::Table t;
  t.columns = {{"cluster", "ID", -1, true, 1, false},
               {"name", "集群"},
               {"from", "原状态"},
               {"to", "新状态"},
               {"date", "日期"},
               {"doc_no", "文号"},
               {"reason", "理由"}};
  for (const auto& l : d.recorded) {
    t.add_row({l.cluster.id, l.cluster.name, std::string(domain::status_key(l.cluster.status)),
               std::string(l.proposed.proposal == Proposal::kWarn ? "warned" : "removed"), d.date,
               d.round.doc_no, l.proposed.reason});
  }
  t.notes.push_back(fmt::format("round {} ({}): {} status change{} recorded on {}", d.round.id,
                                d.round.doc_no, d.recorded.size(),
                                d.recorded.size() == 1 ? "" : "s", d.date));
  if (d.already_decided > 0) {
    t.notes.push_back(fmt::format("{} cluster{} decided in this round earlier, left as recorded",
                                  d.already_decided, d.already_decided == 1 ? "" : "s"));
  }
  return t;
}

}  // namespace atlas::app
