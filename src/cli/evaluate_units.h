// What `evaluate`, `explain` and `audit` share on the command line: the flags that say what to
// evaluate (--system, --year, --data, --province) and the call of app::run_evaluation with the
// terminal as its listener.
#pragma once
#include <CLI/CLI.hpp>

#include <memory>

#include "atlas/app/evaluation.h"
#include "context.h"

namespace atlas::cli {

// Adds --system, --year and --data (the two exclusive) and --province to a verb that evaluates,
// writing into `request`. Without a default system (`request.system` empty) --system is required.
void add_source_options(CLI::App* cmd, app::EvaluationRequest& request);

// The terminal as an evaluation's listener: the --data table's notes on stderr ("note: …"), the
// analyses' progress redrawn on a terminal's stderr; neither with --quiet.
app::EvaluationListener terminal_listener(const Context& ctx);

// Runs the request on the verb's database (opened only when the run needs it). The --data
// table's notes go to stderr ("note: …") and the analyses' progress to a terminal's stderr,
// neither with --quiet.
std::unique_ptr<app::Evaluation> run_request(Context& ctx, const app::EvaluationRequest& request);

}  // namespace atlas::cli
