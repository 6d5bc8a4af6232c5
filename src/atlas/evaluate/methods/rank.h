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

// Scores closer than this share of the ranking's largest |score| are equal. Summing the same
// weighted values in another order (the uncertainty analysis's fast path against the nominal
// run's node-by-node means) moves a score by a unit in the last place — 50 against
// 49.999999999999993 — and that must not decide a league position. Data carry seven
// significant digits at most, far above it.
inline constexpr double kTieTolerance = 1e-10;

// The absolute tolerance of one ranking: kTieTolerance × its largest finite |score|.
double tie_tolerance(const std::vector<double>& scores);

// rank_i = 1 + the number of units with a better score; scores within tie_tolerance() of the
// best score of their group share its rank (so a chain of near-equal scores cannot drift). A
// missing (NaN) score gets rank 0 — "no rank", never a position — and is not counted against
// anyone; steps.h's rank_step and the uncertainty analysis's ranker follow the same convention.
std::vector<int> rank_scores(const std::vector<double>& scores,
                             RankOrder order = RankOrder::kHigherIsBetter);

}  // namespace atlas::evaluate::methods
