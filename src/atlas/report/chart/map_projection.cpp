#include "atlas/report/chart/map_projection.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace atlas::report::chart {

namespace {
constexpr double kDeg = std::numbers::pi / 180;
}

draw::Point MapProjection::albers(double lon, double lat) {
  // Spherical Albers (Snyder, Map Projections: A Working Manual, eq. 14-1 to 14-4).
  static const double phi1 = 25 * kDeg, phi2 = 47 * kDeg, phi0 = 35 * kDeg, lambda0 = 105 * kDeg;
  static const double n = (std::sin(phi1) + std::sin(phi2)) / 2;
  static const double c = std::cos(phi1) * std::cos(phi1) + 2 * n * std::sin(phi1);
  static const double rho0 = std::sqrt(c - 2 * n * std::sin(phi0)) / n;
  double rho = std::sqrt(c - 2 * n * std::sin(lat * kDeg)) / n;
  double theta = n * (lon * kDeg - lambda0);
  return {rho * std::sin(theta), rho0 - rho * std::cos(theta)};
}

MapProjection::MapProjection(const ChinaMap& map, double x, double y, double width, double height) {
  // The projected extent of every point: a conic bends the parallels, so the corners of the
  // longitude/latitude box are not the extremes.
  double min_x = std::numeric_limits<double>::max(), max_x = -min_x;
  double min_y = min_x, max_y = -min_x;
  for (const auto& p : map.provinces) {
    for (const auto& poly : p.polygons) {
      for (const auto& ring : poly) {
        for (const auto& pt : ring) {
          draw::Point a = albers(pt.x, pt.y);
          min_x = std::min(min_x, a.x), max_x = std::max(max_x, a.x);
          min_y = std::min(min_y, a.y), max_y = std::max(max_y, a.y);
        }
      }
    }
  }
  if (!(max_x > min_x) || !(max_y > min_y)) return;
  scale_ = std::min(width / (max_x - min_x), height / (max_y - min_y));
  // Centred in the box; y flips, north up.
  dx_ = x + (width - (max_x - min_x) * scale_) / 2 - min_x * scale_;
  dy_ = y + (height - (max_y - min_y) * scale_) / 2 + max_y * scale_;
}

draw::Point MapProjection::operator()(double lon, double lat) const {
  draw::Point a = albers(lon, lat);
  return {dx_ + a.x * scale_, dy_ - a.y * scale_};
}

}  // namespace atlas::report::chart
