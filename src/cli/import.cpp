// `clusteratlas import …`, `clusteratlas history`, `clusteratlas diff`: annual statistics in,
// as revisions that keep what was there before.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/imports.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string file, encoding = "auto", sheet, mapping, rejects, cluster, format = "table";
  int year = 0;
  std::int64_t header_row = 0;
  bool dry_run = false;
  std::int64_t from = 0, to = 0;
};

// Prints the problems and the outcome; exits with kBadInput when errors kept the file out.
void print_report(const ingest::ImportReport& report, const Flags& flags, bool quiet) {
  if (!quiet) {
    for (const auto& note : report.notes) std::cerr << "note: " << note << '\n';
  }
  const std::size_t shown = 20;
  std::int64_t printed = 0;  // problems printed, each counted on every row it names
  for (std::size_t i = 0; i < report.problems.size() && i < shown; ++i) {
    const auto& p = report.problems[i];
    std::cerr << fmt::format("{}{}, {} {}{}: {}{}\n", p.warning ? "warning: " : "",
                             report.revision.file_name, p.count == 1 ? "row" : "rows",
                             ingest::row_ranges(p), p.column.empty() ? "" : ", column " + p.column,
                             p.value.empty() ? "" : fmt::format("'{}' ", p.value), p.message);
    printed += p.count;
  }
  if (report.errors + report.warnings > printed) {
    std::cerr << fmt::format(
        "… and {} more\n",
        text::counted(report.errors + report.warnings - printed, "problem", "problems"));
  }
  if (!report.ignored_columns.empty() && !quiet) {
    std::cerr << fmt::format("note: columns not imported: {}\n",
                             fmt::join(report.ignored_columns, ", "));
  }
  const auto& r = report.revision;
  if (report.identical_to) {
    std::cout << fmt::format(
        "{} is identical to revision {} (imported {} by {}); nothing imported\n", r.file_name,
        report.identical_to->id, report.identical_to->imported_at,
        report.identical_to->operator_name);
    return;
  }
  std::string counts = fmt::format("{} read, {} valid, {} rejected, {}, {}",
                                   text::counted(r.rows_read, "row", "rows"), r.rows_imported,
                                   r.rows_rejected, text::counted(report.errors, "error", "errors"),
                                   text::counted(report.warnings, "warning", "warnings"));
  if (flags.dry_run) {
    std::cout << fmt::format("dry run of {} ({}): {}; nothing written\n", r.file_name, r.encoding,
                             counts);
  } else if (r.id) {
    std::cout << fmt::format("imported {} as revision {} ({}, sha256 {}…): {}\n", r.file_name, r.id,
                             r.encoding, r.sha256.substr(0, 12), counts);
    if (!flags.rejects.empty() && r.rows_rejected) {
      std::cout << fmt::format("rejected rows, with reasons: {}\n", flags.rejects);
    }
  } else {
    std::cout << fmt::format(
        "{}: {}; nothing imported (fix the file, or use --skip-invalid "
        "REJECTS.csv to import the valid rows)\n",
        r.file_name, counts);
  }
  if (auto failure = app::import_failure(report, flags.dry_run)) throw *failure;
}

// What `import KIND` accepts, and the help that tells a clerk what the file should look like.
struct ImportKind {
  const char* name;
  const char* summary;
  const char* headers;
  const char* examples;
};

constexpr ImportKind kKinds[] = {
    {"enterprises", "Enterprise-year rows: membership, flags, figures",
     "Headers in Chinese or English, with units: 统一社会信用代码, 企业名称, 集群名称, 年份,\n"
     "营业收入(万元), 研发经费内部支出(千元), 从业人员(人), 有效发明专利(件), 是否高新技术企业 "
     "(是/否)…\n",
     "  clusteratlas import enterprises 2023企业数据.csv --year 2023\n"
     "  clusteratlas import enterprises 报表.csv --encoding gb18030 --dry-run\n"
     "  clusteratlas import enterprises 统计表.xlsx --header-row 3 --year 2024\n"
     "  clusteratlas import enterprises data.csv --skip-invalid rejected.csv"},
    {"clusters", "A cluster's own yearly totals (JQ01: firms, institutions; revenue, R&D, …)",
     "Headers: 集群名称, 年份, 企业数, 高新技术企业数, 专精特新企业数, 单项冠军企业数, "
     "服务机构数,\n"
     "国家级平台数, 省级平台数, 营业收入(亿元), 净利润(亿元), 研发经费内部支出(万元), "
     "从业人员(人)…\n"
     "These figures cover every firm of the cluster; where given they take the place of the\n"
     "sums over enterprise rows in stats and evaluation. High-tech (and other) firms must not\n"
     "outnumber the firms; the institution total must equal the stored JQ03 rows, if any.\n",
     "  clusteratlas import clusters 2023集群总表.xlsx --year 2023\n"
     "  clusteratlas import clusters jq01.csv --dry-run"},
    {"platforms", "R&D platforms: name, level (国家级/省级), type, year established",
     "Headers: 集群名称, 平台名称, 级别 (国家级/省级), 类型, 建立年份.\n"
     "A file is the complete platform list of the clusters it names: it replaces their current\n"
     "lists (the earlier ones stay as revisions). --year is the report year: no platform may be\n"
     "established after it.\n",
     "  clusteratlas import platforms 平台清单.csv\n"
     "  clusteratlas import platforms platforms.xlsx --cluster 本溪制药 --year 2023"},
    {"institutions", "JQ03 service institutions: name, legal representative, category 1-4",
     "Headers: 集群名称, 年份, 机构名称, 法定代表人, 是否国家级 (是/否), 机构类别 (1 创新服务,\n"
     "2 研发, 3 金融, 4 其他), 主要服务内容.\n"
     "JQ03 balance rule: a cluster's rows for a year must equal the institution total of its JQ01\n"
     "report (import clusters), when that is stored; a cluster whose rows do not is refused.\n",
     "  clusteratlas import institutions JQ03.csv --year 2023\n"
     "  clusteratlas import institutions JQ03.xlsx --sheet JQ03 --skip-invalid jq03-rejects.csv"},
    {"alliances", "JQ04 alliances: name, backbone and other member firms",
     "Headers: 集群名称, 年份, 联盟名称, 骨干企业数, 其他企业数.\n",
     "  clusteratlas import alliances JQ04.csv --year 2023"},
};

}  // namespace

void add_import_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* import = app.add_subcommand("import", "Import annual statistics from CSV, TSV or XLSX");
  import->require_subcommand(1);
  import->footer(
      "Each kind of file has its own verb; `clusteratlas import KIND --help` lists its headers.\n"
      "Examples:\n"
      "  clusteratlas import enterprises 2023企业数据.csv --year 2023\n"
      "  clusteratlas import clusters 2023集群总表.xlsx --year 2023 --dry-run\n"
      "  clusteratlas import institutions JQ03.csv --year 2023");
  for (const auto& kind : kKinds) {
    auto* sub = import->add_subcommand(kind.name, kind.summary);
    sub->add_option("file", flags.file, "CSV, TSV (.tsv) or XLSX file")->required();
    sub->add_option("--year", flags.year, "Year of every row (else a 年份/year column)");
    sub->add_option("--cluster", flags.cluster,
                    "Cluster of every row, id or name (else a 集群/cluster column)");
    sub->add_option("--encoding", flags.encoding, "auto, utf-8 or gb18030 (GBK)")
        ->capture_default_str();
    sub->add_option("--sheet", flags.sheet, "XLSX sheet (default: the first)");
    sub->add_option("--header-row", flags.header_row,
                    "Row of the header (default: found among the first 10 rows, under a title)")
        ->check(CLI::PositiveNumber);
    sub->add_option("--mapping", flags.mapping, "YAML file mapping other headers to fields");
    sub->add_flag("--dry-run", flags.dry_run, "Check and report; write nothing");
    sub->add_option("--skip-invalid", flags.rejects,
                    "Import the valid rows; write the rejected ones, with reasons, here");
    sub->footer(fmt::format(
        "{}(docs/data-formats.md lists every recognised header.) Money needs its unit in the\n"
        "header, written 营业收入(万元), 营业收入（万元）, 营业收入/万元, 营业收入 万元 or "
        "营业收入万元;\n"
        "a year before it (2024年营业收入) must be the rows' year. A title above the header is\n"
        "skipped: the header is the row among the first 10 that names the most fields, or the\n"
        "row --header-row gives. 合计/总计/小计 rows and empty rows are skipped with a note.\n"
        "Numbers may be written 1,234.5, １２３４.５ or (1,871.0) for a negative; years 2024,\n"
        "2024年 or a date (2024/12/31). Every problem is reported with its rows and column, once\n"
        "for all the rows it occurs on; with any error nothing is imported. Each import is a\n"
        "revision: earlier figures stay and `clusteratlas diff` compares them.\n"
        "Exit codes: 0 imported (or identical file, or clean dry run), 1 wrong command line,\n"
        "2 problems in the file (nothing imported) or an unknown --cluster.\n"
        "Examples:\n{}",
        kind.headers, kind.examples));
    std::string name = kind.name;
    sub->callback([&ctx, name] {
      ingest::ImportOptions options;
      options.path = flags.file;
      if (flags.year) options.year = flags.year;
      if (!flags.cluster.empty()) options.cluster = flags.cluster;
      if (flags.encoding != "auto") options.encoding = ingest::parse_encoding(flags.encoding);
      options.sheet = flags.sheet;
      if (flags.header_row) options.header_row = flags.header_row;
      options.mapping_path = flags.mapping;
      options.dry_run = flags.dry_run;
      options.rejects_path = flags.rejects;
      options.progress = !ctx.quiet;
      auto report = app::run_import(database(ctx), name, options, ctx.actor());
      print_report(report, flags, ctx.quiet);
    });
  }

  auto* history = app.add_subcommand("history", "Imports (revisions), oldest first");
  history->add_option("--cluster", flags.cluster, "Only revisions with rows of this cluster");
  history->add_option("--year", flags.year, "Only revisions with rows of this year");
  add_format_option(history, flags.format);
  history->footer(
      "Examples:\n"
      "  clusteratlas history\n"
      "  clusteratlas history --cluster 本溪制药 --year 2023");
  history->callback([&ctx] {
    ctx.print(app::import_history(database(ctx), flags.cluster, flags.year), flags.format);
  });

  auto* diff = app.add_subcommand("diff", "What changed between two revisions, field by field");
  diff->add_option("from", flags.from, "Earlier revision")->required();
  diff->add_option("to", flags.to, "Later revision")->required();
  add_format_option(diff, flags.format);
  diff->footer("Examples:\n  clusteratlas diff 3 5 --format csv > changes.csv");
  diff->callback(
      [&ctx] { ctx.print(app::revision_diff(database(ctx), flags.from, flags.to), flags.format); });
}

}  // namespace atlas::cli
