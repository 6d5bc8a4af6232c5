// The evaluation use case: score, rank and grade units against an indicator system — the clusters
// of a database year (nationally or of one province), or the rows of a `--data` table with no
// database — with expert scores, last year's ranks, and uncertainty and sensitivity analyses as
// options. Parameters in (EvaluationRequest, plain data a shell fills from flags or a JSON body),
// an Evaluation out; evaluation_document.h renders it. Errors are atlas::Error; nothing printed.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/app/systems.h"
#include "atlas/evaluate/pipeline.h"
#include "atlas/evaluate/uncertainty.h"

namespace atlas::app {

// Whom an evaluation's scores are relative to: every normalisation compares a unit with the
// others evaluated with it, so a score means nothing without its population.
struct Population {
  std::string scope;  // "national", "province" or "data"
  std::string province_code, province_name;
  std::size_t units = 0;
  std::string text;  // "relative to the 12 clusters of 湖北省 in the programme at the end of 2024"
};

struct EvaluationRequest {
  std::string system;             // a shipped system's name or a YAML file
  std::string data;               // a wide table of units instead of the database
  std::string expert_scores;      // a table of unit and 专家评分 (0–100)
  std::string province;           // that province's clusters only (code or name)
  int year = 0;                   // 0: the latest year with data (without data)
  bool compare_previous = false;  // also rank last year, for rank changes (a second run)
  evaluate::Options options;      // what-if overrides of the system's methods
  int uncertainty = 0;            // replications; 0 = none
  int sensitivity = 0;            // samples N of the Sobol analysis; 0 = none
  std::uint64_t seed = 1;
};

// What a long evaluation tells its caller while it runs; each may be empty.
struct EvaluationListener {
  // A note on the --data table as it is read (a title above the header, total rows skipped).
  std::function<void(const std::string& note)> note;
  // Runs done of the analysis named ("uncertainty", "sensitivity"), for a terminal or a job.
  std::function<void(std::string_view analysis, std::size_t done, std::size_t total)> progress;
};

struct Evaluation {
  std::unique_ptr<LoadedSystem> loaded;  // the run points into it: kept at a fixed address
  std::vector<evaluate::Unit> units;     // what was evaluated
  evaluate::EvaluationRun run;
  int year = 0;  // with the database
  Population population;
  std::map<std::string, int> previous_ranks;  // unit → last year's rank, same system and methods
  std::optional<std::string> notice;          // the synthetic-data notice
  std::vector<std::string> data_notes;        // what reading the --data table noticed
  std::optional<evaluate::UncertaintyResult> uncertainty;
  evaluate::UncertaintyOptions uncertainty_options;
  std::optional<evaluate::SensitivityResult> sensitivity;
};

// Runs the request: on `request.data` when given (`db` may then be null), else on the clusters
// of `db`. Last year's ranks are filled for a database year without expert scores (they are
// given for one year), when last year has figures.
std::unique_ptr<Evaluation> run_evaluation(const Database* db, const EvaluationRequest& request,
                                           const EvaluationListener& listener = {});

// A unit's rank change from last year: +3 is three places up; nullopt without both ranks.
std::optional<int> rank_change(const Evaluation& e, std::size_t unit);

}  // namespace atlas::app
