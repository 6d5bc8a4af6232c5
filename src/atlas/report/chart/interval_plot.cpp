#include "atlas/report/chart/interval_plot.h"

#include <algorithm>
#include <cmath>

#include "atlas/report/chart/legend.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/chart/ticks.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

void draw_interval_plot(draw::Canvas& canvas, double width, double height,
                        const IntervalPlot& plot) {
  if (plot.rows.empty() || width <= 0 || height <= 0) return;
  draw::Font font = plot.font;
  double n_rank = plot.rank_count;
  if (n_rank <= 0) {
    for (const auto& r : plot.rows) {
      for (const auto& v : {r.low, r.high, r.point}) {
        if (!missing(v)) n_rank = std::max(n_rank, *v);
      }
    }
  }
  n_rank = std::max(n_rank, 2.0);

  double lh = draw::line_height(font);
  bool legend = !plot.interval_name.empty() && !plot.point_name.empty();
  double bottom = lh + kPad / 2 + (legend ? lh + 4 : 0);  // axis labels and the legend
  if (bottom >= height / 2) return;
  double row_h = (height - bottom) / static_cast<double>(plot.rows.size());
  while (draw::line_height(font) > row_h && font.size > 5) font.size -= 0.5;
  double row_lh = draw::line_height(font);
  bool labels = row_lh <= row_h;

  double label_w = 0;
  if (labels) {
    for (const auto& r : plot.rows) label_w = std::max(label_w, draw::measure(r.label, font).width);
    label_w = std::min(label_w, width / 3);
  }
  // Ticks: round ranks, with 1 in place of 0 (there is no rank 0), none beyond N.
  std::vector<double> ticks;
  for (double t : nice_ticks(0, n_rank, 5)) {
    if (t <= n_rank) ticks.push_back(t == 0 ? 1 : t);
  }
  double last_w = draw::measure(format_number(ticks.back(), 0), plot.font).width;
  double x0 = (labels ? label_w + kPad : 0) + kPad;
  double x1 = width - std::max(kPad, last_w / 2);
  if (x1 <= x0) return;
  auto sx = [&](double rank) {
    return x0 + (std::clamp(rank, 1.0, n_rank) - 1) / (n_rank - 1) * (x1 - x0);
  };
  double y1 = height - bottom;

  for (double t : ticks) {
    canvas.polyline({{sx(t), 0}, {sx(t), y1}}, palette::kGrid, 0.5);
    canvas.text(sx(t), y1 + kPad / 2, format_number(t, 0), plot.font, draw::Align::kCenter,
                palette::kMutedInk);
  }
  // The dot and the segment's thickness follow the row's height, so rows never overlap.
  double dot = std::min(3.0, row_h / 2);
  for (std::size_t i = 0; i < plot.rows.size(); ++i) {
    const RankInterval& r = plot.rows[i];
    double y = static_cast<double>(i) * row_h;
    double mid = y + row_h / 2;
    if (!missing(r.low) && !missing(r.high)) {
      canvas.polyline({{sx(*r.low), mid}, {sx(*r.high), mid}}, palette::kSeries[2],
                      std::min(4.0, row_h / 2));
    }
    if (!missing(r.point)) {
      canvas.polygon({circle(sx(*r.point), mid, dot)}, palette::kSeries[0], std::nullopt, 0);
    }
    if (labels) {
      std::string s = draw::shorten(r.label, font, label_w);
      if (!s.empty()) {
        canvas.text(label_w, y + (row_h - row_lh) / 2, s, font, draw::Align::kRight, palette::kInk);
      }
    }
  }
  if (legend) {
    draw_legend(canvas, 0, height - lh - 4, width,
                {{plot.interval_name, palette::kSeries[2], LegendEntry::Key::kLine},
                 {plot.point_name, palette::kSeries[0]}},
                plot.font);
  }
}

}  // namespace atlas::report::chart
