#include "atlas/app/annual_report.h"

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <tuple>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/app/evaluation.h"
#include "atlas/app/evaluation_document.h"
#include "atlas/app/imports.h"
#include "atlas/app/overview.h"
#include "atlas/app/report_figures.h"
#include "atlas/app/statistics.h"
#include "atlas/core/error.h"
#include "atlas/evaluate/uncertainty.h"

namespace atlas::app {
namespace {

using report::document::Document;
using report::document::KeyFigures;
using report::document::PageBreak;
using report::document::TableBlock;

// The figures the summary opens with, in the order the programme publishes them.
const std::vector<std::string> kSummaryKeys = {
    "clusters",    "firms",      "high_tech_share",         "revenue_yuan",
    "profit_yuan", "employment", "valid_invention_patents", "patents_per_10k_staff"};

const std::vector<report::Cell>* total_row(const report::Table& t) {
  return t.rows.empty() ? nullptr : &t.rows.back();  // programme_statistics ends with 全国
}

std::string numbered(Language l, int n, const std::string& zh, const std::string& en) {
  static const char* kZh[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
  return l == Language::kZh ? fmt::format("{}、{}", kZh[n - 1], zh) : fmt::format("{} {}", n, en);
}

void summary(Document& d, const Database& db, int year, Language l) {
  auto now = programme_statistics(db, {"region", year, false, ""});
  std::optional<report::Table> before;
  if (db.year_or_latest(year - 1) == year - 1) {
    before = programme_statistics(db, {"region", year - 1, false, ""});
  }
  d.heading(1, numbered(l, 1, "总体情况", "Overview"));
  const auto& total = *total_row(now);
  auto clusters = report::display_text(total[*column_index(now, "clusters")],
                                       now.columns[*column_index(now, "clusters")]);
  auto revenue = report::display_text(total[*column_index(now, "revenue_yuan")],
                                      now.columns[*column_index(now, "revenue_yuan")]);
  d.paragraph(l == Language::kZh
                  ? fmt::format("{} 年末，在册创新型产业集群 {} 个，集群企业营业收入 {} 亿元。"
                                "括号中为与上年相比的变化。",
                                year, clusters, revenue)
                  : fmt::format("At the end of {}, the programme had {} innovative industrial "
                                "clusters; their firms' revenue was {} hundred million yuan. The "
                                "changes are from the year before.",
                                year, clusters, revenue));
  KeyFigures k;
  for (const auto& key : kSummaryKeys) {
    k.figures.push_back(key_figure(now, total, before ? total_row(*before) : nullptr, key, l));
  }
  d.add(std::move(k));
  for (const auto& n : now.notes) d.paragraph(n, true);

  auto trend = national_trend(db);
  if (trend.rows.size() >= 2) {
    d.add(trend_figure(trend, "revenue_yuan",
                       say(l, "图 1 集群企业营业收入（亿元）", "Figure 1 Revenue (100 M yuan)")));
    d.add(trend_figure(trend, "firms", say(l, "图 2 集群企业数", "Figure 2 Firms")));
  }
  d.add(TableBlock{say(l, "表 1 历年全国合计", "Table 1 National totals by year"),
                   in_language(trend, l), say(l, "历年合计", "trend")});
}

void regions(Document& d, const Database& db, const AnnualReportRequest& r, int year) {
  Language l = r.language;
  d.add(PageBreak{});
  d.heading(1, numbered(l, 2, "区域与省份", "Regions and provinces"));
  auto by_province = programme_statistics(db, {"province", year, false, ""});
  if (r.map) {
    // The table names provinces as people read them; the map knows them by code.
    std::map<std::string, std::string> code_of;
    for (const auto& p : db.store().provinces()) code_of[p.short_zh] = p.code;
    std::map<std::string, std::optional<double>> clusters;
    auto count = *column_index(by_province, "clusters");
    for (std::size_t i = 0; i + 1 < by_province.rows.size(); ++i) {  // not the total row
      const auto& row = by_province.rows[i];
      if (auto code = code_of.find(std::get<std::string>(row[0])); code != code_of.end()) {
        clusters[code->second] = number(row[count]);
      }
    }
    d.add(province_map(*r.map, clusters, cluster_places(db, year),
                       say(l, "图 3 各省在册集群数", "Figure 3 Clusters by province"), l));
  }
  d.heading(2, say(l, "（一）分区域", "2.1 By region"));
  d.add(TableBlock{say(l, "表 2 分区域情况", "Table 2 By region"),
                   in_language(programme_statistics(db, {"region", year, false, ""}), l),
                   say(l, "分区域", "regions")});
  d.heading(2, say(l, "（二）分省份", "2.2 By province"));
  d.add(TableBlock{say(l, "表 3 分省份情况", "Table 3 By province"), in_language(by_province, l),
                   say(l, "分省份", "provinces")});
}

void industries(Document& d, const Database& db, int year, Language l) {
  d.add(PageBreak{});
  d.heading(1, numbered(l, 3, "产业分布", "Industries"));
  auto by_industry = programme_statistics(db, {"industry", year, false, ""});
  report::Table groups = by_industry;
  if (!groups.rows.empty()) groups.rows.pop_back();  // not the national total among the bars
  d.add(top_bars(groups, "revenue_yuan", 10,
                 say(l, "图 4 营业收入居前的产业（亿元）", "Figure 4 Industries by revenue")));
  d.add(TableBlock{say(l, "表 4 分产业（国民经济行业大类）情况", "Table 4 By industry division"),
                   in_language(by_industry, l), say(l, "分产业", "industries")});
}

// The evaluation's chapter; returns its methods in one line for the notes ("" without one).
std::string evaluation(Document& d, const Database& db, const AnnualReportRequest& r, int year) {
  Language l = r.language;
  EvaluationRequest request;
  request.system = r.system;
  request.year = year;
  request.compare_previous = true;
  request.uncertainty = r.uncertainty;
  d.add(PageBreak{});
  d.heading(1, numbered(l, 4, "评价结果", "Evaluation"));
  // Thin data may leave the system's indicators without values: the report says why there is
  // no evaluation rather than fail.
  std::unique_ptr<Evaluation> e;
  try {
    e = run_evaluation(&db, request);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kBadInput) throw;
    d.paragraph(say(l, "本年度未能评价：", "No evaluation this year: ") + error.what());
    return "";
  }
  const auto& s = e->loaded->system;
  d.paragraph(l == Language::kZh
                  ? fmt::format("采用指标体系 {}（{}），{}。", s.name_zh.empty() ? s.id : s.name_zh,
                                s.id, e->population.text)
                  : fmt::format("Indicator system {} ({}); {}.",
                                s.name_en.empty() ? s.id : s.name_en, s.id, e->population.text));
  // Grades: how many units earned each, in the system's order.
  std::map<std::string, int> graded;
  int ranked = 0, excluded = 0;
  for (const auto& u : e->run.results) {
    if (u.rank) ++ranked;
    if (!u.excluded_by.empty()) ++excluded;
    if (!u.grade.empty()) ++graded[u.grade];
  }
  KeyFigures k;
  k.figures.push_back({say(l, "参评集群", "Evaluated"), std::to_string(e->run.results.size()), ""});
  k.figures.push_back({say(l, "获得名次", "Ranked"), std::to_string(ranked), ""});
  k.figures.push_back({say(l, "未过门槛", "Excluded by gates"), std::to_string(excluded), ""});
  for (const auto& g : s.grades) {
    k.figures.push_back({g.name, std::to_string(graded[g.name]), ""});
  }
  d.add(std::move(k));
  d.add(score_histogram(*e, say(l, "图 5 得分分布", "Figure 5 Distribution of scores")));
  if (e->uncertainty) {
    d.add(rank_intervals(
        *e, 30,
        say(l, fmt::format("图 6 前 30 名的名次区间（{} 次不确定性模拟，5%–95%）", r.uncertainty),
            fmt::format("Figure 6 Rank intervals of the best 30 ({} replications, 5–95%)",
                        r.uncertainty)),
        l));
  }
  std::vector<std::string> keys = {"rank",        "name",          "score", "rank_change",
                                   "median_rank", "rank_interval", "grade", "gates"};
  auto ranking = columns_of(ranking_table(*e), keys);
  if (e->notice) ranking.notes.push_back(*e->notice);
  d.add(TableBlock{say(l, "表 5 评价排名", "Table 5 Ranking"), in_language(ranking, l), ""});
  // The workbook has the whole ranking, dimensions included.
  d.add(TableBlock{"", in_language(ranking_table(*e), l), say(l, "评价排名", "ranking"), false});
  // Gates: each with how many passed, failed or could not be decided.
  report::Table gates;
  gates.columns = {{"gate", say(l, "门槛", "Gate")},
                   {"effect", say(l, "未通过时", "When failed")},
                   {"pass", say(l, "通过", "Passed"), -1, true},
                   {"fail", say(l, "未通过", "Failed"), -1, true},
                   {"undecided", say(l, "数据缺失", "Missing data"), -1, true}};
  for (std::size_t g = 0; g < s.gates.size(); ++g) {
    std::int64_t pass = 0, fail = 0, undecided = 0;
    for (const auto& u : e->run.results) {
      if (g >= u.gates.size()) continue;
      auto o = u.gates[g];
      (o == evaluate::GateOutcome::kPass   ? pass
       : o == evaluate::GateOutcome::kFail ? fail
                                           : undecided)++;
    }
    gates.add_row({s.gates[g].id, std::string(evaluate::effect_name(s.gates[g].effect)), pass, fail,
                   undecided});
  }
  if (!gates.rows.empty()) {
    d.add(TableBlock{say(l, "表 6 门槛条件", "Table 6 Gates"), gates, say(l, "门槛", "gates")});
  }
  const auto& m = e->run.methods;
  return fmt::format(
      "{} {} ({}): screen {}, impute {}, outliers {}, normalise {} [{}, {}], weighting {}, "
      "aggregate {}{}.",
      say(l, "评价方法：指标体系", "Evaluation methods: indicator system"), s.id,
      e->run.system_hash.substr(0, 12), m.screen, m.impute, m.outliers, m.normalise, m.range.lo,
      m.range.hi, m.weighting, m.aggregate,
      r.uncertainty > 0 ? fmt::format("; uncertainty {} replications", r.uncertainty) : "");
}

void warned_and_removed(Document& d, const Database& db, int year, Language l) {
  d.add(PageBreak{});
  d.heading(1, numbered(l, 5, "预警与撤销", "Warned and removed clusters"));
  for (const auto& [status, zh, en] :
       {std::tuple{"warned", "年末处于警告状态的集群",
                   "Clusters under warning at the end of the year"},
        std::tuple{"removed", "已撤销的集群", "Clusters removed from the programme"}}) {
    ClusterListRequest q;
    q.status = status;
    q.year = year;
    auto t =
        columns_of(cluster_list(db, q), {"id", "name", "province", "zone", "industry", "batch"});
    d.heading(2, say(l, zh, en));
    if (t.rows.empty()) {
      d.paragraph(say(l, "无。", "None."));
    } else {
      d.add(TableBlock{"", in_language(t, l),
                       say(l, status == std::string("warned") ? "警告" : "撤销", status)});
    }
  }
}

// The concentrations found in the points, largest first, and the registered clusters of the
// area without one: candidates for the programme and clusters to look at.
void discovered(Document& d, const Database& db, const DiscoveryRequest& request, Language l) {
  auto found = discover_clusters(&db, request);
  d.heading(1, numbered(l, 6, "发现的集聚区", "Concentrations found in the data"));
  d.paragraph(found.overview());
  // The page has room for who, how much and whether registered; the workbook has every column.
  auto largest = columns_of(found.clusters, {"rank", "name", "points", "weight", "share",
                                             "candidate", "registered_nearby"});
  if (largest.rows.size() > 30) largest.rows.resize(30);
  d.add(
      TableBlock{say(l, "表 7 集聚区（按权重，前 30 个）", "Table 7 The 30 largest concentrations"),
                 in_language(largest, l), ""});
  d.add(TableBlock{"", in_language(found.clusters, l), say(l, "集聚区", "concentrations"), false});
  if (found.registry.linked) {
    d.heading(2, found.registry_heading());
    auto unmatched = found.registered_without_concentration();
    if (unmatched.rows.empty())
      d.paragraph(say(l, "无。", "None."));
    else
      d.add(TableBlock{"", in_language(unmatched, l), say(l, "未见集聚", "no concentration")});
  }
}

// How many clusters in the programme at the end of the year did not report each figure: what
// the sums leave out.
report::Table missing_figures(const Database& db, int year, Language l) {
  ClusterListRequest q;
  q.year = year;
  q.in_programme = true;
  std::vector<std::int64_t> members;
  for (const auto& row : cluster_list(db, q).rows)
    members.push_back(std::get<std::int64_t>(row[0]));
  auto history = cluster_history(db.store(), year);
  auto of_year = [&](std::int64_t id) -> const metrics::ClusterYearTotals* {
    auto it = history.find(id);
    if (it == history.end()) return nullptr;
    for (const auto& t : it->second) {
      if (t.year == year) return &t;
    }
    return nullptr;
  };
  using Totals = metrics::ClusterYearTotals;
  const std::vector<std::tuple<const char*, const char*, std::function<bool(const Totals&)>>>
      figures = {
          {"企业数", "Firms", [](const Totals& t) { return t.firms.has_value(); }},
          {"高新技术企业数", "High-tech firms",
           [](const Totals& t) { return t.high_tech_firms.has_value(); }},
          {"营业收入", "Revenue", [](const Totals& t) { return t.revenue.has_value(); }},
          {"净利润", "Net profit", [](const Totals& t) { return t.profit.has_value(); }},
          {"研发经费", "R&D expenditure",
           [](const Totals& t) { return t.rd_expenditure.has_value(); }},
          {"从业人员", "Employment", [](const Totals& t) { return t.employment.has_value(); }},
          {"有效发明专利", "Valid invention patents",
           [](const Totals& t) { return t.valid_invention_patents.has_value(); }},
      };
  report::Table t;
  t.columns = {{"figure", say(l, "指标", "Figure")},
               {"missing", say(l, "未报送的集群", "Clusters not reporting it"), -1, true},
               {"clusters", say(l, "年末在册集群", "Clusters in the programme"), -1, true}};
  for (const auto& [zh, en, reported] : figures) {
    std::int64_t missing = 0;
    for (auto id : members) {
      const auto* totals = of_year(id);
      if (!totals || !reported(*totals)) ++missing;
    }
    t.add_row({say(l, zh, en), missing, static_cast<std::int64_t>(members.size())});
  }
  return t;
}

void data_notes(Document& d, const Database& db, int year, int chapter, bool discovery,
                const std::string& methods, Language l) {
  d.heading(1, numbered(l, chapter, "数据说明", "Notes on the data"));
  d.paragraph(say(l,
                  "统计口径：年末在册集群（培育、试点、认定、警告），其企业报送数据加总；“—”表示"
                  "无集群报送该项，而非零。金额单位为亿元，高企占比为报送企业数与高企数两项的集群"
                  "合计之比。",
                  "Scope: the clusters in the programme at the end of the year (cultivation, "
                  "pilot, recognised, warned), their firms' figures summed; '—' means no cluster "
                  "reported the figure, not zero. Amounts in 100 million yuan; the high-tech share "
                  "is over the clusters that report both firms and high-tech firms."));
  // Numbered after the discovery's table when there is one.
  int n = discovery ? 8 : 7;
  d.add(TableBlock{say(l, fmt::format("表 {} 未报送各项数据的集群数", n),
                       fmt::format("Table {} Clusters not reporting each figure", n)),
                   missing_figures(db, year, l), say(l, "数据缺失", "missing")});
  auto revisions = import_history(db, "", year);
  if (!revisions.rows.empty()) {
    d.add(TableBlock{say(l, fmt::format("表 {} 所用数据版本", n + 1),
                         fmt::format("Table {} Data revisions used", n + 1)),
                     in_language(revisions, l), say(l, "数据版本", "revisions")});
  }
  if (!methods.empty()) d.paragraph(methods);
  if (auto notice = db.synthetic_notice()) d.paragraph(*notice, true);
}

}  // namespace

Document annual_report(const Database& db, const AnnualReportRequest& request) {
  const int year = db.year_with_data(request.year);
  const Language l = request.language;
  Document d;
  d.language = l;
  d.title = l == Language::kZh ? fmt::format("{} 年创新型产业集群发展报告", year)
                               : fmt::format("Innovative Industrial Clusters: Report for {}", year);
  d.cover_lines = {
      say(l, "火炬创新型产业集群", "The Torch programme's innovative industrial clusters"),
      db.path};
  if (auto notice = db.synthetic_notice()) d.cover_lines.push_back(*notice);
  summary(d, db, year, l);
  regions(d, db, request, year);
  industries(d, db, year, l);
  std::string methods = evaluation(d, db, request, year);
  warned_and_removed(d, db, year, l);
  if (request.discovery) discovered(d, db, *request.discovery, l);
  data_notes(d, db, year, request.discovery ? 7 : 6, request.discovery.has_value(), methods, l);
  return d;
}

}  // namespace atlas::app
