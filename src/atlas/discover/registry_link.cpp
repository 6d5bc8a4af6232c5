#include "atlas/discover/registry_link.h"

#include <algorithm>
#include <array>
#include <limits>

#include "atlas/discover/geo.h"

namespace atlas::discover {

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
  return out;
}

}  // namespace atlas::discover
