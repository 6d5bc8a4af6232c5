// Normalisation of one indicator (a column of units' values) onto a common scale, with the
// indicator's polarity applied so that after this step more is always better. Missing values stay
// missing; a present value never becomes NaN — degenerate columns get a defined value and a
// warning.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

// Formulas and conventions, COINr's (n_* functions of COINr 1.x) unless said otherwise. x are the
// present values of the column; min, max, mean over them.
//
// Polarity: COINr reverses a negative indicator by normalising −x. For every affine method
// (minmax, zscore, goalposts, dist2*) and every rank method that is exactly what we do; the
// formulas below show the result in terms of x. For the two ratio methods (fracmax, vector),
// −x gives nonsense (x/min, negative scores), so a negative indicator uses the ratio convention of
// MCDA texts instead: fracmax → min/x, vector → 1 − x/‖x‖₂.
//
//  kMinMax      (x − min)/(max − min)·(hi − lo) + lo, default [0, 100];  negative: (max − x)/…
//  kZScore      (x − mean)/sd·s + m, default m = 0, s = 1; sd is the SAMPLE standard deviation
//               (n − 1), as R's sd(); negative: the sign of (x − mean) flips.
//  kRank        rank in ascending order, ties share the lowest rank (R's ties.method = "min",
//               as COINr's n_rank): the highest value gets n. [10, 20, 20, 30] → 1, 2, 2, 4.
//               This is a score (higher = better), not a league position; see rank.h for that.
//  kPercentile  (rank − 1)/(n − 1) with the same ties-min ranks, in [0, 1] (COINr's n_prank).
//  kBorda       rank − 1 (COINr's n_borda).
//  kGoalposts   (x − l)/(u − l), clipped to [0, 1], onto [lo, hi] as min-max (default [0, 100]);
//               negative: (u − x)/(u − l). Needs l < u (Error kBadInput otherwise).
//  kDist2Max    1 − (max − x)/(max − min), in [0, 1]; negative: (max − x)/(max − min).
//  kDist2Ref    1 − (x_ref − x)/(x_ref − min), x_ref the value of unit `ref_row`;
//               negative: 1 − (x − x_ref)/(max − x_ref). Above 1 for units beyond the reference
//               unless cap_max.
//  kDist2Target 1 − (t − x)/(t − min); negative: 1 − (x − t)/(max − t), the target t in the
//               indicator's own units either way. Above 1 beyond the target unless cap_max.
//  kFracMax     x / max; negative: min / x.
//  kVector      x / ‖x‖₂ (‖x‖₂ over present values); negative: 1 − x/‖x‖₂.
//
// Degenerate columns (COINr returns NaN or ±Inf; we return a defined value and a warning):
//  - no present value: all missing, warning, for every method.
//  - constant column (max = min) in minmax, dist2max: every present value gets the midpoint of
//    the output scale ((lo + hi)/2, i.e. 50; 0.5 for dist2max) — no unit is better than another.
//    zscore with sd = 0 (constant, or one value): every present value gets m.
//  - percentile with a single present value: 0.5 (the midpoint), warning. A constant column of
//    several values follows ties-min: all 0, like COINr, and no warning.
//  - dist2ref / dist2target with a zero denominator (the reference or target equals the worst
//    value, so every unit is at or beyond it): every present value gets 1, warning. A reference
//    unit without a value, or `ref_row` out of range, is an Error (kBadInput): choose another
//    reference or impute first. A target beyond the worst value gives scores below 0 — computed
//    as COINr does, with a warning.
//  - fracmax: positive polarity needs max > 0; negative needs every value > 0. An all-zero column
//    gives 1 for all (every unit equals the best), warning; otherwise an Error (kBadInput), since a
//    fraction of a non-positive best has no meaning — use minmax. Negative values with max > 0
//    give negative fractions, warning.
//  - vector: a zero-norm column (all zero) gives 0 for all (1 for negative polarity), warning.

enum class NormaliseMethod {
  kMinMax,
  kZScore,
  kRank,
  kPercentile,
  kBorda,
  kGoalposts,
  kDist2Max,
  kDist2Ref,
  kDist2Target,
  kFracMax,
  kVector,
};

// The names indicator systems use (system.cpp's normalise_methods()): "minmax", "zscore", "rank",
// "percentile", "borda", "goalposts", "dist2max", "dist2ref", "dist2target", "fracmax", "vector".
std::optional<NormaliseMethod> normalise_method_from_name(std::string_view name);
std::string_view normalise_method_name(NormaliseMethod method);

struct NormaliseParams {
  double lo = 0, hi = 100;        // minmax and goalposts output range
  double mean = 0, sd = 1;        // zscore output mean and standard deviation
  std::optional<double> goal_lo;  // goalposts (both required for kGoalposts)
  std::optional<double> goal_hi;
  std::size_t ref_row = 0;       // dist2ref: the reference unit's row
  std::optional<double> target;  // dist2target (required)
  bool cap_max = false;          // dist2ref / dist2target: cap scores at 1
};

struct NormaliseResult {
  std::vector<double> values;  // same length as the input, NaN where the input was missing
  std::vector<std::string> warnings;
};

// One column. Throws atlas::Error (kBadInput) for bad parameters as described above, and for an
// infinite value (missing is NaN; ±Inf is a mistake upstream, never data).
NormaliseResult normalise(const std::vector<double>& x, Polarity polarity, NormaliseMethod method,
                          const NormaliseParams& params = {});

struct NormaliseMatrixResult {
  Matrix values;
  std::vector<std::string> warnings;  // each prefixed "indicator <column>: " (0-based column)
};

// Every column of `m` with the same method and parameters; `polarities` has one entry per column.
NormaliseMatrixResult normalise(const Matrix& m, const std::vector<Polarity>& polarities,
                                NormaliseMethod method, const NormaliseParams& params = {});

}  // namespace atlas::evaluate::methods
