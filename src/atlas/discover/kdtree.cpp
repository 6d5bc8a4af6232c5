#include "atlas/discover/kdtree.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>
#include <type_traits>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

using Candidate = std::pair<double, std::uint32_t>;  // squared distance, input index
using PairHeap = std::priority_queue<Candidate>;     // the k best so far, the worst on top
using DistanceHeap = std::priority_queue<double>;

// Summed in coordinate order, as a brute-force loop would.
template <int D>
double distance2(const double* a, const double* b) {
  double s = 0;
  for (int d = 0; d < D; ++d) s += (a[d] - b[d]) * (a[d] - b[d]);
  return s;
}

}  // namespace

KdTree::KdTree(std::span<const double> points, int dim) : dim_(dim) {
  if (dim < 1 || dim > 3) {
    throw Error(ErrorKind::kInternal, fmt::format("a k-d tree over {} coordinates", dim));
  }
  const std::size_t n = points.size() / static_cast<std::size_t>(dim);
  index_.resize(n);
  std::iota(index_.begin(), index_.end(), 0u);
  switch (dim) {
    case 1: build<1>(points, 0, n, 0); break;
    case 2: build<2>(points, 0, n, 0); break;
    default: build<3>(points, 0, n, 0); break;
  }
  position_.resize(n);
  x_.resize(n * static_cast<std::size_t>(dim));
  for (std::size_t p = 0; p < n; ++p) {
    position_[index_[p]] = static_cast<std::uint32_t>(p);
    std::copy_n(points.begin() + static_cast<std::ptrdiff_t>(index_[p]) * dim, dim,
                x_.begin() + static_cast<std::ptrdiff_t>(p) * dim);
  }
}

template <int D>
void KdTree::build(std::span<const double> points, std::size_t lo, std::size_t hi,
                   std::size_t node) {
  if (hi - lo <= kLeaf) return;
  if (axis_.size() <= node) {
    axis_.resize(node + 1);
    split_.resize(node + 1);
  }
  auto at = [&](std::uint32_t i, int d) { return points[static_cast<std::size_t>(i) * D + d]; };
  double mn[D], mx[D];
  for (int d = 0; d < D; ++d) mn[d] = INFINITY, mx[d] = -INFINITY;
  for (std::size_t i = lo; i < hi; ++i) {
    for (int d = 0; d < D; ++d) {
      mn[d] = std::min(mn[d], at(index_[i], d));
      mx[d] = std::max(mx[d], at(index_[i], d));
    }
  }
  int best = 0;
  for (int d = 1; d < D; ++d)
    if (mx[d] - mn[d] > mx[best] - mn[best]) best = d;
  axis_[node] = static_cast<std::uint8_t>(best);
  const std::size_t mid = (lo + hi) / 2;
  std::nth_element(index_.begin() + static_cast<std::ptrdiff_t>(lo),
                   index_.begin() + static_cast<std::ptrdiff_t>(mid),
                   index_.begin() + static_cast<std::ptrdiff_t>(hi),
                   [&](std::uint32_t a, std::uint32_t b) { return at(a, best) < at(b, best); });
  split_[node] = at(index_[mid], best);  // the children's own partitioning moves index_[mid]
  build<D>(points, lo, mid, 2 * node + 1);
  build<D>(points, mid, hi, 2 * node + 2);
}

template <int D, typename Heap>
void KdTree::search_nearest(std::size_t lo, std::size_t hi, std::size_t node, const double* q,
                            std::size_t self, std::size_t k, Heap& heap) const {
  if (hi - lo <= kLeaf) {
    for (std::size_t j = lo; j < hi; ++j) {
      if (j == self) continue;
      const double s = distance2<D>(q, &x_[j * D]);
      if constexpr (std::is_same_v<Heap, DistanceHeap>) {
        if (heap.size() < k) {
          heap.push(s);
        } else if (s < heap.top()) {
          heap.pop();
          heap.push(s);
        }
      } else {
        const Candidate c{s, index_[j]};
        if (heap.size() < k) {
          heap.push(c);
        } else if (c < heap.top()) {
          heap.pop();
          heap.push(c);
        }
      }
    }
    return;
  }
  const std::size_t mid = (lo + hi) / 2;
  const double diff = q[axis_[node]] - split_[node];
  // Left holds coordinates ≤ split and right ≥ split: the near side first.
  const bool left_first = diff < 0;
  if (left_first) {
    search_nearest<D>(lo, mid, 2 * node + 1, q, self, k, heap);
  } else {
    search_nearest<D>(mid, hi, 2 * node + 2, q, self, k, heap);
  }
  double worst;
  if constexpr (std::is_same_v<Heap, DistanceHeap>) {
    worst = heap.empty() ? INFINITY : heap.top();
  } else {
    worst = heap.empty() ? INFINITY : heap.top().first;
  }
  // ≤ keeps an equally distant point with a lower index in play.
  if (heap.size() < k || diff * diff <= worst) {
    if (left_first) {
      search_nearest<D>(mid, hi, 2 * node + 2, q, self, k, heap);
    } else {
      search_nearest<D>(lo, mid, 2 * node + 1, q, self, k, heap);
    }
  }
}

template <int D>
void KdTree::search_within(std::size_t lo, std::size_t hi, std::size_t node, const double* q,
                           std::size_t self, double r2, std::vector<std::uint32_t>& out) const {
  if (hi - lo <= kLeaf) {
    for (std::size_t j = lo; j < hi; ++j) {
      if (j != self && distance2<D>(q, &x_[j * D]) <= r2) out.push_back(index_[j]);
    }
    return;
  }
  const std::size_t mid = (lo + hi) / 2;
  const double diff = q[axis_[node]] - split_[node];
  if (diff <= 0 || diff * diff <= r2) search_within<D>(lo, mid, 2 * node + 1, q, self, r2, out);
  if (diff >= 0 || diff * diff <= r2) search_within<D>(mid, hi, 2 * node + 2, q, self, r2, out);
}

std::vector<std::uint32_t> KdTree::nearest(std::uint32_t self, std::size_t k) const {
  PairHeap heap;
  if (k > 0) {
    const std::size_t p = position_[self];
    const double* q = &x_[p * static_cast<std::size_t>(dim_)];
    switch (dim_) {
      case 1: search_nearest<1>(0, size(), 0, q, p, k, heap); break;
      case 2: search_nearest<2>(0, size(), 0, q, p, k, heap); break;
      default: search_nearest<3>(0, size(), 0, q, p, k, heap); break;
    }
  }
  std::vector<std::uint32_t> out(heap.size());
  for (std::size_t i = heap.size(); i-- > 0; heap.pop()) out[i] = heap.top().second;
  return out;
}

double KdTree::kth_distance2(std::uint32_t self, std::size_t k) const {
  if (k == 0) return 0;
  DistanceHeap heap;
  const std::size_t p = position_[self];
  const double* q = &x_[p * static_cast<std::size_t>(dim_)];
  switch (dim_) {
    case 1: search_nearest<1>(0, size(), 0, q, p, k, heap); break;
    case 2: search_nearest<2>(0, size(), 0, q, p, k, heap); break;
    default: search_nearest<3>(0, size(), 0, q, p, k, heap); break;
  }
  return heap.size() < k ? INFINITY : heap.top();
}

void KdTree::within(std::uint32_t self, double r2, std::vector<std::uint32_t>& out) const {
  const std::size_t p = position_[self];
  const double* q = &x_[p * static_cast<std::size_t>(dim_)];
  switch (dim_) {
    case 1: search_within<1>(0, size(), 0, q, p, r2, out); break;
    case 2: search_within<2>(0, size(), 0, q, p, r2, out); break;
    default: search_within<3>(0, size(), 0, q, p, r2, out); break;
  }
}

}  // namespace atlas::discover
