#include "atlas/report/chart/line_chart.h"

#include <algorithm>

#include "atlas/report/chart/legend.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/chart/ticks.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

namespace {

// The runs of consecutive present values as lines; a run of one as a dot of radius `dot`.
void draw_runs(draw::Canvas& canvas, const std::vector<std::optional<double>>& values,
               std::size_t count, auto&& to_point, draw::Color color, double line_width,
               double dot) {
  std::vector<draw::Point> run;
  auto flush = [&] {
    if (run.size() == 1) {
      canvas.polygon({circle(run[0].x, run[0].y, dot)}, color, std::nullopt, 0);
    } else if (run.size() > 1) {
      canvas.polyline(run, color, line_width);
    }
    run.clear();
  };
  for (std::size_t i = 0; i < count; ++i) {
    std::optional<double> v = i < values.size() ? values[i] : std::nullopt;
    if (missing(v)) {
      flush();
    } else {
      run.push_back(to_point(i, *v));
    }
  }
  flush();
}

}  // namespace

void draw_line_chart(draw::Canvas& canvas, double width, double height, const LineChart& chart) {
  std::size_t count = chart.x_labels.size();
  if (count == 0 || width <= 0 || height <= 0) return;
  const draw::Font& font = chart.font;
  double lh = draw::line_height(font);

  double lo = chart.y_min.value_or(0), hi = chart.y_max.value_or(0);
  bool any = chart.y_min || chart.y_max;
  for (const auto& s : chart.series) {
    for (const auto& v : s.values) {
      if (missing(v)) continue;
      lo = any ? std::min(lo, *v) : *v;
      hi = any ? std::max(hi, *v) : *v;
      any = true;
    }
  }

  double top = 0;
  if (chart.series.size() > 1 && lh + 4 < height / 3) {
    std::vector<LegendEntry> entries;
    for (const auto& s : chart.series)
      entries.push_back({s.name, s.color, LegendEntry::Key::kLine});
    top = draw_legend(canvas, 0, 0, width, entries, font);
  }
  double y0 = top + lh / 2;            // half a tick label above the top tick
  double y1 = height - lh - kPad / 2;  // year labels below
  if (y1 - y0 < lh) return;
  int intervals = std::clamp(static_cast<int>((y1 - y0) / (2 * lh)), 1, 5);
  std::vector<double> ticks = nice_ticks(lo, hi, intervals);

  double axis_w = 0;
  for (double t : ticks) {
    axis_w = std::max(axis_w, draw::measure(format_number(t, chart.decimals), font).width);
  }
  axis_w = std::min(axis_w, width / 4);
  // The first and last year labels are centred on the first and last points: half of each may
  // hang outside the plot, so the plot keeps that much room.
  double first_w = draw::measure(chart.x_labels.front(), font).width;
  double last_w = draw::measure(chart.x_labels.back(), font).width;
  double x0 = std::max(axis_w + kPad, first_w / 2);
  double x1 = width - std::max(kPad, last_w / 2);
  if (x1 <= x0) return;
  double step_x = count > 1 ? (x1 - x0) / static_cast<double>(count - 1) : 0;
  auto px = [&](std::size_t i) {
    return count > 1 ? x0 + static_cast<double>(i) * step_x : (x0 + x1) / 2;
  };
  double t0 = ticks.front(), t1 = ticks.back();
  auto py = [&](double v) { return y1 - (v - t0) / (t1 - t0) * (y1 - y0); };

  for (double t : ticks) {
    double y = py(t);
    canvas.polyline({{x0, y}, {x1, y}}, palette::kGrid, 0.5);
    std::string s = draw::shorten(format_number(t, chart.decimals), font, axis_w);
    if (!s.empty())
      canvas.text(axis_w, y - lh / 2, s, font, draw::Align::kRight, palette::kMutedInk);
  }

  double widest = 0;
  for (const auto& l : chart.x_labels) widest = std::max(widest, draw::measure(l, font).width);
  std::size_t k = 1;
  while (count > 1 && static_cast<double>(k) * step_x < widest + kPad && k < count) k *= 2;
  for (std::size_t i = 0; i < count; i += k) {
    // A label wider than its share of the width is cut rather than run into its neighbour.
    double room = count > 1 ? std::min(static_cast<double>(k) * step_x - kPad, width) : width;
    std::string s = draw::shorten(chart.x_labels[i], font, room);
    double x = std::clamp(px(i), draw::measure(s, font).width / 2,
                          width - draw::measure(s, font).width / 2);
    if (!s.empty())
      canvas.text(x, y1 + kPad / 2, s, font, draw::Align::kCenter, palette::kMutedInk);
  }

  for (const auto& s : chart.series) {
    draw_runs(
        canvas, s.values, count,
        [&](std::size_t i, double v) {
          return draw::Point{px(i), py(v)};
        },
        s.color, 1.5, 2);
  }
}

void draw_sparkline(draw::Canvas& canvas, double width, double height,
                    const std::vector<std::optional<double>>& values, draw::Color color) {
  std::optional<double> lo, hi;
  std::optional<std::size_t> last;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (missing(values[i])) continue;
    lo = std::min(lo.value_or(*values[i]), *values[i]);
    hi = std::max(hi.value_or(*values[i]), *values[i]);
    last = i;
  }
  if (!last || width <= 0 || height <= 0) return;
  // The dot's radius is the margin: the marked last point stays inside the box.
  double r = std::min({2.0, width / 4, height / 4});
  double x0 = r, x1 = width - r, y0 = r, y1 = height - r;
  std::size_t n = values.size();
  auto to_point = [&](std::size_t i, double v) {
    double x =
        n > 1 ? x0 + (x1 - x0) * static_cast<double>(i) / static_cast<double>(n - 1) : width / 2;
    // A flat series (one value, or all equal) sits in the middle.
    double y = *hi > *lo ? y1 - (v - *lo) / (*hi - *lo) * (y1 - y0) : height / 2;
    return draw::Point{x, y};
  };
  std::vector<std::optional<double>> lines = values;
  draw_runs(canvas, lines, n, to_point, color, 1, r * 0.6);
  draw::Point p = to_point(*last, *values[*last]);
  canvas.polygon({circle(p.x, p.y, r)}, color, std::nullopt, 0);
}

}  // namespace atlas::report::chart
