#include "atlas/discover/summary.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <utility>

#include "atlas/core/parallel.h"
#include "atlas/discover/geo.h"

namespace atlas::discover {
namespace {

double cross(const std::array<double, 2>& o, const std::array<double, 2>& a,
             const std::array<double, 2>& b) {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

// Longitude `lon` moved by whole turns to lie within 180° of `centre`.
// Left as it is when already there, so hull vertices are the input's own numbers.
double unwrap(double lon, double centre) {
  if (lon - centre > 180) return lon - 360;
  if (lon - centre < -180) return lon + 360;
  return lon;
}

// Weights summed per code (a kind, an industry, a year minus the first year) of one cluster at a
// time: a dense array, so adding is an index, and the codes touched, so clearing is cheap.
class CodeSums {
 public:
  explicit CodeSums(std::size_t codes) : w_(codes, 0.0), seen_(codes, 0) {}
  void add(std::int32_t code, double w) {
    if (!seen_[code]) {
      seen_[code] = 1;
      touched_.push_back(code);
    }
    w_[code] += w;
  }
  // Calls f(code, weight) for each code added since the last drain, in ascending code order.
  template <typename F>
  void drain(F&& f) {
    std::sort(touched_.begin(), touched_.end());
    for (auto c : touched_) {
      f(c, w_[c]);
      w_[c] = 0;
      seen_[c] = 0;
    }
    touched_.clear();
  }

 private:
  std::vector<double> w_;
  std::vector<std::uint8_t> seen_;
  std::vector<std::int32_t> touched_;
};

std::vector<std::pair<std::string, double>> top_of(CodeSums& sums,
                                                   std::span<const std::string> names,
                                                   std::size_t top) {
  std::vector<std::pair<std::string, double>> all;
  sums.drain([&](std::int32_t code, double w) { all.emplace_back(names[code], w); });
  // Largest weight first; equal weights by name.
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  if (all.size() > top) all.resize(top);
  return all;
}

// Akl–Toussaint: the points strictly inside the octagon of the extreme points in eight
// directions are not hull vertices, so only the rest need sorting. A point is dropped only when
// it is inside by a margin far above rounding, so nothing on or near the hull is lost.
std::vector<std::array<double, 2>> outside_octagon(std::vector<std::array<double, 2>> p) {
  if (p.size() < 64) return p;
  using P = std::array<double, 2>;
  // Extremes in counter-clockwise order: least x, least x+y, least y, most x−y, most x, most
  // x+y, most y, least x−y.
  std::array<P, 8> e;
  e.fill(p[0]);
  double scale = 0;
  for (const auto& q : p) {
    if (q[0] < e[0][0]) e[0] = q;
    if (q[0] + q[1] < e[1][0] + e[1][1]) e[1] = q;
    if (q[1] < e[2][1]) e[2] = q;
    if (q[0] - q[1] > e[3][0] - e[3][1]) e[3] = q;
    if (q[0] > e[4][0]) e[4] = q;
    if (q[0] + q[1] > e[5][0] + e[5][1]) e[5] = q;
    if (q[1] > e[6][1]) e[6] = q;
    if (q[0] - q[1] < e[7][0] - e[7][1]) e[7] = q;
    scale = std::max({scale, std::abs(q[0]), std::abs(q[1])});
  }
  std::vector<P> v;
  for (const auto& q : e) {
    if (v.empty() || q != v.back()) v.push_back(q);
  }
  while (v.size() > 1 && v.back() == v.front()) v.pop_back();
  if (v.size() < 3) return p;
  // Cross products of coordinates up to `scale` are exact to about 8·scale²·2^−52.
  const double margin = 64 * scale * scale * 0x1p-52;
  auto inside = [&](const P& q) {
    for (std::size_t k = 0; k < v.size(); ++k) {
      if (cross(v[k], v[(k + 1) % v.size()], q) <= margin) return false;
    }
    return true;
  };
  p.erase(std::remove_if(p.begin(), p.end(), inside), p.end());
  return p;
}

// Members are scattered over the input, so summing a cluster is a gather bound by memory latency:
// asking for a member's values a few members ahead lets the loads overlap.
constexpr std::size_t kAhead = 8;
void prefetch(const SummaryInput& in, std::uint32_t i) {
  __builtin_prefetch(&in.a[i]);
  __builtin_prefetch(&in.b[i]);
  if (!in.weight.empty()) __builtin_prefetch(&in.weight[i]);
  if (!in.unit.empty()) __builtin_prefetch(&in.unit[3 * std::size_t{i}]);
  if (!in.kind.code.empty()) __builtin_prefetch(&in.kind.code[i]);
  if (!in.city.code.empty()) __builtin_prefetch(&in.city.code[i]);
}

}  // namespace

std::vector<std::array<double, 2>> convex_hull(std::vector<std::array<double, 2>> p) {
  p = outside_octagon(std::move(p));
  std::sort(p.begin(), p.end());
  p.erase(std::unique(p.begin(), p.end()), p.end());
  if (p.size() < 3) return p;
  std::vector<std::array<double, 2>> h(2 * p.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < p.size(); ++i) {  // lower hull
    while (k >= 2 && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  for (std::size_t i = p.size() - 1, t = k + 1; i-- > 0;) {  // upper hull
    while (k >= t && cross(h[k - 2], h[k - 1], p[i]) <= 0) --k;
    h[k++] = p[i];
  }
  h.resize(k - 1);  // the last point is the first again
  return h;
}

Summaries summarise(const SummaryInput& in, std::span<const std::int32_t> cluster,
                    std::span<const std::uint8_t> core, std::int32_t clusters) {
  const std::size_t n = cluster.size();
  auto weight = [&](std::size_t i) { return in.weight.empty() ? 1.0 : in.weight[i]; };
  auto code = [](const CategoryColumn& c, std::size_t i) {
    return c.code.empty() ? -1 : c.code[i];
  };
  Summaries out;
  out.clusters.resize(clusters);
  auto& totals = out.totals;
  totals.points = n;

  // The data set's totals, and each cluster's members in input order (a counting sort), over
  // slices of a fixed size added in slice order: the sums do not depend on the thread count.
  constexpr std::size_t kSlice = 1 << 20;
  const std::size_t slices = (n + kSlice - 1) / kSlice;
  struct Slice {
    double weight = 0;
    std::vector<double> kind;
    std::vector<std::uint8_t> kind_seen;
    int first_year = 0, last_year = -1;  // none while last < first
    std::vector<std::size_t> at;         // members per cluster, then where they go
  };
  std::vector<Slice> part(slices);
  core::parallel_chunks(slices, 1, in.threads, [&](std::size_t q, std::size_t) {
    Slice& sl = part[q];
    sl.kind.assign(in.kind.names.size(), 0.0);
    sl.kind_seen.assign(in.kind.names.size(), 0);
    sl.at.assign(static_cast<std::size_t>(clusters), 0);
    for (std::size_t i = q * kSlice; i < std::min(n, (q + 1) * kSlice); ++i) {
      const double w = weight(i);
      sl.weight += w;
      if (const auto k = code(in.kind, i); k >= 0) {
        sl.kind[k] += w;
        sl.kind_seen[k] = 1;
      }
      if (!in.year.empty() && in.year[i] != 0) {
        const int y = in.year[i];
        if (sl.last_year < sl.first_year) sl.first_year = sl.last_year = y;
        sl.first_year = std::min(sl.first_year, y);
        sl.last_year = std::max(sl.last_year, y);
      }
      if (cluster[i] >= 0) ++sl.at[cluster[i]];
    }
  });
  std::vector<double> kind_total(in.kind.names.size(), 0.0);
  std::vector<std::uint8_t> kind_seen(in.kind.names.size(), 0);
  int first_year = 0, last_year = -1;
  for (const auto& sl : part) {
    totals.weight += sl.weight;
    for (std::size_t k = 0; k < kind_total.size(); ++k) {
      kind_total[k] += sl.kind[k];
      kind_seen[k] |= sl.kind_seen[k];
    }
    if (sl.last_year >= sl.first_year) {
      if (last_year < first_year) first_year = last_year = sl.first_year;
      first_year = std::min(first_year, sl.first_year);
      last_year = std::max(last_year, sl.last_year);
    }
  }
  for (std::size_t k = 0; k < kind_total.size(); ++k) {
    if (kind_seen[k]) totals.weight_by_kind[in.kind.names[k]] = kind_total[k];
  }
  // Cluster c's members are members[first[c], first[c + 1]), slice by slice.
  std::vector<std::size_t> first(clusters + 1, 0);
  for (std::int32_t c = 0; c < clusters; ++c) {
    std::size_t pos = first[c];
    for (auto& sl : part) pos += std::exchange(sl.at[c], pos);
    first[c + 1] = pos;
  }
  std::vector<std::uint32_t> members(first[clusters]);
  core::parallel_chunks(slices, 1, in.threads, [&](std::size_t q, std::size_t) {
    auto& at = part[q].at;
    for (std::size_t i = q * kSlice; i < std::min(n, (q + 1) * kSlice); ++i) {
      if (cluster[i] >= 0) members[at[cluster[i]]++] = static_cast<std::uint32_t>(i);
    }
  });

  // Each cluster on its own, its members in input order, so every sum adds in the same order
  // whatever the number of threads. Workers take the next cluster as they finish one.
  const std::size_t years =
      last_year >= first_year ? static_cast<std::size_t>(last_year - first_year + 1) : 0;
  const unsigned workers = core::thread_count(in.threads, static_cast<std::size_t>(clusters));
  // Largest first, so that no worker starts a large cluster when the others are nearly done.
  std::vector<std::int32_t> queue(clusters);
  for (std::int32_t c = 0; c < clusters; ++c) queue[c] = c;
  std::stable_sort(queue.begin(), queue.end(), [&](std::int32_t x, std::int32_t y) {
    return first[x + 1] - first[x] > first[y + 1] - first[y];
  });
  std::atomic<std::int32_t> next_cluster{0};
  core::in_parallel(workers, workers, [&](std::size_t, unsigned) {
    CodeSums kinds(in.kind.names.size()), industries(in.industry.names.size()),
        techs(in.tech.names.size()), cities(in.city.names.size()), by_year(years);
    for (std::int32_t q; (q = next_cluster++) < clusters;) {
      const std::int32_t c = queue[q];
      auto& s = out.clusters[c];
      s.id = c;
      std::array<double, 3> weighted{}, plain{};
      std::vector<std::array<double, 2>> outline;
      outline.reserve(first[c + 1] - first[c]);
      for (std::size_t j = first[c]; j < first[c + 1]; ++j) {
        const std::uint32_t i = members[j];
        if (j + kAhead < first[c + 1]) prefetch(in, members[j + kAhead]);
        const double w = weight(i);
        ++s.points;
        s.core_points += core[i];
        s.weight += w;
        if (const auto k = code(in.kind, i); k >= 0) kinds.add(k, w);
        if (const auto k = code(in.industry, i); k >= 0) industries.add(k, w);
        if (const auto k = code(in.tech, i); k >= 0) techs.add(k, w);
        if (const auto k = code(in.city, i); k >= 0) cities.add(k, w);
        if (!in.year.empty() && in.year[i] != 0) by_year.add(in.year[i] - first_year, w);
        std::array<double, 3> v{in.a[i], in.b[i], 0};
        if (in.geographic) {
          v = in.unit.empty() ? unit_vector(in.a[i], in.b[i])
                              : std::array<double, 3>{in.unit[3 * std::size_t{i}],
                                                      in.unit[3 * std::size_t{i} + 1],
                                                      in.unit[3 * std::size_t{i} + 2]};
        }
        for (int k = 0; k < 3; ++k) {
          weighted[k] += w * v[k];
          plain[k] += v[k];
        }
      }
      kinds.drain([&](std::int32_t k, double w) { s.weight_by_kind[in.kind.names[k]] = w; });
      by_year.drain([&](std::int32_t y, double w) { s.weight_by_year[first_year + y] = w; });
      s.top_industries = top_of(industries, in.industry.names, in.top);
      s.top_tech = top_of(techs, in.tech.names, in.top);
      s.main_cities = top_of(cities, in.city.names, in.top);

      const bool by_weight = s.weight > 0;
      const auto& v = by_weight ? weighted : plain;
      const double count = by_weight ? s.weight : static_cast<double>(s.points);
      s.centroid = in.geographic ? lat_lon(v) : std::array<double, 2>{v[0] / count, v[1] / count};
      for (std::size_t j = first[c]; j < first[c + 1]; ++j) {
        const auto i = members[j];
        outline.push_back(in.geographic
                              ? std::array<double, 2>{unwrap(in.b[i], s.centroid[1]), in.a[i]}
                              : std::array<double, 2>{in.a[i], in.b[i]});
      }
      s.hull = convex_hull(std::move(outline));
    }
  });

  for (const auto& s : out.clusters) {
    totals.clustered_points += s.points;
    totals.clustered_weight += s.weight;
  }
  const auto total_of = [&](const char* kind) {
    auto it = totals.weight_by_kind.find(kind);
    return it == totals.weight_by_kind.end() ? 0.0 : it->second;
  };
  const double patents = total_of("patent"), papers = total_of("publication");
  totals.ranked_by_kinds = patents > 0 || papers > 0;
  for (auto& s : out.clusters) {
    s.share = totals.weight > 0 ? s.weight / totals.weight : 0;
    if (totals.ranked_by_kinds) {
      auto kind = [&](const char* k) {
        auto it = s.weight_by_kind.find(k);
        return it == s.weight_by_kind.end() ? 0.0 : it->second;
      };
      s.score = (patents > 0 ? kind("patent") / patents : 0) +
                (papers > 0 ? kind("publication") / papers : 0);
    } else {
      s.score = s.share;
    }
  }

  std::vector<std::int32_t> order(clusters);
  for (std::int32_t c = 0; c < clusters; ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto x, auto y) { return out.clusters[x].score > out.clusters[y].score; });
  for (std::int32_t r = 0; r < clusters; ++r) out.clusters[order[r]].rank = r + 1;
  return out;
}

}  // namespace atlas::discover
