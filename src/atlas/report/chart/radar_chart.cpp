#include "atlas/report/chart/radar_chart.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "atlas/report/chart/legend.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

namespace {

constexpr double kGap = 4;     // between the outer ring and a label
constexpr double kSide = 0.2;  // |direction| below which a label is centred on its axis

struct Label {
  std::string text;
  double w = 0;
  double ux = 0, uy = 0;  // the axis's direction, y down
};

// The largest radius at which every label, placed outside its axis's end, stays in the box.
double fitting_radius(const std::vector<Label>& labels, double cx, double cy, double width,
                      double height, double lh) {
  double r = std::min(cx, cy);
  for (const Label& l : labels) {
    // Left of the box: a label on the right side is left-aligned at its anchor, one on the left
    // right-aligned; a centred label needs only its half width, whatever the radius.
    if (l.ux > kSide) r = std::min(r, (width - l.w - cx) / l.ux - kGap);
    if (l.ux < -kSide) r = std::min(r, (cx - l.w) / -l.ux - kGap);
    if (l.uy < -kSide) r = std::min(r, (cy - lh) / -l.uy - kGap);
    if (l.uy > kSide) r = std::min(r, (height - lh - cy) / l.uy - kGap);
    // A label centred on its axis (top, bottom, left or right end) must fit both ways round it.
    if (std::abs(l.ux) <= kSide) r = std::min(r, (cx - l.w / 2) / (std::abs(l.ux) + 1e-9) - kGap);
    if (std::abs(l.uy) <= kSide) r = std::min(r, (cy - lh / 2) / (std::abs(l.uy) + 1e-9) - kGap);
  }
  return r;
}

// The outline of `values` on the chart: filled when whole, else the present runs as lines.
void draw_shape(draw::Canvas& canvas, const std::vector<std::optional<double>>& values,
                std::size_t n, auto&& at, draw::Color color, bool fill) {
  std::vector<draw::Point> pts;
  bool whole = values.size() >= n;
  for (std::size_t i = 0; i < n && whole; ++i) whole = !missing(values[i]);
  if (whole) {
    for (std::size_t i = 0; i < n; ++i) pts.push_back(at(i, *values[i]));
    if (fill) {
      draw::Color light{static_cast<std::uint8_t>((color.r + 3 * 255) / 4),
                        static_cast<std::uint8_t>((color.g + 3 * 255) / 4),
                        static_cast<std::uint8_t>((color.b + 3 * 255) / 4)};
      canvas.polygon({pts}, light, color, 1.5);
    } else {
      canvas.polygon({pts}, std::nullopt, color, 1.5);
    }
    return;
  }
  // Runs of present neighbours, wrapping from the last axis to the first.
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t j = (i + 1) % n;
    bool a = i < values.size() && !missing(values[i]);
    bool b = j < values.size() && !missing(values[j]);
    if (a && b) canvas.polyline({at(i, *values[i]), at(j, *values[j])}, color, 1.5);
    if (a) {
      draw::Point p = at(i, *values[i]);
      canvas.polygon({circle(p.x, p.y, 1.5)}, color, std::nullopt, 0);
    }
  }
}

}  // namespace

void draw_radar_chart(draw::Canvas& canvas, double width, double height, const RadarChart& chart) {
  std::size_t n = chart.axes.size();
  if (n < 3 || width <= 0 || height <= 0 || !(chart.max > 0)) return;
  const draw::Font& font = chart.font;
  double lh = draw::line_height(font);

  double bottom = height;
  if (!chart.reference.empty() && lh + 4 < height / 4) {
    bottom = height - lh - 4;
    draw_legend(canvas, 0, bottom + 2, width,
                {{chart.value_name, palette::kSeries[0]},
                 {chart.reference_name, palette::kReference, LegendEntry::Key::kLine}},
                font);
  }
  double cx = width / 2, cy = bottom / 2;

  std::vector<Label> labels(n);
  for (std::size_t i = 0; i < n; ++i) {
    double a = 2 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
    labels[i].ux = std::sin(a);
    labels[i].uy = -std::cos(a);
  }
  // Cut the labels shorter until the radar keeps at least a quarter of the box, then give up on
  // labels rather than draw a dot.
  double radius = 0;
  bool with_labels = false;
  for (double cap : {0.3, 0.2, 0.12}) {
    for (std::size_t i = 0; i < n; ++i) {
      labels[i].text = draw::shorten(chart.axes[i], font, width * cap);
      labels[i].w = draw::measure(labels[i].text, font).width;
    }
    radius = fitting_radius(labels, cx, cy, width, bottom, lh);
    if (radius >= std::min(width, bottom) / 4) {
      with_labels = true;
      break;
    }
  }
  if (!with_labels) radius = std::min(cx, cy) - 2;
  if (radius <= 0) return;

  auto at = [&](std::size_t i, double v) {
    double r = std::clamp(v / chart.max, 0.0, 1.0) * radius;
    return draw::Point{cx + r * labels[i].ux, cy + r * labels[i].uy};
  };
  for (double q : {0.25, 0.5, 0.75, 1.0}) {
    std::vector<draw::Point> ring;
    for (std::size_t i = 0; i < n; ++i) ring.push_back(at(i, q * chart.max));
    canvas.polygon({ring}, std::nullopt, palette::kGrid, q == 1.0 ? 0.75 : 0.5);
  }
  for (std::size_t i = 0; i < n; ++i)
    canvas.polyline({{cx, cy}, at(i, chart.max)}, palette::kGrid, 0.5);

  draw_shape(canvas, chart.values, n, at, palette::kSeries[0], true);
  if (!chart.reference.empty())
    draw_shape(canvas, chart.reference, n, at, palette::kReference, false);

  if (!with_labels) return;
  for (const Label& l : labels) {
    if (l.text.empty()) continue;
    double ax = cx + (radius + kGap) * l.ux, ay = cy + (radius + kGap) * l.uy;
    draw::Align align = l.ux > kSide    ? draw::Align::kLeft
                        : l.ux < -kSide ? draw::Align::kRight
                                        : draw::Align::kCenter;
    double top = l.uy < -kSide ? ay - lh : l.uy > kSide ? ay : ay - lh / 2;
    canvas.text(ax, top, l.text, font, align, palette::kInk);
  }
}

}  // namespace atlas::report::chart
