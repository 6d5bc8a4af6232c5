// Properties the evaluation methods must have on any input, checked on random ones (rapidcheck):
// weights sum to 1; min-max and rank normalisation ignore the unit of measurement; under
// arithmetic aggregation a unit that improves on a positive indicator never loses score; a seed
// reproduces an uncertainty analysis exactly; with nothing uncertain, every replication is the
// nominal ranking, whatever the tree, its methods, gates, screening and missing values.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/methods/aggregate.h"
#include "atlas/evaluate/methods/normalise.h"
#include "atlas/evaluate/methods/weights.h"
#include "atlas/evaluate/uncertainty.h"

namespace atlas::evaluate {
namespace {

// A units × columns matrix of positive values (1 to 1000, in thousandths).
Matrix positive_matrix(std::size_t rows, std::size_t cols) {
  Matrix m(rows, cols);
  for (auto& v : m.data) v = *rc::gen::inRange(1, 1000000) / 1000.0;
  return m;
}

RC_GTEST_PROP(Properties, EntropyAndCriticWeightsSumToOne, ()) {
  auto rows = static_cast<std::size_t>(*rc::gen::inRange(3, 20));
  auto cols = static_cast<std::size_t>(*rc::gen::inRange(2, 8));
  auto m = positive_matrix(rows, cols);
  std::vector<Polarity> p(cols, Polarity::kPositive);
  for (auto& q : p) q = *rc::gen::element(Polarity::kPositive, Polarity::kNegative);
  for (const auto& w :
       {methods::entropy_weights(m, p).weights, methods::critic_weights(m, p).weights}) {
    double sum = 0;
    for (double x : w) {
      RC_ASSERT(x >= 0);
      sum += x;
    }
    RC_ASSERT(std::abs(sum - 1) < 1e-9);
  }
}

RC_GTEST_PROP(Properties, MinMaxAndRankIgnoreTheUnitOfMeasurement, ()) {
  auto n = static_cast<std::size_t>(*rc::gen::inRange(2, 30));
  std::vector<double> x(n), scaled(n);
  double factor = *rc::gen::inRange(1, 100000) / 100.0;  // 0.01 … 1000, e.g. 元 → 万元
  for (std::size_t i = 0; i < n; ++i) {
    x[i] = *rc::gen::inRange(-1000, 1000);
    scaled[i] = x[i] * factor;
  }
  auto polarity = *rc::gen::element(Polarity::kPositive, Polarity::kNegative);
  for (auto method : {methods::NormaliseMethod::kMinMax, methods::NormaliseMethod::kRank}) {
    auto a = methods::normalise(x, polarity, method).values;
    auto b = methods::normalise(scaled, polarity, method).values;
    for (std::size_t i = 0; i < n; ++i) RC_ASSERT(std::abs(a[i] - b[i]) < 1e-9);
  }
}

RC_GTEST_PROP(Properties, ImprovingAPositiveIndicatorNeverLowersAnArithmeticScore, ()) {
  auto rows = static_cast<std::size_t>(*rc::gen::inRange(2, 12));
  auto cols = static_cast<std::size_t>(*rc::gen::inRange(1, 6));
  auto raw = positive_matrix(rows, cols);
  std::vector<double> w(cols);
  for (auto& v : w) v = *rc::gen::inRange(1, 100);
  auto unit = static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(rows)));
  auto column = static_cast<std::size_t>(*rc::gen::inRange<int>(0, static_cast<int>(cols)));
  auto better = raw;
  better(unit, column) += *rc::gen::inRange(1, 1000000) / 1000.0;
  auto score = [&](const Matrix& m) {
    Matrix normalised(rows, cols);
    for (std::size_t c = 0; c < cols; ++c) {
      normalised.set_column(
          c, methods::normalise(m.column(c), Polarity::kPositive, methods::NormaliseMethod::kMinMax)
                 .values);
    }
    return methods::arithmetic_mean(normalised, w).scores[unit];
  };
  RC_ASSERT(score(better) >= score(raw) - 1e-9);
}

RC_GTEST_PROP(Properties, ASeedReproducesAnUncertaintyAnalysis, ()) {
  auto parsed = parse_system(R"(id: t
name_zh: 测
index:
  id: index
  name_zh: 指数
  children:
    - {id: a, name_zh: 甲}
    - {id: b, name_zh: 乙, polarity: negative}
    - {id: c, name_zh: 丙}
)");
  RC_ASSERT(parsed.system.has_value());
  std::vector<Unit> units;
  auto n = *rc::gen::inRange(2, 15);
  for (int i = 0; i < n; ++i) {
    Unit u{std::to_string(i), std::to_string(i), {}, UnitFields(0)};
    for (const char* f : {"a", "b", "c"}) u.fields.set(f, *rc::gen::inRange(0, 100));
    units.push_back(std::move(u));
  }
  auto run = run_evaluation(*parsed.system, units, {});
  UncertaintyOptions o;
  o.replications = 50;
  o.seed = *rc::gen::arbitrary<std::uint64_t>();
  o.weight_spread = 0.3;
  o.normalise = {"minmax", "zscore", "rank"};
  o.aggregate = {"arithmetic", "power"};
  auto first = run_uncertainty(run, o);
  o.threads = 1;
  auto again = run_uncertainty(run, o);
  for (std::size_t i = 0; i < units.size(); ++i) {
    RC_ASSERT(first.units[i].median_rank == again.units[i].median_rank);
    RC_ASSERT(first.units[i].p5_rank == again.units[i].p5_rank);
    RC_ASSERT(first.units[i].p95_rank == again.units[i].p95_rank);
    RC_ASSERT(first.units[i].mean_rank == again.units[i].mean_rank);
  }
}

// A random system: the index over 1–3 dimensions of 1–3 indicators, relative weights 1–5, any
// polarity, and on every inner node either the default or its own aggregation; an exclude gate
// on the first indicator, and screening, now and then. `rankers`: whether TOPSIS, VIKOR and GRA
// may be drawn (they need complete data).
std::string random_system(bool rankers, bool gate, bool screen) {
  std::vector<std::string> methods = {"arithmetic", "geometric", "harmonic", "power", "copeland"};
  if (rankers) methods.insert(methods.end(), {"topsis", "vikor", "gra"});
  auto aggregate = [&](const char* indent) {
    if (*rc::gen::inRange(0, 2) == 0) return std::string();  // the default
    return fmt::format("{}aggregate: {}\n", indent, *rc::gen::elementOf(methods));
  };
  std::string yaml =
      fmt::format("id: t\nname_zh: 测\nmethods: {{normalise: {}, aggregate: {}, screen: {}}}\n",
                  *rc::gen::element<std::string>("minmax", "zscore"), *rc::gen::elementOf(methods),
                  screen ? 0.5 : 0);
  yaml += "index:\n  id: index\n  name_zh: 指数\n  weights: relative\n" + aggregate("  ") +
          "  children:\n";
  int dimensions = *rc::gen::inRange(1, 4);
  for (int d = 0; d < dimensions; ++d) {
    yaml += fmt::format("    - id: d{}\n      name_zh: 维{}\n      weight: {}\n", d, d,
                        *rc::gen::inRange(1, 6));
    yaml += "      weights: relative\n" + aggregate("      ") + "      children:\n";
    int indicators = *rc::gen::inRange(1, 4);
    for (int j = 0; j < indicators; ++j) {
      yaml += fmt::format("        - {{id: x{}_{}, name_zh: 指{}_{}, weight: {}, polarity: {}}}\n",
                          d, j, d, j, *rc::gen::inRange(1, 6),
                          *rc::gen::element<std::string>("positive", "negative"));
    }
  }
  if (gate) yaml += "gates:\n  - {id: g, rule: x0_0 >= 400}\n";
  return yaml;
}

// Found by issue 13: a node's own aggregation was lost in the replications, which then ranked
// units differently from the evaluation they analyse.
RC_GTEST_PROP(Properties, WithNothingUncertainEveryReplicationIsTheNominalRanking, ()) {
  bool rankers = *rc::gen::arbitrary<bool>();
  auto parsed = parse_system(
      random_system(rankers, *rc::gen::arbitrary<bool>(), *rc::gen::arbitrary<bool>()));
  RC_ASSERT(parsed.problems.empty());
  std::vector<Unit> units;
  const auto fields = parsed.system->indicators();
  auto n = *rc::gen::inRange(3, 12);
  for (int i = 0; i < n; ++i) {
    Unit u{std::to_string(i), std::to_string(i), {}, UnitFields(0)};
    // Now and then a unit without any value (screened out, or left out by the rankers); with
    // means only, single values missing too.
    bool none = *rc::gen::inRange(0, 6) == 0;
    for (const auto* f : fields) {
      if (none || (!rankers && *rc::gen::inRange(0, 8) == 0)) continue;
      u.fields.set(f->id, *rc::gen::inRange(1, 1000000) / 1000.0);
    }
    units.push_back(std::move(u));
  }
  std::optional<EvaluationRun> run;
  try {
    run = run_evaluation(*parsed.system, units, {});
  } catch (const Error&) {
    RC_DISCARD("no unit can decide the gate");
  }
  UncertaintyOptions o;
  o.replications = 20;
  auto u = run_uncertainty(*run, o);
  for (std::size_t i = 0; i < units.size(); ++i) {
    const auto& q = u.units[i];
    const auto& rank = run->results[i].rank;  // no composite: the ranking of the data score
    if (!rank) {
      RC_ASSERT(q.ranked == 0);
      continue;
    }
    RC_ASSERT(q.ranked == 20);
    RC_ASSERT(q.p5_rank == rank);
    RC_ASSERT(q.p95_rank == rank);
  }
}

}  // namespace
}  // namespace atlas::evaluate
