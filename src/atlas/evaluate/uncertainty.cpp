#include "atlas/evaluate/uncertainty.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <numeric>
#include <optional>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"
#include "atlas/evaluate/methods/rank.h"
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

enum class Mean { kArithmetic, kGeometric, kHarmonic, kOther };

Mean mean_of(const std::string& method) {
  if (method == "arithmetic") return Mean::kArithmetic;
  if (method == "geometric") return Mean::kGeometric;
  if (method == "harmonic") return Mean::kHarmonic;
  return Mean::kOther;
}

// One aggregation alternative as the tree runs it: a node that names its own method keeps it, the
// others take the alternative (the nominal run's default when the system lists none).
struct TreeAggregation {
  std::vector<std::string> method;  // node position → its method; empty for indicators
  std::vector<Mean> mean;
  // Every inner node the same mean: the index is then linear in the values or their logarithms.
  std::optional<Mean> uniform;
};

// What every replication shares: the tree as positions, and each normalisation's values of the
// indicators (and their logarithms, for geometric means).
struct Model {
  std::size_t units = 0, nodes = 0;
  std::vector<std::vector<std::size_t>> children;  // node → children's positions
  std::vector<std::size_t> inner;                  // inner nodes, children before parents
  std::vector<std::size_t> indicator_pos;          // indicator j → its node position
  // Per node: its children that are indicators (as columns of `normalised`) and those that are
  // nodes (as positions), so the hot loop reads each from where it is without a branch.
  std::vector<std::vector<std::size_t>> child_columns, child_nodes;
  std::vector<int> column_of;  // node position → indicator column, −1 for inner nodes
  // Per pair of imputation (outer) and normalisation (inner) alternatives: units × indicators.
  std::vector<Matrix> normalised;
  std::size_t normalisations = 1;
  std::vector<Matrix> logs;
  std::vector<int> parent;  // node position → its parent's, −1 for the index
  // Per alternative: no missing value (and, for the logarithms, no negative value). Then a mean
  // of means needs no re-normalisation per unit, and the index is linear in the values (or in
  // their logarithms): a product of the matrix with the effective weights.
  std::vector<bool> complete, logs_complete;
  // Per normalisation: none, the values raw — the MCDA rankers then need the polarities.
  std::vector<bool> raw;
  std::vector<Polarity> polarity;  // node position → an indicator's effective polarity
  // Units a gate excludes from the ranking: never ranked, in any replication.
  std::vector<std::size_t> excluded;
  std::vector<TreeAggregation> aggregations;  // per aggregation alternative
};

// Ranks of one replication into `ranks` (1 = best, ties share the best, 0 = no score). A radix
// sort of order-preserving keys: at 2,000 units it is several times faster than a comparison
// sort, and ranking is most of a replication's work.
class Ranker {
 public:
  void rank(const std::vector<double>& score, std::vector<int>& ranks) {
    keys_.clear();
    for (std::size_t i = 0; i < score.size(); ++i) {
      ranks[i] = 0;
      if (missing(score[i])) continue;
      // Flip the bits so that unsigned order is descending order of the doubles.
      auto bits = std::bit_cast<std::uint64_t>(score[i]);
      bits = (bits >> 63) ? bits : ~bits & 0x7FFFFFFFFFFFFFFFULL;
      keys_.push_back({bits, static_cast<std::uint32_t>(i)});
    }
    sort();
    // Near-equal scores tie as in methods::rank_scores, which ranks the nominal run.
    double tolerance = methods::tie_tolerance(score);
    std::size_t leader = 0;
    for (std::size_t p = 0; p < keys_.size(); ++p) {
      double s = score[keys_[p].unit];
      if (p == 0 || std::fabs(s - score[keys_[leader].unit]) > tolerance) leader = p;
      ranks[keys_[p].unit] = static_cast<int>(leader + 1);
    }
  }

 private:
  struct Key {
    std::uint64_t bits;
    std::uint32_t unit;
  };
  static constexpr int kDigitBits = 11, kPasses = 6;  // 6 × 11 ≥ 64
  static constexpr std::size_t kBuckets = std::size_t{1} << kDigitBits;

  void sort() {
    std::size_t n = keys_.size();
    if (n < 2) return;  // nothing to order (every score may be missing)
    counts_.assign(kPasses * kBuckets, 0);
    for (const auto& k : keys_) {
      for (int p = 0; p < kPasses; ++p) ++counts_[p * kBuckets + digit(k.bits, p)];
    }
    spare_.resize(n);
    for (int p = 0; p < kPasses; ++p) {
      std::uint32_t* count = &counts_[p * kBuckets];
      if (count[digit(keys_[0].bits, p)] == n) continue;  // every key has this digit
      std::uint32_t at = 0;
      for (std::size_t b = 0; b < kBuckets; ++b) {
        std::uint32_t c = count[b];
        count[b] = at;
        at += c;
      }
      for (const auto& k : keys_) spare_[count[digit(k.bits, p)]++] = k;
      keys_.swap(spare_);
    }
  }
  static std::size_t digit(std::uint64_t bits, int pass) {
    return (bits >> (pass * kDigitBits)) & (kBuckets - 1);
  }

  std::vector<Key> keys_, spare_;
  std::vector<std::uint32_t> counts_;
};

struct Tally {
  std::vector<std::uint32_t> histogram;  // unit × rank
  std::vector<double> rank_sum;
  std::vector<int> ranked;
};

class Replicator {
 public:
  Replicator(const EvaluationRun& run, const Model& model, double spread)
      : run_(run), m_(model), spread_(spread) {
    scores_ = Matrix(m_.units, m_.nodes);
    weights_.assign(m_.nodes, 1);
    index_.resize(m_.units);
    ranks_.resize(m_.units);
  }

  void replicate(const Replication& rep, Tally& tally) {
    score(rep);
    tally_ranks(tally);
  }

  // The ranks of one replication (0 = no score).
  const std::vector<int>& ranks(const Replication& rep) {
    score(rep);
    ranker_.rank(index_, ranks_);
    return ranks_;
  }

 private:
  // Fills index_ with the replication's index scores (or, on the fast path, a monotone function
  // of them).
  void score_all(const Replication& rep) {
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
    const auto a = static_cast<std::size_t>(rep.impute) * m_.normalisations +
                   static_cast<std::size_t>(rep.normalise);
    const Matrix& values = m_.normalised[a];
    const Matrix& logs = m_.logs[a];
    const auto& tree = m_.aggregations[static_cast<std::size_t>(rep.aggregate)];
    if ((tree.uniform == Mean::kArithmetic && m_.complete[a]) ||
        (tree.uniform == Mean::kGeometric && m_.logs_complete[a])) {
      if (linear(tree.uniform == Mean::kArithmetic ? values : logs)) return;
    }
    const bool raw = m_.raw[static_cast<std::size_t>(rep.normalise)];
    for (auto k : m_.inner) {
      switch (tree.mean[k]) {
        case Mean::kArithmetic: means<Mean::kArithmetic>(k, values); break;
        // On logarithms: exp of their weighted mean.
        case Mean::kGeometric: means<Mean::kGeometric>(k, logs); break;
        case Mean::kHarmonic: means<Mean::kHarmonic>(k, values); break;
        case Mean::kOther: other_mean(tree.method[k], k, values, raw); break;
      }
    }
    for (std::size_t i = 0; i < m_.units; ++i) index_[i] = scores_(i, 0);
  }

  // Fills index_ and leaves the units gates exclude without a score.
  void score(const Replication& rep) {
    score_all(rep);
    for (auto i : m_.excluded) index_[i] = kMissing;
  }

  void tally_ranks(Tally& tally) {
    ranker_.rank(index_, ranks_);
    for (std::size_t i = 0; i < m_.units; ++i) {
      if (ranks_[i] == 0) continue;
      ++tally.histogram[i * m_.units + static_cast<std::size_t>(ranks_[i] - 1)];
      tally.rank_sum[i] += ranks_[i];
      ++tally.ranked[i];
    }
  }

  // The fast path for complete data under arithmetic (or geometric) means at every node: the index
  // is Σ_j w_j x_ij (or its exponential with logarithms), w_j the product of the weights from the
  // index down to indicator j. Ranking by the logarithm of a geometric index ranks as the index
  // does. False when a weight is 0 (0 · ln 0 has no value): the general path handles it.
  bool linear(const Matrix& source) {
    effective_.assign(m_.nodes, 1);
    for (std::size_t k = 1; k < m_.nodes; ++k) {
      effective_[k] = effective_[static_cast<std::size_t>(m_.parent[k])] * weights_[k];
    }
    column_weights_.resize(m_.indicator_pos.size());
    for (std::size_t j = 0; j < m_.indicator_pos.size(); ++j) {
      column_weights_[j] = effective_[m_.indicator_pos[j]];
      if (!(column_weights_[j] > 0)) return false;
    }
    const std::size_t n = column_weights_.size();
    const double* w = column_weights_.data();
    for (std::size_t i = 0; i < m_.units; ++i) {
      const double* x = &source.data[i * source.cols];
      // Four sums break the dependency chain of one running sum.
      double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      std::size_t j = 0;
      for (; j + 4 <= n; j += 4) {
        s0 += w[j] * x[j];
        s1 += w[j + 1] * x[j + 1];
        s2 += w[j + 2] * x[j + 2];
        s3 += w[j + 3] * x[j + 3];
      }
      for (; j < n; ++j) s0 += w[j] * x[j];
      index_[i] = (s0 + s1) + (s2 + s3);
    }
    return true;
  }

  // One node's weighted mean for every unit, as the methods library defines it: missing values
  // and zero weights skipped, the weights re-normalised over what is present; a negative value
  // (except in the arithmetic mean) leaves the unit without a score; a 0 makes a geometric or
  // harmonic mean 0. For the geometric mean `source` holds the indicators' logarithms
  // (ln 0 = −∞, which makes the mean 0).
  template <Mean kMean>
  void means(std::size_t k, const Matrix& source) {
    const auto& columns = m_.child_columns[k];
    const auto& nodes = m_.child_nodes[k];
    for (std::size_t i = 0; i < m_.units; ++i) {
      const double* from = &source.data[i * source.cols];
      double* row = &scores_.data[i * scores_.cols];
      double sum = 0, wsum = 0;
      bool negative = false;
      auto add = [&](double x, double w, bool is_log) {
        if (missing(x) || w <= 0) return;
        wsum += w;
        if constexpr (kMean == Mean::kArithmetic) {
          sum += w * x;
        } else if constexpr (kMean == Mean::kGeometric) {
          if (is_log ? x == INFINITY : x < 0) {
            negative = true;
            return;
          }
          sum += w * (is_log ? x : std::log(x));
        } else {
          if (x < 0) negative = true;
          sum += x == 0 ? INFINITY : w / x;
        }
      };
      for (std::size_t c = 0; c < columns.size(); ++c) {
        add(from[columns[c]], weights_[m_.indicator_pos[columns[c]]], true);
      }
      for (auto c : nodes) add(row[c], weights_[c], false);
      double out = kMissing;
      if (wsum > 0 && !negative) {
        if constexpr (kMean == Mean::kArithmetic) out = sum / wsum;
        if constexpr (kMean == Mean::kGeometric) out = std::exp(sum / wsum);
        if constexpr (kMean == Mean::kHarmonic) out = std::isinf(sum) ? 0 : wsum / sum;
      }
      row[k] = out;
    }
  }

  // Copeland and the MCDA rankers go through the methods library, like the nominal run; raw
  // values (normalise none) with their polarities.
  void other_mean(const std::string& method, std::size_t k, const Matrix& values, bool raw) {
    const auto& kids = m_.children[k];
    Matrix children(m_.units, kids.size());
    std::vector<double> w;
    std::vector<Polarity> polarities;
    for (std::size_t c = 0; c < kids.size(); ++c) {
      w.push_back(weights_[kids[c]]);
      if (raw) polarities.push_back(m_.polarity[kids[c]]);
      int column = m_.column_of[kids[c]];
      for (std::size_t i = 0; i < m_.units; ++i) {
        children(i, c) =
            column >= 0 ? values(i, static_cast<std::size_t>(column)) : scores_(i, kids[c]);
      }
    }
    Log ignored;  // warnings were reported by the nominal run
    auto out = aggregate_step(method, *run_.nodes[k], children, w, ignored, polarities, run_.codes);
    scores_.set_column(k, out);
  }

  const EvaluationRun& run_;
  const Model& m_;
  double spread_;
  Matrix scores_;
  std::vector<double> weights_, index_, effective_, column_weights_;
  Ranker ranker_;
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

// The alternatives of one step: the listed ones, or the nominal method alone.
std::vector<std::string> alternatives(std::string_view step, const std::vector<std::string>& listed,
                                      const std::string& nominal,
                                      const std::vector<std::string>& known) {
  for (const auto& m : listed) require_method(step, m, known);
  return listed.empty() ? std::vector{nominal} : listed;
}

// Each aggregation alternative as the tree runs it. An alternative replaces the default only, so
// one that no node takes changes nothing: the log says so.
std::vector<TreeAggregation> tree_aggregations(const EvaluationRun& run,
                                               const std::vector<std::string>& aggregate,
                                               std::vector<std::string>& log) {
  std::vector<TreeAggregation> out;
  for (const auto& alternative : aggregate) {
    TreeAggregation tree;
    tree.method.resize(run.nodes.size());
    tree.mean.assign(run.nodes.size(), Mean::kOther);
    bool first = true, same = true;
    for (std::size_t k = 0; k < run.nodes.size(); ++k) {
      if (run.nodes[k]->is_indicator()) continue;
      tree.method[k] = run.own_aggregate[k].empty() ? alternative : run.own_aggregate[k];
      tree.mean[k] = mean_of(tree.method[k]);
      same = same && (first || tree.mean[k] == tree.mean[0]);
      first = false;
    }
    if (same && tree.mean[0] != Mean::kOther) tree.uniform = tree.mean[0];
    out.push_back(std::move(tree));
  }
  if (aggregate.size() > 1) {
    bool any = false;
    for (std::size_t k = 0; k < run.nodes.size(); ++k) {
      any = any || (!run.nodes[k]->is_indicator() && run.own_aggregate[k].empty());
    }
    if (!any) {
      log.push_back(fmt::format(
          "warning: uncertainty: every node names its own aggregation, which it keeps, so the "
          "alternatives {} change nothing",
          fmt::join(aggregate, "/")));
    }
  }
  return out;
}

// Raw values (normalise none) can only meet the rankers that normalise them themselves: every
// node with indicators among its children must aggregate with one, under each alternative.
void check_raw(const EvaluationRun& run, const std::vector<std::string>& normalise,
               const std::vector<TreeAggregation>& trees) {
  if (std::find(normalise.begin(), normalise.end(), kNoNormalisation) == normalise.end()) return;
  for (const auto& tree : trees) {
    for (std::size_t k = 0; k < run.nodes.size(); ++k) {
      const auto& children = run.nodes[k]->children;
      bool indicators = std::any_of(children.begin(), children.end(),
                                    [](const Node& c) { return c.is_indicator(); });
      if (!indicators || normalises_itself(tree.method[k])) continue;
      throw Error(ErrorKind::kBadInput,
                  fmt::format("uncertainty: normalise none hands the raw values of '{}' to "
                              "aggregate {}, which cannot combine them; aggregate it with "
                              "topsis, vikor or gra only, or list no normalisation none",
                              run.nodes[k]->id, tree.method[k]));
    }
  }
}

// The tree as positions, each aggregation alternative as the tree runs it, and the values of each
// imputation and normalisation, once for all replications. No imputation alternatives: the run's
// own values.
Model build_model(const EvaluationRun& run, const std::vector<std::string>& normalise,
                  const std::vector<std::string>& aggregate,
                  const std::vector<ImputeAlternative>& impute, std::vector<std::string>& out_log) {
  Model model;
  model.aggregations = tree_aggregations(run, aggregate, out_log);
  check_raw(run, normalise, model.aggregations);
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
  model.parent.assign(model.nodes, -1);
  for (std::size_t k = 0; k < model.nodes; ++k) {
    for (auto c : model.children[k]) model.parent[c] = static_cast<int>(k);
  }
  model.polarity.assign(model.nodes, Polarity::kPositive);
  for (std::size_t i = 0; i < run.results.size(); ++i) {
    if (!run.results[i].excluded_by.empty()) model.excluded.push_back(i);
  }
  model.column_of.assign(model.nodes, -1);
  for (std::size_t j = 0; j < run.indicators.size(); ++j) {
    auto pos = static_cast<std::size_t>(run.node_index(run.indicators[j]->id));
    model.indicator_pos.push_back(pos);
    model.column_of[pos] = static_cast<int>(j);
    model.polarity[pos] = run.indicators[j]->effective_polarity;
  }
  model.child_columns.resize(model.nodes);
  model.child_nodes.resize(model.nodes);
  for (std::size_t k = 0; k < model.nodes; ++k) {
    for (auto c : model.children[k]) {
      if (model.column_of[c] >= 0) {
        model.child_columns[k].push_back(static_cast<std::size_t>(model.column_of[c]));
      } else {
        model.child_nodes[k].push_back(c);
      }
    }
  }
  model.normalisations = normalise.size();
  for (const auto& method : normalise) model.raw.push_back(method == kNoNormalisation);
  std::vector<const Matrix*> starts;
  for (const auto& alt : impute) starts.push_back(&alt.treated);
  if (starts.empty()) starts.push_back(&run.treated);
  for (const Matrix* start : starts) {
    for (const auto& method : normalise) {
      Matrix values(model.units, run.indicators.size()), logs(model.units, run.indicators.size());
      Log log;
      for (std::size_t j = 0; j < run.indicators.size(); ++j) {
        values.set_column(j, normalise_step(method, start->column(j), *run.indicators[j], log,
                                            run.methods.range, run.reference_row));
      }
      for (std::size_t q = 0; q < values.data.size(); ++q) {
        double v = values.data[q];
        // +∞ marks a negative value (no logarithm of a positive number is +∞): the geometric
        // mean then leaves the unit without a score, as the methods library does.
        logs.data[q] = missing(v) ? kMissing : v < 0 ? INFINITY : std::log(v);
      }
      auto has = [](const Matrix& m, auto bad) {
        return std::none_of(m.data.begin(), m.data.end(), bad);
      };
      model.complete.push_back(has(values, [](double v) { return missing(v); }));
      model.logs_complete.push_back(
          has(logs, [](double v) { return missing(v) || v == INFINITY; }));
      model.normalised.push_back(std::move(values));
      model.logs.push_back(std::move(logs));
      for (auto& line : log) out_log.push_back(fmt::format("{} ({})", line, method));
    }
  }
  return model;
}

// Runs jobs 0 … count − 1 as core::in_parallel does, each thread with its own replicator:
// job(replicator, q, thread). Thread 0 reports progress about 100 times.
template <typename Job>
void replicate(std::size_t count, unsigned threads, const EvaluationRun& run, const Model& model,
               double spread, const Progress& progress, Job job) {
  std::vector<std::optional<Replicator>> replicators(threads);
  const std::size_t every = std::max<std::size_t>(1, count / 100);
  core::in_parallel(count, threads, [&](std::size_t q, unsigned t) {
    auto& r = replicators[t];
    if (!r) r.emplace(run, model, spread);
    job(*r, q, t);
    if (t == 0 && progress && q % every < threads) progress(std::min(q + threads, count), count);
  });
  if (progress) progress(count, count);
}

}  // namespace

std::vector<ImputeAlternative> impute_alternatives(const IndicatorSystem& system,
                                                   const std::vector<Unit>& units,
                                                   const Options& options,
                                                   const std::vector<std::string>& methods) {
  std::vector<ImputeAlternative> out;
  for (const auto& method : methods) {
    Options with = options;
    with.impute = method;
    out.push_back({method, run_evaluation(system, units, with).treated});
  }
  return out;
}

UncertaintyResult run_uncertainty(const EvaluationRun& run, const UncertaintyOptions& options) {
  if (options.replications < 1) {
    throw Error(ErrorKind::kBadInput, "uncertainty analysis needs at least one replication");
  }
  if (!(options.weight_spread >= 0 && options.weight_spread < 1)) {
    throw Error(ErrorKind::kBadInput, "the weight spread is a share in [0, 1)");
  }
  UncertaintyResult result;
  result.normalise =
      alternatives("normalise", options.normalise, run.methods.normalise, normalise_methods());
  result.aggregate =
      alternatives("aggregate", options.aggregate, run.methods.aggregate, aggregate_methods());
  for (const auto& alt : options.impute) result.impute.push_back(alt.method);
  if (result.impute.empty()) result.impute.push_back(run.methods.impute);
  Model model = build_model(run, result.normalise, result.aggregate, options.impute, result.log);

  // Every replication's choices first, from its own stream: threads only divide the work.
  auto replications = static_cast<std::size_t>(options.replications);
  result.replications.resize(replications);
  for (std::size_t r = 0; r < replications; ++r) {
    SplitMix64 rng{options.seed ^ (0xD1B54A32D192ED03ULL * (r + 1))};
    auto& rep = result.replications[r];
    rep.normalise = static_cast<int>(rng.uniform() * static_cast<double>(result.normalise.size()));
    rep.aggregate = static_cast<int>(rng.uniform() * static_cast<double>(result.aggregate.size()));
    // Drawn only when there is a choice, so the other draws do not depend on imputation.
    if (result.impute.size() > 1) {
      rep.impute = static_cast<int>(rng.uniform() * static_cast<double>(result.impute.size()));
    }
    rep.seed = rng.next();
  }

  unsigned threads = core::thread_count(options.threads, replications);
  std::vector<Tally> tallies(threads);
  for (auto& t : tallies) {
    t.histogram.assign(model.units * model.units, 0);
    t.rank_sum.assign(model.units, 0);
    t.ranked.assign(model.units, 0);
  }
  replicate(replications, threads, run, model, options.weight_spread, options.progress,
            [&](Replicator& r, std::size_t q, unsigned t) {
              r.replicate(result.replications[q], tallies[t]);
            });
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
  auto nominal = rank_step(ranked_scores(run));  // by the data score, as the replications
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
      "uncertainty: {} replications, seed {}, weights ±{:g}%, normalise {}, aggregate {}, "
      "impute {}",
      options.replications, options.seed, options.weight_spread * 100,
      fmt::join(result.normalise, "/"), fmt::join(result.aggregate, "/"),
      fmt::join(result.impute, "/")));
  return result;
}

namespace {

struct Indices {
  double variance = 0;
  std::vector<double> first, total;
};

// S and ST of every factor over the sample rows `rows` (with repeats, for the bootstrap).
Indices sobol(const std::vector<double>& ya, const std::vector<double>& yb,
              const std::vector<std::vector<double>>& yab, const std::vector<std::size_t>& rows) {
  Indices out;
  double n = static_cast<double>(rows.size()), mean = 0;
  for (auto j : rows) mean += ya[j] + yb[j];
  mean /= 2 * n;
  for (auto j : rows) {
    out.variance += (ya[j] - mean) * (ya[j] - mean) + (yb[j] - mean) * (yb[j] - mean);
  }
  out.variance /= 2 * n - 1;
  for (const auto& y : yab) {
    double first = 0, total = 0;
    for (auto j : rows) {
      first += yb[j] * (y[j] - ya[j]);
      total += (ya[j] - y[j]) * (ya[j] - y[j]);
    }
    bool flat = out.variance <= 0;
    out.first.push_back(flat ? 0 : first / n / out.variance);
    out.total.push_back(flat ? 0 : total / n / (2 * out.variance));
  }
  return out;
}

}  // namespace

SensitivityResult run_sensitivity(const EvaluationRun& run, const SensitivityOptions& options) {
  if (options.samples < 2)
    throw Error(ErrorKind::kBadInput, "sensitivity needs at least 2 samples");
  if (!(options.weight_spread >= 0 && options.weight_spread < 1)) {
    throw Error(ErrorKind::kBadInput, "the weight spread is a share in [0, 1)");
  }
  UncertaintyResult alt;
  alt.normalise =
      alternatives("normalise", options.normalise, run.methods.normalise, normalise_methods());
  alt.aggregate =
      alternatives("aggregate", options.aggregate, run.methods.aggregate, aggregate_methods());
  for (const auto& a : options.impute) alt.impute.push_back(a.method);
  if (alt.impute.empty()) alt.impute.push_back(run.methods.impute);
  SensitivityResult result;
  Model model = build_model(run, alt.normalise, alt.aggregate, options.impute, result.log);
  auto nominal = rank_step(ranked_scores(run));

  // A and B: N rows of (weights, normalise, aggregate[, impute]) in [0, 1).
  const auto n = static_cast<std::size_t>(options.samples);
  // The weights, the normalisation, the aggregation, and the imputation when there is a choice.
  const std::size_t factors = alt.impute.size() > 1 ? 4 : 3;
  std::vector<std::vector<double>> a(n, std::vector<double>(factors)), b = a;
  SplitMix64 rng{options.seed};
  for (auto* m : {&a, &b}) {
    for (auto& row : *m) {
      for (auto& u : row) u = rng.uniform();
    }
  }
  auto replication = [&](const std::vector<double>& u) {
    Replication rep;
    rep.seed = SplitMix64{std::bit_cast<std::uint64_t>(u[0])}.next();
    rep.normalise = static_cast<int>(u[1] * static_cast<double>(alt.normalise.size()));
    rep.aggregate = static_cast<int>(u[2] * static_cast<double>(alt.aggregate.size()));
    if (factors > 3) rep.impute = static_cast<int>(u[3] * static_cast<double>(alt.impute.size()));
    return rep;
  };
  // Runs: A, B, then A_B^(i) for each factor.
  std::vector<std::vector<double>> inputs;
  for (const auto& row : a) inputs.push_back(row);
  for (const auto& row : b) inputs.push_back(row);
  for (std::size_t i = 0; i < factors; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      auto row = a[j];
      row[i] = b[j][i];
      inputs.push_back(row);
    }
  }
  std::vector<double> y(inputs.size());
  replicate(inputs.size(), core::thread_count(options.threads, inputs.size()), run, model,
            options.weight_spread, options.progress, [&](Replicator& r, std::size_t q, unsigned) {
              const auto& ranks = r.ranks(replication(inputs[q]));
              double shift = 0;
              int counted = 0;
              for (std::size_t i = 0; i < ranks.size(); ++i) {
                if (ranks[i] == 0 || nominal[i] == 0) continue;
                shift += std::abs(ranks[i] - nominal[i]);
                ++counted;
              }
              y[q] = counted > 0 ? shift / counted : 0;
            });
  std::vector<double> ya(y.begin(), y.begin() + static_cast<std::ptrdiff_t>(n));
  std::vector<double> yb(y.begin() + static_cast<std::ptrdiff_t>(n),
                         y.begin() + static_cast<std::ptrdiff_t>(2 * n));
  std::vector<std::vector<double>> yab;
  for (std::size_t i = 0; i < factors; ++i) {
    auto from = y.begin() + static_cast<std::ptrdiff_t>((2 + i) * n);
    yab.emplace_back(from, from + static_cast<std::ptrdiff_t>(n));
  }
  std::vector<std::size_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  auto point = sobol(ya, yb, yab, all);
  result.variance = point.variance;
  for (std::size_t j = 0; j < n; ++j) result.mean_shift += (ya[j] + yb[j]) / (2.0 * n);
  result.runs = static_cast<int>(inputs.size());

  // Bootstrap: the indices over resampled rows; 2.5th and 97.5th percentiles.
  std::vector<std::vector<double>> firsts(factors), totals(factors);
  SplitMix64 resample{options.seed ^ 0xB0075742ULL};
  std::vector<std::size_t> rows(n);
  for (int k = 0; k < options.bootstrap; ++k) {
    for (auto& r : rows) r = static_cast<std::size_t>(resample.uniform() * static_cast<double>(n));
    auto boot = sobol(ya, yb, yab, rows);
    for (std::size_t i = 0; i < factors; ++i) {
      firsts[i].push_back(boot.first[i]);
      totals[i].push_back(boot.total[i]);
    }
  }
  auto quantile = [](std::vector<double>& v, double q) {
    if (v.empty()) return kMissing;
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(q * static_cast<double>(v.size() - 1))];
  };
  const char* names[] = {"weights", "normalise", "aggregate", "impute"};
  for (std::size_t i = 0; i < factors; ++i) {
    result.factors.push_back({names[i], point.first[i], point.total[i], quantile(firsts[i], 0.025),
                              quantile(firsts[i], 0.975), quantile(totals[i], 0.025),
                              quantile(totals[i], 0.975)});
  }
  if (point.variance <= 0) {
    result.log.push_back("sensitivity: no choice changes the ranking (zero variance)");
  }
  result.log.push_back(fmt::format(
      "sensitivity: N {}, {} runs, seed {}, weights ±{:g}%, normalise {}, aggregate {}, "
      "impute {}, {} bootstrap resamples",
      n, result.runs, options.seed, options.weight_spread * 100, fmt::join(alt.normalise, "/"),
      fmt::join(alt.aggregate, "/"), fmt::join(alt.impute, "/"), options.bootstrap));
  return result;
}

}  // namespace atlas::evaluate
