#include "atlas/app/cluster_show.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/core/units.h"

namespace atlas::app {
namespace {

// A figure of the record: its key, the title people read, and its value — typed for CSV and
// JSON (money in 元, counts as integers), shown / scale with `decimals` in the terminal.
struct RecordFigure {
  const char* key;
  const char* title;
  report::Cell value;
  double scale = 1;
  int decimals = 0;
  bool grouped = true;  // thousands separators; not for an id or a year
};

// The terminal's text of a figure: — when missing, never 0.
report::Cell shown(const RecordFigure& f) {
  if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
    if (!f.grouped) return std::to_string(*i);
    return report::format_number(*i / f.scale, f.decimals);
  }
  if (const auto* d = std::get_if<double>(&f.value)) {
    return report::format_number(*d / f.scale, f.decimals);
  }
  return f.value;
}

}  // namespace

report::Table cluster_record(const Database& db, const domain::Cluster& c, int requested_year,
                             bool for_terminal) {
  auto& store = db.store();
  auto zone = store.zone(c.zone_id);
  int year = db.year_or_latest(requested_year);
  // A cluster with no figures for the year has every figure missing, not zero firms.
  metrics::ClusterYearTotals totals;
  if (year) {
    for (const auto& t : store.cluster_year_totals(year)) {
      if (t.cluster_id == c.id) totals = t;
    }
  }
  auto count = [](const std::optional<std::int64_t>& n) { return report::cell(n); };
  std::vector<RecordFigure> figures = {
      {"id", "ID", c.id, 1, 0, false},
      {"name", "集群名称", c.name},
      {"province", "省份", db.province(c.province_code).name_zh},
      {"zone", "高新区", zone ? zone->name : ""},
      {"leading_industry", "主导产业", industry_label(store, c.industry_code)},
      {"status", "状态", status_text(c.status)},
      {"batch", "批次", c.batch},
      {"building_unit", "建设单位", c.building_unit},
      {"management_body", "集群管理机构", c.management_body}};
  if (year) {
    auto support = store.support_counts(c.id, year);
    std::vector<RecordFigure> yearly = {
        {"year", "年份", std::int64_t{year}, 1, 0, false},
        {"firms", "企业数", count(totals.firms)},
        {"high_tech_firms", "高新技术企业数", count(totals.high_tech_firms)},
        {"revenue_yuan", "营业收入(亿元)", report::cell(totals.revenue), units::kYiYuan, 2},
        {"profit_yuan", "净利润(亿元)", report::cell(totals.profit), units::kYiYuan, 2},
        {"employment", "从业人员(人)", report::count_cell(totals.employment)},
        {"valid_invention_patents", "有效发明专利(件)",
         report::count_cell(totals.valid_invention_patents)},
        {"national_platforms", "国家级平台数", count(support.national_platforms)},
        {"provincial_platforms", "省级平台数", count(support.provincial_platforms)},
        {"service_institutions", "服务机构数", count(support.institutions)},
        {"alliances", "产业联盟数", count(support.alliances)}};
    figures.insert(figures.end(), yearly.begin(), yearly.end());
  }
  report::Table t;
  t.columns = {{"field", "项目"}, {"value", "内容"}};
  for (const auto& f : figures) {
    t.add_row({std::string(for_terminal ? f.title : f.key), for_terminal ? shown(f) : f.value});
  }
  return t;
}

report::Table cluster_history_table(const Database& db, const domain::Cluster& c) {
  auto& store = db.store();
  report::Table t;
  t.columns = {{"no", "编号", -1, true, 1, false},
               {"date", "日期"},
               {"change", "变更"},
               {"detail", "内容"},
               {"doc_no", "文号"},
               {"reason", "原因"},
               {"actor", "记录人"},
               {"recorded_at", "记录时间"}};
  struct Line {
    std::string date;
    std::vector<report::Cell> cells;
  };
  std::vector<Line> lines;
  auto statuses = store.status_history(c.id);
  std::map<std::int64_t, std::size_t> number;  // a change's id → its number in the history
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    const auto& s = statuses[i];
    number[s.id] = i + 1;
    std::string detail = status_text(s.status) + (s.withdrawn ? " (已撤回 withdrawn)" : "");
    lines.push_back({s.date,
                     {static_cast<std::int64_t>(i + 1), s.date, "status", detail, s.doc_no,
                      s.reason, s.actor, s.recorded_at}});
  }
  for (const auto& e : store.events(c.id)) {
    lines.push_back({e.date,
                     {{},
                      e.date,
                      std::string(domain::event_key(e.kind)),
                      e.old_value + " → " + e.new_value,
                      e.doc_no,
                      e.reason,
                      e.actor,
                      e.recorded_at}});
  }
  for (const auto& k : store.corrections(c.id)) {
    // Dated the day it was recorded: a correction takes effect when it is made.
    std::string day = k.recorded_at.substr(0, 10);
    std::size_t n = number[k.change_id];
    const auto& s = statuses.at(n - 1);
    lines.push_back({day,
                     {{},
                      day,
                      "correction",
                      fmt::format("withdraws {}: {} of {}", n, status_text(s.status), s.date),
                      k.doc_no,
                      k.reason,
                      k.actor,
                      k.recorded_at}});
  }
  std::stable_sort(lines.begin(), lines.end(),
                   [](const Line& a, const Line& b) { return a.date < b.date; });
  for (auto& l : lines) t.add_row(std::move(l.cells));
  t.notes.push_back(fmt::format("{} (id {})", c.name, c.id));
  return t;
}

}  // namespace atlas::app
