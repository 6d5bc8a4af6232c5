#include "atlas/evaluate/methods/rank.h"

#include <algorithm>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

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
  for (std::size_t k = 0; k < idx.size(); ++k) {
    bool tie = k > 0 && scores[idx[k]] == scores[idx[k - 1]];
    ranks[idx[k]] = tie ? ranks[idx[k - 1]] : static_cast<int>(k) + 1;
  }
  return ranks;
}

}  // namespace atlas::evaluate::methods
