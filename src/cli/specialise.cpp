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
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string employment;
  std::string denominator = "total";
  std::string format = "table";
  std::string out;
  bool from_statistics = false;
  int year = 0;
};

// The columns of an employment file, as headers people write them (compared by header_key).
struct ColumnSpec {
  const char* key;
  bool required;
  std::vector<std::string> aliases;
};

const std::vector<ColumnSpec>& column_specs() {
  static const std::vector<ColumnSpec> kSpecs = {
      {"region", true, {"region", "地区", "区域", "省份", "城市", "province", "city"}},
      {"category", true, {"category", "cluster", "industry", "产业", "行业", "类别", "集群"}},
      {"employment",
       true,
       {"employment", "emp", "employees", "jobs", "就业", "就业人数", "从业人员", "从业人数"}},
      {"establishments",
       true,
       {"establishments", "est", "firms", "plants", "enterprises", "企业数", "单位数", "机构数"}},
      {"wages", false, {"wages", "payroll", "工资", "工资总额"}},
      {"type", false, {"type", "类型"}},
      {"region_level", false, {"regionlevel", "level", "区域层级", "层级"}},
      {"year", false, {"year", "年份", "年度"}},
  };
  return kSpecs;
}

discover::CategoryType parse_type(const std::string& text, const Where& where) {
  auto key = ingest::header_key(text);
  if (key.empty() || key == "traded" || key == "t" || key == "可贸易" || key == "贸易型")
    return discover::CategoryType::kTraded;
  if (key == "local" || key == "l" || key == "本地" || key == "本地型" || key == "地方")
    return discover::CategoryType::kLocal;
  throw Error(
      ErrorKind::kBadInput,
      fmt::format("'{}' is not a category type: write traded (可贸易) or local (本地)", text),
      where);
}

struct EmploymentFile {
  std::vector<discover::EmploymentRow> rows;
  std::vector<std::int64_t> lines;
  bool has_wages = false;
};

EmploymentFile read_employment(const std::string& path) {
  ingest::FileRows file(path, "", std::nullopt);
  auto& rows = file.rows();
  const std::string source = rows.source();
  std::vector<std::string> header;
  if (!rows.next(header))
    throw Error(ErrorKind::kBadInput, "the file is empty", {source, 1, "", ""});
  std::map<std::string, int> at;  // column key → position
  for (int c = 0; c < static_cast<int>(header.size()); ++c) {
    auto key = ingest::header_key(text::trim(header[c]));
    for (const auto& spec : column_specs()) {
      bool match = std::any_of(spec.aliases.begin(), spec.aliases.end(),
                               [&](const std::string& a) { return ingest::header_key(a) == key; });
      if (!match) continue;
      if (at.count(spec.key)) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("two columns for {}: '{}' and '{}'", spec.key, header[at[spec.key]],
                                header[c]),
                    {source, rows.line(), header[c], ""});
      }
      at[spec.key] = c;
    }
  }
  std::vector<std::string> missing;
  for (const auto& spec : column_specs())
    if (spec.required && !at.count(spec.key)) missing.push_back(spec.key);
  if (!missing.empty()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("missing column{} {} (the file needs region, category, employment and "
                            "establishments; wages, type, region_level and year are optional)",
                            missing.size() > 1 ? "s" : "", fmt::join(missing, ", ")),
                {source, rows.line(), "", ""});
  }

  EmploymentFile out;
  out.has_wages = at.count("wages") > 0;
  std::map<std::tuple<std::string, int, std::string, std::string>, std::int64_t> seen;
  std::vector<std::string> cells;
  while (rows.next(cells)) {
    if (std::all_of(cells.begin(), cells.end(),
                    [](const auto& c) { return text::trim(c).empty(); }))
      continue;
    const std::int64_t line = rows.line();
    auto text_of = [&](const char* key) -> std::string {
      auto it = at.find(key);
      if (it == at.end() || it->second >= static_cast<int>(cells.size())) return "";
      return text::trim(cells[it->second]);
    };
    auto where = [&](const char* key) { return Where{source, line, header[at.at(key)], ""}; };
    auto number = [&](const char* key) {
      if (!at.count(key)) return discover::kNoValue;
      auto t = text_of(key);
      if (ingest::is_missing_text(t)) return discover::kNoValue;
      auto v = ingest::parse_plain_number(t);
      if (!v) throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a number", t), where(key));
      if (*v < 0) throw Error(ErrorKind::kBadInput, fmt::format("{} is negative", t), where(key));
      return *v;
    };
    discover::EmploymentRow r;
    r.region = text_of("region");
    r.category = text_of("category");
    if (r.region.empty()) throw Error(ErrorKind::kBadInput, "the region is empty", where("region"));
    if (r.category.empty())
      throw Error(ErrorKind::kBadInput, "the category is empty", where("category"));
    r.employment = number("employment");
    r.establishments = number("establishments");
    r.wages = number("wages");
    if (at.count("type")) r.type = parse_type(text_of("type"), where("type"));
    r.region_level = text_of("region_level");
    if (at.count("year")) {
      auto t = text_of("year");
      auto y = ingest::parse_plain_number(t);
      if (!y || *y != std::floor(*y) || *y < 1900 || *y > 2200)
        throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a year", t), where("year"));
      r.year = static_cast<int>(*y);
    }
    auto [it, fresh] = seen.emplace(std::tuple{r.region_level, r.year, r.category, r.region}, line);
    if (!fresh) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("region '{}', category '{}' appears again (first on row {})",
                              r.region, r.category, it->second),
                  where("region"));
    }
    out.rows.push_back(std::move(r));
    out.lines.push_back(line);
  }
  if (out.rows.empty())
    throw Error(ErrorKind::kBadInput, "the file has a header but no rows", {source, 0, "", ""});
  return out;
}

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
    // A cluster whose firms reported no employment leaves the cell's figure unknown, not 0.
    r.employment = t->second.employment ? r.employment + *t->second.employment : discover::kNoValue;
    r.establishments += static_cast<double>(t->second.firms);
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
      file = read_employment(flags.employment);
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
    if (notice && format == report::Format::kCsv) std::cerr << *notice << '\n';
    if (notice && format != report::Format::kCsv) t.notes.push_back(*notice);
    if (format == report::Format::kTable && denominator == discover::Denominator::kTraded)
      t.notes.push_back(
          "LQ on traded employment: traded categories against traded totals, local "
          "against local; stars use LQ(总就业)");
    Output output(flags.out);
    report::write(output.stream(), t, format);
  });
}

}  // namespace atlas::cli
