#include "atlas/discover/registry_link.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numbers>
#include <set>

#include "atlas/discover/geo.h"

namespace atlas::discover {
namespace {

// Per site, 1 when some point lies within `km` of it. Each site is filed under the 1° × 1° cells
// its cap of `km` may touch, so a point looks only at the sites of its own cell: one pass over
// the points, stopping once every site is reached.
std::vector<std::uint8_t> sites_reached(std::span<const double> lat, std::span<const double> lon,
                                        std::span<const RegisteredSite> sites, double km) {
  constexpr int kRows = 180, kCols = 360;
  constexpr double kDegree = std::numbers::pi / 180;
  // The cap's angular radius, and a margin far above rounding: the cells only prune, distances
  // decide.
  const double radius = km / kEarthRadiusKm, margin = 1e-7;
  std::vector<std::uint32_t> start(kRows * kCols + 1, 0), filed;
  auto each_cell = [&](const RegisteredSite& s, auto&& visit) {
    const double reach = radius / kDegree + margin;
    const int r0 = std::max(0, static_cast<int>(std::floor(s.lat - reach + 90)));
    const int r1 = std::min(kRows - 1, static_cast<int>(std::floor(s.lat + reach + 90)));
    // The longitudes a cap spans: asin(sin r / cos φ) either side, or all of them when the cap
    // holds a pole.
    const double s_r = std::sin(std::min(radius, std::numbers::pi / 2));
    const double c_lat = std::cos(s.lat * kDegree);
    int c0 = 0, c1 = kCols - 1;
    if (radius < std::numbers::pi / 2 && s_r < c_lat) {
      const double half = std::asin(s_r / c_lat) / kDegree + margin;
      c0 = static_cast<int>(std::floor(s.lon - half + 180));
      c1 = static_cast<int>(std::floor(s.lon + half + 180));
      if (c1 - c0 + 1 >= kCols) c0 = 0, c1 = kCols - 1;
    }
    for (int r = r0; r <= r1; ++r)
      for (int c = c0; c <= c1; ++c) visit(r * kCols + (c % kCols + kCols) % kCols);
  };
  for (const auto& s : sites) each_cell(s, [&](int cell) { ++start[cell + 1]; });
  for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  filed.resize(start.back());
  std::vector<std::uint32_t> at(start.begin(), start.end() - 1);
  for (std::size_t k = 0; k < sites.size(); ++k)
    each_cell(sites[k], [&](int cell) { filed[at[cell]++] = static_cast<std::uint32_t>(k); });

  std::vector<std::uint8_t> reached(sites.size(), 0);
  std::size_t left = sites.size();
  for (std::size_t i = 0; i < lat.size() && left > 0; ++i) {
    if (!(std::abs(lat[i]) <= 90 && std::abs(lon[i]) <= 180)) continue;
    const int r = std::min(kRows - 1, static_cast<int>(lat[i] + 90));
    const int c = std::min(kCols - 1, static_cast<int>(lon[i] + 180));
    const int cell = r * kCols + c;
    for (std::uint32_t k = start[cell]; k < start[cell + 1]; ++k) {
      const auto s = filed[k];
      if (reached[s] || great_circle_km(lat[i], lon[i], sites[s].lat, sites[s].lon) > km) continue;
      reached[s] = 1;
      --left;
    }
  }
  return reached;
}

}  // namespace

RegistryLink link_registry(std::span<const double> lat, std::span<const double> lon,
                           std::span<const std::int32_t> cluster,
                           std::span<const std::uint8_t> core, std::int32_t clusters,
                           std::span<const RegisteredSite> sites, double near_km,
                           double concentration_km) {
  const std::size_t n = cluster.size();
  // Each cluster's core points, and their bounding box in unit-vector space: a site whose chord
  // distance to the box exceeds the radius's chord cannot be within the radius of any of them.
  std::vector<std::vector<std::uint32_t>> members(clusters);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  std::vector<std::array<double, 6>> box(clusters, {kInf, kInf, kInf, -kInf, -kInf, -kInf});
  for (std::size_t i = 0; i < n; ++i) {
    if (cluster[i] < 0 || !core[i]) continue;
    members[cluster[i]].push_back(static_cast<std::uint32_t>(i));
    const auto v = unit_vector(lat[i], lon[i]);
    auto& b = box[cluster[i]];
    for (int k = 0; k < 3; ++k) {
      b[k] = std::min(b[k], v[k]);
      b[k + 3] = std::max(b[k + 3], v[k]);
    }
  }
  RegistryLink out;
  out.sites_near.resize(clusters);
  out.nearest_km.assign(sites.size(), -1);
  const double reach_km = std::max(near_km, concentration_km);
  // A little slack on the chord: the box test only prunes, distances decide.
  const double reach_chord = chord_of_km(reach_km) * (1 + 1e-9) + 1e-12;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const auto v = unit_vector(sites[s].lat, sites[s].lon);
    double nearest = kInf;
    for (std::int32_t c = 0; c < clusters; ++c) {
      const auto& b = box[c];
      double g2 = 0;
      for (int k = 0; k < 3; ++k) {
        const double g = std::max({0.0, b[k] - v[k], v[k] - b[k + 3]});
        g2 += g * g;
      }
      if (members[c].empty() || g2 > reach_chord * reach_chord) continue;
      double best = kInf;
      for (auto i : members[c]) {
        best = std::min(best, great_circle_km(sites[s].lat, sites[s].lon, lat[i], lon[i]));
      }
      if (best <= near_km) out.sites_near[c].push_back(s);
      nearest = std::min(nearest, best);
    }
    if (nearest <= concentration_km) out.nearest_km[s] = nearest;
  }

  const auto reached = sites_reached(lat, lon, sites, concentration_km);
  std::set<std::string> provinces;
  for (std::size_t s = 0; s < sites.size(); ++s)
    if (reached[s]) provinces.insert(sites[s].province_code);
  out.area.assign(provinces.begin(), provinces.end());
  out.in_area.resize(sites.size());
  for (std::size_t s = 0; s < sites.size(); ++s)
    out.in_area[s] = provinces.count(sites[s].province_code) ? 1 : 0;
  return out;
}

}  // namespace atlas::discover
