#include "atlas/evaluate/uncertainty.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <thread>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/steps.h"

namespace atlas::evaluate {
namespace {

// SplitMix64: a small, well-mixed generator whose output is the same on every platform (the
// standard library's distributions are not), so a seed reproduces a result anywhere.
struct SplitMix64 {
  std::uint64_t state;
  std::uint64_t next() {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }  // [0, 1)
};

// What every replication shares: the tree as positions, and each normalisation's values of the
// indicators (and their logarithms, for geometric means).
struct Model {
  std::size_t units = 0, nodes = 0;
  std::vector<std::vector<std::size_t>> children;  // node → children's positions
  std::vector<std::size_t> inner;                  // inner nodes, children before parents
  std::vector<std::size_t> indicator_pos;          // indicator j → its node position
  std::vector<Matrix> normalised;                  // per alternative: units × indicators
  std::vector<Matrix> logs;
};

enum class Mean { kArithmetic, kGeometric, kHarmonic, kOther };

Mean mean_of(const std::string& method) {
  if (method == "arithmetic") return Mean::kArithmetic;
  if (method == "geometric") return Mean::kGeometric;
  if (method == "harmonic") return Mean::kHarmonic;
  return Mean::kOther;
}

// Ranks of one replication into `ranks` (1 = best, ties share the best, 0 = no score).
void rank_into(const std::vector<double>& score, std::vector<std::size_t>& order,
               std::vector<int>& ranks) {
  order.clear();
  for (std::size_t i = 0; i < score.size(); ++i) {
    ranks[i] = 0;
    if (!missing(score[i])) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return score[a] > score[b]; });
  for (std::size_t p = 0; p < order.size(); ++p) {
    bool tie = p > 0 && score[order[p]] == score[order[p - 1]];
    ranks[order[p]] = tie ? ranks[order[p - 1]] : static_cast<int>(p + 1);
  }
}

struct Tally {
  std::vector<std::uint32_t> histogram;  // unit × rank
  std::vector<double> rank_sum;
  std::vector<int> ranked;
};

class Replicator {
 public:
  Replicator(const EvaluationRun& run, const Model& model, const UncertaintyResult& result,
             double spread)
      : run_(run), m_(model), result_(result), spread_(spread) {
    scores_ = Matrix(m_.units, m_.nodes);
    weights_.assign(m_.nodes, 1);
    index_.resize(m_.units);
    ranks_.resize(m_.units);
  }

  void replicate(const Replication& rep, Tally& tally) {
    SplitMix64 rng{rep.seed};
    // Weights: each within-parent weight × U(1 − s, 1 + s), re-normalised within its node.
    for (auto k : m_.inner) {
      double sum = 0;
      for (auto c : m_.children[k]) {
        weights_[c] = run_.weight_in_parent[c] * (1 - spread_ + 2 * spread_ * rng.uniform());
        sum += weights_[c];
      }
      for (auto c : m_.children[k]) weights_[c] = sum > 0 ? weights_[c] / sum : 0;
    }
    const Matrix& values = m_.normalised[static_cast<std::size_t>(rep.normalise)];
    const Matrix& logs = m_.logs[static_cast<std::size_t>(rep.normalise)];
    for (std::size_t j = 0; j < m_.indicator_pos.size(); ++j) {
      for (std::size_t i = 0; i < m_.units; ++i) scores_(i, m_.indicator_pos[j]) = values(i, j);
    }
    const std::string& method = result_.aggregate[static_cast<std::size_t>(rep.aggregate)];
    Mean mean = mean_of(method);
    for (auto k : m_.inner) {
      const auto& kids = m_.children[k];
      if (mean == Mean::kOther) {
        other_mean(method, k);
        continue;
      }
      for (std::size_t i = 0; i < m_.units; ++i) {
        double sum = 0, wsum = 0;
        bool negative = false;
        for (auto c : kids) {
          double w = weights_[c];
          double x = scores_(i, c);
          if (missing(x) || w <= 0) continue;
          wsum += w;
          if (mean == Mean::kArithmetic) {
            sum += w * x;
          } else if (x < 0) {
            negative = true;
          } else if (mean == Mean::kGeometric) {
            // Indicators' logarithms are computed once per normalisation; ln 0 = −∞ makes the
            // mean 0, as the methods library defines it.
            double lx = is_indicator(c) ? logs(i, indicator_column(c)) : std::log(x);
            sum += w * lx;
          } else {
            sum += x == 0 ? INFINITY : w / x;
          }
        }
        double out = kMissing;
        if (wsum > 0 && !negative) {
          if (mean == Mean::kArithmetic) out = sum / wsum;
          if (mean == Mean::kGeometric) out = std::exp(sum / wsum);
          if (mean == Mean::kHarmonic) out = std::isinf(sum) ? 0 : wsum / sum;
        }
        scores_(i, k) = out;
      }
    }
    for (std::size_t i = 0; i < m_.units; ++i) index_[i] = scores_(i, 0);
    rank_into(index_, order_, ranks_);
    for (std::size_t i = 0; i < m_.units; ++i) {
      if (ranks_[i] == 0) continue;
      ++tally.histogram[i * m_.units + static_cast<std::size_t>(ranks_[i] - 1)];
      tally.rank_sum[i] += ranks_[i];
      ++tally.ranked[i];
    }
  }

 private:
  bool is_indicator(std::size_t pos) const { return m_.children[pos].empty(); }
  std::size_t indicator_column(std::size_t pos) const {
    return static_cast<std::size_t>(
        std::find(m_.indicator_pos.begin(), m_.indicator_pos.end(), pos) -
        m_.indicator_pos.begin());
  }

  // Copeland and the MCDA rankers go through the methods library, like the nominal run.
  void other_mean(const std::string& method, std::size_t k) {
    const auto& kids = m_.children[k];
    Matrix children(m_.units, kids.size());
    std::vector<double> w;
    for (std::size_t c = 0; c < kids.size(); ++c) {
      w.push_back(weights_[kids[c]]);
      for (std::size_t i = 0; i < m_.units; ++i) children(i, c) = scores_(i, kids[c]);
    }
    Log ignored;  // warnings were reported by the nominal run
    auto out = aggregate_step(method, *run_.nodes[k], children, w, ignored);
    scores_.set_column(k, out);
  }

  const EvaluationRun& run_;
  const Model& m_;
  const UncertaintyResult& result_;
  double spread_;
  Matrix scores_;
  std::vector<double> weights_, index_;
  std::vector<std::size_t> order_;
  std::vector<int> ranks_;
};

// The smallest rank with at least `share` of the unit's replications at it or better.
std::optional<int> percentile(const std::uint32_t* histogram, std::size_t n, int ranked,
                              double share) {
  if (ranked == 0) return std::nullopt;
  auto need = static_cast<std::uint64_t>(std::ceil(share * ranked));
  std::uint64_t seen = 0;
  for (std::size_t r = 0; r < n; ++r) {
    seen += histogram[r];
    if (seen >= std::max<std::uint64_t>(need, 1)) return static_cast<int>(r + 1);
  }
  return static_cast<int>(n);
}

}  // namespace

UncertaintyResult run_uncertainty(const EvaluationRun& run, const UncertaintyOptions& options) {
  if (options.replications < 1) {
    throw Error(ErrorKind::kBadInput, "uncertainty analysis needs at least one replication");
  }
  if (!(options.weight_spread >= 0 && options.weight_spread < 1)) {
    throw Error(ErrorKind::kBadInput, "the weight spread is a share in [0, 1)");
  }
  UncertaintyResult result;
  result.normalise =
      options.normalise.empty() ? std::vector{run.methods.normalise} : options.normalise;
  result.aggregate =
      options.aggregate.empty() ? std::vector{run.methods.aggregate} : options.aggregate;
  for (const auto& m : result.normalise) {
    if (std::find(normalise_methods().begin(), normalise_methods().end(), m) ==
        normalise_methods().end()) {
      throw Error(ErrorKind::kBadInput, fmt::format("unknown normalise method '{}'", m));
    }
  }
  for (const auto& m : result.aggregate) {
    if (std::find(aggregate_methods().begin(), aggregate_methods().end(), m) ==
        aggregate_methods().end()) {
      throw Error(ErrorKind::kBadInput, fmt::format("unknown aggregate method '{}'", m));
    }
  }

  Model model;
  model.units = run.codes.size();
  model.nodes = run.nodes.size();
  model.children.resize(model.nodes);
  for (std::size_t k = 0; k < model.nodes; ++k) {
    for (const auto& c : run.nodes[k]->children) {
      model.children[k].push_back(static_cast<std::size_t>(run.node_index(c.id)));
    }
  }
  for (std::size_t k = model.nodes; k-- > 0;) {
    if (!model.children[k].empty()) model.inner.push_back(k);
  }
  for (const auto* n : run.indicators) {
    model.indicator_pos.push_back(static_cast<std::size_t>(run.node_index(n->id)));
  }
  for (const auto& method : result.normalise) {
    Matrix values(model.units, run.indicators.size()), logs(model.units, run.indicators.size());
    Log log;
    for (std::size_t j = 0; j < run.indicators.size(); ++j) {
      values.set_column(j, normalise_step(method, run.raw.column(j), *run.indicators[j], log));
    }
    for (std::size_t q = 0; q < values.data.size(); ++q) {
      double v = values.data[q];
      logs.data[q] = missing(v) || v < 0 ? kMissing : std::log(v);
    }
    model.normalised.push_back(std::move(values));
    model.logs.push_back(std::move(logs));
    for (auto& line : log) result.log.push_back(fmt::format("{} ({})", line, method));
  }

  // Every replication's choices first, from its own stream: threads only divide the work.
  auto replications = static_cast<std::size_t>(options.replications);
  result.replications.resize(replications);
  for (std::size_t r = 0; r < replications; ++r) {
    SplitMix64 rng{options.seed ^ (0xD1B54A32D192ED03ULL * (r + 1))};
    auto& rep = result.replications[r];
    rep.normalise = static_cast<int>(rng.uniform() * static_cast<double>(result.normalise.size()));
    rep.aggregate = static_cast<int>(rng.uniform() * static_cast<double>(result.aggregate.size()));
    rep.seed = rng.next();
  }

  unsigned threads = options.threads > 0 ? static_cast<unsigned>(options.threads)
                                         : std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, replications));
  std::vector<Tally> tallies(threads);
  for (auto& t : tallies) {
    t.histogram.assign(model.units * model.units, 0);
    t.rank_sum.assign(model.units, 0);
    t.ranked.assign(model.units, 0);
  }
  std::vector<std::exception_ptr> errors(threads);
  auto work = [&](unsigned t) {
    try {
      Replicator replicator(run, model, result, options.weight_spread);
      for (std::size_t r = t; r < replications; r += threads) {
        replicator.replicate(result.replications[r], tallies[t]);
      }
    } catch (...) {
      errors[t] = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  for (unsigned t = 1; t < threads; ++t) {
    for (std::size_t q = 0; q < tallies[0].histogram.size(); ++q) {
      tallies[0].histogram[q] += tallies[t].histogram[q];
    }
    for (std::size_t i = 0; i < model.units; ++i) {
      tallies[0].rank_sum[i] += tallies[t].rank_sum[i];
      tallies[0].ranked[i] += tallies[t].ranked[i];
    }
  }

  const auto& all = tallies[0];
  auto nominal = rank_step(run.scores.column(0));  // by the data score, as the replications
  for (std::size_t i = 0; i < model.units; ++i) {
    UnitUncertainty u;
    if (nominal[i] > 0) u.nominal_rank = nominal[i];
    u.ranked = all.ranked[i];
    const std::uint32_t* h = all.histogram.data() + i * model.units;
    u.median_rank = percentile(h, model.units, u.ranked, 0.5);
    u.p5_rank = percentile(h, model.units, u.ranked, 0.05);
    u.p95_rank = percentile(h, model.units, u.ranked, 0.95);
    if (u.ranked > 0) u.mean_rank = all.rank_sum[i] / u.ranked;
    result.units.push_back(u);
  }
  result.log.push_back(fmt::format(
      "uncertainty: {} replications, seed {}, weights ±{:g}%, normalise {}, aggregate {}",
      options.replications, options.seed, options.weight_spread * 100,
      fmt::join(result.normalise, "/"), fmt::join(result.aggregate, "/")));
  return result;
}

}  // namespace atlas::evaluate
