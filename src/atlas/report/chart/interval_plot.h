#pragma once
// Rank intervals from an uncertainty analysis: per unit, the range of ranks it took over the
// simulations (e.g. the 5th to the 95th percentile) and one rank marked on it (the median or the
// nominal rank), on a rank axis 1..N with rank 1 on the left. Readers see at once which units'
// places are settled and which depend on the weights.
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

struct RankInterval {
  std::string label;
  std::optional<double> low, high;  // the segment; either missing: no segment
  std::optional<double> point;      // the dot; missing: no dot
};

struct IntervalPlot {
  std::vector<RankInterval> rows;  // top to bottom in the order given
  int rank_count = 0;              // N; 0 takes the largest rank in the rows
  // The legend below the axis names the segment and the dot when both names are given.
  std::string interval_name, point_name;
  draw::Font font{8, false};
};

// Labels on the left (cut with "…" beyond a third of the width), round rank ticks from 1 to N
// below; a font too big for the rows shrinks to 5 pt, then labels are skipped.
void draw_interval_plot(draw::Canvas& canvas, double width, double height,
                        const IntervalPlot& plot);

}  // namespace atlas::report::chart
