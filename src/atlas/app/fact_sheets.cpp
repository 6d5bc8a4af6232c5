#include "atlas/app/fact_sheets.h"

#include <algorithm>
#include <map>
#include <memory>

#include <fmt/format.h>

#include "atlas/app/cluster_show.h"
#include "atlas/app/clusters.h"
#include "atlas/app/enterprises.h"
#include "atlas/app/evaluation.h"
#include "atlas/app/report_figures.h"
#include "atlas/core/error.h"
#include "atlas/metrics/indicators.h"
#include "atlas/report/columns.h"

namespace atlas::app {
namespace {

using report::document::Document;
using report::document::KeyFigures;
using report::document::PageBreak;
using report::document::TableBlock;

// The figures of the sparkline rows, as metrics names them.
const std::vector<std::string> kKpis = {"firms",
                                        "high_tech_firms",
                                        "revenue",
                                        "profit",
                                        "employment",
                                        "rd_intensity",
                                        "valid_invention_patents",
                                        "patents_per_10k_staff"};
constexpr int kSparkYears = 5;

// A figure's column as the fact sheet prints it: money in 亿元 as `cluster show` has it, the
// rest as `cluster figures` has it.
report::Column kpi_column(const std::string& name) {
  report::Column c = report::indicator_column(name);
  if (c.key.ends_with("_yuan")) {
    if (auto at = c.title.find("(万元)"); at != std::string::npos) c.title.replace(at, 8, "(亿元)");
    c.scale = 1e8;
    c.decimals = 2;
  }
  return c;
}

std::vector<std::optional<double>> series(const std::vector<metrics::ClusterYearTotals>& history,
                                          const std::string& name, const std::vector<int>& years) {
  std::vector<std::optional<double>> out;
  for (int y : years) {
    std::optional<double> v;
    for (const auto& t : history) {
      if (t.year != y) continue;
      for (const auto& i : metrics::cluster_year_indicators(t)) {
        if (i.name == name) v = i.value;
      }
    }
    out.push_back(v);
  }
  return out;
}

// The record's fields two pairs to a row: the identity block of `cluster show`.
report::Table identity(const Database& db, const domain::Cluster& c, Language l) {
  auto record = cluster_record(db, c, 0, true);
  report::Table t;
  t.columns = {{"field", say(l, "项目", "Field")},
               {"value", say(l, "内容", "Value")},
               {"field2", say(l, "项目", "Field")},
               {"value2", say(l, "内容", "Value")}};
  std::vector<report::Cell> pending;
  for (const auto& row : record.rows) {
    std::string field = std::get<std::string>(row[0]);
    if (field == "年份") break;                          // the yearly part: the key figures below
    if (field == "ID" || field == "集群名称") continue;  // in the heading
    pending.push_back(row[0]);
    pending.push_back(row[1]);
    if (pending.size() == 4) t.add_row(std::exchange(pending, {}));
  }
  if (!pending.empty()) {
    pending.resize(4, std::string());
    t.add_row(pending);
  }
  return t;
}

constexpr std::size_t kLeadingFirms = 8;

// Each sheet's largest firms of the year, by cluster id. One cluster is asked for alone; many
// are read in one pass over the year's firms (largest first), which a query per cluster would
// repeat for each.
std::map<std::int64_t, report::Table> leading_firms(
    const Database& db, int year, const std::map<std::int64_t, domain::Cluster>& sheets) {
  EnterpriseListRequest q;
  q.year = year;
  q.limit = sheets.size() == 1 ? kLeadingFirms : 0;
  if (sheets.size() == 1) q.cluster = std::to_string(sheets.begin()->first);
  auto all = enterprise_list(db, q);
  auto cluster = *column_index(all, "cluster");
  std::map<std::string, std::int64_t> id_of;
  for (const auto& [id, c] : sheets) id_of[c.name] = id;
  std::map<std::int64_t, report::Table> out;
  for (auto& row : all.rows) {
    auto id = id_of.find(std::get<std::string>(row[cluster]));
    if (id == id_of.end()) continue;
    auto [it, fresh] = out.try_emplace(id->second);
    if (fresh) it->second.columns = all.columns;
    if (it->second.rows.size() < kLeadingFirms) it->second.rows.push_back(std::move(row));
  }
  return out;
}

// The largest firms, for a reader who may see enterprise rows (`firms` null: may not).
void leading_enterprises(Document& d, const report::Table* firms, bool allowed, Language l) {
  if (!allowed) {
    d.paragraph(say(l, "企业名单仅向有权查看企业数据的账户提供。",
                    "Enterprise rows are shown only to accounts allowed to read them."),
                true);
    return;
  }
  if (!firms || firms->rows.empty()) {
    d.paragraph(say(l, "本年度无企业数据。", "No enterprise figures for the year."));
    return;
  }
  auto shown = columns_of(
      *firms, {"name", "role", "flags", "revenue_yuan", "employment", "valid_invention_patents"});
  d.add(TableBlock{"", in_language(shown, l), ""});
}

void sheet(Document& d, const Database& db, const domain::Cluster& c, int year,
           const std::vector<metrics::ClusterYearTotals>& history, const Evaluation* evaluation,
           const std::string& not_evaluated, bool enterprises, const report::Table* firms,
           Language l) {
  d.heading(1, c.name);
  d.add(TableBlock{"", identity(db, c, l), ""});

  // Key figures over the last five years with figures up to the report's year.
  std::vector<int> years;
  for (int y = year - kSparkYears + 1; y <= year; ++y) years.push_back(y);
  std::vector<KpiRow> rows;
  for (const auto& name : kKpis) {
    auto column = kpi_column(name);
    auto values = series(history, name, years);
    KpiRow r;
    r.label = in_language(report::Table{{column}, {}, {}}, l).columns[0].title;
    r.value = report::display_text(report::cell(values.back()), column);
    if (values.back() && values[values.size() - 2] && *values[values.size() - 2] != 0) {
      r.change = fmt::format("{:+.1f}%", (*values.back() / *values[values.size() - 2] - 1) * 100);
    }
    r.years = std::move(values);
    rows.push_back(std::move(r));
  }
  d.heading(3, say(l, fmt::format("{} 年主要指标", year), fmt::format("Key figures, {}", year)));
  d.add(kpi_table(rows, years, l));

  // The evaluation, when the cluster was evaluated.
  d.heading(3, say(l, "评价", "Evaluation"));
  if (!evaluation) {
    d.paragraph(say(l, "本年度未能评价：", "No evaluation this year: ") + not_evaluated);
  } else if (auto at = std::find(evaluation->run.codes.begin(), evaluation->run.codes.end(),
                                 std::to_string(c.id));
             at == evaluation->run.codes.end()) {
    d.paragraph(say(l, "本年度未参加评价（无年度数据或不在册）。",
                    "Not evaluated this year (no annual figures, or not in the programme)."));
  } else {
    const Evaluation& e = *evaluation;
    std::size_t u = static_cast<std::size_t>(at - e.run.codes.begin());
    const auto& r = e.run.results[u];
    KeyFigures k;
    k.figures.push_back({say(l, "数据得分", "Score"),
                         std::isfinite(r.score) ? report::format_number(r.score, 2) : "—", ""});
    k.figures.push_back({say(l, "等级", "Grade"), r.grade.empty() ? "—" : r.grade, ""});
    auto change = rank_change(e, u);
    k.figures.push_back(
        {say(l, "名次", "Rank"),
         r.rank ? fmt::format("{} / {}", *r.rank, e.run.results.size()) : "—",
         change ? fmt::format(fmt::runtime(say(l, "较上年 {:+d}", "{:+d} on last year")), *change)
                : ""});
    d.add(std::move(k));
    d.add(dimension_bars(
        e, u,
        say(l, "各维度得分与全国中位数（竖线）", "Dimension scores and the national median (tick)"),
        l));
    auto names = [&](const std::vector<std::size_t>& which) {
      std::string out;
      for (auto i : which) {
        const auto* n = e.run.indicators[i];
        if (!out.empty()) out += say(l, "、", ", ");
        out += l == Language::kZh && !n->name_zh.empty() ? n->name_zh
               : n->name_en.empty()                      ? n->id
                                                         : n->name_en;
      }
      return out.empty() ? std::string("—") : out;
    };
    d.paragraph(say(l, "优势指标：", "Strengths: ") + names(r.strengths));
    d.paragraph(say(l, "短板指标：", "Weaknesses: ") + names(r.weaknesses));
    const auto& s = e.loaded->system;
    std::string gates;
    for (std::size_t g = 0; g < s.gates.size() && g < r.gates.size(); ++g) {
      auto o = r.gates[g];
      gates += fmt::format("{}{} {}", gates.empty() ? "" : "；", s.gates[g].id,
                           o == evaluate::GateOutcome::kPass   ? "✓"
                           : o == evaluate::GateOutcome::kFail ? "✗"
                                                               : "?");
    }
    if (!gates.empty())
      d.paragraph(say(l, "门槛（✓ 通过，✗ 未通过，? 数据缺失）：",
                      "Gates (✓ passed, ✗ failed, ? missing data): ") +
                  gates);
  }

  d.heading(3, say(l, "状态沿革", "Status history"));
  d.add(TableBlock{
      "",
      in_language(columns_of(cluster_history_table(db, c), {"date", "detail", "doc_no", "reason"}),
                  l),
      ""});

  d.heading(3, say(l, "骨干企业", "Leading enterprises"));
  leading_enterprises(d, firms, enterprises, l);
  if (auto notice = db.synthetic_notice()) d.paragraph(*notice, true);
}

}  // namespace

Document fact_sheets(const Database& db, const FactSheetRequest& request) {
  const int year = db.year_with_data(request.year);
  const Language l = request.language;
  auto& store = db.store();
  std::map<std::int64_t, domain::Cluster> by_id;
  for (auto& c : store.clusters({})) by_id.emplace(c.id, c);
  std::vector<std::int64_t> ids = request.clusters;
  if (ids.empty()) {
    ClusterListRequest q;
    q.year = year;
    q.in_programme = true;
    for (const auto& row : cluster_list(db, q).rows) ids.push_back(std::get<std::int64_t>(row[0]));
  }
  for (auto id : ids) {
    if (!by_id.count(id))
      throw Error(ErrorKind::kNotFound, fmt::format("no cluster {} in {}", id, db.path));
  }
  EvaluationRequest er;
  er.system = request.system;
  er.year = year;
  er.compare_previous = true;
  // Thin data (a first year, figures not yet reported) may leave the system's indicators
  // without values: the sheets then say why there is no evaluation rather than fail.
  std::unique_ptr<Evaluation> e;
  std::string not_evaluated;
  try {
    e = run_evaluation(&db, er);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kBadInput) throw;
    not_evaluated = error.what();
  }
  auto history = cluster_history(store, year);
  std::map<std::int64_t, domain::Cluster> sheets;
  for (auto id : ids) sheets.emplace(id, by_id[id]);
  std::map<std::int64_t, report::Table> firms;
  if (request.enterprises) firms = leading_firms(db, year, sheets);

  Document d;
  d.language = l;
  d.title = say(l, fmt::format("{} 年创新型产业集群概况", year),
                fmt::format("Innovative Industrial Clusters: Fact Sheets {}", year));
  d.cover = d.contents = ids.size() > 1;
  d.cover_lines = {
      say(l, fmt::format("{} 个集群", ids.size()), fmt::format("{} clusters", ids.size())),
      db.path};
  if (auto notice = db.synthetic_notice()) d.cover_lines.push_back(*notice);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) d.add(PageBreak{});
    auto own = firms.find(ids[i]);
    sheet(d, db, by_id[ids[i]], year, history[ids[i]], e.get(), not_evaluated, request.enterprises,
          own == firms.end() ? nullptr : &own->second, l);
  }
  return d;
}

}  // namespace atlas::app
