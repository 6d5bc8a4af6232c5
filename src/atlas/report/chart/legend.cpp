#include "atlas/report/chart/legend.h"

#include <algorithm>

#include "atlas/report/chart/palette.h"
#include "atlas/report/chart/text_fit.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::chart {

double draw_legend(draw::Canvas& canvas, double x, double y, double width,
                   const std::vector<LegendEntry>& entries, const draw::Font& font) {
  if (entries.empty()) return 0;
  double h = draw::line_height(font);
  double key = h * 0.8, gap = 4, between = 10;
  // Each entry gets an equal share of the line: a long name cannot push the others out.
  double share = width / static_cast<double>(entries.size());
  double cx = x;
  for (const auto& e : entries) {
    double name_w = share - key - gap - between;
    std::string name = draw::shorten(e.name, font, name_w);
    double mid = y + h / 2;
    if (share >= key) {
      switch (e.key) {
        case LegendEntry::Key::kSwatch:
          canvas.rect(cx, mid - key / 2, key, key, e.color, std::nullopt);
          break;
        case LegendEntry::Key::kLine:
          canvas.polyline({{cx, mid}, {cx + key, mid}}, e.color, 1.5);
          break;
        case LegendEntry::Key::kTick:
          canvas.polyline({{cx + key / 2, mid - key / 2}, {cx + key / 2, mid + key / 2}}, e.color,
                          1.5);
          break;
      }
    }
    if (!name.empty())
      canvas.text(cx + key + gap, y, name, font, draw::Align::kLeft, palette::kInk);
    cx += share;
  }
  return h + 4;
}

}  // namespace atlas::report::chart
