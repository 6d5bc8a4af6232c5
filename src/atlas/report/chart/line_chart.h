#pragma once
// Lines over years: the full chart (round y ticks, year labels, a legend) for a report's trend
// figures, and the sparkline, a tiny line with no axes for a row of key figures. A missing value
// (empty or NaN) leaves a gap in the line, never a drop to 0.
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/chart/palette.h"
#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

struct LineSeries {
  std::string name;
  std::vector<std::optional<double>> values;  // one per x label; shorter is padded as missing
  draw::Color color = palette::kSeries[0];
};

struct LineChart {
  std::vector<std::string> x_labels;  // e.g. "2020" … "2024"
  std::vector<LineSeries> series;
  int decimals = 0;                    // y tick labels
  std::optional<double> y_min, y_max;  // the axis must span these (e.g. 0); else the data's range
  draw::Font font{8, false};
};

// A legend on top when there are two or more series (names cut with "…"), round y ticks on the
// left, x labels below (thinned to every second, fourth, … when they would collide). A value
// between two missing ones is drawn as a dot.
void draw_line_chart(draw::Canvas& canvas, double width, double height, const LineChart& chart);

// The values left to right across the box, their range top to bottom, the last value marked by
// a dot; one value is a dot alone. Nothing is drawn when every value is missing.
void draw_sparkline(draw::Canvas& canvas, double width, double height,
                    const std::vector<std::optional<double>>& values,
                    draw::Color color = palette::kSeries[0]);

}  // namespace atlas::report::chart
