#pragma once
// Where a longitude and latitude fall on a chart's box, for the province map.
#include "atlas/report/chart/china_map.h"
#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

// Albers equal-area conic with the standard parallels commonly used for maps of China (25°N
// and 47°N), centred on 105°E, 35°N, scaled and centred to fit a box keeping the aspect ratio.
// Equal area because a choropleth is read by area: an equirectangular map scaled by cos 35° would
// enlarge Heilongjiang by a fifth and shrink Hainan by an eighth (its area scale is cos 35° / cos
// latitude).
class MapProjection {
 public:
  MapProjection(const ChinaMap& map, double x, double y, double width, double height);
  draw::Point operator()(double lon, double lat) const;
  draw::Point operator()(draw::Point lon_lat) const { return (*this)(lon_lat.x, lon_lat.y); }

  // The unscaled projection, x east and y north, in Earth radii.
  static draw::Point albers(double lon, double lat);

 private:
  double scale_ = 1, dx_ = 0, dy_ = 0;
};

}  // namespace atlas::report::chart
