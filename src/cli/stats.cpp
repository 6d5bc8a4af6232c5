// `clusteratlas stats`: the figures the programme publishes, grouped — the national overview.
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/units.h"
#include "atlas/report/aggregate.h"
#include "atlas/report/columns.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  std::string by = "region";
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
      "  clusteratlas stats --by industry --format csv > 2022-by-industry.csv");
  cmd->callback([&ctx] {
    auto& store = ctx.store();
    int year = ctx.year_with_data(flags.year);
    std::string year_end = fmt::format("{}-12-31", year);
    std::map<std::string, domain::Province> provinces;
    for (const auto& p : store.provinces()) provinces[p.code] = p;

    std::vector<report::Member> members;
    for (const auto& c : store.clusters({})) {
      auto status = domain::status_on(store.status_history(c.id), year_end);
      if (!status || (!flags.all && !domain::in_programme(*status))) continue;
      report::Member m{c.id, "", ""};
      const auto& province = provinces.at(c.province_code);
      if (flags.by == "province") {
        m.group_key = province.code;
        m.group_label = province.short_zh;
      } else if (flags.by == "region") {
        // Sort east, central, west, north-east as the yearbook does.
        m.group_key = std::to_string(static_cast<int>(province.region)) +
                      std::string(domain::region_key(province.region));
        m.group_label = std::string(domain::region_name_zh(province.region));
      } else if (flags.by == "industry") {
        std::string division = domain::division_of(c.industry_code);
        auto industry = store.industry(division);
        m.group_key = division;
        m.group_label = division + " " + (industry ? industry->name_zh : "");
      } else {
        m.group_key = std::to_string(static_cast<int>(*status));
        m.group_label = std::string(domain::status_name_zh(*status));
      }
      members.push_back(std::move(m));
    }
    auto rows = report::aggregate(members, store.cluster_year_totals(year));

    report::Table t;
    static const std::map<std::string, std::string> kTitles = {
        {"province", "省份"}, {"region", "区域"}, {"industry", "行业(大类)"}, {"status", "状态"}};
    t.columns = {{flags.by, kTitles.at(flags.by)},
                 {"clusters", "集群数", -1, true},
                 {"firms", "企业数", -1, true},
                 {"high_tech_firms", "高企数", -1, true},
                 report::share_column("high_tech_share", "高企占比"),
                 {"revenue_yuan", "营业收入(亿元)", 2, true, units::kYiYuan},
                 {"profit_yuan", "净利润(亿元)", 2, true, units::kYiYuan},
                 {"taxes_yuan", "实缴税费(亿元)", 2, true, units::kYiYuan},
                 {"employment", "从业人员(万人)", 2, true, 1e4},
                 {"valid_invention_patents", "有效发明专利", 0, true},
                 {"patents_per_10k_staff", "每万人有效发明专利", 2, true}};
    for (const auto& r : rows) {
      t.add_row({r.label, r.clusters, report::cell(r.firms), report::cell(r.high_tech_firms),
                 report::cell(r.high_tech_share()), report::cell(r.revenue), report::cell(r.profit),
                 report::cell(r.taxes), report::count_cell(r.employment),
                 report::count_cell(r.valid_invention_patents),
                 report::cell(r.patents_per_10k_staff())});
    }
    t.notes.push_back(fmt::format("{} 年末在册集群 / clusters in the programme at the end of {}{}",
                                  year, year, flags.all ? " (with applicants and removed)" : ""));
    ctx.print(std::move(t), flags.format);
  });
}

}  // namespace atlas::cli
