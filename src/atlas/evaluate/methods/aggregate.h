// Aggregation of a node's children into one score per unit: weighted arithmetic, geometric,
// harmonic and power means, and Copeland outranking. Inputs are normalised values (more is better);
// missing values are skipped as COINr does, and a unit with nothing to aggregate gets a missing
// score.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

// Shared conventions:
//  - `m` is units × children; `weights` has one entry per column, each finite and ≥ 0 (any sum:
//    they are re-normalised per unit). A wrong length or a bad weight is an Error (kBadInput).
//  - Missing values (COINr's semantics): skipped, and the weights re-normalised over the columns
//    present for that unit, i.e. Σ_present w_j x_j / Σ_present w_j. A column of weight 0 is
//    ignored altogether (its zeros and negatives included). All missing, or only columns of
//    weight 0 present → missing score.
//
// Means (w_j re-normalised over present columns so Σ w_j = 1):
//  kArithmetic  Σ w_j x_j
//  kGeometric   Π x_j^w_j = exp(Σ w_j ln x_j)
//  kHarmonic    1 / Σ (w_j / x_j)
//  kPower       (Σ w_j x_j^p)^(1/p); p = 1 is arithmetic, p = 0 geometric, p = −1 harmonic.
// Zero and negative values (COINr stops with an error; we keep going, per unit):
//  - a 0 in a geometric mean, a harmonic mean or a power mean with p ≤ 0 gives the limit of the
//    mean as that value → 0⁺, which is 0 (total non-compensation), with a warning naming the unit.
//    Normalise to e.g. [1, 100] to avoid it.
//  - a negative value in any mean other than the arithmetic one (power p = 1) makes that unit's
//    score missing, with a warning naming the unit: no shift is applied, because a shift would
//    change every other unit's score too.
//
// Copeland outranking (COINr's a_copeland): for units i, k, the outranking share
//   o_ik = Σ_j w_j [x_ij > x_kj] + ½ Σ_j w_j [x_ij = x_kj], over the columns present for both,
//   weights re-normalised over those columns; i beats k when o_ik > ½, ties at ½. Values of a
//   column closer than its tie tolerance (rank.h: 1e-10 of its largest |value|) are equal.
//   score_i = wins − losses over all other units with any column in common. A unit with no value
//   at all gets a missing score. Scores are integers in [−(n−1), n−1].

enum class AggregateMethod { kArithmetic, kGeometric, kHarmonic, kPower, kCopeland };

// The names indicator systems use: "arithmetic", "geometric", "harmonic", "power", "copeland".
std::optional<AggregateMethod> aggregate_method_from_name(std::string_view name);

struct AggregateResult {
  std::vector<double> scores;  // one per unit (row), NaN = missing
  std::vector<std::string> warnings;
};

AggregateResult arithmetic_mean(const Matrix& m, const std::vector<double>& weights);
AggregateResult geometric_mean(const Matrix& m, const std::vector<double>& weights);
AggregateResult harmonic_mean(const Matrix& m, const std::vector<double>& weights);
AggregateResult power_mean(const Matrix& m, const std::vector<double>& weights, double p);
AggregateResult copeland(const Matrix& m, const std::vector<double>& weights);

// Dispatch by method; `p` is used by kPower only.
AggregateResult aggregate(const Matrix& m, const std::vector<double>& weights,
                          AggregateMethod method, double p = 1);

}  // namespace atlas::evaluate::methods
