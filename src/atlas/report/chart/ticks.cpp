#include "atlas/report/chart/ticks.h"

#include <algorithm>
#include <cmath>

namespace atlas::report::chart {

double nice_step(double span, int max_intervals) {
  if (!(span > 0) || max_intervals < 1) return 1;
  double raw = span / max_intervals;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    // A small tolerance: 100 / 5 is 20 exactly, not a hair above it.
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

std::vector<double> nice_ticks(double lo, double hi, int max_intervals) {
  if (lo > hi) std::swap(lo, hi);
  if (lo == hi) {
    double half = lo == 0 ? 1 : std::abs(lo) / 2;
    lo -= half;
    hi += half;
  }
  max_intervals = std::max(max_intervals, 1);
  double step = nice_step(hi - lo, max_intervals);
  double first = std::floor(lo / step + 1e-9) * step;
  double last = std::ceil(hi / step - 1e-9) * step;
  // Rounding out to whole steps can add one interval: widen the step until it fits. Once one
  // step spans the whole range, two intervals are the fewest possible (a range across a
  // multiple of the step, as -1 to 1 across 0, cannot be one interval): stop there.
  while ((last - first) / step > max_intervals + 1e-9 && step < hi - lo) {
    step = nice_step(step * 1.0001 * max_intervals, max_intervals);
    first = std::floor(lo / step + 1e-9) * step;
    last = std::ceil(hi / step - 1e-9) * step;
  }
  std::vector<double> ticks;
  int n = static_cast<int>(std::lround((last - first) / step));
  for (int i = 0; i <= n; ++i) {
    double t = first + i * step;
    ticks.push_back(std::abs(t) < step * 1e-9 ? 0.0 : t);  // no -0 from rounding
  }
  return ticks;
}

}  // namespace atlas::report::chart
