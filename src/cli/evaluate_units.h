// How `clusteratlas evaluate` and `explain` get their units, expert scores and run: from a
// `--data` table or the database's clusters of a year, with last year's run beside it.
#pragma once
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "atlas/evaluate/pipeline.h"
#include "atlas/evaluate/uncertainty.h"
#include "atlas/ingest/unit_data.h"
#include "context.h"
#include "systems.h"

namespace atlas::cli {

// One unit per row of a `--data` table; its numeric columns are its fields.
std::vector<evaluate::Unit> units_from_data(const ingest::UnitData& data);
// The clusters in the programme at the end of `year` that have figures for it — of one province
// when `province_code` is given — with the metrics and the platform, institution and alliance
// counts of every year up to it with figures as fields; code = cluster id.
std::vector<evaluate::Unit> units_from_store(Context& ctx, int year, const ClusterHistory& history,
                                             const std::string& province_code = "");
// Expert scores (0–100) by unit code from a table naming each unit by its code or full name
// (ingest::read_expert_scores). A unit that is not evaluated is an error with the closest names.
std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units);

// Whom an evaluation's scores are relative to: every normalisation compares a unit with the
// others evaluated with it, so a score means nothing without its population.
struct Population {
  std::string scope;  // "national", "province" or "data"
  std::string province_code, province_name;
  std::size_t units = 0;
  std::string text;  // "relative to the 12 clusters of 湖北省 in the programme at the end of 2024"
};

struct EvaluationRequest {
  std::string system, data, expert_scores;
  std::string province;           // --province: that province's clusters only
  int year = 0;                   // 0: the latest year with data (without --data)
  bool compare_previous = false;  // also rank last year, for rank changes (a second run)
  evaluate::Options options;
  int uncertainty = 0;  // replications; 0 = none
  int sensitivity = 0;  // samples N of the Sobol analysis; 0 = none
  std::uint64_t seed = 1;
};

struct Evaluation {
  std::unique_ptr<LoadedSystem> loaded;  // the run points into it: kept at a fixed address
  std::vector<evaluate::Unit> units;     // what was evaluated
  evaluate::EvaluationRun run;
  int year = 0;  // with the database
  Population population;
  std::map<std::string, int> previous_ranks;  // unit → last year's rank, same system and methods
  std::optional<std::string> notice;          // the synthetic-data notice
  // What reading the --data table noticed (a title above the header, total rows skipped):
  // printed on stderr as it is read, unless --quiet, and kept for JSON's notes.
  std::vector<std::string> data_notes;
  std::optional<evaluate::UncertaintyResult> uncertainty;
  evaluate::UncertaintyOptions uncertainty_options;
  std::optional<evaluate::SensitivityResult> sensitivity;
};

// Adds --system, --year and --data (the two exclusive) to a verb that evaluates, writing into
// `request`. Without a default system (`request.system` empty) --system is required.
void add_source_options(CLI::App* cmd, EvaluationRequest& request);

// Runs the request. Last year's ranks are filled for a database year without expert scores
// (they are given for one year), when last year has figures. The --data table's notes go to
// stderr ("note: …") unless --quiet.
std::unique_ptr<Evaluation> run_request(Context& ctx, const EvaluationRequest& request);

}  // namespace atlas::cli
