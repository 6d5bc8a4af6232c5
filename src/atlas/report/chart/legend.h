#pragma once
// A one-line legend shared by the charts: a key (a swatch, a line or a tick) and a name per
// entry, left to right, each name cut with "…" so the line stays within its width.
#include <string>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

struct LegendEntry {
  enum class Key { kSwatch, kLine, kTick };
  std::string name;
  draw::Color color;
  Key key = Key::kSwatch;
};

// Draws the entries from (x, y) in at most `width`; returns the height used (0 with no entries).
double draw_legend(draw::Canvas& canvas, double x, double y, double width,
                   const std::vector<LegendEntry>& entries, const draw::Font& font);

}  // namespace atlas::report::chart
