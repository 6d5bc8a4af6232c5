#pragma once
// The province map shaded by a value (clusters per province, mean score, output): a sequential
// green scale in a few classes, grey for provinces without a value, a legend of the classes,
// and optionally the clusters as dots at their longitude and latitude.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/report/chart/china_map.h"
#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

enum class Classing {
  // Equal classes with round limits (0–20, 20–40, …): the default, because a reader can say what
  // a class means, and the same limits recur from one year's report to the next.
  kNiceIntervals,
  // Classes of equal counts: for skewed values (a few provinces with most clusters), where
  // equal intervals would leave almost every province in the lightest class.
  kQuantiles,
};

// Class limits for `values` (NaNs ignored): edges[i] to edges[i + 1] is class i, the last
// class includes its upper limit. Nice intervals: nice_ticks(min, max, classes), so there may
// be fewer classes than asked. Quantiles: the k/classes quantiles (linear interpolation between
// order statistics), limits that coincide merged. Empty for no values; one value v gives
// {v, v}, one class.
std::vector<double> class_breaks(std::vector<double> values, int classes, Classing classing);

// The class of `value` given `edges` (clamped to the first and last class).
std::size_t class_of(double value, const std::vector<double>& edges);

// The colour of class `index` of `count` (at most 7): spread over the palette's greens so the
// lightest and the darkest are always used.
draw::Color class_color(std::size_t index, std::size_t count);

struct MapPoint {
  double lon = 0, lat = 0;
};

struct Choropleth {
  // By province code, 2 or 6 digits ("42" or "420000"); empty or NaN: no value, grey.
  std::map<std::string, std::optional<double>> values;
  int classes = 5;  // clamped to 1..7
  Classing classing = Classing::kNiceIntervals;
  int decimals = 0;                      // the legend's limits
  std::string missing_label = "无数据";  // the legend's grey entry, after "—"
  std::vector<MapPoint> points;          // drawn as small circles
  std::string points_label;              // the legend's entry for the points, when there are some
  draw::Font font{7, false};
};

// The map fitted to the box (MapProjection), the legend in its lower-left corner (over the sea
// and the land beyond the border, where China's outline leaves room). Throws atlas::Error
// (kBadInput) for a value whose key is not a province code.
void draw_choropleth(draw::Canvas& canvas, double width, double height, const ChinaMap& map,
                     const Choropleth& chart);

}  // namespace atlas::report::chart
