// Exact weighted DBSCAN in 1, 2 or 3 dimensions on a grid (Gan & Tao 2015): the same core points
// and the same partition of core points as the O(n²) definition, in O(n log n)-ish time, memory
// proportional to n (no neighbour lists), multithreaded, and the same labels whatever the thread
// count.
//
// Definitions (scikit-learn's `sample_weight` semantics):
//  - distance: Euclidean; two points are neighbours when their squared distance, computed as
//    Σ_k (a_k − b_k)² in dimension order, is ≤ ε·ε (so a point exactly at ε is a neighbour).
//  - a point is core when the total weight of its neighbours, itself included, is ≥ min_weight.
//  - core points that are neighbours share a cluster (transitively).
//  - border rule (the one choice DBSCAN leaves open): a non-core point with at least one core
//    neighbour joins the cluster of its nearest core neighbour; at equal distance, the cluster
//    with the lowest id. Other points are noise (−1).
//  - cluster ids are 0, 1, 2, … in the order of each cluster's smallest point index among its
//    core points, so they depend only on the input.
// Weight sums are plain double additions: a sum that equals min_weight only up to rounding
// (e.g. thirty weights of 1/3 against 10) may fall either side, as in any implementation.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace atlas::discover {

struct DbscanOptions {
  double eps = 0;         // neighbourhood radius, in the points' units; must be > 0
  double min_weight = 1;  // core threshold on the weight within ε (sklearn's min_samples)
  int threads = 0;        // 0 = every hardware thread
  // Called between phases ("grid", "core", "connect", "border") for progress reports.
  std::function<void(std::string_view phase)> progress;
};

struct DbscanResult {
  std::vector<std::int32_t> cluster;  // per point: cluster id, or −1 for noise
  std::vector<std::uint8_t> core;     // per point: 1 when core
  std::int32_t clusters = 0;          // number of clusters
  std::size_t cells = 0;              // non-empty grid cells
  // The largest total of the algorithm's own arrays at any phase, the result included: the
  // memory it needs beyond its input.
  std::size_t working_bytes = 0;
};

// `points` holds n points of `dim` coordinates each, point after point; `weights` is empty (every
// weight 1) or holds n finite weights ≥ 0. Throws atlas::Error (kBadInput) for ε ≤ 0 or not
// finite, a non-finite coordinate or weight, a negative weight, a dimension other than 1–3, or
// an ε so small against the points' extent that the grid's cell numbers do not fit 64 bits.
DbscanResult dbscan(std::span<const double> points, int dim, std::span<const double> weights,
                    const DbscanOptions& options);

}  // namespace atlas::discover
