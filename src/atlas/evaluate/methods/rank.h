// League positions from scores: 1 is the best, equal scores share the best position of their
// group ("1, 2, 2, 4", standard competition ranking), and a unit without a score has no rank.
// Used for the index, every node and the MCDA rankers (VIKOR's Q ranks lower-is-better).
#pragma once
#include <vector>

namespace atlas::evaluate::methods {

enum class RankOrder {
  kHigherIsBetter,  // composite scores, TOPSIS closeness, grey relational grades
  kLowerIsBetter,   // VIKOR's Q, S and R
};

// rank_i = 1 + the number of units with a strictly better score. Scores are compared exactly
// (no tolerance): the caller rounds first if it wants near-equal scores to tie. A missing (NaN)
// score gets rank 0 — "no rank", never a position — and is not counted against anyone; steps.h's
// rank_step follows the same convention.
std::vector<int> rank_scores(const std::vector<double>& scores,
                             RankOrder order = RankOrder::kHigherIsBetter);

}  // namespace atlas::evaluate::methods
