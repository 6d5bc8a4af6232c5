// Weights of a node's children (indicators or sub-dimensions) for aggregation: equal, manual,
// entropy, CRITIC and AHP. Every function returns weights that are ≥ 0 and sum to 1, plus warnings
// for the pipeline's log; bad parameters throw atlas::Error (kBadInput).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

struct WeightsResult {
  std::vector<double> weights;  // one per column / child, summing to 1
  std::vector<std::string> warnings;
};

// 1/n each. n = 0 gives no weights.
WeightsResult equal_weights(std::size_t n);

// `raw` divided by its sum. Turning relative multipliers (0.8, 1.2) inside a parent into absolute
// weights is the system loader's job; here every entry is simply scaled. Negative or non-finite
// entries, or a sum of 0, are an Error.
WeightsResult manual_weights(const std::vector<double>& raw);

// Entropy weights over `m` (units × columns); one polarity per column.
//   p_ij = x_ij / Σ_i x_ij, where a cost (negative) column enters as 1/x_ij (pyDecision's and
//   most Chinese studies' convention); e_j = −(1/ln m_j) Σ_i p_ij ln p_ij with 0·ln 0 = 0;
//   d_j = 1 − e_j; w_j = d_j / Σ_k d_k.
// Missing values: a unit missing in column j is left out of column j only; m_j counts the units
// present in column j (a warning says how many were left out). Values must be ≥ 0 (> 0 in a cost
// column, where 1/x is taken) — otherwise an Error naming the unit and column: entropy is defined
// on shares, so normalise first (minmax gives ≥ 0, and after normalisation every column is a
// benefit column). Degenerate columns carry no information: fewer than two present values or a sum
// of 0 give e_j = 1 (d_j = 0), with a warning; a constant column gives e_j = 1 by the formula. If
// every d_j is 0 the weights are equal, with a warning.
WeightsResult entropy_weights(const Matrix& m, const std::vector<Polarity>& polarities);

// CRITIC weights (Diakoulaki et al. 1995):
//   z_ij = (x_ij − min_j)/(max_j − min_j), or (max_j − x_ij)/(max_j − min_j) for a negative column
//   (worst → 0, best → 1); σ_j = sample standard deviation (n − 1) of z_·j; r_jk = Pearson
//   correlation of z_·j and z_·k; C_j = σ_j Σ_k (1 − r_jk); w_j = C_j / Σ C.
// Missing values: correlations need the same units in every column, so only units complete in all
// columns are used (listwise deletion), with a warning naming how many were left out. A constant
// column has σ_j = 0 (so C_j = 0) and its correlation with any column is taken as 0. Fewer than
// two complete units, or every C_j = 0, give equal weights, with a warning.
WeightsResult critic_weights(const Matrix& m, const std::vector<Polarity>& polarities);

enum class AhpMethod {
  kEigenvector,    // principal right eigenvector, by power iteration (Saaty)
  kGeometricMean,  // row geometric means, normalised (Crawford & Williams)
};

struct AhpResult {
  std::vector<double> weights;  // sum to 1
  double lambda_max = 0;        // mean of (A·w)_i / w_i; equals the eigenvalue for kEigenvector
  double ci = 0;                // (λmax − n)/(n − 1); 0 for n ≤ 2
  double cr = 0;                // CI / RI(n); 0 when RI(n) = 0 (n ≤ 2: always consistent)
  bool inconsistent = false;    // CR > 0.10: the judgements must be revisited (also a warning)
  std::vector<std::string> warnings;
};

// AHP weights from a pairwise comparison matrix a (a_ij = importance of i over j). The matrix must
// be square, 1 ≤ n ≤ 10 (Saaty's random indices RI = 0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41,
// 1.45, 1.49), every entry finite and > 0, the diagonal 1, and reciprocal: |a_ij·a_ji − 1| ≤ 0.01,
// which accepts 0.33 written for 1/3. Anything else is an Error naming the offending entry (1-based
// row and column). Tiny negative CI from rounding is reported as 0.
AhpResult ahp_weights(const std::vector<std::vector<double>>& pairwise,
                      AhpMethod method = AhpMethod::kEigenvector);

}  // namespace atlas::evaluate::methods
