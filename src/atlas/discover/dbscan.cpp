#include "atlas/discover/dbscan.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cfloat>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"

namespace atlas::discover {
namespace {

// Cells are a hair narrower than ε/√d, so that two points in one cell are within ε even after
// the rounding of the cell assignment and of the distance (both ~1e-16 relative): a cell whose
// weight reaches min_weight is all core without a single distance computed.
constexpr double kSideMargin = 1e-9;
// Cells handed to a worker at a time: large enough to amortise re-seeking the cursors.
constexpr std::size_t kChunk = 512;
// Below this many points per cell on average the grid is sparse, and the core phase keeps what
// the connecting phase needs of the neighbour cells it found (GridDbscan::find_core_points).
constexpr std::size_t kSparsePointsPerCell = 4;
constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

template <int D>
double squared_distance(const double* a, const double* b) {
  double s = 0;
  for (int k = 0; k < D; ++k) {
    const double t = a[k] - b[k];
    s += t * t;
  }
  return s;
}

// Union-find over cell indices that several threads may unite at once: a root is only ever linked
// below a smaller root, by compare-and-swap, so the final components do not depend on the
// interleaving (only the tree shapes do).
class ConcurrentUnionFind {
 public:
  explicit ConcurrentUnionFind(std::size_t n) : parent_(new std::atomic<std::uint32_t>[n]) {
    for (std::size_t i = 0; i < n; ++i) parent_[i].store(static_cast<std::uint32_t>(i));
  }
  std::uint32_t find(std::uint32_t x) {
    for (;;) {
      std::uint32_t p = parent_[x].load(std::memory_order_acquire);
      if (p == x) return x;
      const std::uint32_t g = parent_[p].load(std::memory_order_acquire);
      if (g != p) parent_[x].compare_exchange_weak(p, g, std::memory_order_acq_rel);  // halving
      x = g;
    }
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    for (;;) {
      a = find(a);
      b = find(b);
      if (a == b) return;
      if (a < b) std::swap(a, b);
      std::uint32_t expected = a;
      if (parent_[a].compare_exchange_strong(expected, b, std::memory_order_acq_rel)) return;
    }
  }

 private:
  std::unique_ptr<std::atomic<std::uint32_t>[]> parent_;
};

template <int D>
class GridDbscan {
 public:
  GridDbscan(std::span<const double> points, std::span<const double> weights,
             const DbscanOptions& options)
      : in_(points), in_w_(weights), opt_(options), n_(points.size() / D) {
    eps2_ = opt_.eps * opt_.eps;
    threads_ = static_cast<int>(core::thread_count(opt_.threads));
  }

  DbscanResult run() {
    phase("grid");
    build_grid();
    phase("core");
    find_core_points();
    phase("connect");
    connect_core_cells();
    later_ = {};
    later_start_ = {};
    number_clusters();
    phase("border");
    label_points();
    result_.cells = ncells_;
    result_.working_bytes = peak_bytes_;
    return std::move(result_);
  }

 private:
  struct KeyIndex {
    std::uint64_t key;
    std::uint32_t index;
  };

  void phase(std::string_view name) {
    if (opt_.progress) opt_.progress(name);
  }

  template <typename T>
  static std::size_t bytes(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
  }
  void note_memory(std::size_t extra) {
    std::size_t later = bytes(later_start_);
    for (const auto& list : later_) later += bytes(list);
    const std::size_t now = bytes(xs_) + bytes(ws_) + bytes(order_) + bytes(core_) +
                            bytes(cell_key_) + bytes(cell_start_) + bytes(cell_core_) +
                            bytes(cell_cluster_) + bytes(result_.cluster) + bytes(result_.core) +
                            later + extra;
    peak_bytes_ = std::max(peak_bytes_, now);
  }

  // Cells are numbered per axis from the minimum coordinate, shifted by 2 so that the neighbours
  // at −2…+2 never go below 0, and packed into one 64-bit key with the first axis most
  // significant: sorting by key sorts cells lexicographically, and the cell at offset o from c
  // has key(c) + Σ o_k·2^shift_k.
  void build_grid() {
    side_ = opt_.eps / std::sqrt(static_cast<double>(D)) * (1 - kSideMargin);
    const auto [lo, hi] = bounds();
    for (int k = 0; k < D; ++k) {
      lo_[k] = lo[k];
      const double span = std::floor((hi[k] - lo_[k]) / side_);
      if (!(span < 0x1p60)) throw too_fine();
      const auto cells = static_cast<std::uint64_t>(span) + 1;
      bits_[k] = std::bit_width(cells + 3);
      mask_[k] = (std::uint64_t{1} << bits_[k]) - 1;
      pad_[k] = side_ * 1e-6 + 8 * DBL_EPSILON * (std::abs(lo_[k]) + std::abs(hi[k]) + side_);
    }
    int total = 0;
    for (int k = D - 1; k >= 0; --k) {
      shift_[k] = total;
      total += bits_[k];
    }
    if (total > 64) throw too_fine();
    for (int j = 0; j < kPrefixes; ++j) {
      int rest = j;
      std::uint64_t delta = 0;
      for (int k = D - 2; k >= 0; --k) {  // j in base 5, first axis most significant
        const auto o = static_cast<std::int64_t>(rest % 5) - 2;
        rest /= 5;
        delta += static_cast<std::uint64_t>(o) * (std::uint64_t{1} << shift_[k]);
      }
      prefix_delta_[j] = delta;
    }

    std::vector<KeyIndex> a(n_), b(n_);
    note_memory(bytes(a) + bytes(b));
    core::parallel_chunks(n_, 1 << 16, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        a[i] = {key_of(&in_[i * D]), static_cast<std::uint32_t>(i)};
      }
    });
    radix_sort(a, b, total);
    b = {};

    // Cells and the order first, so the 16-byte sort records are gone before the sorted copy
    // of the points is made: the peak stays near 32 bytes per point plus the copy.
    std::size_t cells = 0;
    for (std::size_t i = 0; i < n_; ++i) cells += i == 0 || a[i].key != a[i - 1].key;
    cell_key_.reserve(cells);
    cell_start_.reserve(cells + 1);
    order_.resize(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      order_[i] = a[i].index;
      if (i == 0 || a[i].key != a[i - 1].key) {
        cell_key_.push_back(a[i].key);
        cell_start_.push_back(static_cast<std::uint32_t>(i));
      }
    }
    cell_start_.push_back(static_cast<std::uint32_t>(n_));
    ncells_ = cell_key_.size();
    note_memory(bytes(a));
    a = {};
    xs_.resize(n_ * D);
    ws_.resize(n_);
    note_memory(0);
    core::parallel_chunks(n_, 1 << 16, threads_, [&](std::size_t begin, std::size_t end) {
      for (std::size_t i = begin; i < end; ++i) {
        const std::uint32_t src = order_[i];
        for (int k = 0; k < D; ++k) xs_[i * D + k] = in_[std::size_t{src} * D + k];
        ws_[i] = in_w_.empty() ? 1.0 : in_w_[src];
      }
    });
  }

  // The least and greatest coordinate on each axis (0 for no points), in parallel slices.
  std::pair<std::array<double, D>, std::array<double, D>> bounds() const {
    const unsigned slices = core::thread_count(threads_, n_ / (1 << 16) + 1);
    std::vector<std::array<double, D>> lo(slices), hi(slices);
    core::in_parallel(slices, slices, [&](std::size_t q, unsigned) {
      lo[q].fill(std::numeric_limits<double>::infinity());
      hi[q].fill(-std::numeric_limits<double>::infinity());
      for (std::size_t i = n_ * q / slices; i < n_ * (q + 1) / slices; ++i) {
        for (int k = 0; k < D; ++k) {
          lo[q][k] = std::min(lo[q][k], in_[i * D + k]);
          hi[q][k] = std::max(hi[q][k], in_[i * D + k]);
        }
      }
    });
    for (unsigned q = 1; q < slices; ++q) {
      for (int k = 0; k < D; ++k) {
        lo[0][k] = std::min(lo[0][k], lo[q][k]);
        hi[0][k] = std::max(hi[0][k], hi[q][k]);
      }
    }
    if (n_ == 0) {
      lo[0].fill(0);
      hi[0].fill(0);
    }
    return {lo[0], hi[0]};
  }

  // LSD radix sort of `a` by its low `bits` key bits, a byte at a time, stable, so the points of
  // a cell stay in input order; bytes every key shares are skipped. Each pass runs in parallel
  // over contiguous slices: every slice counts its bytes, and the slices' output places are laid
  // out byte value first, slice second, which keeps the sort stable whatever the slice count.
  void radix_sort(std::vector<KeyIndex>& a, std::vector<KeyIndex>& b, int bits) const {
    const unsigned slices = core::thread_count(threads_, n_ / (1 << 16) + 1);
    std::vector<std::array<std::size_t, 256>> at(slices);
    auto slice = [&](std::size_t q) { return std::pair{n_ * q / slices, n_ * (q + 1) / slices}; };
    for (int shift = 0; shift < bits; shift += 8) {
      core::in_parallel(slices, slices, [&](std::size_t q, unsigned) {
        at[q].fill(0);
        const auto [begin, end] = slice(q);
        for (std::size_t i = begin; i < end; ++i) ++at[q][(a[i].key >> shift) & 255];
      });
      std::size_t pos = 0;
      bool shared = false;
      for (int d = 0; d < 256; ++d) {
        std::size_t all = 0;
        for (unsigned q = 0; q < slices; ++q) all += at[q][d];
        shared = shared || all == n_;
        for (unsigned q = 0; q < slices; ++q) pos += std::exchange(at[q][d], pos);
      }
      if (shared) continue;
      core::in_parallel(slices, slices, [&](std::size_t q, unsigned) {
        auto& place = at[q];
        const auto [begin, end] = slice(q);
        for (std::size_t i = begin; i < end; ++i) b[place[(a[i].key >> shift) & 255]++] = a[i];
      });
      a.swap(b);
    }
  }

  Error too_fine() const {
    return Error(ErrorKind::kBadInput,
                 fmt::format("ε = {} is too small for the extent of the points: the grid would "
                             "need more than 2^64 cells",
                             opt_.eps));
  }

  std::uint64_t key_of(const double* x) const {
    std::uint64_t key = 0;
    for (int k = 0; k < D; ++k) {
      const auto c = static_cast<std::uint64_t>(std::floor((x[k] - lo_[k]) / side_)) + 2;
      key |= c << shift_[k];
    }
    return key;
  }

  // Squared gap between point x and the box of cell q (padded against rounding, so never more
  // than the true gap): a cell farther than ε holds no neighbour of x.
  double box_gap2(const double* x, std::uint32_t q) const {
    const std::uint64_t key = cell_key_[q];
    double g2 = 0;
    for (int k = 0; k < D; ++k) {
      const auto c = static_cast<double>((key >> shift_[k]) & mask_[k]) - 2;
      const double low = lo_[k] + c * side_ - pad_[k];
      const double high = lo_[k] + (c + 1) * side_ + pad_[k];
      const double g = x[k] < low ? low - x[k] : (x[k] > high ? x[k] - high : 0.0);
      g2 += g * g;
    }
    return g2;
  }

  // The non-empty cells at offsets −2…+2 on every axis from cell c (c itself included), in key
  // order. The cells at offsets (o_0 … o_{D−2}, −2…+2) are one run of keys; as c grows, each
  // run's start grows too, so one cursor per prefix only moves forward within a chunk.
  struct Cursor {
    std::array<std::uint32_t, 25> pos{};
    std::vector<std::uint32_t> cells;
    std::vector<std::uint32_t> later;  // the core phase's kept neighbour cells of this chunk
  };
  void seek(Cursor& cur, std::uint32_t c) const {
    for (int j = 0; j < kPrefixes; ++j) {
      const std::uint64_t lo = cell_key_[c] + prefix_delta_[j] - 2;
      cur.pos[j] = static_cast<std::uint32_t>(
          std::lower_bound(cell_key_.begin(), cell_key_.end(), lo) - cell_key_.begin());
    }
  }
  void neighbours(Cursor& cur, std::uint32_t c) const {
    cur.cells.clear();
    for (int j = 0; j < kPrefixes; ++j) {
      const std::uint64_t lo = cell_key_[c] + prefix_delta_[j] - 2;
      const std::uint64_t hi = lo + 4;
      std::uint32_t q = cur.pos[j];
      while (q < ncells_ && cell_key_[q] < lo) ++q;
      cur.pos[j] = q;
      for (; q < ncells_ && cell_key_[q] <= hi; ++q) cur.cells.push_back(q);
    }
  }

  // body(cursor, c) for every cell, chunk by chunk in parallel; then chunk_done(begin, cursor)
  // for each.
  template <typename Body, typename Done = void (*)(std::size_t, Cursor&)>
  void for_cells(
      Body&& body, Done chunk_done = [](std::size_t, Cursor&) {}) {
    core::parallel_chunks(ncells_, kChunk, threads_, [&](std::size_t begin, std::size_t end) {
      Cursor cur;
      seek(cur, static_cast<std::uint32_t>(begin));
      for (std::size_t c = begin; c < end; ++c) body(cur, static_cast<std::uint32_t>(c));
      chunk_done(begin, cur);
    });
  }

  const double* at(std::uint32_t i) const { return &xs_[std::size_t{i} * D]; }

  // On a sparse grid — a world gazetteer at ε of tens of km has under two points per cell —
  // finding a cell's neighbour cells (25 runs of the sorted keys) costs more than its distances.
  // There each core cell keeps, from this phase, its neighbour cells after it in key order: all
  // that connecting it needs (about 7 on the sphere, 4 bytes each and 2 per cell, in arrays of
  // their size), instead of finding them again. Dense grids find them again: the distances
  // dominate, and their lists would be long.
  void find_core_points() {
    core_.assign(n_, 0);
    cell_core_.assign(ncells_, 0);
    const bool keep = n_ < kSparsePointsPerCell * ncells_;
    if (keep) {
      later_.resize((ncells_ + kChunk - 1) / kChunk);
      later_start_.resize(ncells_);
    }
    note_memory(0);
    const double min_w = opt_.min_weight;
    // Keeps core cell c's neighbours after it, to the list of its chunk.
    auto keep_later = [&](Cursor& cur, std::uint32_t c, bool looked) {
      later_start_[c] = static_cast<std::uint16_t>(cur.later.size());
      if (!cell_core_[c]) return;
      if (!looked) neighbours(cur, c);
      for (std::uint32_t q : cur.cells)
        if (q > c) cur.later.push_back(q);
    };
    auto done = [&](std::size_t begin, Cursor& cur) {
      if (!keep) return;
      later_[begin / kChunk].assign(cur.later.begin(), cur.later.end());
    };
    for_cells(
        [&](Cursor& cur, std::uint32_t c) {
          const std::uint32_t b = cell_start_[c], e = cell_start_[c + 1];
          double cell_weight = 0;
          for (std::uint32_t i = b; i < e; ++i) cell_weight += ws_[i];
          if (cell_weight >= min_w) {  // every pair in a cell is within ε
            std::fill(core_.begin() + b, core_.begin() + e, 1);
            cell_core_[c] = 1;
            if (keep) keep_later(cur, c, false);
            return;
          }
          neighbours(cur, c);
          bool any = false;
          for (std::uint32_t p = b; p < e; ++p) {
            // Adding weights ≥ 0 never lowers a double sum, so stopping at min_weight is safe.
            double sum = cell_weight;
            for (std::uint32_t q : cur.cells) {
              if (q == c || box_gap2(at(p), q) > eps2_) continue;
              for (std::uint32_t r = cell_start_[q]; r < cell_start_[q + 1] && sum < min_w; ++r) {
                if (squared_distance<D>(at(p), at(r)) <= eps2_) sum += ws_[r];
              }
              if (sum >= min_w) break;
            }
            core_[p] = sum >= min_w;
            any = any || core_[p];
          }
          cell_core_[c] = any;
          if (keep) keep_later(cur, c, true);
        },
        done);
    note_memory(0);
  }

  // The cells after core cell c in key order within its reach: kept by the core phase on a
  // sparse grid, else found again (with those before it, which the caller skips).
  std::span<const std::uint32_t> later_cells(Cursor& cur, std::uint32_t c) const {
    if (later_.empty()) {
      neighbours(cur, c);
      return cur.cells;
    }
    const auto& list = later_[c / kChunk];
    const bool last_of_chunk = (c + 1) % kChunk == 0 || c + 1 == ncells_;
    const std::size_t end = last_of_chunk ? list.size() : later_start_[c + 1];
    return {list.data() + later_start_[c], end - later_start_[c]};
  }

  // Two core cells belong to one cluster when some core point of one is within ε of some core
  // point of the other; only points within ε of the other cell's box can be such a pair.
  bool linked(std::uint32_t c, std::uint32_t q, std::vector<std::uint32_t>& from_c,
              std::vector<std::uint32_t>& from_q) const {
    from_c.clear();
    from_q.clear();
    for (std::uint32_t p = cell_start_[c]; p < cell_start_[c + 1]; ++p) {
      if (core_[p] && box_gap2(at(p), q) <= eps2_) from_c.push_back(p);
    }
    if (from_c.empty()) return false;
    for (std::uint32_t r = cell_start_[q]; r < cell_start_[q + 1]; ++r) {
      if (core_[r] && box_gap2(at(r), c) <= eps2_) from_q.push_back(r);
    }
    for (std::uint32_t p : from_c) {
      for (std::uint32_t r : from_q) {
        if (squared_distance<D>(at(p), at(r)) <= eps2_) return true;
      }
    }
    return false;
  }

  void connect_core_cells() {
    uf_ = std::make_unique<ConcurrentUnionFind>(ncells_);
    note_memory(ncells_ * sizeof(std::uint32_t));
    for_cells([&](Cursor& cur, std::uint32_t c) {
      if (!cell_core_[c]) return;
      thread_local std::vector<std::uint32_t> from_c, from_q;
      for (std::uint32_t q : later_cells(cur, c)) {
        if (q <= c || !cell_core_[q] || uf_->find(c) == uf_->find(q)) continue;
        if (linked(c, q, from_c, from_q)) uf_->unite(c, q);
      }
    });
  }

  // Ids in the order of each cluster's smallest input index among its core points.
  void number_clusters() {
    std::vector<std::uint32_t> first(ncells_, kNone);  // per root cell
    note_memory(bytes(first) + ncells_ * sizeof(std::uint32_t));
    for (std::uint32_t c = 0; c < ncells_; ++c) {
      if (!cell_core_[c]) continue;
      const std::uint32_t root = uf_->find(c);
      for (std::uint32_t p = cell_start_[c]; p < cell_start_[c + 1]; ++p) {
        if (core_[p]) first[root] = std::min(first[root], order_[p]);
      }
    }
    std::vector<std::uint32_t> roots;
    for (std::uint32_t c = 0; c < ncells_; ++c) {
      if (first[c] != kNone) roots.push_back(c);
    }
    std::sort(roots.begin(), roots.end(),
              [&](std::uint32_t a, std::uint32_t b) { return first[a] < first[b]; });
    cell_cluster_.assign(ncells_, -1);
    for (std::size_t id = 0; id < roots.size(); ++id) {
      cell_cluster_[roots[id]] = static_cast<std::int32_t>(id);
    }
    for (std::uint32_t c = 0; c < ncells_; ++c) {
      if (cell_core_[c]) cell_cluster_[c] = cell_cluster_[uf_->find(c)];
    }
    result_.clusters = static_cast<std::int32_t>(roots.size());
    note_memory(bytes(first) + bytes(roots) + ncells_ * sizeof(std::uint32_t));
    uf_.reset();
  }

  void label_points() {
    result_.cluster.assign(n_, -1);
    result_.core.assign(n_, 0);
    note_memory(0);
    for_cells([&](Cursor& cur, std::uint32_t c) {
      const std::uint32_t b = cell_start_[c], e = cell_start_[c + 1];
      bool looked = false;
      for (std::uint32_t p = b; p < e; ++p) {
        const std::uint32_t orig = order_[p];
        if (core_[p]) {
          result_.core[orig] = 1;
          result_.cluster[orig] = cell_cluster_[c];
          continue;
        }
        if (!looked) {
          neighbours(cur, c);
          looked = true;
        }
        double best = std::numeric_limits<double>::infinity();
        std::int32_t best_id = -1;
        for (std::uint32_t q : cur.cells) {
          if (!cell_core_[q] || box_gap2(at(p), q) > eps2_) continue;
          const std::int32_t id = cell_cluster_[q];
          for (std::uint32_t r = cell_start_[q]; r < cell_start_[q + 1]; ++r) {
            if (!core_[r]) continue;
            const double d2 = squared_distance<D>(at(p), at(r));
            if (d2 <= eps2_ && (d2 < best || (d2 == best && id < best_id))) {
              best = d2;
              best_id = id;
            }
          }
        }
        result_.cluster[orig] = best_id;
      }
    });
  }

  static constexpr int kPrefixes = D == 1 ? 1 : (D == 2 ? 5 : 25);

  std::span<const double> in_, in_w_;
  const DbscanOptions& opt_;
  std::size_t n_;
  double eps2_ = 0;
  int threads_ = 1;
  double side_ = 0;
  std::array<double, D> lo_{}, pad_{};
  std::array<int, D> bits_{}, shift_{};
  std::array<std::uint64_t, D> mask_{};
  std::array<std::uint64_t, 25> prefix_delta_{};

  std::vector<double> xs_, ws_;       // points and weights in cell order
  std::vector<std::uint32_t> order_;  // cell order → input index
  std::vector<std::uint8_t> core_;    // cell order
  std::vector<std::uint64_t> cell_key_;
  std::vector<std::uint32_t> cell_start_;  // cell c holds points [start[c], start[c + 1])
  std::vector<std::uint8_t> cell_core_;    // holds a core point
  std::vector<std::int32_t> cell_cluster_;
  // On a sparse grid, per chunk of kChunk cells, each core cell's neighbour cells after it, one
  // list after another; per cell, where its list starts in its chunk's (at most 62 cells after
  // it, so a chunk's lists stay under 2^16).
  std::vector<std::vector<std::uint32_t>> later_;
  std::vector<std::uint16_t> later_start_;
  std::unique_ptr<ConcurrentUnionFind> uf_;
  std::size_t ncells_ = 0;
  std::size_t peak_bytes_ = 0;
  DbscanResult result_;
};

void validate(std::span<const double> points, int dim, std::span<const double> weights,
              const DbscanOptions& options) {
  auto bad = [](const std::string& message) { return Error(ErrorKind::kBadInput, message); };
  if (dim < 1 || dim > 3) throw bad(fmt::format("DBSCAN takes 1 to 3 dimensions, not {}", dim));
  if (points.size() % dim != 0) throw bad("the coordinates are not a whole number of points");
  const std::size_t n = points.size() / dim;
  if (n >= kNone) throw bad(fmt::format("too many points ({}; at most {})", n, kNone - 1));
  if (!(options.eps > 0) || !std::isfinite(options.eps)) {
    throw bad(fmt::format("ε must be a positive number, not {}", options.eps));
  }
  if (std::isnan(options.min_weight)) throw bad("the minimum weight is not a number");
  if (!weights.empty() && weights.size() != n) {
    throw bad(fmt::format("{} weights for {} points", weights.size(), n));
  }
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!std::isfinite(points[i])) {
      throw bad(fmt::format("point {} has a coordinate that is not a finite number", i / dim));
    }
  }
  for (std::size_t i = 0; i < weights.size(); ++i) {
    if (!std::isfinite(weights[i]) || weights[i] < 0) {
      throw bad(
          fmt::format("point {} has weight {}; weights must be finite and ≥ 0", i, weights[i]));
    }
  }
}

}  // namespace

DbscanResult dbscan(std::span<const double> points, int dim, std::span<const double> weights,
                    const DbscanOptions& options) {
  validate(points, dim, weights, options);
  switch (dim) {
    case 1: return GridDbscan<1>(points, weights, options).run();
    case 2: return GridDbscan<2>(points, weights, options).run();
    default: return GridDbscan<3>(points, weights, options).run();
  }
}

}  // namespace atlas::discover
