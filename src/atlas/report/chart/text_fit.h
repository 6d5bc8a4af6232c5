#pragma once
// Text that stays inside a chart's box (labels are cut with draw::shorten): numbers formatted alike
// and the dash that stands for a missing value (never a 0, which would be a value).
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

// What a chart writes where a value is missing.
inline constexpr std::string_view kMissingText = "—";

// An empty optional and a NaN are both "no value".
inline bool missing(const std::optional<double>& v) {
  return !v || std::isnan(*v);
}

// 1234.5 with 1 decimal → "1234.5"; -0.0 prints as "0".
std::string format_number(double value, int decimals);

// A regular polygon approximating a circle: points and markers (the canvas has no arcs).
std::vector<draw::Point> circle(double cx, double cy, double r, int sides = 16);

}  // namespace atlas::report::chart
