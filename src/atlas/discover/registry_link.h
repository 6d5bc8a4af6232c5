// Discovered concentrations against the registry: which discovered clusters have no registered
// cluster's zone near them (candidates for the programme), and which registered clusters have no
// concentration near their zone — within the area the points cover, so that a province's file is
// not answered with every registered cluster of the country. Sites are given as coordinates, so
// this stays pure computation; the shell reads them from the store.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace atlas::discover {

struct RegisteredSite {
  std::int64_t cluster_id = 0;
  std::string name;           // the registered cluster's name
  std::string province_code;  // its zone's province
  double lat = 0, lon = 0;    // its zone's
};

struct RegistryLink {
  // Per discovered cluster: indices of the sites within `near_km` of at least one of its core
  // points. Empty = a candidate.
  std::vector<std::vector<std::size_t>> sites_near;
  // Per site: great-circle km to the nearest core point of any cluster, however far — how near
  // a registered cluster without a concentration came to one; NaN when there is no core point.
  std::vector<double> nearest_km;
  // Per site: 1 when it lies in the area the points cover — its province is one where some
  // point (core, border or noise) lies within `concentration_km` of a site. The provinces a
  // provincial file covers, without boundaries: a registered zone is where a province's
  // activity is, and one a file never comes near does not bring its province in.
  std::vector<std::uint8_t> in_area;
  std::vector<std::string> area;  // those provinces' codes, in order
};

RegistryLink link_registry(std::span<const double> lat, std::span<const double> lon,
                           std::span<const std::int32_t> cluster,
                           std::span<const std::uint8_t> core, std::int32_t clusters,
                           std::span<const RegisteredSite> sites, double near_km,
                           double concentration_km);

}  // namespace atlas::discover
