#include "atlas/discover/spatial.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"

namespace atlas::discover {
namespace {

__extension__ typedef unsigned __int128 Wide;  // for bounded draws; GCC and Clang have it

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

// SplitMix64, keyed by (seed, stream): each unit (or each permutation of the global test) draws
// from its own stream, so how the work is split over threads changes nothing.
struct SplitMix64 {
  std::uint64_t state;
  SplitMix64(std::uint64_t seed, std::uint64_t stream)
      : state(mix64(seed) ^ mix64(stream + 0x9E3779B97F4A7C15ULL)) {}
  std::uint64_t next() { return mix64(state += 0x9E3779B97F4A7C15ULL); }
  // Uniform in [0, m) by Lemire's multiply-shift (bias below m / 2^64).
  std::uint32_t below(std::uint32_t m) {
    return static_cast<std::uint32_t>((static_cast<Wide>(next()) * m) >> 64);
  }
};

// Deviations from the mean, after checking what every statistic needs.
std::vector<double> deviations(const std::vector<double>& values, const SpatialWeights& w) {
  if (values.size() != w.n) {
    throw Error(ErrorKind::kInternal,
                fmt::format("{} values for weights over {} units", values.size(), w.n));
  }
  if (values.size() < 3) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("spatial statistics need at least 3 units, not {}", values.size()));
  }
  double mean = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw Error(ErrorKind::kBadInput, "a value is missing or not a finite number",
                  {"", static_cast<std::int64_t>(i + 1), "", ""});
    }
    mean += values[i];
  }
  mean /= static_cast<double>(values.size());
  std::vector<double> z(values.size());
  double m2 = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    z[i] = values[i] - mean;
    m2 += z[i] * z[i];
  }
  if (!(m2 > 0)) {
    throw Error(ErrorKind::kBadInput,
                "every unit has the same value: there is no variation to correlate");
  }
  return z;
}

double lag(const SpatialWeights& w, const std::vector<double>& z, std::size_t i) {
  double s = 0;
  for (std::size_t k = w.start[i]; k < w.start[i + 1]; ++k) s += w.weight[k] * z[w.neighbour[k]];
  return s;
}

double cross_product(const SpatialWeights& w, const std::vector<double>& z) {
  double s = 0;
  for (std::size_t i = 0; i < w.n; ++i) s += z[i] * lag(w, z, i);
  return s;
}

// S1 = ½ Σ_ij (w_ij + w_ji)², S2 = Σ_i (w_i· + w_·i)² (Cliff & Ord).
std::pair<double, double> s1_s2(const SpatialWeights& w) {
  std::vector<std::pair<std::uint64_t, double>> pairs;  // unordered pair → w_ij + w_ji
  pairs.reserve(w.neighbour.size());
  std::vector<double> row(w.n, 0), col(w.n, 0);
  for (std::size_t i = 0; i < w.n; ++i) {
    for (std::size_t k = w.start[i]; k < w.start[i + 1]; ++k) {
      std::uint64_t j = w.neighbour[k];
      std::uint64_t lo = std::min<std::uint64_t>(i, j), hi = std::max<std::uint64_t>(i, j);
      pairs.emplace_back((lo << 32) | hi, w.weight[k]);
      row[i] += w.weight[k];
      col[j] += w.weight[k];
    }
  }
  std::sort(pairs.begin(), pairs.end());
  double s1 = 0;
  for (std::size_t a = 0; a < pairs.size();) {
    double sum = 0;
    std::size_t b = a;
    for (; b < pairs.size() && pairs[b].first == pairs[a].first; ++b) sum += pairs[b].second;
    s1 += sum * sum;  // ½ · (the pair counted as ij and as ji) · (w_ij + w_ji)²
    a = b;
  }
  double s2 = 0;
  for (std::size_t i = 0; i < w.n; ++i) s2 += (row[i] + col[i]) * (row[i] + col[i]);
  return {s1, s2};
}

double two_sided_p(double z) {
  return std::erfc(std::fabs(z) / std::numbers::sqrt2);
}

// (min(#sim ≥ observed, #sim ≤ observed) + 1) / (permutations + 1): esda's folded pseudo p,
// except that a tie counts on both sides — so a unit whose every simulated value equals its own
// (z = 0) gets p = 1, where esda's #sim < observed would give it the smallest p possible.
double folded_p(std::size_t at_least, std::size_t at_most, int permutations) {
  return static_cast<double>(std::min(at_least, at_most) + 1) /
         static_cast<double>(permutations + 1);
}

void check_options(const PermutationOptions& options) {
  if (options.permutations < 0) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("permutations must be 0 or more, not {}", options.permutations));
  }
}

// Draws `k` distinct units other than `self` into `out`, in random order. Rejection against a
// stamp per unit when k is small next to n (the usual case: a handful of neighbours); a partial
// Fisher–Yates shuffle over the other units when k is a large part of them.
class NeighbourDraw {
 public:
  explicit NeighbourDraw(std::size_t n) : n_(n), mark_(n, 0) {}

  void draw(SplitMix64& rng, std::size_t self, std::size_t k, std::vector<std::uint32_t>& out) {
    out.clear();
    auto others = static_cast<std::uint32_t>(n_ - 1);
    if (2 * k <= n_ - 1) {
      if (++stamp_ == 0) {  // wrapped: forget every old mark
        std::fill(mark_.begin(), mark_.end(), 0);
        stamp_ = 1;
      }
      while (out.size() < k) {
        std::uint32_t u = rng.below(others);
        std::uint32_t j = u < self ? u : u + 1;
        if (mark_[j] == stamp_) continue;
        mark_[j] = stamp_;
        out.push_back(j);
      }
      return;
    }
    pool_.resize(n_ - 1);
    for (std::uint32_t u = 0; u < others; ++u) pool_[u] = u < self ? u : u + 1;
    for (std::uint32_t t = 0; t < k; ++t) {
      std::uint32_t pick = t + rng.below(others - t);
      std::swap(pool_[t], pool_[pick]);
      out.push_back(pool_[t]);
    }
  }

 private:
  std::size_t n_;
  std::vector<std::uint32_t> mark_, pool_;
  std::uint32_t stamp_ = 0;
};

}  // namespace

const char* quadrant_name(Quadrant q) {
  switch (q) {
    case Quadrant::kHH: return "HH";
    case Quadrant::kLH: return "LH";
    case Quadrant::kLL: return "LL";
    case Quadrant::kHL: return "HL";
    case Quadrant::kNone: break;
  }
  return "";
}

MoranGlobal moran(const std::vector<double>& values, const SpatialWeights& w,
                  const PermutationOptions& options) {
  check_options(options);
  const auto z = deviations(values, w);
  if (w.islands.size() == w.n) {
    throw Error(ErrorKind::kBadInput, "no unit has a neighbour: widen the weights");
  }
  const double n = static_cast<double>(w.n);
  double m2 = 0, m4 = 0;
  for (double v : z) {
    m2 += v * v;
    m4 += v * v * v * v;
  }
  const double s0 = w.s0();
  const auto [s1, s2] = s1_s2(w);

  MoranGlobal g;
  g.n = w.n;
  g.i = n / s0 * cross_product(w, z) / m2;
  g.expected = -1.0 / (n - 1);
  const double e2 = g.expected * g.expected, s02 = s0 * s0;
  g.var_normal = (n * n * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - e2;
  g.z_normal = (g.i - g.expected) / std::sqrt(g.var_normal);
  g.p_normal = two_sided_p(g.z_normal);
  // Kurtosis of the values: (Σ z⁴ / n) / (Σ z² / n)².
  const double k = (m4 / n) / ((m2 / n) * (m2 / n));
  const double a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s02);
  const double b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s02);
  if (w.n >= 4) {
    g.var_random = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s02) - e2;
    g.z_random = (g.i - g.expected) / std::sqrt(g.var_random);
    g.p_random = two_sided_p(g.z_random);
  } else {
    g.var_random = g.z_random = g.p_random = std::numeric_limits<double>::quiet_NaN();
  }

  g.permutations = options.permutations;
  g.seed = options.seed;
  if (options.permutations == 0) {
    g.p_sim = g.mean_sim = g.sd_sim = g.z_sim = std::numeric_limits<double>::quiet_NaN();
    return g;
  }
  const auto perms = static_cast<std::size_t>(options.permutations);
  std::vector<double> sims(perms);
  const unsigned threads = core::thread_count(options.threads, perms);
  std::vector<std::vector<double>> scratch(threads, z);
  core::in_parallel(perms, threads, [&](std::size_t p, unsigned t) {
    auto& y = scratch[t];
    std::copy(z.begin(), z.end(), y.begin());  // every permutation shuffles the same start
    SplitMix64 rng(options.seed, p);
    for (std::size_t i = y.size() - 1; i > 0; --i) {
      std::swap(y[i], y[rng.below(static_cast<std::uint32_t>(i + 1))]);
    }
    sims[p] = n / s0 * cross_product(w, y) / m2;
  });
  std::size_t at_least = 0, at_most = 0;
  double sum = 0;
  for (double s : sims) {
    at_least += s >= g.i ? 1 : 0;
    at_most += s <= g.i ? 1 : 0;
    sum += s;
  }
  g.p_sim = folded_p(at_least, at_most, options.permutations);
  g.mean_sim = sum / static_cast<double>(perms);
  double ss = 0;
  for (double s : sims) ss += (s - g.mean_sim) * (s - g.mean_sim);
  g.sd_sim = std::sqrt(ss / static_cast<double>(perms));  // population sd, as esda
  g.z_sim = (g.i - g.mean_sim) / g.sd_sim;
  return g;
}

double fdr_cutoff(const std::vector<double>& p, double alpha) {
  std::vector<double> sorted;
  for (double v : p)
    if (!std::isnan(v)) sorted.push_back(v);
  std::sort(sorted.begin(), sorted.end());
  const double m = static_cast<double>(sorted.size());
  for (std::size_t k = sorted.size(); k >= 1; --k) {
    double bound = static_cast<double>(k) * alpha / m;
    if (sorted[k - 1] <= bound) return bound;
  }
  return 0;
}

LocalMoran local_moran(const std::vector<double>& values, const SpatialWeights& w,
                       const PermutationOptions& options, double fdr_alpha) {
  check_options(options);
  if (!(fdr_alpha > 0 && fdr_alpha < 1)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("the false discovery rate must be between 0 and 1, not {}", fdr_alpha));
  }
  const auto z = deviations(values, w);
  const std::size_t n = w.n;
  double m2 = 0;
  for (double v : z) m2 += v * v;
  m2 /= static_cast<double>(n);

  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  LocalMoran out;
  out.i.assign(n, kNaN);
  out.lag.assign(n, kNaN);
  out.p_sim.assign(n, kNaN);
  out.quadrant.assign(n, Quadrant::kNone);
  out.significant.assign(n, false);
  out.fdr_alpha = fdr_alpha;
  out.permutations = options.permutations;
  out.seed = options.seed;
  for (std::size_t i = 0; i < n; ++i) {
    if (w.degree(i) == 0) continue;  // an island: no lag, no statistic
    const double l = lag(w, z, i);
    out.lag[i] = l;
    out.i[i] = z[i] * l / m2;
    const bool high = z[i] > 0, high_lag = l > 0;
    out.quadrant[i] = high ? (high_lag ? Quadrant::kHH : Quadrant::kHL)
                           : (high_lag ? Quadrant::kLH : Quadrant::kLL);
  }
  if (options.permutations == 0) return out;

  const unsigned threads = core::thread_count(options.threads, n);
  std::vector<NeighbourDraw> draws(threads, NeighbourDraw(n));
  std::vector<std::vector<std::uint32_t>> picked(threads);
  core::in_parallel(n, threads, [&](std::size_t i, unsigned t) {
    const std::size_t k = w.degree(i);
    if (k == 0) return;
    SplitMix64 rng(options.seed, i);
    std::size_t at_least = 0, at_most = 0;
    const double* weights = &w.weight[w.start[i]];
    for (int p = 0; p < options.permutations; ++p) {
      draws[t].draw(rng, i, k, picked[t]);
      double l = 0;
      for (std::size_t q = 0; q < k; ++q) l += weights[q] * z[picked[t][q]];
      const double sim = z[i] * l / m2;
      at_least += sim >= out.i[i] ? 1 : 0;
      at_most += sim <= out.i[i] ? 1 : 0;
    }
    out.p_sim[i] = folded_p(at_least, at_most, options.permutations);
  });
  out.fdr_cutoff = fdr_cutoff(out.p_sim, fdr_alpha);
  for (std::size_t i = 0; i < n; ++i) {
    out.significant[i] = !std::isnan(out.p_sim[i]) && out.p_sim[i] <= out.fdr_cutoff;
  }
  return out;
}

std::vector<double> getis_ord_gi_star(const std::vector<double>& values, const SpatialWeights& w) {
  deviations(values, w);  // the same checks as the other statistics
  const double n = static_cast<double>(w.n);
  double sum = 0, sum2 = 0;
  for (double v : values) {
    sum += v;
    sum2 += v * v;
  }
  const double mean = sum / n;
  const double s = std::sqrt(sum2 / n - mean * mean);
  std::vector<double> out(w.n, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < w.n; ++i) {
    // An island's set is itself: its z would be its own standardised value, which says nothing
    // of a neighbourhood and reads like a hot or cold spot. Missing, as its LISA is.
    if (w.degree(i) == 0) continue;
    double local = values[i];
    for (std::size_t k = w.start[i]; k < w.start[i + 1]; ++k) local += values[w.neighbour[k]];
    const double wi = static_cast<double>(w.degree(i) + 1);  // binary weights: S1_i = W_i
    const double spread = n * wi - wi * wi;
    // A unit whose set is every unit has nothing to be compared with: undefined, not 0.
    if (spread > 0) out[i] = (local - mean * wi) / (s * std::sqrt(spread / (n - 1)));
  }
  return out;
}

}  // namespace atlas::discover
