// A small deterministic random source for the demo data set: xoshiro256** seeded through
// splitmix64, with its own distributions so that the same seed gives the same data set on every
// standard library (std::normal_distribution and friends are not portable across them).
#pragma once
#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace atlas::demo {

class Random {
 public:
  explicit Random(std::uint64_t seed) {
    for (auto& s : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      s = z ^ (z >> 31);
    }
  }

  std::uint64_t next() {
    std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, 1).
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [lo, hi].
  int between(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)); }
  bool chance(double p) { return uniform() < p; }

  double normal(double mean = 0, double sd = 1) {
    // Box–Muller; 1 − u keeps the logarithm finite.
    double u = 1.0 - uniform(), v = uniform();
    return mean + sd * std::sqrt(-2.0 * std::log(u)) * std::cos(2 * std::numbers::pi * v);
  }
  double lognormal(double median, double sigma) { return median * std::exp(normal(0, sigma)); }
  // Pareto with scale xm and shape alpha: heavy-tailed sizes.
  double pareto(double xm, double alpha) { return xm / std::pow(1.0 - uniform(), 1.0 / alpha); }

  // An index drawn with probability proportional to weights[i].
  std::size_t weighted(const std::vector<double>& weights) {
    double total = 0;
    for (double w : weights) total += w;
    double r = uniform() * total;
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace atlas::demo
