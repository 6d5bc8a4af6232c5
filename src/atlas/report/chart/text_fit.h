#pragma once
// Text that stays inside a chart's box: numbers formatted alike, labels cut with "…" when they do
// not fit, and the dash that stands for a missing value (never a 0, which would be a value).
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

// `text` if it is at most `max_width` wide in `font`; otherwise its longest prefix (whole code
// points) followed by "…" that fits; "" when not even "…" fits.
std::string fit_text(std::string_view text, const draw::Font& font, double max_width);

// The height of a line of text in `font` (Latin and CJK alike).
double line_height(const draw::Font& font);

// A regular polygon approximating a circle: points and markers (the canvas has no arcs).
std::vector<draw::Point> circle(double cx, double cy, double r, int sides = 16);

}  // namespace atlas::report::chart
