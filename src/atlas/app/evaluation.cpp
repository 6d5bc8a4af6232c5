#include "atlas/app/evaluation.h"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/evaluation_units.h"
#include "atlas/core/error.h"
#include "atlas/evaluate/system_fields.h"
#include "atlas/ingest/text_input.h"
#include "atlas/ingest/unit_data.h"

namespace atlas::app {
namespace {

// The listener's progress for one analysis; empty when it has none, so the analysis skips it.
evaluate::Progress progress_of(const EvaluationListener& listener, std::string_view analysis) {
  if (!listener.progress) return {};
  return [progress = listener.progress, analysis](std::size_t done, std::size_t total) {
    progress(analysis, done, total);
  };
}

// The run, with a problem the pipeline places at a line of the system file (a gate that decides
// nothing) given as FILE:LINE.
evaluate::EvaluationRun run_pipeline(const LoadedSystem& loaded,
                                     const std::vector<evaluate::Unit>& units,
                                     const evaluate::Options& options) {
  try {
    return evaluate::run_evaluation(loaded.system, units, options);
  } catch (const Error& e) {
    if (!e.where().file.empty() || e.where().row == 0) throw;
    throw Error(e.kind(), fmt::format("{}:{}: {}", loaded.source, e.where().row, e.what()));
  }
}

// Every field the system reads must be one the evaluation supplies: one line naming each
// unknown one where it is written, with the closest known name.
void require_known_fields(const LoadedSystem& loaded, const std::vector<std::string>& known,
                          const std::string& against) {
  auto problems = unknown_field_lines(loaded, known);
  if (problems.empty()) return;
  throw Error(ErrorKind::kBadInput,
              fmt::format("{} (fields checked against {})", fmt::join(problems, "; "), against));
}

// A cluster-year field that no cluster evaluated has, in any year up to the one evaluated, would
// leave an indicator empty or a gate undecided everywhere: say which imported column supplies it.
void require_supplied_fields(const LoadedSystem& loaded, const std::vector<evaluate::Unit>& units,
                             int year) {
  std::vector<std::string> lacking, seen;
  for (const auto& read : evaluate::fields_read(loaded.system)) {
    if (std::find(seen.begin(), seen.end(), read.field) != seen.end()) continue;
    seen.push_back(read.field);
    bool supplied = std::any_of(units.begin(), units.end(),
                                [&](const evaluate::Unit& u) { return u.fields.has(read.field); });
    const auto* info = metrics::find_field(read.field);
    if (supplied || !info) continue;
    lacking.push_back(
        fmt::format("{}:{}:{}: no cluster evaluated has {} ({}) for {} or before; it comes from {}",
                    loaded.source, read.at.line, read.at.column, read.field, info->name_zh, year,
                    import_columns(*info)));
  }
  if (!lacking.empty()) {
    throw Error(ErrorKind::kBadInput, fmt::format("{}", fmt::join(lacking, "; ")));
  }
}

}  // namespace

std::unique_ptr<Evaluation> run_evaluation(const Database* db, const EvaluationRequest& request,
                                           const EvaluationListener& listener) {
  auto e = std::make_unique<Evaluation>();
  e->loaded = std::make_unique<LoadedSystem>(load_system(request.system));
  const auto& system = e->loaded->system;
  std::vector<evaluate::Unit> units;
  ClusterHistory history;
  std::string input, province_code;
  auto& population = e->population;
  if (!request.data.empty()) {
    auto table = ingest::read_unit_data(request.data);
    e->data_notes = table.notes;
    if (listener.note) {
      for (const auto& note : table.notes) listener.note(note);
    }
    require_known_fields(*e->loaded, table.columns, "the columns of " + request.data);
    units = units_from_data(table);
    input = fmt::format("{} (sha256 {})", request.data, ingest::sha256_of_file(request.data));
    population.scope = "data";
    population.text = fmt::format("relative to the {} units of {}", units.size(), request.data);
  } else {
    if (!db) throw Error(ErrorKind::kInternal, "an evaluation without --data needs a database");
    require_known_fields(*e->loaded, catalogue_names(),
                         "the cluster-year fields: clusteratlas systems fields");
    e->year = db->year_with_data(request.year);
    if (!request.province.empty()) {
      auto p = db->province(request.province);
      province_code = p.code;
      population.province_code = p.code;
      population.province_name = p.name_zh;
    }
    history = cluster_history(db->store(), e->year);  // read once, for this year and last year
    units = units_from_store(*db, e->year, history, province_code);
    require_supplied_fields(*e->loaded, units, e->year);
    input = fmt::format("{} year {}", db->path, e->year);
    if (!province_code.empty()) input += " province " + province_code;
    e->notice = db->synthetic_notice();
    population.scope = province_code.empty() ? "national" : "province";
    population.text =
        province_code.empty()
            ? fmt::format(
                  "relative to the {} clusters in the programme at the end of {} with "
                  "figures for it",
                  units.size(), e->year)
            : fmt::format(
                  "relative to the {} clusters of {} in the programme at the end of {} "
                  "with figures for it",
                  units.size(), population.province_name, e->year);
  }
  population.units = units.size();
  auto options = request.options;
  if (!request.expert_scores.empty()) {
    options.expert_scores = read_expert_scores(request.expert_scores, units);
  }
  e->run = run_pipeline(*e->loaded, units, options);
  e->units = std::move(units);
  e->run.system_hash = e->loaded->sha256;
  e->run.input = input;
  std::vector<evaluate::ImputeAlternative> impute_choices;
  if (request.uncertainty > 0 || request.sensitivity > 0) {
    impute_choices =
        evaluate::impute_alternatives(system, e->units, options, system.uncertainty.impute);
  }
  if (request.uncertainty > 0) {
    auto& o = e->uncertainty_options;
    o.replications = request.uncertainty;
    o.seed = request.seed;
    o.weight_spread = system.uncertainty.weight_spread;
    o.normalise = system.uncertainty.normalise;
    o.aggregate = system.uncertainty.aggregate;
    o.impute = impute_choices;
    o.progress = progress_of(listener, "uncertainty");
    if (o.weight_spread == 0 && o.normalise.size() <= 1 && o.aggregate.size() <= 1 &&
        o.impute.size() <= 1) {
      e->run.log.push_back(
          "warning: the system lists no uncertain choices (uncertainty: weights, normalise, "
          "aggregate, impute): every replication is the nominal ranking");
    }
    e->uncertainty = evaluate::run_uncertainty(e->run, o);
  }
  if (request.sensitivity > 0) {
    evaluate::SensitivityOptions o;
    o.samples = request.sensitivity;
    o.seed = request.seed;
    o.weight_spread = system.uncertainty.weight_spread;
    o.normalise = system.uncertainty.normalise;
    o.aggregate = system.uncertainty.aggregate;
    o.impute = impute_choices;
    o.progress = progress_of(listener, "sensitivity");
    e->sensitivity = evaluate::run_sensitivity(e->run, o);
  }
  if (request.compare_previous && e->year != 0 && options.expert_scores.empty()) {
    try {
      auto before = evaluate::run_evaluation(
          system, units_from_store(*db, e->year - 1, history, province_code), options);
      for (std::size_t i = 0; i < before.codes.size(); ++i) {
        if (before.results[i].rank) e->previous_ranks[before.codes[i]] = *before.results[i].rank;
      }
    } catch (const Error& err) {
      // No figures last year, or a formula reaching past the data: no rank changes to show.
      e->run.log.push_back(fmt::format("no comparison with {}: {}", e->year - 1, err.what()));
    }
  }
  return e;
}

std::optional<int> rank_change(const Evaluation& e, std::size_t i) {
  const auto& r = e.run.results[i];
  auto before = e.previous_ranks.find(e.run.codes[i]);
  if (!r.rank || before == e.previous_ranks.end()) return std::nullopt;
  return before->second - *r.rank;
}

}  // namespace atlas::app
