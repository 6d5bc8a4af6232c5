// `clusteratlas export …`: a year's enterprises, cluster reports, platforms, institutions,
// alliances and indicators as CSV (optionally with a byte-order mark for Excel), JSON or XLSX, in
// layouts that `clusteratlas import` reads back. The tables come from app/exports.h.
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>

#include <fmt/format.h>

#include "atlas/app/exports.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/report/xlsx.h"
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
    // Platform lists carry no year: a database with only platforms can still export them.
    bool yearly = flags.what != "platforms";
    auto db = database(ctx);
    int year = yearly ? db.year_with_data(flags.year) : 0;
    std::string title = yearly ? fmt::format("{} {}", flags.what, year) : flags.what;
    auto notice = ctx.synthetic_notice();
    if (notice && flags.format == "csv") std::cerr << *notice << '\n';
    std::size_t rows = 0;
    if (flags.format == "xlsx") {
      if (flags.out.empty()) throw Error(ErrorKind::kUsage, "--format xlsx needs --out FILE.xlsx");
      report::XlsxWriter w(flags.out);
      rows = app::each_export_row(
          db, flags.what, year,
          [&](const std::vector<report::Column>& columns) { w.sheet(title, columns); },
          [&](const std::vector<report::Cell>& cells) { w.row(cells); });
      w.notes({});
      if (notice) {  // on a sheet of its own: below the data, `import` would read it as a row
        w.sheet("说明", {{"note", "说明"}});
        w.row({*notice});
        w.notes({});
      }
      w.close();
    } else {
      Output output(flags.out);
      auto format = report::parse_format(flags.format);
      std::optional<report::RowWriter> w;
      rows = app::each_export_row(
          db, flags.what, year,
          [&](const std::vector<report::Column>& columns) {
            w.emplace(output.stream(), columns, format, flags.bom);
          },
          [&](const std::vector<report::Cell>& cells) { w->row(cells); });
      std::vector<std::string> notes;
      if (notice && format == report::Format::kJson) notes.push_back(*notice);
      w->finish(notes);
      output.close();
    }
    if (!flags.out.empty() && !ctx.quiet) {
      std::cerr << fmt::format("{} of {} written to {}\n", text::counted(rows, "row", "rows"),
                               title, flags.out);
    }
  });
}

}  // namespace atlas::cli
