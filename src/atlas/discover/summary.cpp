#include "atlas/discover/summary.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

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

std::vector<std::pair<std::string, double>> top_of(
    const std::unordered_map<std::int32_t, double>& w, std::span<const std::string> names,
    std::size_t top) {
  std::vector<std::pair<std::string, double>> all;
  for (const auto& [code, weight] : w) all.emplace_back(names[code], weight);
  // Largest weight first; equal weights by name, so the list does not depend on hashing.
  std::sort(all.begin(), all.end(), [](const auto& x, const auto& y) {
    return x.second != y.second ? x.second > y.second : x.first < y.first;
  });
  if (all.size() > top) all.resize(top);
  return all;
}

}  // namespace

std::vector<std::array<double, 2>> convex_hull(std::vector<std::array<double, 2>> p) {
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
  Summaries out;
  out.clusters.resize(clusters);
  auto& totals = out.totals;
  totals.points = n;

  struct Sums {
    std::array<double, 3> weighted{}, plain{};
    std::unordered_map<std::int32_t, double> industry, tech;
  };
  std::vector<Sums> sums(clusters);
  std::vector<std::size_t> first(clusters + 1, 0);  // members by cluster, counting sort
  for (std::size_t i = 0; i < n; ++i) {
    const double w = weight(i);
    totals.weight += w;
    if (!in.kind.code.empty() && in.kind.code[i] >= 0) {
      totals.weight_by_kind[in.kind.names[in.kind.code[i]]] += w;
    }
    const std::int32_t c = cluster[i];
    if (c < 0) continue;
    ++first[c + 1];
    auto& s = out.clusters[c];
    auto& m = sums[c];
    ++s.points;
    s.core_points += core[i];
    s.weight += w;
    totals.clustered_weight += w;
    ++totals.clustered_points;
    if (!in.kind.code.empty() && in.kind.code[i] >= 0) {
      s.weight_by_kind[in.kind.names[in.kind.code[i]]] += w;
    }
    if (!in.industry.code.empty() && in.industry.code[i] >= 0) m.industry[in.industry.code[i]] += w;
    if (!in.tech.code.empty() && in.tech.code[i] >= 0) m.tech[in.tech.code[i]] += w;
    if (!in.year.empty() && in.year[i] != 0) s.weight_by_year[in.year[i]] += w;
    std::array<double, 3> v{in.a[i], in.b[i], 0};
    if (in.geographic) v = unit_vector(in.a[i], in.b[i]);
    for (int k = 0; k < 3; ++k) {
      m.weighted[k] += w * v[k];
      m.plain[k] += v[k];
    }
  }
  for (std::int32_t c = 0; c < clusters; ++c) first[c + 1] += first[c];
  std::vector<std::uint32_t> members(first[clusters]);
  {
    auto next = first;
    for (std::size_t i = 0; i < n; ++i) {
      if (cluster[i] >= 0) members[next[cluster[i]]++] = static_cast<std::uint32_t>(i);
    }
  }

  const double patents =
      totals.weight_by_kind.count("patent") ? totals.weight_by_kind["patent"] : 0;
  const double papers =
      totals.weight_by_kind.count("publication") ? totals.weight_by_kind["publication"] : 0;
  totals.ranked_by_kinds = patents > 0 || papers > 0;

  for (std::int32_t c = 0; c < clusters; ++c) {
    auto& s = out.clusters[c];
    const auto& m = sums[c];
    s.id = c;
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
    const bool weighted = s.weight > 0;
    const auto& v = weighted ? m.weighted : m.plain;
    const double count = weighted ? s.weight : static_cast<double>(s.points);
    if (in.geographic) {
      s.centroid = lat_lon(v);
    } else {
      s.centroid = {v[0] / count, v[1] / count};
    }
    std::vector<std::array<double, 2>> outline;
    for (std::size_t j = first[c]; j < first[c + 1]; ++j) {
      const auto i = members[j];
      outline.push_back(in.geographic
                            ? std::array<double, 2>{unwrap(in.b[i], s.centroid[1]), in.a[i]}
                            : std::array<double, 2>{in.a[i], in.b[i]});
    }
    s.hull = convex_hull(std::move(outline));
    s.top_industries = top_of(m.industry, in.industry.names, in.top);
    s.top_tech = top_of(m.tech, in.tech.names, in.top);
  }

  std::vector<std::int32_t> order(clusters);
  for (std::int32_t c = 0; c < clusters; ++c) order[c] = c;
  std::stable_sort(order.begin(), order.end(),
                   [&](auto x, auto y) { return out.clusters[x].score > out.clusters[y].score; });
  for (std::int32_t r = 0; r < clusters; ++r) out.clusters[order[r]].rank = r + 1;
  return out;
}

}  // namespace atlas::discover
