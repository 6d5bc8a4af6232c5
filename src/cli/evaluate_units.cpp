// The units an evaluation scores: the rows of a `--data` table, or the clusters in the programme
// at the end of `--year` with their metrics over every year up to it (so mean_last, growth and
// cagr can look back).
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/domain/status.h"
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

std::vector<evaluate::Unit> units_from_store(Context& ctx, int year,
                                             const ClusterHistory& history) {
  auto& store = ctx.store();
  std::vector<evaluate::Unit> units;
  for (const auto& c : store.clusters({})) {
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
    }
    // A count the cluster never reported stays missing (imputed or screened), not 0.
    auto support = store.support_counts(c.id, year);
    auto set = [&](const char* field, const std::optional<std::int64_t>& n) {
      if (n) u.fields.set(field, static_cast<double>(*n));
    };
    set("national_platforms", support.national_platforms);
    set("provincial_platforms", support.provincial_platforms);
    if (support.national_platforms && support.provincial_platforms) {
      set("platforms", *support.national_platforms + *support.provincial_platforms);
    }
    set("institutions", support.institutions);
    set("alliances", support.alliances);
    units.push_back(std::move(u));
  }
  if (units.empty()) {
    throw Error(
        ErrorKind::kNotFound,
        fmt::format("no cluster in the programme at the end of {} has figures for it", year));
  }
  return units;
}

std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units) {
  auto data = ingest::read_unit_data(path);
  int col = -1;
  for (const char* name : {"score", "expert_score", "专家评分", "专家得分", "评分"}) {
    if (col < 0) col = data.column(name);
  }
  if (col < 0) {
    throw Error(ErrorKind::kBadInput,
                "an expert-score file has a unit column and a score column (score or 专家评分)",
                {data.source, 1, "", ""});
  }
  std::map<std::string, double> scores;
  for (std::size_t i = 0; i < data.codes.size(); ++i) {
    // A unit is named by its code or, for clusters, its full name.
    const evaluate::Unit* unit = nullptr;
    for (const auto& u : units) {
      if (u.code == data.codes[i] || u.name == data.codes[i]) unit = &u;
    }
    if (!unit) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not a unit of this evaluation", data.codes[i]),
                  {data.source, data.lines[i], "", ""});
    }
    double v = data.values(i, col);
    if (evaluate::missing(v) || v < 0 || v > 100) {
      throw Error(ErrorKind::kBadInput, "an expert score is a number from 0 to 100",
                  {data.source, data.lines[i], data.columns[col], ""});
    }
    scores[unit->code] = v;
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
  cmd->add_option("--data", request.data, "The units of this table instead (CSV/XLSX; no database)")
      ->excludes(year);
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

}  // namespace

std::unique_ptr<Evaluation> run_request(Context& ctx, const EvaluationRequest& request) {
  auto e = std::make_unique<Evaluation>();
  e->loaded = std::make_unique<LoadedSystem>(load_system(request.system));
  const auto& system = e->loaded->system;
  std::vector<evaluate::Unit> units;
  ClusterHistory history;
  std::string input;
  if (!request.data.empty()) {
    units = units_from_data(ingest::read_unit_data(request.data));
    input = fmt::format("{} (sha256 {})", request.data, ingest::sha256_of_file(request.data));
  } else {
    e->year = ctx.year_with_data(request.year);
    history = cluster_history(ctx, e->year);  // read once, for this year and last year
    units = units_from_store(ctx, e->year, history);
    input = fmt::format("{} year {}", ctx.db_path(), e->year);
    e->notice = ctx.synthetic_notice();
  }
  auto options = request.options;
  if (!request.expert_scores.empty()) {
    options.expert_scores = read_expert_scores(request.expert_scores, units);
  }
  e->run = evaluate::run_evaluation(system, units, options);
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
      auto before =
          evaluate::run_evaluation(system, units_from_store(ctx, e->year - 1, history), options);
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
