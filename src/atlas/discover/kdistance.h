// Choosing ε: the k-distance curve (each point's distance to its K-th nearest other point,
// sorted) and its knee, the usual DBSCAN heuristic (Ester et al. 1996): points left of the knee
// sit in dense areas, the steep tail to its right are sparse ones.
//
// Knee: the point of the sorted curve farthest from the straight line joining its first and last
// points, with both axes scaled to [0, 1] (rank / (m−1), distance / largest) so that the answer
// does not depend on the units. Exact nearest neighbours from a k-d tree over all points; when
// there are more than `max_queries` points, every ⌈n / max_queries⌉-th point (in input order)
// is a query, so the curve is a deterministic sample.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace atlas::discover {

struct KDistance {
  std::vector<double> curve;  // ascending; in the points' units
  std::size_t knee = 0;       // index into curve
  double eps = 0;             // curve[knee]
};

// `points`: n points of `dim` (1–3) coordinates; k ≥ 1. Duplicates count as neighbours at 0.
// Throws atlas::Error (kBadInput) when k ≥ n or k < 1.
KDistance k_distance(std::span<const double> points, int dim, std::size_t k,
                     std::size_t max_queries = 200000, int threads = 0);

// The knee of an ascending curve by the rule above (0 for fewer than 3 values).
std::size_t knee_index(std::span<const double> ascending);

}  // namespace atlas::discover
