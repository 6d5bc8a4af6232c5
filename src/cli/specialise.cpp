// `clusteratlas specialise`: location quotients, US Cluster Mapping strength flags and European
// Cluster Observatory stars of regions × categories, from an employment file (no database needed)
// or from the programme's own annual statistics (--from-statistics). The work is
// app/specialisation.h's; this file reads the flags and prints the result.
#include <iostream>

#include "atlas/app/specialisation.h"
#include "atlas/core/error.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  app::SpecialisationRequest request;
  std::string format = "table";
  std::string out;
};

}  // namespace

void add_specialise_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "specialise", "Location quotients, cluster strength flags and stars of regions × categories");
  cmd->add_option("--employment", flags.request.employment,
                  "CSV, TSV or XLSX: region, category, employment, establishments [, wages, type, "
                  "region_level, year]");
  cmd->add_flag("--from-statistics", flags.request.from_statistics,
                "Use the database's annual figures: provinces × industry divisions of the "
                "clusters");
  cmd->add_option("--year", flags.request.year,
                  "With --from-statistics: the year (default: the latest)");
  cmd->add_option("--denominator", flags.request.denominator,
                  "LQ denominator: total employment, or traded (the row's own type) as the US "
                  "Cluster Mapping does")
      ->check(CLI::IsMember({"total", "traded"}))
      ->capture_default_str();
  add_format_option(cmd, flags.format);
  cmd->add_option("--out", flags.out, "Write the result to FILE instead of standard output");
  cmd->footer(
      "LQ = (E_rc / E_r) / (E_c / E) within each region level and year. Per (level, category,\n"
      "year), percentiles over the regions with employment > 0 (linear interpolation, as numpy):\n"
      "  strong:      LQ >= P75, LQ >= 1, employment > P25, establishments > P25\n"
      "  top 10%:     the same with LQ >= P90\n"
      "  significant: LQ > P50, employment > P25, establishments > P25\n"
      "  qualifying:  LQ > P25, employment > P25, establishments > P25\n"
      "Stars (European Cluster Observatory): size (employment >= P90), specialisation (LQ on\n"
      "total employment >= 2), focus (share of the region's employment >= P90).\n"
      "CSV and JSON add each flag and star as 1/0 (null when a missing figure leaves it open).\n"
      "The file may have a title above its header; 合计/小计 rows are skipped, with a note.\n"
      "Examples:\n"
      "  clusteratlas specialise --employment provinces-2023.csv\n"
      "  clusteratlas specialise --employment us-counties.xlsx --denominator traded --format csv\n"
      "  clusteratlas specialise --from-statistics --year 2024 --format json --out lq.json");
  cmd->callback([&ctx] {
    const auto& request = flags.request;
    if (request.from_statistics == !request.employment.empty()) {
      throw Error(ErrorKind::kUsage, "give either --employment FILE or --from-statistics");
    }
    const app::Database db = database(ctx);
    const auto result = app::specialise(&db, request);
    const auto format = report::parse_format(flags.format);
    // What the reader skipped goes to stderr, so standard output is the result alone; the JSON
    // document keeps it among its notes too, for programs that see no stderr.
    if (!ctx.quiet) {
      for (const auto& note : result.file.notes) std::cerr << "note: " << note << '\n';
    }
    if (result.notice && format == report::Format::kCsv) std::cerr << *result.notice << '\n';
    Output output(flags.out);
    report::write(output.stream(), result.table(format), format);
    output.close();
  });
}

}  // namespace atlas::cli
