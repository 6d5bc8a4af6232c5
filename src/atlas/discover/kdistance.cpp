#include "atlas/discover/kdistance.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"
#include "atlas/discover/kdtree.h"

namespace atlas::discover {

std::size_t knee_index(std::span<const double> y) {
  const std::size_t m = y.size();
  if (m < 3) return 0;
  const double top = y.back() > y.front() ? y.back() : 1.0;
  const double x0 = 0, y0 = y.front() / top, x1 = 1, y1 = y.back() / top;
  const double len = std::hypot(x1 - x0, y1 - y0);
  std::size_t best = 0;
  double far = -1;
  for (std::size_t i = 0; i < m; ++i) {
    const double xi = static_cast<double>(i) / static_cast<double>(m - 1), yi = y[i] / top;
    // Distance from (xi, yi) to the chord; points below it (the convex curve's bulge) count.
    const double d = std::abs((x1 - x0) * (y0 - yi) - (x0 - xi) * (y1 - y0)) / len;
    if (d > far) {
      far = d;
      best = i;
    }
  }
  return best;
}

KDistance k_distance(std::span<const double> points, int dim, std::size_t k,
                     std::size_t max_queries, int threads) {
  const std::size_t n = dim > 0 ? points.size() / dim : 0;
  if (k < 1 || k >= n) {
    throw Error(
        ErrorKind::kBadInput,
        fmt::format("the k-distance needs 1 ≤ K < the number of points ({}), not {}", n, k));
  }
  KdTree tree(points, dim);
  const std::size_t step = (n + max_queries - 1) / std::max<std::size_t>(max_queries, 1);
  const std::size_t queries = (n + step - 1) / step;
  KDistance out;
  out.curve.resize(queries);
  core::parallel_chunks(queries, 1024, threads, [&](std::size_t b, std::size_t e) {
    for (std::size_t q = b; q < e; ++q) {
      out.curve[q] = std::sqrt(tree.kth_distance2(static_cast<std::uint32_t>(q * step), k));
    }
  });
  std::sort(out.curve.begin(), out.curve.end());
  out.knee = knee_index(out.curve);
  out.eps = out.curve[out.knee];
  return out;
}

}  // namespace atlas::discover
