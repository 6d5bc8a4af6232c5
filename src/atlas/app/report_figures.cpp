#include "atlas/app/report_figures.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/report/chart/bar_chart.h"
#include "atlas/report/chart/choropleth.h"
#include "atlas/report/chart/interval_plot.h"
#include "atlas/report/chart/line_chart.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/document/pdf_layout.h"
#include "atlas/report/draw/offset_canvas.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::app {
namespace {

namespace chart = report::chart;
using report::document::kContentWidth;

// A column's values in the unit its title names (value / scale), missing as missing.
std::vector<std::optional<double>> column_values(const report::Table& t, std::size_t c) {
  std::vector<std::optional<double>> out;
  for (const auto& row : t.rows) {
    auto v = number(row[c]);
    out.push_back(v ? std::optional<double>(*v / t.columns[c].scale) : std::nullopt);
  }
  return out;
}

std::string cell_text(const report::Cell& c) {
  if (auto* s = std::get_if<std::string>(&c)) return *s;
  if (auto* i = std::get_if<std::int64_t>(&c)) return std::to_string(*i);
  return "—";
}

// The median of the values present; nullopt without any.
std::optional<double> median(std::vector<double> v) {
  v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return !std::isfinite(x); }), v.end());
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

std::string node_name(const evaluate::Node& n, Language l) {
  if (l == Language::kZh && !n.name_zh.empty()) return n.name_zh;
  return n.name_en.empty() ? n.id : n.name_en;
}

}  // namespace

Figure trend_figure(const report::Table& trend, const std::string& key,
                    const std::string& caption) {
  chart::LineChart c;
  auto year = column_index(trend, "year");
  auto value = column_index(trend, key);
  for (const auto& row : trend.rows) c.x_labels.push_back(cell_text(row[*year]));
  c.series.push_back({caption, column_values(trend, *value), chart::palette::kSeries[0]});
  c.y_min = 0;
  return {caption, kContentWidth, 170, [c](report::draw::Canvas& canvas) {
            chart::draw_line_chart(canvas, kContentWidth, 170, c);
          }};
}

Figure province_map(const report::chart::ChinaMap& map,
                    const std::map<std::string, std::optional<double>>& values,
                    const report::Table& places, const std::string& caption, Language l) {
  chart::Choropleth c;
  c.values = values;
  c.missing_label = say(l, "无集群", "no cluster");
  c.points_label = say(l, "集群所在高新区", "a cluster's zone");
  auto lat = column_index(places, "lat"), lon = column_index(places, "lon");
  for (const auto& row : places.rows) {
    auto y = number(row[*lat]), x = number(row[*lon]);
    if (x && y) c.points.push_back({*x, *y});
  }
  const double height = kContentWidth * 0.8;
  return {caption, kContentWidth, height, [&map, c, height](report::draw::Canvas& canvas) {
            chart::draw_choropleth(canvas, kContentWidth, height, map, c);
          }};
}

Figure top_bars(const report::Table& t, const std::string& key, std::size_t top,
                const std::string& caption) {
  auto c = *column_index(t, key);
  auto values = column_values(t, c);
  std::vector<std::size_t> order(t.rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](auto a, auto b) {
    return values[a].value_or(-1e300) > values[b].value_or(-1e300);
  });
  chart::BarChart bars;
  bars.decimals = t.columns[c].decimals < 0 ? 0 : t.columns[c].decimals;
  for (std::size_t i = 0; i < order.size() && i < top; ++i) {
    bars.rows.push_back({cell_text(t.rows[order[i]][0]), values[order[i]],
                         report::display_text(t.rows[order[i]][c], t.columns[c]), std::nullopt,
                         std::nullopt});
  }
  const double height = 24 + 18.0 * bars.rows.size();
  return {caption, kContentWidth, height, [bars, height](report::draw::Canvas& canvas) {
            chart::draw_bar_chart(canvas, kContentWidth, height, bars);
          }};
}

Figure score_histogram(const Evaluation& e, const std::string& caption) {
  chart::Histogram h;
  for (int edge = 0; edge <= 100; edge += 10) h.edges.push_back(edge);
  std::vector<double> counts(10, 0);
  for (const auto& r : e.run.results) {
    if (!r.rank || !std::isfinite(r.score)) continue;
    int bin = std::clamp(static_cast<int>(r.score / 10), 0, 9);
    counts[bin] += 1;
  }
  for (double n : counts) h.counts.push_back(n);
  return {caption, kContentWidth, 160, [h](report::draw::Canvas& canvas) {
            chart::draw_histogram(canvas, kContentWidth, 160, h);
          }};
}

Figure rank_intervals(const Evaluation& e, std::size_t top, const std::string& caption,
                      Language l) {
  chart::IntervalPlot p;
  p.interval_name = say(l, "5%–95% 名次区间", "5–95% rank interval");
  p.point_name = say(l, "名次", "rank");
  std::vector<std::size_t> ranked;
  for (std::size_t i = 0; i < e.run.results.size(); ++i) {
    if (e.run.results[i].rank) ranked.push_back(i);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](auto a, auto b) { return *e.run.results[a].rank < *e.run.results[b].rank; });
  if (ranked.size() > top) ranked.resize(top);
  for (auto i : ranked) {
    const auto& u = e.uncertainty->units[i];
    auto as_double = [](const std::optional<int>& r) {
      return r ? std::optional<double>(*r) : std::nullopt;
    };
    p.rows.push_back({e.run.names[i], as_double(u.p5_rank), as_double(u.p95_rank),
                      static_cast<double>(*e.run.results[i].rank)});
  }
  const double height = 36 + 14.0 * p.rows.size();
  return {caption, kContentWidth, height, [p, height](report::draw::Canvas& canvas) {
            chart::draw_interval_plot(canvas, kContentWidth, height, p);
          }};
}

Figure dimension_bars(const Evaluation& e, std::size_t unit, const std::string& caption,
                      Language l) {
  chart::BarChart bars;
  bars.decimals = 2;
  bars.first_name = say(l, "本集群", "this cluster");
  bars.reference_name = say(l, "全国中位数", "national median");
  bars.max = 100;
  for (const auto& d : e.loaded->system.index.children) {
    int k = e.run.node_index(d.id);
    std::vector<double> all;
    for (std::size_t i = 0; i < e.run.results.size(); ++i) all.push_back(e.run.scores(i, k));
    double v = e.run.scores(unit, k);
    bars.rows.push_back({node_name(d, l),
                         std::isfinite(v) ? std::optional<double>(v) : std::nullopt, std::nullopt,
                         median(all), std::nullopt});
  }
  const double height = 30 + 18.0 * bars.rows.size();
  return {caption, kContentWidth, height, [bars, height](report::draw::Canvas& canvas) {
            chart::draw_bar_chart(canvas, kContentWidth, height, bars);
          }};
}

Figure kpi_table(const std::vector<KpiRow>& rows, const std::vector<int>& years, Language l) {
  // Columns: the figure, its value, the change, the sparkline of the years.
  const double row_h = 17, head_h = 16;
  const double w_label = kContentWidth * 0.34, w_value = kContentWidth * 0.22,
               w_change = kContentWidth * 0.14;
  const double w_spark = kContentWidth - w_label - w_value - w_change;
  const double height = head_h + row_h * rows.size() + 2;
  std::string spark_title = years.empty() ? "" : fmt::format("{}–{}", years.front(), years.back());
  return {"", kContentWidth, height, [=](report::draw::Canvas& canvas) {
            const report::draw::Font head{8, true}, body{8.5, false};
            const auto ink = chart::palette::kInk, muted = chart::palette::kMutedInk;
            double x = 0, pad = 4;
            auto cell = [&](double cx, double y, double w, const std::string& s,
                            const report::draw::Font& f, report::draw::Align a,
                            report::draw::Color color) {
              double tx = a == report::draw::Align::kRight ? cx + w - pad : cx + pad;
              canvas.text(tx, y, report::draw::shorten(s, f, w - 2 * pad), f, a, color);
            };
            canvas.rect(0, 0, kContentWidth, head_h, report::draw::Color::hex("#e8efe9"),
                        std::nullopt);
            cell(x, 2, w_label, say(l, "指标", "Figure"), head, report::draw::Align::kLeft, ink);
            cell(x + w_label, 2, w_value, say(l, "本年", "This year"), head,
                 report::draw::Align::kRight, ink);
            cell(x + w_label + w_value, 2, w_change, say(l, "较上年", "Change"), head,
                 report::draw::Align::kRight, ink);
            cell(x + w_label + w_value + w_change, 2, w_spark, spark_title, head,
                 report::draw::Align::kLeft, ink);
            double y = head_h;
            for (const auto& r : rows) {
              double ty = y + (row_h - report::draw::line_height(body)) / 2;
              cell(0, ty, w_label, r.label, body, report::draw::Align::kLeft, ink);
              cell(w_label, ty, w_value, r.value, body, report::draw::Align::kRight, ink);
              cell(w_label + w_value, ty, w_change, r.change.empty() ? "—" : r.change, body,
                   report::draw::Align::kRight, muted);
              report::draw::OffsetCanvas spark(canvas, w_label + w_value + w_change + pad, y + 3);
              chart::draw_sparkline(spark, std::min(120.0, w_spark - 2 * pad), row_h - 6, r.years);
              y += row_h;
              canvas.polyline({{0, y}, {kContentWidth, y}}, chart::palette::kGrid, 0.5);
            }
          }};
}

}  // namespace atlas::app
