// `clusteratlas export …`: enterprises, clusters and indicators of a year as CSV (optionally with
// a byte-order mark for Excel), JSON or XLSX, in layouts that `clusteratlas import` reads back.
#include <fstream>
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/units.h"
#include "atlas/metrics/indicators.h"
#include "atlas/report/xlsx.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string what, format = "csv", out;
  int year = 0;
  bool bom = false;
};

report::Cell cell(const std::optional<double>& v) {
  if (v) return *v;
  return {};
}

report::Cell flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}

// Keys are the English headers import reads; titles the Chinese ones, with the units the XLSX
// values are written in — both read back by `import enterprises`.
report::Table enterprise_table(Context& ctx, int year) {
  report::Table t;
  t.columns = {{"credit_code", "统一社会信用代码"},
               {"name", "企业名称"},
               {"cluster", "集群名称"},
               {"year", "年份", -1, true, 1, false},
               {"role", "企业角色"},
               {"high_tech", "是否高新技术企业", -1, true},
               {"specialised", "是否专精特新", -1, true},
               {"single_champion", "是否单项冠军", -1, true},
               {"listed", "是否上市", -1, true},
               {"revenue_yuan", "营业收入(万元)", 2, true, units::kWanYuan},
               {"industrial_output_yuan", "工业总产值(万元)", 2, true, units::kWanYuan},
               {"profit_yuan", "净利润(万元)", 2, true, units::kWanYuan},
               {"taxes_yuan", "实缴税费(万元)", 2, true, units::kWanYuan},
               {"exports_yuan", "出口额(万元)", 2, true, units::kWanYuan},
               {"rd_expenditure_yuan", "研发经费内部支出(万元)", 2, true, units::kWanYuan},
               {"employment", "从业人员(人)", 0, true},
               {"valid_invention_patents", "有效发明专利(件)", 0, true},
               {"granted_invention_patents", "发明专利授权(件)", 0, true},
               {"lat", "纬度", 6, true},
               {"lon", "经度", 6, true}};
  store::EnterpriseFilter filter;
  filter.year = year;
  for (const auto& l : ctx.store().enterprise_listing(filter)) {
    const auto& y = l.year;
    t.add_row({l.enterprise.credit_code,
               l.enterprise.name,
               l.cluster_name,
               std::int64_t{y.year},
               std::string(domain::role_key(y.role)),
               flag(y.high_tech),
               flag(y.specialised),
               flag(y.single_champion),
               flag(y.listed),
               cell(y.revenue),
               cell(y.industrial_output),
               cell(y.profit),
               cell(y.taxes),
               cell(y.exports),
               cell(y.rd_expenditure),
               cell(y.employment),
               cell(y.valid_invention_patents),
               cell(y.granted_invention_patents),
               cell(l.enterprise.lat),
               cell(l.enterprise.lon)});
  }
  return t;
}

report::Table metrics_table(Context& ctx, int year) {
  auto& store = ctx.store();
  std::map<std::int64_t, std::vector<metrics::ClusterYearTotals>> history;
  for (int y : store.years_with_data()) {
    if (y > year) break;
    for (const auto& t : store.cluster_year_totals(y)) history[t.cluster_id].push_back(t);
  }
  report::Table t;
  t.columns = {{"cluster_id", "ID", -1, true, 1, false}, {"cluster", "集群名称"}};
  bool first = true;
  for (const auto& c : store.clusters({})) {
    auto values = metrics::cluster_indicators(history[c.id], year);
    if (first) {
      for (const auto& v : values) t.columns.push_back({v.name, v.name, 4, true});
      first = false;
    }
    std::vector<report::Cell> row = {c.id, c.name};
    for (const auto& v : values) row.push_back(cell(v.value));
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace

void add_export_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand("export", "Write a year's data as CSV, JSON or XLSX");
  cmd->add_option("what", flags.what, "enterprises, clusters or metrics")
      ->required()
      ->check(CLI::IsMember({"enterprises", "clusters", "metrics"}));
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
      "as their Chinese headers say. `import enterprises` reads all three layouts back.\n"
      "Examples:\n"
      "  clusteratlas export enterprises --year 2023 --bom --out 2023企业.csv\n"
      "  clusteratlas export metrics --year 2024 --format xlsx --out 2024指标.xlsx\n"
      "  clusteratlas export clusters --format json");
  cmd->callback([&ctx] {
    int year = ctx.year_with_data(flags.year);
    report::Table t = flags.what == "enterprises" ? enterprise_table(ctx, year)
                      : flags.what == "clusters"  ? cluster_table(ctx, {}, year, std::nullopt)
                                                  : metrics_table(ctx, year);
    if (auto notice = ctx.synthetic_notice()) {
      if (flags.format == "csv") {
        std::cerr << *notice << '\n';
      } else {
        t.notes.push_back(*notice);
      }
    }
    if (flags.format == "xlsx") {
      if (flags.out.empty()) throw Error(ErrorKind::kUsage, "--format xlsx needs --out FILE.xlsx");
      report::write_xlsx(flags.out, {{fmt::format("{} {}", flags.what, year), &t}});
    } else {
      std::ofstream file;
      if (!flags.out.empty()) {
        file.open(flags.out, std::ios::binary | std::ios::trunc);
        if (!file)
          throw Error(ErrorKind::kBadInput, "cannot write the file", {flags.out, 0, "", ""});
      }
      std::ostream& out = flags.out.empty() ? std::cout : file;
      if (flags.format == "csv") {
        report::write_csv(out, t, flags.bom);
      } else {
        report::write_json(out, t);
      }
    }
    if (!flags.out.empty() && !ctx.quiet) {
      std::cerr << fmt::format("{} rows of {} {} written to {}\n", t.rows.size(), flags.what, year,
                               flags.out);
    }
  });
}

}  // namespace atlas::cli
