// Spatial autocorrelation of one variable over units with spatial weights: global Moran's I
// (analytic inference under normality and randomisation, and a permutation test), local Moran
// (LISA) with conditional-permutation pseudo p-values, quadrants and a Benjamini–Hochberg
// cut-off, and Getis-Ord Gi* z-scores. Formulas as PySAL esda / GeoDa (docs/
// specialisation-and-spatial.md). Deterministic: the same values, weights and seed give the same
// bits whatever the number of threads.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/discover/weights.h"

namespace atlas::discover {

struct MoranGlobal {
  std::size_t n = 0;
  double i = 0;                                       // Moran's I
  double expected = 0;                                // E[I] = −1 / (n − 1)
  double var_normal = 0, z_normal = 0, p_normal = 0;  // two-sided
  double var_random = 0, z_random = 0, p_random = 0;  // two-sided
  // Permutation test: the values shuffled over the units `permutations` times.
  int permutations = 0;
  std::uint64_t seed = 0;
  // (min(#I_sim ≥ I, #I_sim ≤ I) + 1) / (permutations + 1): esda's folded pseudo p, a tie
  // counting on both sides. NaN with no permutations.
  double p_sim = 0;
  double mean_sim = 0, sd_sim = 0, z_sim = 0;
};

enum class Quadrant {
  kNone,  // an island: no neighbours, no spatial lag
  kHH,    // high value, high neighbours (z > 0, lag > 0)
  kLH,    // low value among high neighbours
  kLL,
  kHL,
};
const char* quadrant_name(Quadrant q);  // "HH", "LH", "LL", "HL" or ""

struct LocalMoran {
  // I_i = z_i · Σ_j w_ij z_j / m2 with m2 = Σ z² / n (Anselin 1995, GeoDa; esda divides by
  // Σ z² / (n − 1) instead, so its I_i are (n − 1) / n times these). NaN for islands, as is the
  // lag.
  std::vector<double> i;
  std::vector<double> lag;    // Σ_j w_ij z_j
  std::vector<double> p_sim;  // folded pseudo p-value, as MoranGlobal::p_sim; NaN for islands
  std::vector<Quadrant> quadrant;
  std::vector<bool> significant;  // p_sim ≤ fdr_cutoff (and not an island)
  double fdr_alpha = 0.05;
  // The Benjamini–Hochberg cut-off: k·α/m for the largest k with p_(k) ≤ k·α/m over the m
  // units with a p-value; 0 when no unit passes.
  double fdr_cutoff = 0;
  int permutations = 0;
  std::uint64_t seed = 0;
};

struct PermutationOptions {
  int permutations = 999;
  std::uint64_t seed = 12345;
  int threads = 0;  // 0 = the machine's cores; the result does not depend on it
};

// Throws atlas::Error (kBadInput) when values.size() ≠ w.n, n < 3, a value is not finite, all
// values are equal (z = 0: I is undefined) or every unit is an island.
MoranGlobal moran(const std::vector<double>& values, const SpatialWeights& w,
                  const PermutationOptions& options);

// Conditional permutation: for unit i, its value stays and its degree(i) neighbours' values are
// drawn without replacement from the other n − 1 units, `permutations` times, from a SplitMix64
// stream keyed by (seed, i) alone. Same errors as moran(); fdr_alpha must be in (0, 1).
LocalMoran local_moran(const std::vector<double>& values, const SpatialWeights& w,
                       const PermutationOptions& options, double fdr_alpha);

// Benjamini–Hochberg: the p-value cut-off at false discovery rate alpha (NaNs ignored), as in
// LocalMoran::fdr_cutoff.
double fdr_cutoff(const std::vector<double>& p, double alpha);

// Getis-Ord Gi* z-scores (Getis & Ord 1992, Ord & Getis 1995) on the binary neighbour sets with
// each unit included in its own (w_ii = 1): with W_i = Σ_j w_ij, S1_i = Σ_j w_ij²,
//   Gi* = (Σ_j w_ij x_j − x̄ W_i) / (s · √((n S1_i − W_i²) / (n − 1))),  s² = Σ x² / n − x̄².
// Row-standardising these weights leaves the z-score unchanged. NaN for a unit whose set is
// every unit (n·S1_i = W_i²), and for an island, whose set is itself alone: esda's
// G_Local(star=True) gives it (x_i − x̄) / s, its own standardised value, which is no statement
// about a neighbourhood. Islands still count in x̄, s and n. Same errors as moran().
std::vector<double> getis_ord_gi_star(const std::vector<double>& values, const SpatialWeights& w);

}  // namespace atlas::discover
