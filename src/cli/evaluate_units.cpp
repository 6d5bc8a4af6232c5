// The units an evaluation scores: the rows of a `--data` table, or the clusters in the programme
// at the end of `--year` with their metrics over every year up to it (so mean_last, growth and
// cagr can look back).
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/domain/status.h"
#include "atlas/evaluate/system_fields.h"
#include "atlas/ingest/expert_scores.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/text_input.h"
#include "atlas/ingest/unit_data.h"
#include "atlas/metrics/indicators.h"
#include "evaluate_units.h"

namespace atlas::cli {

std::vector<evaluate::Unit> units_from_data(const ingest::UnitData& data) {
  std::vector<evaluate::Unit> units;
  for (std::size_t i = 0; i < data.codes.size(); ++i) {
    evaluate::Unit u{data.codes[i], data.names[i], {}, evaluate::UnitFields(0)};
    for (std::size_t g = 0; g < data.group_columns.size(); ++g) {
      u.groups[data.group_columns[g]] = data.groups[g][i];
    }
    for (std::size_t c = 0; c < data.columns.size(); ++c) {
      u.fields.set(data.columns[c], data.values(i, c));
    }
    units.push_back(std::move(u));
  }
  return units;
}

namespace {

// A cluster's platform, institution and alliance counts of one year, for the formulas that look
// back (mean_last, growth) and the imputation over years. A count the cluster never reported
// stays missing (imputed or screened), not 0.
void add_support_counts(store::Store& store, std::int64_t cluster, int year,
                        evaluate::UnitFields& fields) {
  auto support = store.support_counts(cluster, year);
  auto set = [&](const char* field, const std::optional<std::int64_t>& n) {
    if (n) fields.set(field, year, static_cast<double>(*n));
  };
  set("national_platforms", support.national_platforms);
  set("provincial_platforms", support.provincial_platforms);
  if (support.national_platforms && support.provincial_platforms) {
    set("platforms", *support.national_platforms + *support.provincial_platforms);
  }
  set("institutions", support.institutions);
  set("alliances", support.alliances);
}

}  // namespace

std::vector<evaluate::Unit> units_from_store(Context& ctx, int year, const ClusterHistory& history,
                                             const std::string& province_code) {
  auto& store = ctx.store();
  std::vector<evaluate::Unit> units;
  store::ClusterFilter filter;
  if (!province_code.empty()) filter.province_code = province_code;
  for (const auto& c : store.clusters(filter)) {
    auto status = domain::status_on(store.status_history(c.id), fmt::format("{}-12-31", year));
    if (!status || !domain::in_programme(*status)) continue;
    // A cluster with no figures for the year cannot be scored; it would only add blank rows.
    auto h = history.find(c.id);
    if (h == history.end() || std::none_of(h->second.begin(), h->second.end(),
                                           [&](const auto& t) { return t.year == year; })) {
      continue;
    }
    evaluate::Unit u{std::to_string(c.id), c.name, {}, evaluate::UnitFields(year)};
    u.groups["province"] = c.province_code;
    u.groups["industry"] = c.industry_code.substr(0, 2);  // the GB/T 4754 division
    for (const auto& t : h->second) {
      if (t.year > year) continue;
      for (const auto& v : metrics::cluster_year_indicators(t)) {
        if (v.value) u.fields.set(v.name, t.year, *v.value);
      }
      add_support_counts(store, c.id, t.year, u.fields);
    }
    units.push_back(std::move(u));
  }
  if (units.empty()) {
    throw Error(
        ErrorKind::kNotFound,
        fmt::format(
            "no cluster {}in the programme at the end of {} has figures for it",
            province_code.empty() ? "" : fmt::format("of {} ", ctx.province(province_code).name_zh),
            year));
  }
  return units;
}

std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units) {
  auto file = ingest::read_expert_scores(path);
  std::vector<std::string> known;
  for (const auto& u : units) {
    known.push_back(u.code);
    if (u.name != u.code) known.push_back(u.name);
  }
  std::map<std::string, double> scores;
  for (std::size_t i = 0; i < file.units.size(); ++i) {
    // A unit is named by its code or, for clusters, its full name.
    auto unit = std::find_if(units.begin(), units.end(), [&](const evaluate::Unit& u) {
      return u.code == file.units[i] || u.name == file.units[i];
    });
    if (unit == units.end()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not a unit of this evaluation{}", file.units[i],
                              text::did_you_mean(file.units[i], known)),
                  {file.source, file.lines[i], file.unit_header, ""});
    }
    scores[unit->code] = file.scores[i];
  }
  return scores;
}

void add_source_options(CLI::App* cmd, EvaluationRequest& request) {
  auto* system = cmd->add_option("--system", request.system,
                                 "A shipped system's name or a YAML file (see `systems list`)");
  if (request.system.empty()) {
    system->required();
  } else {
    system->capture_default_str();
  }
  auto* year = cmd->add_option("--year", request.year,
                               "The clusters in the programme this year (default: the latest "
                               "year with data)");
  auto* data = cmd->add_option("--data", request.data,
                               "The units of this table instead (CSV/XLSX; no database)")
                   ->excludes(year);
  cmd->add_option("--province", request.province,
                  "That province's clusters only, scored and ranked among themselves (code or "
                  "name, e.g. 湖北 or 420000)")
      ->excludes(data);
}

namespace {

// "  uncertainty: 4500 / 10000 runs" redrawn on a terminal; nothing in pipes, CI or with --quiet.
evaluate::Progress terminal_progress(const Context& ctx, const char* what) {
  if (ctx.quiet || !isatty(STDERR_FILENO)) return {};
  return [what](std::size_t done, std::size_t total) {
    std::cerr << fmt::format("\r  {}: {} / {} runs{}", what, done, total, done == total ? "\n" : "")
              << std::flush;
  };
}

// The run, with a problem the pipeline places at a line of the system file (a gate that decides
// nothing) given as FILE:LINE.
evaluate::EvaluationRun run_evaluation(const LoadedSystem& loaded,
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

std::unique_ptr<Evaluation> run_request(Context& ctx, const EvaluationRequest& request) {
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
    if (!ctx.quiet) {
      for (const auto& note : table.notes) std::cerr << "note: " << note << '\n';
    }
    require_known_fields(*e->loaded, table.columns, "the columns of " + request.data);
    units = units_from_data(table);
    input = fmt::format("{} (sha256 {})", request.data, ingest::sha256_of_file(request.data));
    population.scope = "data";
    population.text = fmt::format("relative to the {} units of {}", units.size(), request.data);
  } else {
    require_known_fields(*e->loaded, catalogue_names(),
                         "the cluster-year fields: clusteratlas systems fields");
    e->year = ctx.year_with_data(request.year);
    if (!request.province.empty()) {
      const auto& p = ctx.province(request.province);
      province_code = p.code;
      population.province_code = p.code;
      population.province_name = p.name_zh;
    }
    history = cluster_history(ctx, e->year);  // read once, for this year and last year
    units = units_from_store(ctx, e->year, history, province_code);
    require_supplied_fields(*e->loaded, units, e->year);
    input = fmt::format("{} year {}", ctx.db_path(), e->year);
    if (!province_code.empty()) input += " province " + province_code;
    e->notice = ctx.synthetic_notice();
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
  e->run = run_evaluation(*e->loaded, units, options);
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
    o.progress = terminal_progress(ctx, "uncertainty");
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
    o.progress = terminal_progress(ctx, "sensitivity");
    e->sensitivity = evaluate::run_sensitivity(e->run, o);
  }
  if (request.compare_previous && e->year != 0 && options.expert_scores.empty()) {
    try {
      auto before = evaluate::run_evaluation(
          system, units_from_store(ctx, e->year - 1, history, province_code), options);
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

}  // namespace atlas::cli
