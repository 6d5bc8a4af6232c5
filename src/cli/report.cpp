// `clusteratlas report`: the programme's documents — the annual report, cluster fact sheets and
// round reports — as PDF, a self-contained HTML file or a workbook (app/annual_report.h,
// app/fact_sheets.h, app/round_report.h).
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "atlas/app/annual_report.h"
#include "atlas/app/clusters.h"
#include "atlas/app/fact_sheets.h"
#include "atlas/app/round_report.h"
#include "atlas/core/error.h"
#include "atlas/report/chart/china_map.h"
#include "atlas/report/document/output.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string out, format, lang = "zh", system = "torch-iic", map, province, points;
  double eps_km = 2, min_weight = 5;
  int year = 0;
  int uncertainty = 200;
  std::int64_t round = 0;
  std::vector<std::string> clusters;
  bool all = false;
};

// The province map: the file given, else the one installed with the dashboard. Without either
// the annual report leaves its map out and says so.
std::optional<report::chart::ChinaMap> province_map(const std::string& file, bool quiet) {
  std::string path = file.empty() ? beside_binary("web") + "/map/china.json" : file;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!file.empty()) throw Error(ErrorKind::kBadInput, fmt::format("{}: cannot be read", file));
    if (!quiet) {
      std::cerr << fmt::format("note: no province map at {}; the report has no map (--map FILE)\n",
                               path);
    }
    return std::nullopt;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    return report::chart::load_china_map(text.str());
  } catch (const Error& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("{}: {}", path, e.what()));
  }
}

// --out, --format and --lang: what every document takes.
void add_file_options(CLI::App* cmd, Flags& flags) {
  cmd->add_option("--out,-o", flags.out, "The file to write: .pdf, .html or .xlsx")->required();
  cmd->add_option("--format", flags.format, "pdf, html or xlsx (default: by --out's name)")
      ->check(CLI::IsMember({"pdf", "html", "xlsx"}));
  cmd->add_option("--lang", flags.lang, "Language of the document: zh or en")
      ->check(CLI::IsMember({"zh", "en"}))
      ->capture_default_str();
}

void add_output_options(CLI::App* cmd, Flags& flags) {
  add_file_options(cmd, flags);
  cmd->add_option("--year", flags.year, "Year (default: the latest with data)");
  cmd->add_option("--system", flags.system, "Indicator system of the evaluation")
      ->capture_default_str();
}

void write(const report::document::Document& doc, const Flags& flags, const Context& ctx) {
  auto format = report::document::output_format(flags.format, flags.out);
  auto overflows = report::document::write_document(doc, flags.out, format);
  // The layout checks every line against its room; one that did not fit is a bug to report.
  if (!overflows.empty()) {
    std::cerr << fmt::format("note: {} line(s) drawn wider than their room, the first: '{}' "
                             "({:.1f} pt in {:.1f} pt)\n",
                             overflows.size(), overflows[0].text, overflows[0].width,
                             overflows[0].room);
  }
  if (!ctx.quiet) std::cerr << fmt::format("wrote {}\n", flags.out);
}

}  // namespace

void add_report_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* report = app.add_subcommand("report", "The programme's documents as PDF, HTML or XLSX");
  report->require_subcommand(1);
  report->footer(
      "Examples:\n"
      "  clusteratlas report annual --year 2024 --out 2024年度报告.pdf\n"
      "  clusteratlas report cluster 36 --out 烟台.pdf\n"
      "  clusteratlas report round 1 --out 遴选工作报告.pdf");

  auto* annual = report->add_subcommand("annual", "The annual development report of the programme");
  add_output_options(annual, flags);
  annual
      ->add_option("--uncertainty", flags.uncertainty,
                   "Replications of the rank intervals (0: none)")
      ->capture_default_str();
  annual->add_option("--map", flags.map,
                     "Province boundaries (GeoJSON), e.g. an approved 标准地图; default: the "
                     "dashboard's bundled map");
  annual->add_option("--discovery", flags.points,
                     "Points (CSV, TSV or XLSX: id, lat, lon [, weight …]) to find concentrations "
                     "in, as `discover --points`");
  annual->add_option("--eps-km", flags.eps_km, "With --discovery: the neighbourhood radius")
      ->capture_default_str();
  annual->add_option("--min-weight", flags.min_weight, "With --discovery: a core point's weight")
      ->capture_default_str();
  annual->footer(
      "Cover and contents; the national summary with the changes from last year; the map of\n"
      "provinces; tables by region, province and industry; trends; the evaluation's ranking with\n"
      "grades and gates, the distribution of scores and the rank intervals of an uncertainty\n"
      "analysis; the clusters warned and removed; with --discovery, the concentrations found in\n"
      "the points and the registered clusters without one; notes on the data. The figures are\n"
      "those of `stats` and `evaluate` for the same database and year. XLSX holds the tables.\n"
      "Examples:\n"
      "  clusteratlas report annual --year 2024 --out 2024年度报告.pdf\n"
      "  clusteratlas report annual --lang en --out annual-2024.html\n"
      "  clusteratlas report annual --year 2024 --out 2024年度报告.xlsx\n"
      "  clusteratlas report annual --map 标准地图.json --out 2024年度报告.pdf\n"
      "  clusteratlas report annual --discovery 专利与企业坐标.csv --out 2024年度报告.pdf");
  annual->callback([&ctx] {
    // The year first: a year without figures is refused before any note about the map.
    database(ctx).year_with_data(flags.year);
    auto map = province_map(flags.map, ctx.quiet);
    app::AnnualReportRequest r;
    r.year = flags.year;
    r.system = flags.system;
    r.uncertainty = flags.uncertainty;
    r.language = report::document::parse_language(flags.lang);
    r.map = map ? &*map : nullptr;
    if (!flags.points.empty()) {
      r.discovery.emplace();
      r.discovery->points = flags.points;
      r.discovery->eps_km = flags.eps_km;
      r.discovery->min_weight = flags.min_weight;
    }
    write(app::annual_report(database(ctx), r), flags, ctx);
  });

  auto* cluster =
      report->add_subcommand("cluster", "Fact sheets of clusters: one or two pages each");
  cluster->add_option("clusters", flags.clusters, "Clusters by id, name or a unique part of it");
  cluster->add_flag("--all", flags.all, "Every cluster in the programme at the end of the year");
  cluster->add_option("--province", flags.province,
                      "With --all: only this province's clusters (code or name), e.g. 湖北");
  add_output_options(cluster, flags);
  cluster->footer(
      "Each sheet: the cluster's record and status history with 文号, its key figures with a\n"
      "five-year sparkline each, its evaluation (score, grade, rank and its change, dimensions\n"
      "against the national median, strengths, weaknesses, gates) and its leading enterprises.\n"
      "Each starts on a new page; several make one document with a cover and contents.\n"
      "Examples:\n"
      "  clusteratlas report cluster 36 --year 2024 --out 烟台.pdf\n"
      "  clusteratlas report cluster 光电子 --lang en --out optics.html\n"
      "  clusteratlas report cluster --all --province 湖北 --out 湖北集群.pdf\n"
      "  clusteratlas report cluster --all --out 全部集群.pdf");
  cluster->callback([&ctx] {
    auto db = database(ctx);
    if (flags.all == !flags.clusters.empty()) {
      throw Error(ErrorKind::kUsage, "name the clusters or give --all, not both");
    }
    if (!flags.province.empty() && !flags.all) {
      throw Error(ErrorKind::kUsage, "--province goes with --all");
    }
    app::FactSheetRequest r;
    r.year = flags.year;
    r.system = flags.system;
    r.language = report::document::parse_language(flags.lang);
    for (const auto& c : flags.clusters) r.clusters.push_back(db.cluster(c).id);
    if (!flags.province.empty()) {
      app::ClusterListRequest q;
      q.year = db.year_with_data(flags.year);
      q.province = flags.province;
      q.in_programme = true;
      for (const auto& row : app::cluster_list(db, q).rows) {
        r.clusters.push_back(std::get<std::int64_t>(row[0]));
      }
      if (r.clusters.empty()) {
        throw Error(ErrorKind::kNotFound,
                    fmt::format("{} has no clusters in the programme at the end of {}",
                                flags.province, q.year));
      }
    }
    write(app::fact_sheets(db, r), flags, ctx);
  });

  auto* round = report->add_subcommand("round",
                                       "The report of a selection round (遴选) or "
                                       "re-evaluation (复核), for the office's files");
  round->add_option("round", flags.round, "Round id (clusteratlas round list)")->required();
  add_file_options(round, flags);
  round->footer(
      "Cover (the round's name, kind, year, 文号 and stage); a summary with the stages'\n"
      "deadlines and each province's applications against its quota; the applications and the\n"
      "provinces' ranked recommendations; the review form, the expert panel and its assignment;\n"
      "the reliability statistics of the reviews; the experts' scores, the panel's mean and\n"
      "trimmed mean and the decision; the public notice with the objections and their answers;\n"
      "notes. The tables are those `round show`, `application list`, `review assignments`,\n"
      "`review list`, `reliability --round`, `notice show` and `notice objections` print; a\n"
      "section the round has not reached says so. It names the experts: the office's alone.\n"
      "Examples:\n"
      "  clusteratlas report round 1 --out 2026年度遴选工作报告.pdf\n"
      "  clusteratlas report round 1 --lang en --out round-1.html\n"
      "  clusteratlas report round 1 --out 遴选-1.xlsx");
  round->callback([&ctx] {
    auto db = database(ctx);
    app::RoundReportRequest r;
    r.round_id = flags.round;
    r.language = report::document::parse_language(flags.lang);
    write(app::round_report(db, r), flags, ctx);
  });
}

}  // namespace atlas::cli
