// `clusteratlas runs …`: the stored evaluations — list them, show one's ranking again, and
// compare two: how far each unit moved. Flags → app/runs.h → print.
#include <fmt/format.h>

#include "atlas/app/runs.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::int64_t id = 0, other = 0;
  std::string format = "table";
  std::string province;
} flags;

// A provincial department's view: its clusters only, with the ranks they have in the run.
void add_province_option(CLI::App* cmd) {
  cmd->add_option("--province", flags.province,
                  "Only this province's clusters (code or name), with their ranks in the run");
}

}  // namespace

void add_runs_commands(CLI::App& app, Context& ctx) {
  auto* runs = app.add_subcommand("runs", "Stored evaluations: list, show, compare");
  runs->require_subcommand(1);
  runs->footer(
      "Examples:\n"
      "  clusteratlas runs list\n"
      "  clusteratlas runs compare 3 5");

  auto* list = runs->add_subcommand("list", "Every stored evaluation, oldest first");
  add_format_option(list, flags.format);
  add_province_option(list);
  list->footer(
      "With --province: the runs that rank its clusters (national runs and its own).\n"
      "Examples:\n  clusteratlas runs list\n  clusteratlas runs list --province 湖北");
  list->callback([&ctx] {
    auto t = app::runs_table(database(ctx), flags.province);
    ctx.print(t, flags.format);
  });

  auto* show = runs->add_subcommand("show", "A stored evaluation's ranking");
  show->add_option("id", flags.id, "Run number (see runs list)")->required();
  add_format_option(show, flags.format);
  add_province_option(show);
  show->footer(
      "Examples:\n  clusteratlas runs show 3\n  clusteratlas runs show 3 --format csv\n"
      "  clusteratlas runs show 3 --province 42");
  show->callback([&ctx] {
    auto t = app::run_ranking(database(ctx), flags.id, flags.province);
    ctx.print(t, flags.format);
  });

  auto* compare = runs->add_subcommand("compare", "How each unit's rank moved from run A to run B");
  compare->add_option("a", flags.id, "The earlier run")->required();
  compare->add_option("b", flags.other, "The later run")->required();
  add_format_option(compare, flags.format);
  add_province_option(compare);
  compare->footer(
      "Shift = rank in A − rank in B: +3 means three places up in B. Units in only one run show\n"
      "an empty rank on the other side. Largest moves first.\n"
      "Examples:\n  clusteratlas runs compare 1 2\n  clusteratlas runs compare 1 2 --province "
      "湖北");
  compare->callback([&ctx] {
    auto t = app::compare_runs(database(ctx), flags.id, flags.other, flags.province);
    ctx.print(t, flags.format);
  });
}

}  // namespace atlas::cli
