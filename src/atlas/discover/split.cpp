#include "atlas/discover/split.h"

#include <algorithm>
#include <limits>

namespace atlas::discover {

std::vector<std::int32_t> split_large(std::span<const double> points, int dim,
                                      std::span<const double> weights, const DbscanOptions& base,
                                      const SplitOptions& split, DbscanResult& result) {
  const std::size_t n = result.cluster.size();
  auto weight = [&](std::size_t i) { return weights.empty() ? 1.0 : weights[i]; };
  std::vector<double> cluster_weight(result.clusters, 0.0);
  double total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    total += weight(i);
    if (result.cluster[i] >= 0) cluster_weight[result.cluster[i]] += weight(i);
  }
  // Provisional ids: clusters kept keep theirs, sub-clusters get fresh ones after them.
  std::vector<std::int32_t> parent(result.clusters, -1);
  if (split.share > 0 && split.share < 1 && total > 0) {
    DbscanOptions strict = base;
    strict.min_weight = base.min_weight * split.min_weight_factor;
    strict.eps = base.eps * split.eps_factor;
    for (std::int32_t c = 0; c < result.clusters; ++c) {
      if (!(cluster_weight[c] / total > split.share)) continue;
      std::vector<std::size_t> members;
      std::vector<double> xs, ws;
      for (std::size_t i = 0; i < n; ++i) {
        if (result.cluster[i] != c) continue;
        members.push_back(i);
        xs.insert(xs.end(), points.begin() + i * dim, points.begin() + (i + 1) * dim);
        if (!weights.empty()) ws.push_back(weights[i]);
      }
      const auto sub = dbscan(xs, dim, ws, strict);
      const auto offset = static_cast<std::int32_t>(parent.size());
      for (std::int32_t s = 0; s < sub.clusters; ++s) parent.push_back(c);
      for (std::size_t j = 0; j < members.size(); ++j) {
        result.cluster[members[j]] = sub.cluster[j] < 0 ? -1 : offset + sub.cluster[j];
        result.core[members[j]] = sub.core[j];
      }
    }
  }
  // Renumber: by smallest core point index; ids left without points vanish.
  constexpr auto kNone = std::numeric_limits<std::size_t>::max();
  std::vector<std::size_t> first(parent.size(), kNone);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = result.cluster[i];
    if (c >= 0 && result.core[i]) first[c] = std::min(first[c], i);
  }
  std::vector<std::int32_t> ids;
  for (std::int32_t c = 0; c < static_cast<std::int32_t>(parent.size()); ++c) {
    if (first[c] != kNone) ids.push_back(c);
  }
  std::sort(ids.begin(), ids.end(), [&](auto x, auto y) { return first[x] < first[y]; });
  std::vector<std::int32_t> renumber(parent.size(), -1), from;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    renumber[ids[k]] = static_cast<std::int32_t>(k);
    from.push_back(parent[ids[k]]);
  }
  for (auto& c : result.cluster) {
    if (c >= 0) c = renumber[c];
  }
  result.clusters = static_cast<std::int32_t>(ids.size());
  return from;
}

}  // namespace atlas::discover
