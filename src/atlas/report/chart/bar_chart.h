#pragma once
// Bar charts for the reports: horizontal bars (one row per province, zone or cluster, with its
// value and an optional reference mark such as the national median) and vertical bars for a
// distribution (a histogram of scores). Each draws into a width × height box at (0, 0) of the
// canvas (wrap it in an OffsetCanvas to place it); every text is measured to stay inside.
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

struct BarRow {
  std::string label;
  std::optional<double> value;            // empty or NaN: no bar, the label reads "—"
  std::optional<std::string> value_text;  // the caller's own formatting of `value`
  std::optional<double> reference;        // a thin dark tick across the row (e.g. a median)
  std::optional<double> second;           // the second series, a thinner bar under the first
};

struct BarChart {
  std::vector<BarRow> rows;
  int decimals = 1;  // value labels without a value_text
  // The legend is drawn when a row has a second value or a reference: it names the series and
  // the tick ("本集群", "全国平均", "全国中位数").
  std::string first_name, second_name, reference_name;
  // The value at the bar area's right end; by default the largest value, reference or second.
  std::optional<double> max;
  draw::Font font{8, false};
};

// Rows top to bottom in the order given. Labels longer than a third of the width are cut with
// "…"; when the rows are too low for the font it shrinks down to 5 pt, then labels are skipped.
void draw_bar_chart(draw::Canvas& canvas, double width, double height, const BarChart& chart);

struct Histogram {
  std::vector<double> edges;                  // bin i spans edges[i] to edges[i + 1]
  std::vector<std::optional<double>> counts;  // one per bin; missing: no bar, "—" above
  int edge_decimals = 0;                      // x labels at the edges
  draw::Font font{8, false};
};

// Vertical bars with a count axis of round ticks on the left and the bin edges below; edge
// labels that would collide are thinned (every second, fourth, …). Throws std::invalid_argument
// when edges.size() != counts.size() + 1.
void draw_histogram(draw::Canvas& canvas, double width, double height, const Histogram& chart);

}  // namespace atlas::report::chart
