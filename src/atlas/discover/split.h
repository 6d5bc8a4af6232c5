// Splitting very large agglomerations, as WIPO's cluster ranking does: a cluster holding more
// than a given share of the data set's weight is clustered again on its own points with a
// stricter density (min_weight × factor, ε × eps_factor). WIPO's exact constants are not
// verified here (see docs/discovery.md), so every constant is a parameter; the defaults
// (factor 2, same ε) are ClusterAtlas's choice, not WIPO's.
#pragma once
#include <cstdint>
#include <span>
#include <vector>

#include "atlas/discover/dbscan.h"

namespace atlas::discover {

struct SplitOptions {
  double share = 0;              // split clusters with weight share > this; ≤ 0 or ≥ 1: never
  double min_weight_factor = 2;  // the re-run's min_weight = the first run's × this
  double eps_factor = 1;         // the re-run's ε = the first run's × this
};

// Re-runs DBSCAN (with `base`'s threads) inside each cluster of `result` above the share, on
// that cluster's points alone, once (no recursion). Its sub-clusters replace it; its points
// that the re-run leaves as noise become noise, and its core flags become the re-run's. All
// clusters are then renumbered by their smallest core point index, as dbscan() numbers them.
// Returns, per final cluster id, the id (before renumbering) of the cluster it was split from,
// or −1 when it was not split.
std::vector<std::int32_t> split_large(std::span<const double> points, int dim,
                                      std::span<const double> weights, const DbscanOptions& base,
                                      const SplitOptions& split, DbscanResult& result);

}  // namespace atlas::discover
