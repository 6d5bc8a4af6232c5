// `clusteratlas reevaluate ROUND --year Y`: the re-evaluation (复核) proposals of a round, and with
// --confirm the office's decision recorded under the round's 文号 (docs/rounds.md).
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/reevaluation.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  app::ReevaluationRequest request;
  bool confirm = false;
  std::vector<std::int64_t> only;
};

}  // namespace

void add_reevaluate_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto& r = flags.request;
  auto* cmd = app.add_subcommand(
      "reevaluate", "Re-evaluation (复核): propose keep, warn or remove for the clusters due");
  cmd->add_option("round", r.round_id, "The re-evaluation round's id")->required();
  cmd->add_option("--year", r.year,
                  "Year of the statistics evaluated (default: the latest with figures)");
  cmd->add_option("--min-years", r.min_years, "Due after this many whole years in the programme")
      ->capture_default_str();
  cmd->add_option("--below", r.below,
                  "Grades worse than this one fail, e.g. 合格 or 良好 (default: the system's "
                  "next-to-worst grade, so only the worst fails)");
  auto* confirm = cmd->add_flag("--confirm", flags.confirm,
                                "Record the proposed warnings and removals (decision stage only)");
  cmd->add_option("--only", flags.only,
                  "With --confirm: only these clusters' proposals (ids, comma separated)")
      ->delimiter(',')
      ->needs(confirm);
  add_format_option(cmd, flags.format);
  cmd->footer(
      "Every cluster in the programme for --min-years whole years on the close of the round's\n"
      "review is evaluated with the round's indicator system on the year's statistics. A failed\n"
      "gate or a grade below --below proposes a warning (警告); a cluster warned already and\n"
      "failing again, removal (撤销); a cluster without the data says so (no-data) and is never\n"
      "kept or warned on a guess. --confirm records the proposals as status changes dated today\n"
      "with the round's 文号, all or none, in the round's decision stage; confirming again "
      "records\n"
      "nothing new.\n"
      "Examples:\n"
      "  clusteratlas reevaluate 2 --year 2025\n"
      "  clusteratlas reevaluate 2 --year 2025 --below 良好 --format csv > 复核建议.csv\n"
      "  clusteratlas reevaluate 2 --year 2025 --confirm\n"
      "  clusteratlas reevaluate 2 --year 2025 --confirm --only 12,31");
  cmd->callback([&ctx] {
    auto db = database(ctx);
    if (!flags.confirm) {
      ctx.print(app::reevaluation_table(app::propose_reevaluation(db, flags.request)),
                flags.format);
      return;
    }
    auto decision = app::confirm_reevaluation(db, flags.request, flags.only, ctx.actor());
    ctx.print(app::decision_table(decision), flags.format);
  });
}

}  // namespace atlas::cli
