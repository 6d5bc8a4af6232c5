#pragma once
// Axis ticks at round numbers (1, 2 or 5 × 10^k apart) so readers can read values off an axis.
#include <vector>

namespace atlas::report::chart {

// The space between a label and what it labels (an axis, a bar), in points.
inline constexpr double kPad = 4;

// The round step (1, 2 or 5 × 10^k) that divides `span` into at most `max_intervals` intervals.
double nice_step(double span, int max_intervals);

// Ticks from a multiple of the step at or below `lo` to one at or above `hi`, at most
// `max_intervals` + 1 of them (but 3 when one interval cannot hold the range: (-1, 1) with
// max_intervals 1 → -2, 0, 2): (0, 87) → 0, 20, 40, 60, 80, 100. lo == hi gets half the value's
// size either side (±1 around 0); lo > hi is swapped.
std::vector<double> nice_ticks(double lo, double hi, int max_intervals = 5);

}  // namespace atlas::report::chart
