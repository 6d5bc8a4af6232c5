// The MCDA rankers of the Chinese academic toolbox — TOPSIS, VIKOR and grey relational analysis —
// scoring units over indicators with weights and polarities. They need complete data: a missing
// value is an Error naming the unit and indicator (imputation is an earlier pipeline step).
#pragma once
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate::methods {

// Shared contract: `m` is units × indicators of raw (or already normalised) values; `weights` one
// per column, finite and ≥ 0, re-normalised here to sum 1; `polarities` one per column. A wrong
// length, a bad weight or a missing value throws atlas::Error (kBadInput); the message names the
// unit and indicator by 1-based row and column. No units gives empty results.

// TOPSIS (Hwang & Yoon):
//   r_ij = x_ij / √(Σ_i x_ij²); v_ij = w_j r_ij; A⁺_j = max_i v_ij for a positive column, min for a
//   negative one, A⁻_j the other; D±_i = ‖v_i − A±‖₂; C_i = D⁻_i / (D⁺_i + D⁻_i), higher is better.
// With `vector_normalise` false the values are normalised already (the pipeline's min-max,
// polarity applied) and r_ij = x_ij: vector-normalising them again would divide each column by its
// own norm ‖z_j‖ and so re-weight the columns behind the user's back.
// Degenerate: a zero-norm column (all zeros) has r = 0 and contributes 0, with a warning. When
// D⁺_i + D⁻_i = 0 (A⁺ = A⁻: every unit equal on every weighted column, e.g. one unit) C_i = 0.5,
// with a warning.
struct TopsisResult {
  std::vector<double> closeness, d_plus, d_minus;
  std::vector<std::string> warnings;
};
TopsisResult topsis(const Matrix& m, const std::vector<double>& weights,
                    const std::vector<Polarity>& polarities, bool vector_normalise = true);

// VIKOR (Opricovic & Tzeng 2004), v = weight of the strategy of the majority (default 0.5):
//   f*_j = best value (max for positive, min for negative), f⁻_j = worst;
//   t_ij = w_j (f*_j − x_ij)/(f*_j − f⁻_j); S_i = Σ_j t_ij; R_i = max_j t_ij;
//   Q_i = v (S_i − S*)/(S⁻ − S*) + (1 − v)(R_i − R*)/(R⁻ − R*), S* = min S, S⁻ = max S (same for
//   R). Lower S, R and Q are better: rank with RankOrder::kLowerIsBetter.
// Degenerate: f*_j = f⁻_j (a constant column) gives t_ij = 0 — no unit is behind the best — with a
// warning; S⁻ = S* (or R⁻ = R*) makes that term of Q 0 for every unit, with a warning. The
// compromise-solution conditions (acceptable advantage and stability) are not evaluated here.
// v outside [0, 1] is an Error.
struct VikorResult {
  std::vector<double> s, r, q;
  std::vector<std::string> warnings;
};
VikorResult vikor(const Matrix& m, const std::vector<double>& weights,
                  const std::vector<Polarity>& polarities, double v = 0.5);

// Grey relational analysis (Deng), distinguishing coefficient ρ (default 0.5), reference series =
// the ideal 1 on every normalised indicator:
//   z_ij = (x_ij − min_j)/(max_j − min_j), or (max_j − x_ij)/(max_j − min_j) for a negative column;
//   Δ_ij = |1 − z_ij|; Δmin, Δmax over all units and indicators;
//   ξ_ij = (Δmin + ρ Δmax)/(Δ_ij + ρ Δmax); grade_i = Σ_j w_j ξ_ij, higher is better, in (0, 1].
// Degenerate: a constant column has z = 1 (every unit attains the best observed value), with a
// warning; Δmax = 0 (every unit ideal everywhere) gives ξ = 1. ρ outside (0, 1] is an Error.
struct GreyResult {
  std::vector<double> grade;
  Matrix coefficients;  // ξ, units × indicators
  std::vector<std::string> warnings;
};
GreyResult grey_relational(const Matrix& m, const std::vector<double>& weights,
                           const std::vector<Polarity>& polarities, double rho = 0.5);

}  // namespace atlas::evaluate::methods
