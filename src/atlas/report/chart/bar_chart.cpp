#include "atlas/report/chart/bar_chart.h"

#include <algorithm>
#include <stdexcept>

#include "atlas/report/chart/legend.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/chart/ticks.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

namespace {

constexpr double kMinFont = 5;

std::string value_label(const BarRow& row, int decimals) {
  if (missing(row.value)) return std::string(kMissingText);
  return row.value_text ? *row.value_text : format_number(*row.value, decimals);
}

}  // namespace

void draw_bar_chart(draw::Canvas& canvas, double width, double height, const BarChart& chart) {
  if (chart.rows.empty() || width <= 0 || height <= 0) return;
  draw::Font font = chart.font;

  bool has_second = false, has_reference = false;
  double lo = 0, hi = 0;
  for (const auto& r : chart.rows) {
    for (const auto& v : {r.value, r.second, r.reference}) {
      if (!missing(v)) lo = std::min(lo, *v), hi = std::max(hi, *v);
    }
    has_second |= !missing(r.second);
    has_reference |= !missing(r.reference);
  }
  if (chart.max) hi = *chart.max;
  if (hi <= lo) hi = lo + 1;

  std::vector<LegendEntry> legend;
  if (has_second || has_reference) {
    legend.push_back({chart.first_name, palette::kSeries[0]});
    if (has_second) legend.push_back({chart.second_name, palette::kSeries[2]});
    if (has_reference) {
      legend.push_back({chart.reference_name, palette::kReference, LegendEntry::Key::kTick});
    }
  }
  // A legend only when it fits above at least a sliver of rows.
  double top = 0;
  if (!legend.empty() && draw::line_height(font) + 4 < height / 3) {
    top = draw_legend(canvas, 0, 0, width, legend, font);
  }

  double n = static_cast<double>(chart.rows.size());
  double row_h = (height - top) / n;
  // Rows too low for the labels: a smaller font, then no labels at all (the bars still show).
  while (draw::line_height(font) > row_h && font.size > kMinFont) font.size -= 0.5;
  double lh = draw::line_height(font);
  bool labels = lh <= row_h;

  double label_w = 0, value_w = 0;
  if (labels) {
    for (const auto& r : chart.rows) {
      label_w = std::max(label_w, draw::measure(r.label, font).width);
      value_w = std::max(value_w, draw::measure(value_label(r, chart.decimals), font).width);
    }
    label_w = std::min(label_w, width / 3);
    value_w = std::min(value_w, width / 4);
  }
  double x0 = labels ? label_w + kPad : 0;
  double x1 = width - (labels ? value_w + kPad : 0);
  if (x1 <= x0) return;
  auto sx = [&](double v) { return x0 + (std::clamp(v, lo, hi) - lo) / (hi - lo) * (x1 - x0); };
  double zero = sx(0);

  for (std::size_t i = 0; i < chart.rows.size(); ++i) {
    const BarRow& r = chart.rows[i];
    double y = top + static_cast<double>(i) * row_h;
    double main_h = row_h * (has_second ? 0.45 : 0.6);
    double main_y = y + row_h * (has_second ? 0.1 : 0.2);
    if (!missing(r.value)) {
      double a = std::min(zero, sx(*r.value)), b = std::max(zero, sx(*r.value));
      canvas.rect(a, main_y, b - a, main_h, palette::kSeries[0], std::nullopt);
    }
    if (!missing(r.second)) {
      double a = std::min(zero, sx(*r.second)), b = std::max(zero, sx(*r.second));
      canvas.rect(a, main_y + main_h, b - a, row_h * 0.3, palette::kSeries[2], std::nullopt);
    }
    if (!missing(r.reference)) {
      double x = sx(*r.reference);
      canvas.polyline({{x, y + row_h * 0.05}, {x, y + row_h * 0.95}}, palette::kReference, 1.5);
    }
    if (!labels) continue;
    double ty = y + (row_h - lh) / 2;
    std::string label = draw::shorten(r.label, font, label_w);
    if (!label.empty()) canvas.text(label_w, ty, label, font, draw::Align::kRight, palette::kInk);
    // The value just past the bar's end (or the zero line): within the column kept for it.
    double vx = (missing(r.value) ? zero : std::max(zero, sx(*r.value))) + kPad / 2;
    std::string value = draw::shorten(value_label(r, chart.decimals), font, width - vx);
    if (!value.empty()) canvas.text(vx, ty, value, font, draw::Align::kLeft, palette::kInk);
  }
}

void draw_histogram(draw::Canvas& canvas, double width, double height, const Histogram& chart) {
  if (chart.edges.size() != chart.counts.size() + 1) {
    throw std::invalid_argument("a histogram needs one more edge than counts");
  }
  if (chart.counts.empty() || width <= 0 || height <= 0) return;
  const draw::Font& font = chart.font;
  double lh = draw::line_height(font);
  if (3 * lh + 2 * kPad > height) return;  // no room for labels, ticks and bars

  double max_count = 0;
  for (const auto& c : chart.counts) {
    if (!missing(c)) max_count = std::max(max_count, *c);
  }
  std::vector<double> ticks = nice_ticks(0, max_count > 0 ? max_count : 1, 4);
  double y_top = ticks.back();

  double axis_w = 0;
  for (double t : ticks) axis_w = std::max(axis_w, draw::measure(format_number(t, 0), font).width);
  axis_w = std::min(axis_w, width / 4);
  // Half an edge label may hang past each end of the bars: keep room for it.
  double first_w =
      draw::measure(format_number(chart.edges.front(), chart.edge_decimals), font).width;
  double last_w = draw::measure(format_number(chart.edges.back(), chart.edge_decimals), font).width;
  double x0 = std::max(axis_w + kPad, first_w / 2);
  double x1 = width - last_w / 2;
  double y0 = lh + kPad / 2;           // counts above the tallest bar
  double y1 = height - lh - kPad / 2;  // edge labels below
  if (x1 <= x0 || y1 <= y0) return;
  auto sy = [&](double v) { return y1 - v / y_top * (y1 - y0); };

  for (double t : ticks) {
    double y = sy(t);
    canvas.polyline({{x0, y}, {x1, y}}, palette::kGrid, 0.5);
    std::string s = draw::shorten(format_number(t, 0), font, axis_w);
    // A tick label centred on its line, kept inside the box at the top and bottom.
    double ty = std::clamp(y - lh / 2, 0.0, height - lh);
    if (!s.empty()) canvas.text(axis_w, ty, s, font, draw::Align::kRight, palette::kMutedInk);
  }

  double n = static_cast<double>(chart.counts.size());
  double bin_w = (x1 - x0) / n;
  for (std::size_t i = 0; i < chart.counts.size(); ++i) {
    double left = x0 + static_cast<double>(i) * bin_w;
    const auto& c = chart.counts[i];
    std::string label = missing(c) ? std::string(kMissingText) : format_number(*c, 0);
    double top = missing(c) ? y1 : sy(*c);
    if (!missing(c) && *c > 0) {
      canvas.rect(left + 0.5, top, bin_w - 1, y1 - top, palette::kSeries[0], std::nullopt);
    }
    if (draw::measure(label, font).width <= bin_w) {
      canvas.text(left + bin_w / 2, top - lh, label, font, draw::Align::kCenter, palette::kInk);
    }
  }
  canvas.polyline({{x0, y1}, {x1, y1}}, palette::kInk, 0.75);

  // Edge labels: every k-th, k the smallest that keeps neighbours apart.
  double widest = 0;
  for (double e : chart.edges) {
    widest = std::max(widest, draw::measure(format_number(e, chart.edge_decimals), font).width);
  }
  std::size_t k = 1;
  while (static_cast<double>(k) * bin_w < widest + kPad && k < chart.edges.size()) k *= 2;
  for (std::size_t i = 0; i < chart.edges.size(); i += k) {
    double x = x0 + static_cast<double>(i) * bin_w;
    canvas.text(x, y1 + kPad / 2, format_number(chart.edges[i], chart.edge_decimals), font,
                draw::Align::kCenter, palette::kMutedInk);
  }
}

}  // namespace atlas::report::chart
