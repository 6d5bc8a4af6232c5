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

// Per site, great-circle km to the nearest of the points `members` lists (NaN when there is
// none), whatever the distance. The points are filed by 1° × 1° cell, each cell with the box of its
// points in unit-vector space; a site scans the cells in order of their boxes' distance and stops
// at the first box farther than the nearest point found: a far site costs a few cells, not every
// point.
std::vector<double> nearest_km(std::span<const double> lat, std::span<const double> lon,
                               const std::vector<std::vector<std::uint32_t>>& members,
                               std::span<const RegisteredSite> sites) {
  constexpr int kCols = 360;
  constexpr double kInf = std::numeric_limits<double>::infinity();
  auto cell_of = [&](std::uint32_t i) {
    const int r = std::clamp(static_cast<int>(std::floor(lat[i] + 90)), 0, 179);
    const int c = std::clamp(static_cast<int>(std::floor(lon[i] + 180)), 0, kCols - 1);
    return r * kCols + c;
  };
  std::vector<std::uint32_t> start(180 * kCols + 1, 0);
  for (const auto& m : members)
    for (auto i : m) ++start[cell_of(i) + 1];
  for (std::size_t c = 1; c < start.size(); ++c) start[c] += start[c - 1];
  std::vector<std::uint32_t> filed(start.back());
  std::vector<std::uint32_t> at(start.begin(), start.end() - 1);
  for (const auto& m : members)
    for (auto i : m) filed[at[cell_of(i)]++] = i;
  struct Cell {
    std::uint32_t begin, end;
    std::array<double, 6> box;  // min x, y, z, max x, y, z
  };
  std::vector<Cell> cells;
  for (std::size_t c = 0; c + 1 < start.size(); ++c) {
    if (start[c] == start[c + 1]) continue;
    Cell cell{start[c], start[c + 1], {kInf, kInf, kInf, -kInf, -kInf, -kInf}};
    for (auto k = cell.begin; k < cell.end; ++k) {
      const auto v = unit_vector(lat[filed[k]], lon[filed[k]]);
      for (int d = 0; d < 3; ++d) {
        cell.box[d] = std::min(cell.box[d], v[d]);
        cell.box[d + 3] = std::max(cell.box[d + 3], v[d]);
      }
    }
    cells.push_back(cell);
  }
  std::vector<double> out(sites.size(), std::numeric_limits<double>::quiet_NaN());
  std::vector<std::pair<double, std::size_t>> order(cells.size());
  for (std::size_t s = 0; s < sites.size(); ++s) {
    if (cells.empty()) break;
    const auto v = unit_vector(sites[s].lat, sites[s].lon);
    for (std::size_t c = 0; c < cells.size(); ++c) {
      double g2 = 0;  // squared distance to the box: no point of the cell is nearer
      for (int d = 0; d < 3; ++d) {
        const double g = std::max({0.0, cells[c].box[d] - v[d], v[d] - cells[c].box[d + 3]});
        g2 += g * g;
      }
      order[c] = {g2, c};
    }
    std::sort(order.begin(), order.end());
    double best = kInf;
    for (const auto& [g2, c] : order) {
      // A little slack on the chord: the boxes only prune, distances decide.
      const double reach = chord_of_km(best) * (1 + 1e-9) + 1e-12;
      if (best < kInf && g2 > reach * reach) break;
      for (auto k = cells[c].begin; k < cells[c].end; ++k) {
        const auto i = filed[k];
        best = std::min(best, great_circle_km(sites[s].lat, sites[s].lon, lat[i], lon[i]));
      }
    }
    out[s] = best;
  }
  return out;
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
  // A little slack on the chord: the box test only prunes, distances decide.
  const double reach_chord = chord_of_km(near_km) * (1 + 1e-9) + 1e-12;
  for (std::size_t s = 0; s < sites.size(); ++s) {
    const auto v = unit_vector(sites[s].lat, sites[s].lon);
    for (std::int32_t c = 0; c < clusters; ++c) {
      const auto& b = box[c];
      double g2 = 0;
      for (int k = 0; k < 3; ++k) {
        const double g = std::max({0.0, b[k] - v[k], v[k] - b[k + 3]});
        g2 += g * g;
      }
      if (members[c].empty() || g2 > reach_chord * reach_chord) continue;
      const bool near = std::any_of(members[c].begin(), members[c].end(), [&](auto i) {
        return great_circle_km(sites[s].lat, sites[s].lon, lat[i], lon[i]) <= near_km;
      });
      if (near) out.sites_near[c].push_back(s);
    }
  }
  out.nearest_km = nearest_km(lat, lon, members, sites);

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
