// `clusteratlas specialise`: location quotients, US Cluster Mapping strength flags and European
// Cluster Observatory stars of regions × categories, from an employment file (no database needed)
// or from the programme's own annual statistics (--from-statistics).
#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/discover/specialise.h"
#include "atlas/domain/industry.h"
#include "atlas/ingest/employment.h"
#include "context.h"

namespace atlas::cli {
namespace {

using ingest::EmploymentFile;

struct Flags {
  std::string employment;
  std::string denominator = "total";
  std::string format = "table";
  std::string out;
  bool from_statistics = false;
  int year = 0;
};

// Provinces × the GB/T 4754 divisions of the clusters' leading industries, from the clusters'
// enterprise figures of one year: employment and firm counts summed over the clusters. The
// "nation" is the programme, not the whole economy.
EmploymentFile from_statistics(Context& ctx, int year) {
  auto& store = ctx.store();
  std::map<std::int64_t, metrics::ClusterYearTotals> totals;
  for (const auto& t : store.cluster_year_totals(year)) totals[t.cluster_id] = t;
  std::map<std::string, std::string> province_names;
  for (const auto& p : store.provinces()) province_names[p.code] = p.short_zh;
  std::map<std::pair<std::string, std::string>, discover::EmploymentRow> cells;
  for (const auto& c : store.clusters({})) {
    auto t = totals.find(c.id);
    if (t == totals.end()) continue;
    std::string division = domain::division_of(c.industry_code);
    auto industry = store.industry(division);
    auto& r = cells[{c.province_code, division}];
    if (r.region.empty()) {
      r.region =
          province_names.count(c.province_code) ? province_names[c.province_code] : c.province_code;
      r.category = industry ? division + " " + industry->name_zh : division;
      r.region_level = "province";
      r.year = year;
      r.employment = 0;
      r.establishments = 0;
    }
    // A cluster that reported no employment, or never its firms, leaves the cell's figure
    // unknown, not 0.
    const auto& figures = t->second;
    r.employment = figures.employment ? r.employment + *figures.employment : discover::kNoValue;
    r.establishments =
        figures.firms ? r.establishments + static_cast<double>(*figures.firms) : discover::kNoValue;
  }
  EmploymentFile out;
  for (auto& [key, r] : cells) {
    out.rows.push_back(std::move(r));
    out.lines.push_back(0);
  }
  if (out.rows.empty()) {
    throw Error(ErrorKind::kNotFound, fmt::format("no cluster has figures for {}", year));
  }
  return out;
}

report::Cell flag(const std::optional<bool>& f) {
  if (!f) return {};
  return std::int64_t{*f ? 1 : 0};
}

// The highest US Cluster Mapping flag known to hold.
std::string strength(const discover::SpecialisationRow& r) {
  if (r.strong_top10.value_or(false)) return "strong (top 10%)";
  if (r.strong.value_or(false)) return "strong";
  if (r.significant.value_or(false)) return "significant";
  if (r.qualifying.value_or(false)) return "qualifying";
  return "";
}

report::Table result_table(const EmploymentFile& file,
                           const std::vector<discover::SpecialisationRow>& rows,
                           discover::Denominator denominator, report::Format format) {
  const bool traded = denominator == discover::Denominator::kTraded;
  const bool terse = format == report::Format::kTable;  // the 0/1 columns only in CSV and JSON
  report::Table t;
  t.columns = {{"region", "地区"},
               {"region_level", "层级"},
               {"year", "年份", -1, true, 1, false},
               {"category", "产业/集群"},
               {"type", "类型"},
               {"employment", "就业", 0, true},
               {"establishments", "企业数", 0, true}};
  if (file.has_wages) t.columns.push_back({"wages", "工资", 0, true});
  t.columns.push_back({"lq", traded ? "LQ(可贸易)" : "LQ", 3, true});
  if (traded) t.columns.push_back({"lq_total", "LQ(总就业)", 3, true});
  t.columns.push_back({"share", "占本地区就业", 4, true});
  t.columns.push_back({"strength", "强度(USCMP)"});
  if (!terse) {
    for (const char* k : {"strong", "strong_top10", "significant", "qualifying"})
      t.columns.push_back({k, k, -1, true});
  }
  t.columns.push_back({"stars", "星级(ECO)", -1, true});
  if (!terse) {
    for (const char* k : {"size_star", "specialisation_star", "focus_star"})
      t.columns.push_back({k, k, -1, true});
  }
  for (const auto& r : rows) {
    const auto& in = r.input;
    std::vector<report::Cell> row = {
        in.region,
        in.region_level,
        in.year ? report::Cell{std::int64_t{in.year}} : report::Cell{},
        in.category,
        std::string(in.type == discover::CategoryType::kTraded ? "traded" : "local"),
        report::cell(in.employment),
        report::cell(in.establishments)};
    if (file.has_wages) row.push_back(report::cell(in.wages));
    row.push_back(report::cell(r.lq));
    if (traded) row.push_back(report::cell(r.lq_total));
    row.push_back(report::cell(r.share));
    row.push_back(strength(r));
    if (!terse) {
      for (const auto* f : {&r.strong, &r.strong_top10, &r.significant, &r.qualifying})
        row.push_back(flag(*f));
    }
    if (terse) {
      std::string stars;
      for (int i = 0; i < r.stars; ++i) stars += "★";
      row.push_back(stars);
    } else {
      row.push_back(std::int64_t{r.stars});
      for (const auto* f : {&r.size_star, &r.specialisation_star, &r.focus_star})
        row.push_back(flag(*f));
    }
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace

void add_specialise_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "specialise", "Location quotients, cluster strength flags and stars of regions × categories");
  cmd->add_option("--employment", flags.employment,
                  "CSV, TSV or XLSX: region, category, employment, establishments [, wages, type, "
                  "region_level, year]");
  cmd->add_flag("--from-statistics", flags.from_statistics,
                "Use the database's annual figures: provinces × industry divisions of the "
                "clusters");
  cmd->add_option("--year", flags.year, "With --from-statistics: the year (default: the latest)");
  cmd->add_option("--denominator", flags.denominator,
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
    if (flags.from_statistics == !flags.employment.empty()) {
      throw Error(ErrorKind::kUsage, "give either --employment FILE or --from-statistics");
    }
    std::optional<std::string> notice;
    EmploymentFile file;
    if (flags.from_statistics) {
      file = from_statistics(ctx, ctx.year_with_data(flags.year));
      notice = ctx.synthetic_notice();
    } else {
      file = ingest::read_employment(flags.employment);
    }
    auto denominator = flags.denominator == "traded" ? discover::Denominator::kTraded
                                                     : discover::Denominator::kTotal;
    std::vector<discover::SpecialisationRow> rows;
    try {
      rows = discover::specialise(file.rows, denominator);
    } catch (Error& e) {
      // The core counts rows from 1; the file's own line is what a person can find.
      Where where = e.where();
      where.file = flags.employment;
      if (where.row > 0 && static_cast<std::size_t>(where.row) <= file.lines.size())
        where.row = file.lines[static_cast<std::size_t>(where.row - 1)];
      throw Error(e.kind(), e.what(), where);
    }
    auto format = report::parse_format(flags.format);
    auto t = result_table(file, rows, denominator, format);
    // What the reader skipped goes to stderr, so standard output is the result alone; the JSON
    // document keeps it among its notes too, for programs that see no stderr.
    for (const auto& note : file.notes) {
      if (!ctx.quiet) std::cerr << "note: " << note << '\n';
      if (format == report::Format::kJson) t.notes.push_back("note: " + note);
    }
    if (notice && format == report::Format::kCsv) std::cerr << *notice << '\n';
    if (notice && format != report::Format::kCsv) t.notes.push_back(*notice);
    if (format == report::Format::kTable && denominator == discover::Denominator::kTraded)
      t.notes.push_back(
          "LQ on traded employment: traded categories against traded totals, local "
          "against local; stars use LQ(总就业)");
    Output output(flags.out);
    report::write(output.stream(), t, format);
    output.close();
  });
}

}  // namespace atlas::cli
