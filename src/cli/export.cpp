// `clusteratlas export …`: a year's enterprises, cluster reports, platforms, institutions,
// alliances and indicators as CSV (optionally with a byte-order mark for Excel), JSON or XLSX, in
// layouts that `clusteratlas import` reads back. Flags → app/export_files.h → the file.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/export_files.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string what, format = "csv", out;
  int year = 0;
  bool bom = false;
};

}  // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand("export", "Write a year's data as CSV, JSON or XLSX");
  cmd->add_option("what", flags.what,
                  "enterprises, clusters, platforms, institutions, alliances or metrics")
      ->required()
      ->check(CLI::IsMember(app::export_kinds()));
  cmd->add_option("--year", flags.year, "Year (default: the latest with data)");
  cmd->add_option("--format", flags.format, "csv, json or xlsx")
      ->check(CLI::IsMember({"csv", "json", "xlsx"}))
      ->capture_default_str();
  cmd->add_option("--out", flags.out,
                  "File to write (default: standard output; required for xlsx)");
  cmd->add_flag("--bom", flags.bom, "Start the CSV with a UTF-8 byte-order mark, for Excel");
  cmd->footer(
      "CSV and JSON carry amounts in 元 (columns ending in _yuan); XLSX sheets carry them in "
      "万元,\n"
      "as their Chinese headers say. The matching `import` kind reads all three layouts back.\n"
      "clusters: each cluster's own report (JQ01) of the year; platforms: every cluster's\n"
      "current platform list (no year); institutions (JQ03), alliances (JQ04): the year's rows.\n"
      "Examples:\n"
      "  clusteratlas export enterprises --year 2023 --bom --out 2023企业.csv\n"
      "  clusteratlas export metrics --year 2024 --format xlsx --out 2024指标.xlsx\n"
      "  clusteratlas export clusters --year 2023 --format xlsx --out 2023集群.xlsx\n"
      "  clusteratlas export institutions --year 2023 --format json");
  cmd->callback([&ctx] {
    auto db = database(ctx);
    app::ExportRequest request{flags.what, flags.year, flags.format, flags.bom, {}};
    app::ExportFile file;
    if (flags.format == "xlsx") {
      if (flags.out.empty()) throw Error(ErrorKind::kUsage, "--format xlsx needs --out FILE.xlsx");
      file = app::write_export_xlsx(db, request, flags.out);
    } else {
      if (flags.format == "csv") {
        if (auto notice = ctx.synthetic_notice()) std::cerr << *notice << '\n';
      }
      Output output(flags.out);
      file = app::write_export(db, request, output.stream());
      output.close();
    }
    if (!flags.out.empty() && !ctx.quiet) {
      std::cerr << fmt::format("{} of {} written to {}\n", text::counted(file.rows, "row", "rows"),
                               file.title, flags.out);
    }
  });
}

}  // namespace atlas::cli
