#include "atlas/app/exports.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/domain/figures.h"
#include "atlas/metrics/indicators.h"
#include "atlas/report/columns.h"

namespace atlas::app {
namespace {

report::Cell flag(bool b) {
  return std::int64_t{b ? 1 : 0};
}

report::Column text_column(std::string key, std::string title) {
  return {std::move(key), std::move(title)};
}

report::Column year_column() {
  return {"year", "年份", -1, true, 1, false};
}

using report::count_column;

std::vector<report::Column> figure_columns() {
  std::vector<report::Column> out;
  for (const auto& f : domain::kFigures) out.push_back(report::indicator_column(f.name));
  return out;
}

// Works for an EnterpriseYear and a ClusterReport: both carry every figure.
template <typename Record>
void add_figure_cells(std::vector<report::Cell>& row, const Record& r) {
  for (const auto& f : domain::kFigures) {
    row.push_back(report::indicator_cell(f.name, domain::figure_value(f, r)));
  }
}

// Cluster names by id: the cluster-level files name their cluster, as offices write them.
std::map<std::int64_t, domain::Cluster> clusters_by_id(const Database& db) {
  std::map<std::int64_t, domain::Cluster> out;
  for (auto& c : db.store().clusters({})) out[c.id] = c;
  return out;
}

}  // namespace

bool ExportScope::contains(const domain::Cluster& c) const {
  if (cluster_id && c.id != *cluster_id) return false;
  if (zone_id && c.zone_id != *zone_id) return false;
  if (province_code && c.province_code != *province_code) return false;
  return true;
}

std::vector<report::Column> enterprise_columns() {
  std::vector<report::Column> columns = {text_column("credit_code", "统一社会信用代码"),
                                         text_column("name", "企业名称"),
                                         text_column("cluster", "集群名称"),
                                         year_column(),
                                         text_column("role", "企业角色"),
                                         count_column("high_tech", "是否高新技术企业"),
                                         count_column("specialised", "是否专精特新"),
                                         count_column("single_champion", "是否单项冠军"),
                                         count_column("listed", "是否上市")};
  for (auto& c : figure_columns()) columns.push_back(c);
  columns.push_back({"lat", "纬度", 6, true});
  columns.push_back({"lon", "经度", 6, true});
  return columns;
}

void each_enterprise_row(const Database& db, int year,
                         const std::function<void(const std::vector<report::Cell>&)>& out,
                         const ExportScope& scope) {
  store::EnterpriseFilter filter;
  filter.year = year;
  // The store narrows by cluster or province itself; a zone is the set of its clusters.
  filter.cluster_id = scope.cluster_id;
  filter.province_code = scope.province_code;
  std::map<std::int64_t, domain::Cluster> clusters;
  if (scope.zone_id) clusters = clusters_by_id(db);
  std::vector<report::Cell> row;
  db.store().each_enterprise(filter, [&](const store::EnterpriseListing& l) {
    const auto& y = l.year;
    if (scope.zone_id) {
      auto c = clusters.find(y.cluster_id);
      if (c == clusters.end() || !scope.contains(c->second)) return;
    }
    row = {l.enterprise.credit_code,
           l.enterprise.name,
           l.cluster_name,
           std::int64_t{y.year},
           std::string(domain::role_key(y.role)),
           flag(y.high_tech),
           flag(y.specialised),
           flag(y.single_champion),
           flag(y.listed)};
    add_figure_cells(row, y);
    row.push_back(report::cell(l.enterprise.lat));
    row.push_back(report::cell(l.enterprise.lon));
    out(row);
  });
}

report::Table cluster_report_table(const Database& db, int year, const ExportScope& scope) {
  auto& store = db.store();
  report::Table t;
  t.columns = {text_column("cluster", "集群名称"),
               text_column("province", "省份"),
               text_column("zone", "高新区"),
               text_column("industry", "主导产业"),
               year_column(),
               count_column("firms", "企业数"),
               count_column("high_tech_firms", "高新技术企业数"),
               count_column("specialised_firms", "专精特新企业数"),
               count_column("single_champion_firms", "单项冠军企业数"),
               count_column("institutions", "服务机构数"),
               count_column("national_platforms", "国家级平台数"),
               count_column("provincial_platforms", "省级平台数")};
  for (auto& c : figure_columns()) t.columns.push_back(c);
  std::map<std::int64_t, std::string> zone_names;
  for (const auto& z : store.zones({})) zone_names[z.id] = z.name;
  auto clusters = clusters_by_id(db);
  auto provinces = store.provinces();
  for (const auto& r : store.cluster_reports(year)) {
    const auto& c = clusters.at(r.cluster_id);
    if (!scope.contains(c)) continue;
    std::vector<report::Cell> row = {c.name,
                                     find_province(provinces, c.province_code).short_zh,
                                     zone_names[c.zone_id],
                                     c.industry_code,
                                     std::int64_t{year},
                                     report::cell(r.firms),
                                     report::cell(r.high_tech_firms),
                                     report::cell(r.specialised_firms),
                                     report::cell(r.single_champion_firms),
                                     report::cell(r.institutions),
                                     report::cell(r.national_platforms),
                                     report::cell(r.provincial_platforms)};
    add_figure_cells(row, r);
    t.add_row(std::move(row));
  }
  return t;
}

report::Table platform_table(const Database& db, const ExportScope& scope) {
  report::Table t;
  t.columns = {text_column("cluster", "集群名称"),
               text_column("name", "平台名称"),
               text_column("level", "级别"),
               text_column("kind", "类型"),
               {"year_established", "建立年份", -1, true, 1, false}};
  auto clusters = clusters_by_id(db);
  for (const auto& p : db.store().platforms()) {
    if (!scope.contains(clusters.at(p.cluster_id))) continue;
    report::Cell established;
    if (p.year_established) established = std::int64_t{*p.year_established};
    t.add_row({clusters.at(p.cluster_id).name, p.name, p.level, p.kind, established});
  }
  return t;
}

report::Table institution_table(const Database& db, int year, const ExportScope& scope) {
  report::Table t;
  t.columns = {text_column("cluster", "集群名称"), year_column(), text_column("name", "机构名称"),
               text_column("legal_representative", "法定代表人"),
               count_column("national", "是否国家级"),
               // JQ03's codes: 1 创新服务, 2 研发, 3 金融, 4 其他.
               count_column("category", "机构类别"), text_column("main_services", "主要服务内容")};
  auto clusters = clusters_by_id(db);
  for (const auto& s : db.store().institutions(year)) {
    if (!scope.contains(clusters.at(s.cluster_id))) continue;
    t.add_row({clusters.at(s.cluster_id).name, std::int64_t{year}, s.name, s.legal_representative,
               flag(s.national), std::int64_t{static_cast<int>(s.category)}, s.main_services});
  }
  return t;
}

report::Table alliance_table(const Database& db, int year, const ExportScope& scope) {
  report::Table t;
  t.columns = {text_column("cluster", "集群名称"), year_column(), text_column("name", "联盟名称"),
               count_column("backbone_members", "骨干企业数"),
               count_column("other_members", "其他企业数")};
  auto clusters = clusters_by_id(db);
  for (const auto& a : db.store().alliances(year)) {
    if (!scope.contains(clusters.at(a.cluster_id))) continue;
    t.add_row({clusters.at(a.cluster_id).name, std::int64_t{year}, a.name,
               std::int64_t{a.backbone_members}, std::int64_t{a.other_members}});
  }
  return t;
}

report::Table metrics_table(const Database& db, int year, const ExportScope& scope) {
  auto& store = db.store();
  auto history = cluster_history(db.store(), year);
  report::Table t;
  t.columns = {
      {"cluster_id", "ID", -1, true, 1, false}, text_column("cluster", "集群名称"), year_column()};
  bool first = true;
  for (const auto& c : store.clusters({})) {
    if (!scope.contains(c)) continue;
    auto values = metrics::cluster_indicators(history[c.id], year);
    if (first) {
      for (const auto& v : values) t.columns.push_back(report::indicator_column(v.name));
      first = false;
    }
    std::vector<report::Cell> row = {c.id, c.name, std::int64_t{year}};
    for (const auto& v : values) row.push_back(report::indicator_cell(v.name, v.value));
    t.add_row(std::move(row));
  }
  return t;
}

const std::vector<std::string>& export_kinds() {
  static const std::vector<std::string> kinds = {"enterprises",  "clusters",  "platforms",
                                                 "institutions", "alliances", "metrics"};
  return kinds;
}

std::size_t each_export_row(const Database& db, const std::string& what, int year,
                            const std::function<void(const std::vector<report::Column>&)>& begin,
                            const std::function<void(const std::vector<report::Cell>&)>& row,
                            const ExportScope& scope) {
  const auto& kinds = export_kinds();
  if (std::find(kinds.begin(), kinds.end(), what) == kinds.end()) {
    throw Error(ErrorKind::kUsage,
                fmt::format("no export '{}'{}; the kinds: {}", what,
                            text::did_you_mean(what, kinds), fmt::join(kinds, ", ")));
  }
  if (what == "enterprises") {
    begin(enterprise_columns());
    std::size_t n = 0;
    each_enterprise_row(
        db, year,
        [&](const std::vector<report::Cell>& cells) {
          row(cells);
          ++n;
        },
        scope);
    return n;
  }
  report::Table t = what == "clusters"       ? cluster_report_table(db, year, scope)
                    : what == "platforms"    ? platform_table(db, scope)
                    : what == "institutions" ? institution_table(db, year, scope)
                    : what == "alliances"    ? alliance_table(db, year, scope)
                                             : metrics_table(db, year, scope);
  begin(t.columns);
  for (const auto& cells : t.rows) row(cells);
  return t.rows.size();
}

}  // namespace atlas::app
