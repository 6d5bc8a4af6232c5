#include "atlas/discover/kdistance.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"

namespace atlas::discover {
namespace {

// A k-d tree stored as a permutation: node [lo, hi) splits at mid = (lo + hi) / 2 on the axis of
// widest spread, coordinates ≤ the split value left and ≥ it right. Leaves hold up to kLeaf points.
constexpr std::size_t kLeaf = 12;

class KdTree {
 public:
  KdTree(std::span<const double> x, int dim) : x_(x), dim_(dim), idx_(x.size() / dim) {
    std::iota(idx_.begin(), idx_.end(), 0u);
    build(0, idx_.size(), 0);
  }

  // Squared distance to the k-th nearest point other than `self`.
  double kth(std::size_t self, std::size_t k) const {
    std::priority_queue<double> heap;  // the k smallest so far, largest on top
    search(0, idx_.size(), 0, self, k, heap);
    return heap.top();
  }

 private:
  double at(std::size_t i, int d) const { return x_[i * dim_ + d]; }

  void build(std::size_t lo, std::size_t hi, std::size_t node) {
    if (hi - lo <= kLeaf) return;
    if (axis_.size() <= node) {
      axis_.resize(node + 1);
      split_.resize(node + 1);
    }
    int best = 0;
    double spread = -1;
    for (int d = 0; d < dim_; ++d) {
      double mn = INFINITY, mx = -INFINITY;
      for (std::size_t i = lo; i < hi; ++i) {
        mn = std::min(mn, at(idx_[i], d));
        mx = std::max(mx, at(idx_[i], d));
      }
      if (mx - mn > spread) {
        spread = mx - mn;
        best = d;
      }
    }
    axis_[node] = best;
    const std::size_t mid = (lo + hi) / 2;
    std::nth_element(idx_.begin() + lo, idx_.begin() + mid, idx_.begin() + hi,
                     [&](auto a, auto b) { return at(a, best) < at(b, best); });
    split_[node] = at(idx_[mid], best);  // the children's own partitioning moves idx_[mid]
    build(lo, mid, 2 * node + 1);
    build(mid, hi, 2 * node + 2);
  }

  void search(std::size_t lo, std::size_t hi, std::size_t node, std::size_t self, std::size_t k,
              std::priority_queue<double>& heap) const {
    if (hi - lo <= kLeaf) {
      for (std::size_t j = lo; j < hi; ++j) {
        const std::size_t i = idx_[j];
        if (i == self) continue;
        double s = 0;
        for (int d = 0; d < dim_; ++d) s += (at(i, d) - at(self, d)) * (at(i, d) - at(self, d));
        if (heap.size() < k) {
          heap.push(s);
        } else if (s < heap.top()) {
          heap.pop();
          heap.push(s);
        }
      }
      return;
    }
    const int a = axis_[node];
    const std::size_t mid = (lo + hi) / 2;
    const double split = split_[node];
    const double diff = at(self, a) - split;
    // Left holds coordinates ≤ split and right ≥ split: search the near side first.
    const bool left_first = diff < 0;
    if (left_first) {
      search(lo, mid, 2 * node + 1, self, k, heap);
    } else {
      search(mid, hi, 2 * node + 2, self, k, heap);
    }
    if (heap.size() < k || diff * diff <= heap.top()) {
      if (left_first) {
        search(mid, hi, 2 * node + 2, self, k, heap);
      } else {
        search(lo, mid, 2 * node + 1, self, k, heap);
      }
    }
  }

  std::span<const double> x_;
  int dim_;
  std::vector<std::uint32_t> idx_;
  std::vector<int> axis_;
  std::vector<double> split_;
};

}  // namespace

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
    for (std::size_t q = b; q < e; ++q) out.curve[q] = std::sqrt(tree.kth(q * step, k));
  });
  std::sort(out.curve.begin(), out.curve.end());
  out.knee = knee_index(out.curve);
  out.eps = out.curve[out.knee];
  return out;
}

}  // namespace atlas::discover
