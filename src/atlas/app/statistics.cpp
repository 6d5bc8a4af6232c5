#include "atlas/app/statistics.h"

#include <map>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/units.h"
#include "atlas/domain/reference.h"
#include "atlas/domain/status.h"
#include "atlas/report/aggregate.h"
#include "atlas/report/columns.h"

namespace atlas::app {

report::Table programme_statistics(const Database& db, const StatisticsRequest& request) {
  static const std::map<std::string, std::string> kTitles = {
      {"province", "省份"}, {"region", "区域"}, {"industry", "行业(大类)"}, {"status", "状态"}};
  if (!kTitles.contains(request.by)) {
    throw Error(ErrorKind::kUsage,
                fmt::format("unknown grouping '{}': use province, region, "
                            "industry or status",
                            request.by),
                {"", 0, "", "by"});
  }
  auto& store = db.store();
  std::optional<domain::Province> only;
  if (!request.province.empty()) only = db.province(request.province);
  int year = db.year_with_data(request.year);
  std::string year_end = fmt::format("{}-12-31", year);
  std::map<std::string, domain::Province> provinces;
  for (const auto& p : store.provinces()) provinces[p.code] = p;

  std::vector<report::Member> members;
  store::ClusterFilter filter;
  if (only) filter.province_code = only->code;
  const auto statuses = store.statuses_on(year_end);
  for (const auto& c : store.clusters(filter)) {
    auto found = statuses.find(c.id);
    if (found == statuses.end()) continue;
    const domain::ClusterStatus status = found->second;
    if (!request.all && !domain::in_programme(status)) continue;
    report::Member m{c.id, "", ""};
    const auto& province = provinces.at(c.province_code);
    if (request.by == "province") {
      m.group_key = province.code;
      m.group_label = province.short_zh;
    } else if (request.by == "region") {
      // Sort east, central, west, north-east as the yearbook does.
      m.group_key = std::to_string(static_cast<int>(province.region)) +
                    std::string(domain::region_key(province.region));
      m.group_label = std::string(domain::region_name_zh(province.region));
    } else if (request.by == "industry") {
      std::string division = domain::division_of(c.industry_code);
      auto industry = store.industry(division);
      m.group_key = division;
      m.group_label = division + " " + (industry ? industry->name_zh : "");
    } else {
      m.group_key = std::to_string(static_cast<int>(status));
      m.group_label = std::string(domain::status_name_zh(status));
    }
    members.push_back(std::move(m));
  }
  auto rows = report::aggregate(members, store.cluster_year_totals(year));
  // Narrowed to a province, the total row is the province's, not the nation's.
  if (only && !rows.empty() && rows.back().key == "total")
    rows.back().label = only->short_zh + "合计";

  report::Table t;
  t.columns = {{request.by, kTitles.at(request.by)},
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
  t.notes.push_back(
      fmt::format("{}{} 年末在册集群 / clusters in the programme at the end of {}{}{}",
                  only ? only->name_zh + " " : "", year, year, only ? " in " + only->name_en : "",
                  request.all ? " (with applicants and removed)" : ""));
  return t;
}

}  // namespace atlas::app
