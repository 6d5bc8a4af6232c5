#include "atlas/report/chart/choropleth.h"

#include <algorithm>
#include <cmath>

#include "atlas/report/chart/map_projection.h"
#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/chart/ticks.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

std::vector<double> class_breaks(std::vector<double> values, int classes, Classing classing) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  classes = std::clamp(classes, 1, 7);
  double lo = values.front(), hi = values.back();
  if (lo == hi) return {lo, hi};
  if (classing == Classing::kNiceIntervals) return nice_ticks(lo, hi, classes);
  std::vector<double> edges;
  for (int k = 0; k <= classes; ++k) {
    double pos = static_cast<double>(k) / classes * static_cast<double>(values.size() - 1);
    auto i = static_cast<std::size_t>(std::floor(pos));
    double q =
        i + 1 < values.size() ? values[i] + (pos - i) * (values[i + 1] - values[i]) : values[i];
    if (edges.empty() || q > edges.back()) edges.push_back(q);
  }
  return edges;
}

std::size_t class_of(double value, const std::vector<double>& edges) {
  if (edges.size() < 2) return 0;
  std::size_t last = edges.size() - 2;
  for (std::size_t i = 0; i < last; ++i) {
    if (value < edges[i + 1]) return i;
  }
  return last;
}

draw::Color class_color(std::size_t index, std::size_t count) {
  const auto& greens = palette::kSequential;
  if (count <= 1) return greens[greens.size() / 2];
  count = std::min(count, greens.size());
  index = std::min(index, count - 1);
  double at = static_cast<double>(index) * static_cast<double>(greens.size() - 1) /
              static_cast<double>(count - 1);
  return greens[static_cast<std::size_t>(std::lround(at))];
}

namespace {

// Rows of the legend, bottom-left: a swatch and its text per row.
void draw_map_legend(draw::Canvas& canvas, double width, double height,
                     const std::vector<std::pair<draw::Color, std::string>>& rows, bool has_points,
                     const std::string& points_label, draw::Font font) {
  std::size_t n = rows.size() + (has_points ? 1 : 0);
  // At most half the box's height: a smaller font first, then no legend.
  while (draw::line_height(font) * 1.25 * static_cast<double>(n) > height / 2 && font.size > 5) {
    font.size -= 0.5;
  }
  double lh = draw::line_height(font), step = lh * 1.25;
  if (step * static_cast<double>(n) > height / 2) return;
  double key = lh * 0.7, text_x = key + 4, text_w = width / 2 - text_x;
  double y = height - step * static_cast<double>(n);
  for (const auto& [color, text] : rows) {
    canvas.rect(0, y + (lh - key) / 2, key, key, color, palette::kMutedInk, 0.25);
    std::string s = draw::shorten(text, font, text_w);
    if (!s.empty()) canvas.text(text_x, y, s, font, draw::Align::kLeft, palette::kInk);
    y += step;
  }
  if (has_points) {
    canvas.polygon({circle(key / 2, y + lh / 2, key / 2, 12)}, palette::kPoint, std::nullopt, 0);
    std::string s = draw::shorten(points_label, font, text_w);
    if (!s.empty()) canvas.text(text_x, y, s, font, draw::Align::kLeft, palette::kInk);
  }
}

}  // namespace

void draw_choropleth(draw::Canvas& canvas, double width, double height, const ChinaMap& map,
                     const Choropleth& chart) {
  std::map<std::string, double> values;  // by two-digit code, present values only
  for (const auto& [code, v] : chart.values) {
    std::string c = province_code(code);  // throws for a key that is no province
    if (!missing(v)) values[c] = *v;
  }
  std::vector<double> all;
  for (const auto& [c, v] : values) all.push_back(v);
  std::vector<double> edges = class_breaks(all, chart.classes, chart.classing);
  std::size_t count = edges.size() < 2 ? 0 : edges.size() - 1;
  if (width <= 0 || height <= 0) return;

  MapProjection project(map, 0, 0, width, height);
  bool any_missing = false;
  for (const Province& p : map.provinces) {
    // All of a province's polygons in one call: they do not overlap, so even-odd fills each.
    std::vector<std::vector<draw::Point>> rings;
    for (const auto& poly : p.polygons) {
      for (const auto& ring : poly) {
        std::vector<draw::Point> out;
        out.reserve(ring.size());
        for (const auto& pt : ring) out.push_back(project(pt));
        rings.push_back(std::move(out));
      }
    }
    std::optional<draw::Color> fill;
    if (!p.code.empty()) {
      auto it = values.find(p.code);
      if (it == values.end()) {
        fill = palette::kMissing;
        any_missing = true;
      } else {
        fill = class_color(class_of(it->second, edges), count);
      }
    }
    canvas.polygon(rings, fill, fill ? palette::kBoundary : palette::kMutedInk, 0.4);
  }

  for (const MapPoint& pt : chart.points) {
    draw::Point at = project(pt.lon, pt.lat);
    double r = 2.2;
    if (at.x < r || at.y < r || at.x > width - r || at.y > height - r) continue;
    canvas.polygon({circle(at.x, at.y, r, 12)}, palette::kPoint, palette::kBoundary, 0.4);
  }

  std::vector<std::pair<draw::Color, std::string>> rows;
  for (std::size_t i = 0; i < count; ++i) {
    rows.emplace_back(class_color(i, count), format_number(edges[i], chart.decimals) + "–" +
                                                 format_number(edges[i + 1], chart.decimals));
  }
  if (any_missing) {
    rows.emplace_back(palette::kMissing, std::string(kMissingText) + " " + chart.missing_label);
  }
  draw_map_legend(canvas, width, height, rows, !chart.points.empty(), chart.points_label,
                  chart.font);
}

}  // namespace atlas::report::chart
