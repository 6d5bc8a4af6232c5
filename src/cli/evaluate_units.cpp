// The command line's side of an evaluation: its source flags, and the terminal as the listener
// of app::run_evaluation.
#include "evaluate_units.h"

#include <unistd.h>

#include <iostream>

#include <fmt/format.h>

#include "database.h"

namespace atlas::cli {

void add_source_options(CLI::App* cmd, app::EvaluationRequest& request) {
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

// Notes on stderr as the table is read; "  uncertainty: 4500 / 10000 runs" redrawn on a
// terminal, nothing in pipes or CI; neither with --quiet.
app::EvaluationListener terminal_listener(const Context& ctx) {
  app::EvaluationListener listener;
  if (ctx.quiet) return listener;
  listener.note = [](const std::string& note) { std::cerr << "note: " << note << '\n'; };
  if (!isatty(STDERR_FILENO)) return listener;
  listener.progress = [](std::string_view what, std::size_t done, std::size_t total) {
    std::cerr << fmt::format("\r  {}: {} / {} runs{}", what, done, total, done == total ? "\n" : "")
              << std::flush;
  };
  return listener;
}

std::unique_ptr<app::Evaluation> run_request(Context& ctx, const app::EvaluationRequest& request) {
  auto db = database(ctx);
  return app::run_evaluation(&db, request, terminal_listener(ctx));
}

}  // namespace atlas::cli
