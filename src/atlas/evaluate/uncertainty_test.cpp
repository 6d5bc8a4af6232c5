#include "atlas/evaluate/uncertainty.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "atlas/core/error.h"
#include "atlas/evaluate/test_support.h"

namespace atlas::evaluate {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

using test_support::units_of;

// The worked example (test_support.h).
IndicatorSystem example(const std::string& index_aggregate = "",
                        const std::string& aggregate = "arithmetic") {
  return test_support::worked_example(index_aggregate, aggregate);
}

std::vector<Unit> units() {
  return test_support::worked_example_units();
}

TEST(UncertaintyTest, WithNothingUncertainEveryReplicationIsTheNominalRanking) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  UncertaintyOptions o;
  o.replications = 200;
  auto u = run_uncertainty(run, o);
  // Nominal ranks: A 91, B 36, D 33.3, C 29.3 (docs/indicator-systems.md).
  const int nominal[] = {1, 2, 4, 3};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(u.units[i].nominal_rank, nominal[i]);
    EXPECT_EQ(u.units[i].median_rank, nominal[i]);
    EXPECT_EQ(u.units[i].p5_rank, nominal[i]);
    EXPECT_EQ(u.units[i].p95_rank, nominal[i]);
    EXPECT_DOUBLE_EQ(u.units[i].mean_rank, nominal[i]);
    EXPECT_EQ(u.units[i].ranked, 200);
  }
}

TEST(UncertaintyTest, TwoAggregationsGiveRankIntervalsThatSpanBoth) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  UncertaintyOptions o;
  o.replications = 400;
  o.seed = 7;
  o.aggregate = {"arithmetic", "geometric"};
  auto u = run_uncertainty(run, o);
  int geometric = 0;
  for (const auto& r : u.replications) geometric += r.aggregate;
  ASSERT_GT(geometric, 40);  // both alternatives drawn often enough for 5%–95% to see both
  ASSERT_LT(geometric, 360);
  // Arithmetic ranks A 1, B 2, D 3, C 4. Geometric means (min-max values, a 0 makes a mean 0):
  // A exp(0.4 ln 100 + 0.6 (0.6 ln 75 + 0.4 ln 100)) > 0 → 1; D has energy alone, 33.3 → 2;
  // B (revenue 0) and C (R&D 0) score 0 → both 3.
  EXPECT_EQ(u.units[0].p5_rank, 1);
  EXPECT_EQ(u.units[0].p95_rank, 1);
  EXPECT_EQ(u.units[1].p5_rank, 2);  // B
  EXPECT_EQ(u.units[1].p95_rank, 3);
  EXPECT_EQ(u.units[2].p5_rank, 3);  // C
  EXPECT_EQ(u.units[2].p95_rank, 4);
  EXPECT_EQ(u.units[3].p5_rank, 2);  // D
  EXPECT_EQ(u.units[3].p95_rank, 3);
  // B's mean rank: 2 in the arithmetic replications, 3 in the geometric ones.
  EXPECT_DOUBLE_EQ(u.units[1].mean_rank, (2.0 * (400 - geometric) + 3.0 * geometric) / 400);
}

TEST(UncertaintyTest, TheSeedReproducesTheResultWhateverTheThreads) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  UncertaintyOptions o;
  o.replications = 500;
  o.seed = 42;
  o.weight_spread = 0.5;
  o.normalise = {"minmax", "rank"};
  o.threads = 1;
  auto one = run_uncertainty(run, o);
  o.threads = 3;
  auto three = run_uncertainty(run, o);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(one.units[i].median_rank, three.units[i].median_rank);
    EXPECT_EQ(one.units[i].p95_rank, three.units[i].p95_rank);
    EXPECT_DOUBLE_EQ(one.units[i].mean_rank, three.units[i].mean_rank);
  }
  o.seed = 43;
  auto other = run_uncertainty(run, o);
  bool differs = false;
  for (std::size_t r = 0; r < 500; ++r) {
    differs = differs || other.replications[r].seed != one.replications[r].seed;
  }
  EXPECT_TRUE(differs);
}

// Found by issue 13: the replications aggregated every node with one method, so a node's own
// `aggregate:` was lost. The index's own geometric mean of scale and innovation (0.4, 0.6):
// A 100^0.4 · 85^0.6 = 90.7, B 0 (its scale is 0), C 33.3^0.4 · 26.7^0.6 = 29.1, D 33.3
// (innovation alone): A 1, D 2, C 3, B 4 — nominal and in every replication.
TEST(UncertaintyTest, ANodesOwnAggregationIsKeptInEveryReplication) {
  auto system = example("geometric");
  auto run = run_evaluation(system, units(), {});
  EXPECT_NEAR(run.results[0].score, std::pow(100, 0.4) * std::pow(85, 0.6), 1e-9);
  UncertaintyOptions o;
  o.replications = 50;
  auto u = run_uncertainty(run, o);
  const int expected[] = {1, 4, 3, 2};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(run.results[i].rank, expected[i]);
    EXPECT_EQ(u.units[i].nominal_rank, expected[i]);
    EXPECT_EQ(u.units[i].p5_rank, expected[i]) << i;
    EXPECT_EQ(u.units[i].p95_rank, expected[i]) << i;
  }
  SensitivityOptions so;
  so.samples = 20;
  EXPECT_DOUBLE_EQ(run_sensitivity(run, so).mean_shift, 0);
}

// An aggregation alternative replaces the system's default, not a node's own method. Default
// geometric, the index's own geometric; nominal: innovation 75^0.6 · 100^0.4 for A, 0 for B
// and C (a 0 each), 33.3 for D, so the index ranks A 1, D 2, B and C 3. The alternative
// arithmetic reaches the dimensions only: innovation A 85, B 60, C 26.7, D 33.3 under the index's
// geometric mean gives A 1, D 2, C 3, B 4 (the test above) — not the all-arithmetic A, B, D, C.
TEST(UncertaintyTest, AnAlternativeReplacesTheDefaultOnly) {
  auto system = example("geometric", "geometric");
  auto run = run_evaluation(system, units(), {});
  const int nominal[] = {1, 3, 3, 2}, replicated[] = {1, 4, 3, 2};
  UncertaintyOptions o;
  o.replications = 50;
  o.aggregate = {"arithmetic"};
  auto u = run_uncertainty(run, o);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(u.units[i].nominal_rank, nominal[i]) << i;
    EXPECT_EQ(u.units[i].p5_rank, replicated[i]) << i;
    EXPECT_EQ(u.units[i].p95_rank, replicated[i]) << i;
  }
}

// A system whose every node names its method leaves the alternatives nothing to replace: the
// log says so, and the replications are the nominal ranking.
TEST(UncertaintyTest, AlternativesNoNodeTakesAreReported) {
  auto parsed = parse_system(R"(id: t
name_zh: 测
index:
  id: index
  name_zh: 指数
  aggregate: arithmetic
  children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙}]
)");
  ASSERT_TRUE(parsed.system.has_value());
  auto data = units_of({"x", "y"}, {{1, 3}, {2, 1}, {4, 2}});
  auto run = run_evaluation(*parsed.system, data, {});
  UncertaintyOptions o;
  o.replications = 20;
  o.aggregate = {"arithmetic", "geometric"};
  auto u = run_uncertainty(run, o);
  EXPECT_THAT(u.log, Contains(HasSubstr("every node names its own aggregation")));
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(u.units[i].p95_rank, u.units[i].nominal_rank);
}

// Raw values (normalise none) need a ranker at every node with indicators among its children,
// under every alternative. Dimensions naming their own TOPSIS keep it, so the index's default may
// vary among means (it combines dimension scores, 0–100); an alternative reaching a node of
// indicators must be a ranker.
TEST(UncertaintyTest, RawValuesMeetOnlyRankersUnderEveryAlternative) {
  const std::string yaml = R"(id: t
name_zh: 原值
methods: {normalise: none, aggregate: DEFAULT}
index:
  id: index
  name_zh: 指数
  children:
    - id: d
      name_zh: 维
      aggregate: topsis
      children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙, polarity: negative}]
    - id: e
      name_zh: 维二
      aggregate: OWN
      children: [{id: z, name_zh: 丙}]
)";
  auto system_with = [&](const std::string& fallback, const std::string& own) {
    auto text = yaml;
    text.replace(text.find("DEFAULT"), 7, fallback);
    auto at = text.find("      aggregate: OWN\n");
    text.replace(at, 21, own.empty() ? "" : "      aggregate: " + own + "\n");
    auto parsed = parse_system(text);
    EXPECT_TRUE(parsed.problems.empty());
    return std::move(*parsed.system);
  };
  auto data = units_of({"x", "y", "z"}, {{1, 3, 5}, {2, 1, 7}, {4, 2, 6}});
  UncertaintyOptions o;
  o.replications = 10;
  o.aggregate = {"arithmetic", "geometric"};
  auto ranked = system_with("arithmetic", "vikor");
  EXPECT_NO_THROW(run_uncertainty(run_evaluation(ranked, data, {}), o));
  // e takes the default: under arithmetic it would add raw values.
  auto open = system_with("topsis", "");
  auto run = run_evaluation(open, data, {});
  o.aggregate = {"topsis", "arithmetic"};
  try {
    run_uncertainty(run, o);
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("normalise none hands the raw values of 'e' to aggregate "
                                    "arithmetic"));
  }
}

// Complete data take the fast path (the index as a product with effective weights, geometric
// means in log space); with nothing uncertain its ranks must be those of the pipeline, whose
// means come from the methods library.
TEST(UncertaintyTest, TheFastPathRanksAsThePipeline) {
  auto system = example();
  auto complete = units();
  complete.pop_back();  // D has no revenue
  Unit e{"E", "E", {}, UnitFields(0)};
  e.fields.set("revenue", 450);
  e.fields.set("rd_expenditure", 20);
  e.fields.set("energy_per_output", 0.25);
  complete.push_back(std::move(e));
  for (const char* mean : {"arithmetic", "geometric"}) {
    Options nominal;
    nominal.aggregate = mean;
    auto run = run_evaluation(system, complete, nominal);
    UncertaintyOptions o;
    o.replications = 20;
    o.aggregate = {mean};
    auto u = run_uncertainty(run, o);
    for (std::size_t i = 0; i < complete.size(); ++i) {
      ASSERT_TRUE(run.results[i].rank.has_value());
      EXPECT_EQ(u.units[i].median_rank, *run.results[i].rank) << mean << " " << i;
      EXPECT_EQ(u.units[i].p5_rank, u.units[i].p95_rank) << mean << " " << i;
    }
  }
}

// Found by the property tests: a replication in which no unit has a score (here: no data at
// all) crashed the rank sort.
TEST(UncertaintyTest, AReplicationWithoutAnyScoreRanksNobody) {
  // One indicator whose formula divides by zero: missing for every unit.
  auto system = *parse_system(R"(id: t
name_zh: 测
index:
  id: index
  name_zh: 指数
  children: [{id: x, name_zh: 甲, formula: a / b}]
)")
                     .system;
  std::vector<Unit> units;
  for (const char* code : {"A", "B"}) {
    Unit u{code, code, {}, UnitFields(0)};
    u.fields.set("a", 1);
    u.fields.set("b", 0);
    units.push_back(std::move(u));
  }
  auto run = run_evaluation(system, units, {});
  UncertaintyOptions o;
  o.replications = 10;
  auto u = run_uncertainty(run, o);
  for (const auto& unit : u.units) {
    EXPECT_EQ(unit.ranked, 0);
    EXPECT_FALSE(unit.median_rank.has_value());
  }
}

// Only the aggregation varies (one normalisation, no weight spread): it carries all the
// variance. The other factors' runs equal the A runs exactly, so their indices are exactly 0;
// the aggregation's first-order and total indices estimate 1.
TEST(SensitivityTest, TheOnlyUncertainChoiceCarriesAllTheVariance) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  SensitivityOptions o;
  o.samples = 400;
  o.seed = 3;
  o.aggregate = {"arithmetic", "geometric"};
  o.bootstrap = 200;
  auto s = run_sensitivity(run, o);
  ASSERT_EQ(s.factors.size(), 3u);
  EXPECT_EQ(s.runs, 400 * 5);
  EXPECT_GT(s.variance, 0);
  EXPECT_EQ(s.factors[0].factor, "weights");
  EXPECT_DOUBLE_EQ(s.factors[0].first, 0);
  EXPECT_DOUBLE_EQ(s.factors[0].total, 0);
  EXPECT_DOUBLE_EQ(s.factors[1].total, 0);
  EXPECT_NEAR(s.factors[2].first, 1, 0.15);
  EXPECT_NEAR(s.factors[2].total, 1, 0.15);
  EXPECT_LE(s.factors[2].total_lo, s.factors[2].total);
  EXPECT_GE(s.factors[2].total_hi, s.factors[2].total);
  // The shift of a geometric run from the nominal (arithmetic) ranking A 1, B 2, D 3, C 4 to
  // A 1, D 2, B 3, C 3 is (0 + 1 + 1 + 1) / 4 = 0.75; arithmetic runs shift 0. About half of
  // the runs are geometric, so the mean shift is near 0.375.
  EXPECT_NEAR(s.mean_shift, 0.375, 0.1);
}

TEST(SensitivityTest, NothingUncertainMeansNoVarianceAndZeroIndices) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  SensitivityOptions o;
  o.samples = 20;
  auto s = run_sensitivity(run, o);
  EXPECT_DOUBLE_EQ(s.variance, 0);
  for (const auto& f : s.factors) EXPECT_DOUBLE_EQ(f.total, 0);
}

TEST(UncertaintyTest, BadOptionsAreRefused) {
  auto system = example();
  auto run = run_evaluation(system, units(), {});
  UncertaintyOptions o;
  o.replications = 0;
  EXPECT_THROW(run_uncertainty(run, o), Error);
  o.replications = 10;
  o.weight_spread = 1.5;
  EXPECT_THROW(run_uncertainty(run, o), Error);
  o.weight_spread = 0.1;
  o.aggregate = {"median"};
  EXPECT_THROW(run_uncertainty(run, o), Error);
}

// x and y equally weighted; D has no y. Min-max x (1 … 4): A 0, B 33.3, C 100, D 16.7.
// Imputing y_D with the mean of 10, 11, 40 (20.33) gives y: A 0, B 3.33, C 100, D 34.4, so
// scores A 0, B 18.3, C 100, D 25.6: C, D, B, A. With the median (11): D's y is 3.33 and its
// score 10: C, B, D, A. Only B and D trade places, 2 and 3.
TEST(UncertaintyTest, ImputationAlternativesAreAChoiceLikeTheOthers) {
  auto system = *parse_system(R"(id: t
name_zh: 插补
index:
  id: index
  name_zh: 指数
  children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙}]
)")
                     .system;
  auto data = units_of({"x", "y"}, {{1, 10}, {2, 11}, {4, 40}, {1.5, kMissing}});
  Options mean;
  mean.impute = "mean";
  auto run = run_evaluation(system, data, mean);
  UncertaintyOptions o;
  o.replications = 400;
  o.seed = 7;
  o.impute = impute_alternatives(system, data, {}, {"mean", "median"});
  auto u = run_uncertainty(run, o);
  EXPECT_EQ(u.impute, (std::vector<std::string>{"mean", "median"}));
  int by_median = 0;
  for (const auto& rep : u.replications) by_median += rep.impute;
  EXPECT_GT(by_median, 100);  // about half of 400
  EXPECT_LT(by_median, 300);
  // C is always first and A last; D is 2nd exactly when the mean was drawn.
  EXPECT_EQ(u.units[2].p95_rank, 1);
  EXPECT_EQ(u.units[0].p5_rank, 4);
  EXPECT_EQ((std::pair{u.units[3].p5_rank, u.units[3].p95_rank}),
            (std::pair{std::optional(2), std::optional(3)}));
  EXPECT_DOUBLE_EQ(u.units[3].mean_rank, (2.0 * (400 - by_median) + 3.0 * by_median) / 400);

  // Sensitivity: imputation is the only uncertain choice, so the other three factors never
  // change the output (their total indices are exactly 0) and imputation's total index is
  // positive.
  SensitivityOptions so;
  so.samples = 200;
  so.impute = o.impute;
  auto s = run_sensitivity(run, so);
  ASSERT_EQ(s.factors.size(), 4u);
  EXPECT_EQ(s.runs, 200 * 6);  // N · (d + 2): A, B and one A_B per factor
  EXPECT_EQ(s.factors[3].factor, "impute");
  for (int f = 0; f < 3; ++f) EXPECT_DOUBLE_EQ(s.factors[f].total, 0) << s.factors[f].factor;
  EXPECT_GT(s.factors[3].total, 0.5);
}

}  // namespace
}  // namespace atlas::evaluate
