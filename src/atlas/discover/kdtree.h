// An exact k-d tree over points of 1 to 3 coordinates, for the neighbour searches of discovery:
// the k nearest other points of a point (equal distances go to the lower input index, so results
// never depend on how the tree was built), the distance to the k-th nearest, and all points within
// a radius. Distances are squared Euclidean, summed over the coordinates in order, so a caller gets
// bit for bit the numbers a brute-force loop over the same coordinates would give.
//
// Node [lo, hi) splits at mid = (lo + hi) / 2 on the axis of widest spread: coordinates ≤ the
// split value left, ≥ it right (duplicates may fall on both sides). Leaves hold up to kLeaf
// points. The tree keeps its own copy of the coordinates in tree order, so a leaf is one run of
// memory; the caller's span need not outlive it. Queries are const and safe from many threads.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace atlas::discover {

class KdTree {
 public:
  static constexpr std::size_t kLeaf = 12;

  // `points`: n points of `dim` coordinates each, point i at [i·dim, (i+1)·dim); n < 2³². Throws
  // atlas::Error (kInternal) when dim is not 1, 2 or 3.
  KdTree(std::span<const double> points, int dim);

  std::size_t size() const { return index_.size(); }
  int dim() const { return dim_; }

  // The k nearest points to point `self` other than itself, nearest first, equal distances in
  // ascending index order; all n − 1 of them when k ≥ n.
  std::vector<std::uint32_t> nearest(std::uint32_t self, std::size_t k) const;

  // The squared distance from point `self` to its k-th nearest other point (k ≥ 1; duplicates
  // count at 0); +∞ when there are fewer than k other points.
  double kth_distance2(std::uint32_t self, std::size_t k) const;

  // Appends every point other than `self` within squared distance r2 (inclusive) to `out`, in no
  // particular order.
  void within(std::uint32_t self, double r2, std::vector<std::uint32_t>& out) const;

 private:
  template <int D>
  void build(std::span<const double> points, std::size_t lo, std::size_t hi, std::size_t node);
  template <int D, typename Heap>
  void search_nearest(std::size_t lo, std::size_t hi, std::size_t node, const double* q,
                      std::size_t self, std::size_t k, Heap& heap) const;
  template <int D>
  void search_within(std::size_t lo, std::size_t hi, std::size_t node, const double* q,
                     std::size_t self, double r2, std::vector<std::uint32_t>& out) const;

  int dim_;
  std::vector<std::uint32_t> index_;     // tree position → input index
  std::vector<std::uint32_t> position_;  // input index → tree position
  std::vector<double> x_;                // coordinates in tree order
  std::vector<std::uint8_t> axis_;       // per inner node (implicit: children 2i+1, 2i+2)
  std::vector<double> split_;
};

}  // namespace atlas::discover
