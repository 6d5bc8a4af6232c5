#include "atlas/evaluate/pipeline.h"

#include <algorithm>
#include <functional>
#include <set>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/expr.h"
#include "atlas/evaluate/steps.h"

namespace atlas::evaluate {
namespace {

// Each indicator's formula, compiled; a field no unit has is listed with every other such field.
std::vector<Formula> compile(const std::vector<const Node*>& indicators,
                             const std::vector<Unit>& units) {
  std::vector<Formula> out;
  std::vector<std::string> unknown;
  for (const auto* n : indicators) {
    std::string text = n->formula.empty() ? n->id : n->formula;
    try {
      out.push_back(Formula::parse(text));
    } catch (const FormulaError& e) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("formula of '{}', column {}: {}", n->id, e.column(), e.what()));
    }
    for (const auto& f : out.back().fields()) {
      bool known =
          std::any_of(units.begin(), units.end(), [&](const Unit& u) { return u.fields.has(f); });
      if (!known && std::find(unknown.begin(), unknown.end(), f) == unknown.end()) {
        unknown.push_back(f);
      }
    }
  }
  if (!unknown.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("no unit has the field{} {} that the system's formulas read",
                            unknown.size() > 1 ? "s" : "", fmt::join(unknown, ", ")));
  }
  return out;
}

// How far back last_year and linear look for a unit's earlier values.
constexpr int kImputeYearsBack = 5;

// The formulas read `years_back` more years back: the indicator as it was in an earlier year.
class EarlierYear final : public FieldSource {
 public:
  EarlierYear(const FieldSource& fields, int years_back) : fields_(fields), back_(years_back) {}
  double value(std::string_view field, int years_back) const override {
    return fields_.value(field, years_back + back_);
  }

 private:
  const FieldSource& fields_;
  int back_;
};

// Each unit's group for group_median: the system's impute_group, or the units' only group.
std::vector<std::string> impute_groups(const std::string& wanted, const std::vector<Unit>& units) {
  std::set<std::string> names;
  for (const auto& u : units) {
    for (const auto& [name, value] : u.groups) names.insert(name);
  }
  std::string group = wanted;
  if (group.empty() && names.size() == 1) group = *names.begin();
  if (!names.count(group) && names.count(group + "_group")) group += "_group";  // a --data column
  if (group.empty() || !names.count(group)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("impute group_median needs `impute_group` under the system's methods, "
                            "one of the units' groups: {}",
                            names.empty() ? std::string("(the units have none)")
                                          : fmt::format("{}", fmt::join(names, ", "))));
  }
  std::vector<std::string> out;
  for (const auto& u : units) {
    auto g = u.groups.find(group);
    out.push_back(g == u.groups.end() ? std::string() : g->second);
  }
  return out;
}

// Fills run.imputed's missing values of the units kept by screening.
void impute(EvaluationRun& run, const std::vector<Unit>& units,
            const std::vector<Formula>& formulas, const std::vector<bool>& kept) {
  const auto& method = run.methods.impute;
  std::vector<std::string> groups;
  if (method == "group_median") groups = impute_groups(run.methods.impute_group, units);
  bool over_years = method == "last_year" || method == "linear";
  for (std::size_t j = 0; j < run.indicators.size(); ++j) {
    auto column = run.imputed.column(j);
    std::vector<std::vector<double>> earlier(units.size());
    for (std::size_t i = 0; over_years && i < units.size(); ++i) {
      if (!kept[i] || !missing(column[i])) continue;
      for (int k = 1; k <= kImputeYearsBack; ++k) {
        earlier[i].push_back(formulas[j].evaluate(EarlierYear(units[i].fields, k)));
      }
    }
    auto filled = impute_step(method, column, groups, earlier, *run.indicators[j], run.log);
    for (std::size_t i = 0; i < units.size(); ++i) {
      if (kept[i]) run.imputed(i, j) = filled[i];
    }
  }
}

// Each unit's gate outcomes, and which failed gates exclude it or cap its grade. A gate
// undecided for every unit decides nothing — a mistyped field, or a rule looking back further
// than the data goes — and is an error at the gate's line, saying which.
void apply_gates(const IndicatorSystem& system, const std::vector<Unit>& units,
                 EvaluationRun& run) {
  std::vector<std::string> summary;
  for (std::size_t g = 0; g < system.gates.size(); ++g) {
    const auto& gate = system.gates[g];
    auto rule = Formula::parse(gate.rule);
    std::size_t counts[3] = {0, 0, 0};  // pass, fail, undecided
    for (std::size_t i = 0; i < units.size(); ++i) {
      double v = rule.evaluate(units[i].fields);
      auto outcome = missing(v) ? GateOutcome::kUndecided
                     : v != 0   ? GateOutcome::kPass
                                : GateOutcome::kFail;
      ++counts[static_cast<int>(outcome)];
      auto& r = run.results[i];
      r.gates.push_back(outcome);
      if (outcome != GateOutcome::kFail) continue;
      if (gate.effect == GateEffect::kExclude) r.excluded_by.push_back(g);
      if (gate.effect == GateEffect::kCap) r.capped_by.push_back(g);
    }
    if (!units.empty() && counts[2] == units.size()) {
      std::vector<std::string> absent;
      for (const auto& f : rule.fields()) {
        if (std::none_of(units.begin(), units.end(),
                         [&](const Unit& u) { return u.fields.has(f); })) {
          absent.push_back(f);
        }
      }
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("gate '{}' is undecided for every one of the {} units: {} its rule `{}` "
                      "reads, so it decides nothing",
                      gate.id, units.size(),
                      absent.empty() ? std::string("none has every value (and earlier year)")
                                     : fmt::format("none has {}", fmt::join(absent, ", ")),
                      gate.rule),
          {"", gate.line, "", ""});
    }
    summary.push_back(fmt::format(
        "{} ({}{}) {} pass, {} fail, {} undecided", gate.id, effect_name(gate.effect),
        gate.effect == GateEffect::kCap ? " at " + gate.cap : "", counts[0], counts[1], counts[2]));
  }
  if (summary.empty()) return;
  std::size_t excluded = std::count_if(run.results.begin(), run.results.end(),
                                       [](const UnitResult& r) { return !r.excluded_by.empty(); });
  run.log.push_back(fmt::format("gates: {}; {} unit{} excluded from the ranking",
                                fmt::join(summary, "; "), excluded, excluded == 1 ? "" : "s"));
}

// "A (甲集群)", or the code alone when the unit has no other name: how messages name units.
std::vector<std::string> unit_labels(const EvaluationRun& run) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < run.codes.size(); ++i) {
    out.push_back(run.names[i].empty() || run.names[i] == run.codes[i]
                      ? run.codes[i]
                      : fmt::format("{} ({})", run.codes[i], run.names[i]));
  }
  return out;
}

// Entropy weights on raw values are defined on shares of a column's total: a negative value — or,
// in a cost column, which enters as 1/x, a value not above 0 — has none. Names the unit and the
// indicator, which the methods library can only number.
void require_shares(const Node& node, const Matrix& children,
                    const std::vector<Polarity>& polarities, const EvaluationRun& run) {
  for (std::size_t c = 0; c < node.children.size(); ++c) {
    bool cost = polarities[c] == Polarity::kNegative;
    for (std::size_t i = 0; i < children.rows; ++i) {
      double v = children(i, c);
      if (missing(v) || (cost ? v > 0 : v >= 0)) continue;
      throw Error(ErrorKind::kBadInput,
                  fmt::format("entropy weights on raw values (normalise none): {} ({}) has {:g} "
                              "for '{}'; entropy needs values {} — choose a normalisation or "
                              "another weighting",
                              run.codes[i], run.names[i], v, node.children[c].id,
                              cost ? "above 0 in a cost column (it takes 1/x)" : "of 0 or more"));
    }
  }
}

}  // namespace

int EvaluationRun::node_index(const std::string& id) const {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    if (nodes[i]->id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<double> ranked_scores(const EvaluationRun& run) {
  auto scores = run.scores.column(0);
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    if (!run.results[i].excluded_by.empty()) scores[i] = kMissing;
  }
  return scores;
}

const std::string& EvaluationRun::aggregate_of(std::size_t k) const {
  return own_aggregate[k].empty() ? methods.aggregate : own_aggregate[k];
}

EvaluationRun run_evaluation(const IndicatorSystem& system, const std::vector<Unit>& units,
                             const Options& options) {
  if (options.normalise) require_method("normalise", *options.normalise, normalise_methods());
  if (options.weighting) require_method("weighting", *options.weighting, weighting_methods());
  if (options.aggregate) require_method("aggregate", *options.aggregate, aggregate_methods());
  if (options.impute) require_method("impute", *options.impute, impute_methods());
  if (options.outliers) require_method("outliers", *options.outliers, outlier_methods());
  if (units.empty()) throw Error(ErrorKind::kBadInput, "there are no units to evaluate");

  EvaluationRun run;
  run.system_id = system.id;
  run.methods = system.methods;
  if (options.normalise) run.methods.normalise = *options.normalise;
  if (options.weighting) run.methods.weighting = *options.weighting;
  if (options.aggregate) run.methods.aggregate = *options.aggregate;
  if (options.impute) run.methods.impute = *options.impute;
  if (options.outliers) run.methods.outliers = *options.outliers;
  std::vector<int> parent;  // each node's parent's position; −1 for the index
  std::function<void(const Node&, int)> walk = [&](const Node& n, int up) {
    int at = static_cast<int>(run.nodes.size());
    run.nodes.push_back(&n);
    parent.push_back(up);
    if (n.is_indicator()) run.indicators.push_back(&n);
    for (const auto& c : n.children) walk(c, at);
  };
  walk(system.index, -1);
  for (const auto& u : units) {
    run.codes.push_back(u.code);
    run.names.push_back(u.name);
  }
  const std::size_t n_units = units.size(), n_ind = run.indicators.size();
  const bool raw = run.methods.normalise == kNoNormalisation;
  if (raw) {
    std::vector<std::string> problems;
    for (const auto* n : needs_normalised_values(system, options.aggregate.value_or(""))) {
      problems.push_back(raw_values_message(
          *n,
          options.aggregate.value_or(n->aggregate.empty() ? run.methods.aggregate : n->aggregate)));
    }
    if (!problems.empty()) {
      throw Error(ErrorKind::kBadInput, fmt::format("{}", fmt::join(problems, "; ")));
    }
  }
  run.log.push_back(fmt::format("system {}: {} indicators, {} nodes; {} units", system.id, n_ind,
                                run.nodes.size(), n_units));

  // 1. Raw values from the formulas.
  auto formulas = compile(run.indicators, units);
  run.raw = Matrix(n_units, n_ind);
  for (std::size_t i = 0; i < n_units; ++i) {
    for (std::size_t j = 0; j < n_ind; ++j) run.raw(i, j) = formulas[j].evaluate(units[i].fields);
  }

  // 2. Screening, imputation and outlier treatment, in COINr's order.
  auto kept = screen_step(run.raw, run.methods.screen, run.codes, run.log);
  run.imputed = run.raw;
  for (std::size_t i = 0; i < n_units; ++i) {
    if (kept[i]) continue;
    for (std::size_t j = 0; j < n_ind; ++j) run.imputed(i, j) = kMissing;
  }
  if (run.methods.impute != "none") impute(run, units, formulas, kept);
  run.treated = run.imputed;
  if (run.methods.outliers != "none") {
    if (run.methods.normalise == "goalposts" || run.methods.normalise == "dist2target") {
      run.log.push_back(fmt::format(
          "warning: outliers {} transforms values that {} compares with the system's own numbers",
          run.methods.outliers, run.methods.normalise));
    }
    for (std::size_t j = 0; j < n_ind; ++j) {
      run.treated.set_column(j, outlier_step(run.methods.outliers, run.imputed.column(j),
                                             *run.indicators[j], run.log));
    }
  }

  // 3. Normalisation, indicator by indicator.
  run.log.push_back(
      raw ? std::string("normalise: none — raw values go to weighting and aggregation")
      : run.methods.normalise == "minmax" || run.methods.normalise == "goalposts"
          ? fmt::format("normalise: {} onto [{:g}, {:g}]", run.methods.normalise,
                        run.methods.range.lo, run.methods.range.hi)
          : fmt::format("normalise: {}", run.methods.normalise));
  if (!run.methods.reference.empty()) {
    auto at = std::find(run.codes.begin(), run.codes.end(), run.methods.reference);
    if (at == run.codes.end() || !kept[static_cast<std::size_t>(at - run.codes.begin())]) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the reference unit '{}' is not among the units evaluated",
                              run.methods.reference));
    }
    run.reference_row = static_cast<std::size_t>(at - run.codes.begin());
  }
  run.normalised = Matrix(n_units, n_ind);
  for (std::size_t j = 0; j < n_ind; ++j) {
    run.normalised.set_column(
        j, normalise_step(run.methods.normalise, run.treated.column(j), *run.indicators[j], run.log,
                          run.methods.range, run.reference_row));
  }

  // 4. Weights and aggregation, node by node from the indicators up.
  run.scores = Matrix(n_units, run.nodes.size());
  run.weight_in_parent.assign(run.nodes.size(), 1);
  run.effective_weight.assign(run.nodes.size(), 1);
  run.own_aggregate.resize(run.nodes.size());
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    if (!options.aggregate) run.own_aggregate[k] = run.nodes[k]->aggregate;
  }
  std::map<const Node*, std::size_t> position;
  for (std::size_t k = 0; k < run.nodes.size(); ++k) position[run.nodes[k]] = k;
  for (std::size_t j = 0; j < n_ind; ++j) {
    auto column = run.normalised.column(j);
    for (std::size_t i = 0; i < n_units; ++i)
      run.scores(i, position[run.indicators[j]]) = column[i];
  }
  run.log.push_back(
      fmt::format("weighting: {}; aggregate: {}", run.methods.weighting, run.methods.aggregate));
  const auto labels = unit_labels(run);
  for (std::size_t k = run.nodes.size(); k-- > 0;) {  // children come after their parent
    const Node& n = *run.nodes[k];
    if (n.is_indicator()) continue;
    Matrix children(n_units, n.children.size());
    std::vector<Polarity> polarities;  // raw values: each child's; normalised: none needed
    for (std::size_t c = 0; c < n.children.size(); ++c) {
      auto at = position[&n.children[c]];
      for (std::size_t i = 0; i < n_units; ++i) children(i, c) = run.scores(i, at);
      if (raw) {
        polarities.push_back(n.children[c].is_indicator() ? n.children[c].effective_polarity
                                                          : Polarity::kPositive);
      }
    }
    if (raw && run.methods.weighting == "entropy") require_shares(n, children, polarities, run);
    auto weights = weight_step(run.methods.weighting, n, children, run.log, polarities);
    for (std::size_t c = 0; c < n.children.size(); ++c) {
      run.weight_in_parent[position[&n.children[c]]] = weights[c];
    }
    run.scores.set_column(
        k, aggregate_step(run.aggregate_of(k), n, children, weights, run.log, polarities, labels));
  }
  for (std::size_t k = 1; k < run.nodes.size(); ++k) {  // parents come before their children
    run.effective_weight[k] = run.effective_weight[parent[k]] * run.weight_in_parent[k];
  }

  // 5. Scores, the composite, gates and their effects, ranks and grades.
  bool composite = system.data_share && system.expert_share;
  if (composite && options.expert_scores.empty()) {
    run.log.push_back("no expert scores given: the final score is the data score");
  }
  // Grade cut-offs are points out of 100: they apply when scores are on that scale (min-max or
  // goalpost values combined by means, or the MCDA rankers, whose scores are put on 0–100), not
  // to z-scores, percentiles or Copeland's win counts.
  bool graded = run.methods.normalise == "minmax" || run.methods.normalise == "goalposts" || raw;
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    if (!run.nodes[k]->is_indicator() && run.aggregate_of(k) == "copeland") graded = false;
  }
  if (!graded && !system.grades.empty()) {
    run.log.push_back(
        fmt::format("warning: no grades: the scores are not points out of 100 "
                    "(normalise {}, aggregate {}), which the cut-offs assume",
                    run.methods.normalise, run.methods.aggregate));
  }
  run.results.resize(n_units);
  std::vector<std::string> without_expert;
  for (std::size_t i = 0; i < n_units; ++i) {
    auto& r = run.results[i];
    r.screened_out = !kept[i];
    r.score = run.scores(i, 0);
    r.final_score = r.score;
    if (composite && !options.expert_scores.empty()) {
      auto e = options.expert_scores.find(units[i].code);
      if (e != options.expert_scores.end()) {
        r.expert_score = e->second;
        r.final_score = *system.data_share * r.score + *system.expert_share * e->second;
      } else {
        r.final_score = kMissing;
        without_expert.push_back(units[i].code);
      }
    }
  }
  if (!without_expert.empty()) {
    run.log.push_back(
        fmt::format("warning: no expert score for {} unit{} ({}): no final score, "
                    "no rank",
                    without_expert.size(), without_expert.size() == 1 ? "" : "s",
                    fmt::join(without_expert, ", ")));
  }
  apply_gates(system, units, run);
  std::vector<double> finals;
  for (const auto& r : run.results)
    finals.push_back(r.excluded_by.empty() ? r.final_score : kMissing);
  auto ranks = rank_step(finals);
  for (std::size_t i = 0; i < n_units; ++i) {
    auto& r = run.results[i];
    if (ranks[i] > 0) r.rank = ranks[i];
    if (missing(r.final_score) || !graded) continue;
    std::size_t earned = 0;
    while (earned < system.grades.size() && r.final_score < system.grades[earned].min) ++earned;
    if (earned == system.grades.size()) continue;  // below every cut-off
    r.uncapped_grade = system.grades[earned].name;
    if (!r.excluded_by.empty()) continue;  // not eligible: no grade
    std::size_t given = earned;
    for (auto g : r.capped_by) {
      for (std::size_t k = 0; k < system.grades.size(); ++k) {
        if (system.grades[k].name == system.gates[g].cap) given = std::max(given, k);
      }
    }
    r.grade = system.grades[given].name;
  }

  // 6. The weights each unit's score was built with — each indicator's weight, passed down with
  // missing siblings' weights shared among those present, as the means do — and, where every
  // aggregate is an arithmetic mean, the contributions: weight used × value.
  bool arithmetic = true;
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    if (run.nodes[k]->is_indicator()) continue;
    arithmetic = arithmetic && run.aggregate_of(k) == "arithmetic";
  }
  for (std::size_t i = 0; i < n_units; ++i) {
    auto& r = run.results[i];
    std::vector<double> share(run.nodes.size(), 0);
    share[0] = 1;
    for (std::size_t k = 0; k < run.nodes.size(); ++k) {
      const Node& n = *run.nodes[k];
      double present = 0;
      for (const auto& c : n.children) {
        if (!missing(run.scores(i, position[&c]))) present += run.weight_in_parent[position[&c]];
      }
      for (const auto& c : n.children) {
        auto at = position[&c];
        if (present > 0 && !missing(run.scores(i, at))) {
          share[at] = share[k] * run.weight_in_parent[at] / present;
        }
      }
    }
    const Matrix& counted = r.screened_out ? run.raw : run.normalised;
    for (std::size_t j = 0; j < n_ind; ++j) {
      double v = run.normalised(i, j);
      r.weights_used.push_back(share[position[run.indicators[j]]]);
      // No value, no contribution — missing, not 0 points (a unit without a score has none).
      if (arithmetic) r.contributions.push_back(missing(v) ? kMissing : r.weights_used.back() * v);
      if (missing(counted(i, j))) ++r.missing_indicators;
    }
  }

  // 7. Strengths and weaknesses: where each unit stands among its peers, indicator by indicator.
  for (std::size_t j = 0; j < n_ind; ++j) {
    auto column = run.normalised.column(j);
    if (raw && run.indicators[j]->effective_polarity == Polarity::kNegative) {
      for (double& v : column) v = -v;  // raw values of a cost indicator: less is better
    }
    auto ranks_j = rank_step(column);
    for (std::size_t i = 0; i < n_units; ++i) run.results[i].indicator_ranks.push_back(ranks_j[i]);
  }
  for (auto& r : run.results) {
    std::vector<std::size_t> present;
    for (std::size_t j = 0; j < n_ind; ++j) {
      if (r.indicator_ranks[j] > 0) present.push_back(j);
    }
    std::stable_sort(present.begin(), present.end(),
                     [&](auto a, auto b) { return r.indicator_ranks[a] < r.indicator_ranks[b]; });
    std::size_t k = std::min<std::size_t>(3, present.size() / 2);
    r.strengths.assign(present.begin(), present.begin() + static_cast<std::ptrdiff_t>(k));
    r.weaknesses.assign(present.rbegin(), present.rbegin() + static_cast<std::ptrdiff_t>(k));
  }
  return run;
}

}  // namespace atlas::evaluate
