#pragma once
// A radar of one unit's dimension scores against a reference (the national median): the shape
// shows at a glance where a cluster is strong or weak. Axes start at the top and go clockwise.
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

struct RadarChart {
  std::vector<std::string> axes;                 // dimension names, at least 3
  std::vector<std::optional<double>> values;     // the unit, one per axis
  std::vector<std::optional<double>> reference;  // e.g. the national median; may be empty
  double max = 100;                              // the outer ring; values beyond it are clamped
  std::string value_name, reference_name;        // the legend, when a reference is given
  draw::Font font{8, false};
};

// Rings at quarters of `max`, axis labels outside the outer ring, the radius shrunk until every
// label fits inside the box (labels cut with "…" to at most 30% of the width, then shorter if
// the radius would drop below a quarter of the box). A missing value breaks the outline there:
// the unit's shape is filled only when all its values are present.
void draw_radar_chart(draw::Canvas& canvas, double width, double height, const RadarChart& chart);

}  // namespace atlas::report::chart
