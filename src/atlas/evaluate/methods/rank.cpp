#include "atlas/evaluate/methods/rank.h"

#include <algorithm>
#include <cmath>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

double tie_tolerance(const std::vector<double>& scores) {
  double largest = 0;
  for (double s : scores) {
    // Infinite scores (the logarithm of a geometric index of 0) have no scale.
    if (std::isfinite(s)) largest = std::max(largest, std::fabs(s));
  }
  return kTieTolerance * largest;
}

std::vector<int> rank_scores(const std::vector<double>& scores, RankOrder order) {
  // Sorting the present scores once keeps this O(n log n) for the uncertainty analysis, which
  // ranks thousands of replications.
  std::vector<std::size_t> idx;
  for (std::size_t i = 0; i < scores.size(); ++i)
    if (!missing(scores[i])) idx.push_back(i);
  bool higher = order == RankOrder::kHigherIsBetter;
  std::stable_sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) {
    return higher ? scores[a] > scores[b] : scores[a] < scores[b];
  });
  std::vector<int> ranks(scores.size(), 0);
  double tolerance = tie_tolerance(scores);
  std::size_t leader = 0;  // the position of the current group's best score
  for (std::size_t k = 0; k < idx.size(); ++k) {
    if (k == 0 || std::fabs(scores[idx[k]] - scores[idx[leader]]) > tolerance) leader = k;
    ranks[idx[k]] = static_cast<int>(leader) + 1;
  }
  return ranks;
}

}  // namespace atlas::evaluate::methods
