// Discovered concentrations against the registry: which discovered clusters have no registered
// cluster's zone near them (candidates for the programme), and which registered clusters have no
// concentration near their zone. Sites are given as coordinates, so this stays pure computation;
// the shell reads them from the store.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace atlas::discover {

struct RegisteredSite {
  std::int64_t cluster_id = 0;
  std::string name;         // the registered cluster's name
  double lat = 0, lon = 0;  // its zone's
};

struct RegistryLink {
  // Per discovered cluster: indices of the sites within `near_km` of at least one of its core
  // points. Empty = a candidate.
  std::vector<std::vector<std::size_t>> sites_near;
  // Per site: great-circle km to the nearest core point of any cluster, when within
  // `concentration_km`; −1 when there is none that close.
  std::vector<double> nearest_km;
};

RegistryLink link_registry(std::span<const double> lat, std::span<const double> lon,
                           std::span<const std::int32_t> cluster,
                           std::span<const std::uint8_t> core, std::int32_t clusters,
                           std::span<const RegisteredSite> sites, double near_km,
                           double concentration_km);

}  // namespace atlas::discover
