// `clusteratlas stats`: the figures the programme publishes, grouped — the national overview
// (app/statistics.h computes them; the server's overview gives the same table).
#include "atlas/app/statistics.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string by = "region";
  std::string province;
  int year = 0;
  bool all = false;
};

}  // namespace

void add_stats_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand("stats",
                                 "Published figures by province, region, industry or "
                                 "status: the national overview");
  cmd->add_option("--by", flags.by, "Group by province, region, industry or status")
      ->check(CLI::IsMember({"province", "region", "industry", "status"}))
      ->capture_default_str();
  cmd->add_option("--year", flags.year, "Year (default: the latest with data)");
  cmd->add_option("--province", flags.province,
                  "Only the clusters of this province (code or name), e.g. 湖北");
  cmd->add_flag("--all", flags.all, "Also count applicants and removed clusters");
  add_format_option(cmd, flags.format);
  cmd->footer(
      "Counts the clusters in the programme at the end of the year (cultivation, pilot,\n"
      "recognised, warned) and sums their enterprises' figures. Industry groups are GB/T 4754\n"
      "divisions. Sums cover the firms that reported a figure; '—' means nobody did. The\n"
      "high-tech share is over the clusters that report both their firms and high-tech firms.\n"
      "CSV and JSON give amounts in 元 and the share as a fraction (0.25); the table shows 亿元\n"
      "and per cent.\n"
      "Examples:\n"
      "  clusteratlas stats\n"
      "  clusteratlas stats --by province --year 2022\n"
      "  clusteratlas stats --by industry --province 湖北\n"
      "  clusteratlas stats --by industry --format csv > 2022-by-industry.csv");
  cmd->callback([&ctx] {
    auto t =
        app::programme_statistics(database(ctx), {flags.by, flags.year, flags.all, flags.province});
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
