// `clusteratlas evaluate`: score, rank and grade units against an indicator system — clusters
// from the database for a year, or any units from a wide table (`--data`), with no database.
// Flags → app::run_evaluation → the ranking table, CSV, XLSX or the evaluation's JSON document.
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atlas/app/evaluation_document.h"
#include "atlas/core/error.h"
#include "atlas/report/xlsx.h"
#include "evaluate_units.h"

namespace atlas::cli {
namespace {

struct Flags {
  app::EvaluationRequest request;
  std::string format = "table", out;
  std::string normalise, weighting, aggregate, impute, outliers;
  std::size_t top = 0;
  std::string replications_out;
};

}  // namespace

void add_evaluate_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd =
      app.add_subcommand("evaluate", "Score, rank and grade units against an indicator system");
  add_source_options(cmd, flags.request);
  cmd->add_option("--expert-scores", flags.request.expert_scores,
                  "Table of unit (集群名称 or code) and score (专家评分, 0–100) for the two-stage "
                  "composite");
  cmd->add_option("--normalise", flags.normalise,
                  "Override the system's normalisation (none: raw values to the MCDA rankers)")
      ->check(CLI::IsMember(evaluate::normalise_methods()));
  cmd->add_option("--weighting", flags.weighting, "Override the system's weighting")
      ->check(CLI::IsMember(evaluate::weighting_methods()));
  cmd->add_option("--aggregate", flags.aggregate, "Override every node's aggregation")
      ->check(CLI::IsMember(evaluate::aggregate_methods()));
  cmd->add_option("--impute", flags.impute, "Override the system's imputation")
      ->check(CLI::IsMember(evaluate::impute_methods()));
  cmd->add_option("--outliers", flags.outliers, "Override the system's outlier treatment")
      ->check(CLI::IsMember(evaluate::outlier_methods()));
  cmd->add_option("--format", flags.format, "table, csv, json or xlsx")
      ->check(CLI::IsMember({"table", "csv", "json", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--out", flags.out,
                  "File to write (default: standard output; required for xlsx)");
  cmd->add_option("--top", flags.top, "Show only the N best units (table and CSV)");
  cmd->add_option("--uncertainty", flags.request.uncertainty,
                  "Replications of an uncertainty analysis over the choices the system lists")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--sensitivity", flags.request.sensitivity,
                  "Samples N of a Sobol sensitivity analysis of the same choices: N × (d + 2) "
                  "runs for d factors — N × 5 (weights, normalisation, aggregation), N × 6 when "
                  "the system lists two or more imputations")
      ->check(CLI::Range(2, 1000000));
  cmd->add_option("--seed", flags.request.seed, "Seed of the uncertainty analysis")
      ->capture_default_str();
  cmd->add_option(
      "--replications-out", flags.replications_out,
      "CSV of every replication's choices (normalisation, aggregation, imputation, weight "
      "seed)");
  cmd->footer(
      "Without --data the clusters in the programme at the end of --year (default: the latest\n"
      "year with data) are evaluated on their metrics (`clusteratlas systems fields`), and the\n"
      "run is stored (`clusteratlas runs`); --province evaluates one province's clusters among\n"
      "themselves. --data takes a wide table: a unit column (unit, uCode or 代码), optional name\n"
      "and *_group columns, one column per field. Every field a formula or gate reads must be\n"
      "one of these, or the run stops naming each unknown one.\n"
      "Scores are relative to the units evaluated together (said under the table). A gate not\n"
      "met excludes a unit from the ranking, caps its grade or only flags it, as the system\n"
      "says (门槛影响); 缺失指标 counts the indicators a unit lacks, whose weight the means\n"
      "shared among the others. --normalise none hands raw values to the weighting and to\n"
      "topsis, vikor or gra, which normalise as their textbooks do.\n"
      "JSON gives every node's score, raw values, contributions, effective weights and the log\n"
      "(docs/evaluation-json.md).\n"
      "Examples:\n"
      "  clusteratlas evaluate --system example --data data/systems/example.csv\n"
      "  clusteratlas evaluate --system asem.yaml --data ASEM_iData.csv --format json --out "
      "asem.json\n"
      "  clusteratlas evaluate --system torch-iic --year 2024 --top 20\n"
      "  clusteratlas evaluate --system torch-iic --year 2024 --province 湖北\n"
      "  clusteratlas evaluate --system my-system.yaml --year 2024 --expert-scores 专家评分.csv\n"
      "  clusteratlas evaluate --system entropy-topsis --data 2023年数据.csv --normalise none\n"
      "  clusteratlas evaluate --system example --data x.csv --weighting entropy --aggregate "
      "topsis\n"
      "  clusteratlas evaluate --system torch-iic --year 2024 --impute last_year --outliers "
      "winsorise");
  cmd->callback([&ctx] {
    auto request = flags.request;
    request.compare_previous = true;  // the table's 较上年 column
    if (!flags.normalise.empty()) request.options.normalise = flags.normalise;
    if (!flags.weighting.empty()) request.options.weighting = flags.weighting;
    if (!flags.aggregate.empty()) request.options.aggregate = flags.aggregate;
    if (!flags.impute.empty()) request.options.impute = flags.impute;
    if (!flags.outliers.empty()) request.options.outliers = flags.outliers;
    auto e = run_request(ctx, request);
    if (!flags.replications_out.empty()) {
      if (!e->uncertainty)
        throw Error(ErrorKind::kUsage, "--replications-out needs --uncertainty N");
      auto t = app::replications_table(*e);
      Output replications(flags.replications_out);
      report::write_csv(replications.stream(), t);
      replications.close();
    }
    if (e->year != 0) {  // a run on the database is stored whole, for `runs show` and `compare`
      auto stored = app::stored_run(*e);
      auto id = ctx.store().save_run(stored, ctx.actor());
      if (!ctx.quiet) {
        std::cerr << fmt::format("stored as run {} (clusteratlas runs show {})\n", id, id);
      }
    }
    const auto& system = e->loaded->system;
    const auto& run = e->run;
    const auto& notice = e->notice;

    // Warnings go to stderr whatever the format, as every verb's do, so standard output is the
    // result alone; the JSON document keeps them in its log, for programs that see no stderr.
    for (const auto& line : run.log) {
      if (line.starts_with("warning")) std::cerr << line << '\n';
    }
    if (flags.format == "xlsx") {
      if (flags.out.empty()) throw Error(ErrorKind::kUsage, "--format xlsx needs --out FILE.xlsx");
      auto t = app::ranking_table(*e);
      t.notes.push_back("scores " + e->population.text);
      if (notice) t.notes.push_back(*notice);
      report::write_xlsx(flags.out, {{system.id, &t}});
      return;
    }
    Output output(flags.out);
    std::ostream& out = output.stream();
    if (flags.format == "json") {
      auto doc = app::evaluation_document(*e);
      out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    } else {
      auto t = app::ranking_table(*e);
      if (flags.top > 0 && t.rows.size() > flags.top) {
        t.notes.push_back(fmt::format("the best {} of {} units", flags.top, t.rows.size()));
        t.rows.resize(flags.top);
      }
      t.notes.push_back("scores " + e->population.text);
      // What screening and the gates did is part of the ranking: a note under the table, on
      // stderr beside a CSV (which has no place for notes).
      for (const auto& line : run.log) {
        if (!line.starts_with("screen:") && !line.starts_with("gates:")) continue;
        if (flags.format == "csv") {
          std::cerr << line << '\n';
        } else {
          t.notes.push_back(line);
        }
      }
      if (notice && flags.format == "csv") std::cerr << *notice << '\n';
      if (notice && flags.format != "csv") t.notes.push_back(*notice);
      report::write(out, t, report::parse_format(flags.format));
      if (e->sensitivity && flags.format == "table") {
        out << '\n';
        report::write_table(out, app::sensitivity_table(*e->sensitivity));
      }
    }
    output.close();
  });
}

}  // namespace atlas::cli
