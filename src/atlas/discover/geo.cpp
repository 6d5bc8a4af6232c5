#include "atlas/discover/geo.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace atlas::discover {
namespace {

constexpr double kRadPerDeg = std::numbers::pi / 180.0;

}  // namespace

double great_circle_km(double lat1, double lon1, double lat2, double lon2, double radius_km) {
  const double p1 = lat1 * kRadPerDeg, p2 = lat2 * kRadPerDeg;
  const double dp = p2 - p1, dl = (lon2 - lon1) * kRadPerDeg;
  const double sp = std::sin(dp / 2), sl = std::sin(dl / 2);
  // Clamped: rounding can push h a hair above 1 for antipodal points, where asin is undefined.
  const double h = std::clamp(sp * sp + std::cos(p1) * std::cos(p2) * sl * sl, 0.0, 1.0);
  return 2 * radius_km * std::asin(std::sqrt(h));
}

std::array<double, 3> unit_vector(double lat, double lon) {
  const double p = lat * kRadPerDeg, l = lon * kRadPerDeg;
  const double c = std::cos(p);
  return {c * std::cos(l), c * std::sin(l), std::sin(p)};
}

std::array<double, 2> lat_lon(const std::array<double, 3>& v) {
  const double h = std::hypot(v[0], v[1]);
  return {std::atan2(v[2], h) / kRadPerDeg, std::atan2(v[1], v[0]) / kRadPerDeg};
}

double chord_of_km(double km, double radius_km) {
  const double angle = km / radius_km;
  if (angle >= std::numbers::pi) return 2.0;
  return 2 * std::sin(angle / 2);
}

double km_of_chord(double chord, double radius_km) {
  return 2 * radius_km * std::asin(std::clamp(chord / 2, 0.0, 1.0));
}

}  // namespace atlas::discover
