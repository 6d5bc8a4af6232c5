// Uncertainty analysis of a ranking (Saisana, Saltelli & Tarantola 2005): how much each unit's
// rank depends on debatable choices. Each replication perturbs every weight by a uniform factor
// in [1 − s, 1 + s] (then re-normalises within its node), and picks one of the normalisation,
// aggregation and imputation alternatives the system lists — an aggregation alternative replaces
// the default method only, a node that names its own keeps it — and the units are re-scored and
// re-ranked; with nothing uncertain every replication is the nominal ranking.
// Reported per unit: the nominal rank, the median and mean rank and the 5th–95th percentile rank
// interval. Deterministic: replication r draws only from (seed, r), so the result does not depend
// on the number of threads.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "atlas/evaluate/pipeline.h"

namespace atlas::evaluate {

// One imputation alternative: the values, imputed and treated, that normalisation starts from
// when the pipeline imputes with `method`.
struct ImputeAlternative {
  std::string method;
  Matrix treated;  // units × indicators, as EvaluationRun::treated
};

// The alternatives for `methods`: `units` evaluated under `system` with each imputation.
std::vector<ImputeAlternative> impute_alternatives(const IndicatorSystem& system,
                                                   const std::vector<Unit>& units,
                                                   const Options& options,
                                                   const std::vector<std::string>& methods);

// Told (runs done, runs in all) now and then while an analysis runs, from one thread.
using Progress = std::function<void(std::size_t done, std::size_t total)>;

struct UncertaintyOptions {
  int replications = 1000;
  std::uint64_t seed = 1;
  double weight_spread = 0;  // s: each weight × U(1 − s, 1 + s)
  // Alternatives; empty = the nominal run's method (or values) only.
  std::vector<std::string> normalise, aggregate;
  std::vector<ImputeAlternative> impute;
  int threads = 0;  // 0 = the machine's cores
  Progress progress;
};

struct UnitUncertainty {
  std::optional<int> nominal_rank;
  // Over the replications in which the unit had a score (nearest-rank percentiles: the smallest
  // rank r with at least q of the replications ranking the unit r or better).
  std::optional<int> median_rank, p5_rank, p95_rank;
  double mean_rank = kMissing;
  int ranked = 0;  // replications that gave the unit a score
};

// One replication's choices, kept so every result can be reproduced or exported.
struct Replication {
  int normalise = 0, aggregate = 0, impute = 0;  // positions in the alternatives
  std::uint64_t seed = 0;                        // of its weight draws
};

struct UncertaintyResult {
  std::vector<std::string> normalise, aggregate, impute;  // the alternatives used
  std::vector<UnitUncertainty> units;                     // in the run's unit order
  std::vector<Replication> replications;
  std::vector<std::string> log;
};

// `run` is the nominal evaluation (its raw values, tree and weights are the starting point).
// Ranks are by the data score (the index node). Throws atlas::Error (kBadInput) for fewer than
// one replication, a spread outside [0, 1) or an unknown method.
UncertaintyResult run_uncertainty(const EvaluationRun& run, const UncertaintyOptions& options);

// Variance-based sensitivity (Saltelli 2010; Jansen 1999): which uncertain choice moves the
// ranking. d factors — the weight draws, the normalisation, the aggregation, and the imputation
// when two or more are listed (d = 3 or 4) — each sampled uniformly; the output of a run is the
// mean absolute rank shift from the nominal ranking over the units ranked in both. With two N × d
// sample matrices A and B and A_B^(i) (A with column i from B), N·(d + 2) runs give
// for each factor
//   first order S_i  = mean(y_B · (y_{A_B^(i)} − y_A)) / Var(y)
//   total       ST_i = mean((y_A − y_{A_B^(i)})²) / (2 Var(y)),
// Var over y_A and y_B together, with 95% bootstrap intervals (resampling the N rows).
struct SensitivityOptions {
  int samples = 1000;  // N
  std::uint64_t seed = 1;
  double weight_spread = 0;
  std::vector<std::string> normalise, aggregate;
  std::vector<ImputeAlternative> impute;  // a fourth factor when there are two or more
  int bootstrap = 1000;
  int threads = 0;
  Progress progress;
};

struct FactorSensitivity {
  std::string factor;  // weights | normalise | aggregate | impute
  double first = 0, total = 0;
  double first_lo = 0, first_hi = 0, total_lo = 0, total_hi = 0;
};

struct SensitivityResult {
  std::vector<FactorSensitivity> factors;
  double mean_shift = 0, variance = 0;  // of the output over A and B
  int runs = 0;
  std::vector<std::string> log;
};

SensitivityResult run_sensitivity(const EvaluationRun& run, const SensitivityOptions& options);

}  // namespace atlas::evaluate
