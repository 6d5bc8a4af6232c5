// The pipeline's own rules, on small tables worked out by hand: what gates do to ranks and
// grades, the weights a unit's score was built with when indicators are missing and the
// contributions, screened-out units and the MCDA rankers, raw values under
// normalise none (entropy weights and TOPSIS as their textbooks state them, with a cost
// criterion), and min-max's output range.
#include "atlas/evaluate/pipeline.h"

#include <cmath>
#include <map>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"
#include "atlas/evaluate/test_support.h"

namespace atlas::evaluate {
namespace {

using test_support::units_of;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

IndicatorSystem system_of(const std::string& yaml) {
  auto p = parse_system(yaml);
  if (!p.system) ADD_FAILURE() << p.problems.front().line << ": " << p.problems.front().message;
  return *p.system;
}

const char* kGated = R"(id: t
name_zh: 门槛
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营收}
grades:
  - {name: 优秀, min: 60}
  - {name: 合格, min: 30}
  - {name: 不合格, min: 0}
gates:
  - {id: scale, rule: revenue >= 50}
  - {id: top, rule: revenue >= 90, effect: cap, cap: 合格}
  - {id: note, rule: revenue >= 70, effect: flag}
)";

// Revenue 100, 80, 60, 40 → min-max 100, 66.67, 33.33, 0.
//   A passes every gate: rank 1, 优秀.
//   B fails `top` (cap at 合格): 66.67 earns 优秀, capped to 合格; still ranked 2.
//   C fails `top` and `note` (flag): 33.33 earns 合格, the cap changes nothing; ranked 3.
//   D fails `scale` (exclude, the default): no rank, no grade, though its score earns 不合格.
TEST(PipelineGates, ExcludeCapAndFlag) {
  auto s = system_of(kGated);
  auto run = run_evaluation(s, units_of({"revenue"}, {{100}, {80}, {60}, {40}}), {});
  const auto& r = run.results;
  EXPECT_EQ(r[0].rank, 1);
  EXPECT_EQ(r[0].grade, "优秀");
  EXPECT_EQ(r[1].rank, 2);
  EXPECT_EQ(r[1].grade, "合格");
  EXPECT_EQ(r[1].uncapped_grade, "优秀");
  EXPECT_THAT(r[1].capped_by, ElementsAre(1u));
  EXPECT_EQ(r[2].rank, 3);
  EXPECT_EQ(r[2].grade, "合格");
  EXPECT_EQ(r[2].gates[2], GateOutcome::kFail);
  EXPECT_FALSE(r[3].rank.has_value());
  EXPECT_EQ(r[3].grade, "");
  EXPECT_EQ(r[3].uncapped_grade, "不合格");
  EXPECT_THAT(r[3].excluded_by, ElementsAre(0u));
  EXPECT_DOUBLE_EQ(r[3].score, 0);  // still scored among the four: only the ranking excludes it
}

// A gate no unit can decide is an error at its line, not a gate every unit silently skips.
TEST(PipelineGates, UndecidedForEveryUnitIsAnError) {
  auto s = system_of(std::string(kGated) + "  - {id: typo, rule: revenu >= 1}\n");
  try {
    run_evaluation(s, units_of({"revenue"}, {{100}, {80}}), {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 16);
    EXPECT_THAT(e.what(), HasSubstr("gate 'typo' is undecided for every one of the 2 units: "
                                    "none has revenu"));
  }
}

// Weights .75 (a) and .25 (b); B lacks b, so its score is a alone: a's weight used is 1.
// A: min-max a over (2, 4) → 0, b over (10) alone → the constant column's 50: 0.75·0 + .25·50.
TEST(PipelineMissing, CountsMissingIndicatorsAndTheWeightsActuallyUsed) {
  auto s = system_of(R"(id: t
name_zh: 缺失
index:
  id: index
  name_zh: 指数
  children:
    - {id: a, name_zh: 甲, weight: 0.75}
    - {id: b, name_zh: 乙, weight: 0.25}
)");
  auto run = run_evaluation(s, units_of({"a", "b"}, {{2, 10}, {4, NAN}}), {});
  EXPECT_EQ(run.results[0].missing_indicators, 0);
  EXPECT_THAT(run.results[0].weights_used, ElementsAre(0.75, 0.25));
  EXPECT_DOUBLE_EQ(run.results[0].score, 12.5);
  EXPECT_EQ(run.results[1].missing_indicators, 1);
  EXPECT_THAT(run.results[1].weights_used, ElementsAre(1.0, 0.0));
  EXPECT_DOUBLE_EQ(run.results[1].score, 100);
  // Contributions: A 0.75·0 and 0.25·50; B a's 1·100 and, for b, none — missing, not 0 points.
  EXPECT_THAT(run.results[0].contributions, ElementsAre(0.0, 12.5));
  ASSERT_EQ(run.results[1].contributions.size(), 2u);
  EXPECT_DOUBLE_EQ(run.results[1].contributions[0], 100);
  EXPECT_TRUE(std::isnan(run.results[1].contributions[1]));
}

// Found by issue 13: a unit without a score (screened out) showed contributions of 0 points.
TEST(PipelineMissing, AUnitWithoutAScoreHasNoContributions) {
  auto s = system_of(R"(id: t
name_zh: 筛选
methods: {screen: 0.75}
index:
  id: index
  name_zh: 指数
  children: [{id: a, name_zh: 甲}, {id: b, name_zh: 乙}]
)");
  auto run = run_evaluation(s, units_of({"a", "b"}, {{1, 4}, {3, 3}, {5, NAN}}), {});
  ASSERT_TRUE(run.results[2].screened_out);
  EXPECT_TRUE(std::isnan(run.results[2].score));
  ASSERT_EQ(run.results[2].contributions.size(), 2u);
  for (double c : run.results[2].contributions) EXPECT_TRUE(std::isnan(c));
}

// Found by issue 13: a screened-out unit's row, all missing, reached TOPSIS, VIKOR and GRA, which
// need complete data, and stopped every run that screens. It is left out of the comparison.
// C has 1 of the 2 indicators, under the 75% screen: its x of 5 takes no part. A, B, D: x = 1, 3,
// 4 and y = 4, 3, 1 → min-max x 0, 66.7, 100 and y 100, 66.7, 0, equal weights.
//   TOPSIS (v = z / 2): A (0, 50), B (33.3, 33.3), D (50, 0); ideal (50, 50), anti-ideal (0, 0):
//   D⁺ = 50, 23.57, 50 and D⁻ = 50, 47.14, 50 → 100 · D⁻/(D⁺ + D⁻) = 50, 66.7, 50.
//   VIKOR: t = (100 − z)/200: S = 0.5, 1/3, 0.5; R = 0.5, 1/6, 0.5 → Q = 1, 0, 1 → 0, 100, 0.
//   GRA: Δ = 1 − z/100 = (1, 0), (1/3, 1/3), (0, 1); ξ = 0.5/(Δ + 0.5) → grades (1/3 + 1)/2,
//   0.6, (1 + 1/3)/2 → 66.7, 60, 66.7.
TEST(PipelineRankers, ScreenedOutUnitsAreLeftOut) {
  const std::string yaml = R"(id: t
name_zh: 筛选
methods: {screen: 0.75, aggregate: METHOD}
index:
  id: index
  name_zh: 指数
  children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙}]
)";
  auto data = units_of({"x", "y"}, {{1, 4}, {3, 3}, {5, NAN}, {4, 1}});
  const std::map<std::string, std::vector<double>> expected = {
      {"topsis", {50, 200.0 / 3, 50}}, {"vikor", {0, 100, 0}}, {"gra", {200.0 / 3, 60, 200.0 / 3}}};
  for (const auto& [method, scores] : expected) {
    auto text = yaml;
    text.replace(text.find("METHOD"), 6, method);
    auto run = run_evaluation(system_of(text), data, {});
    const std::size_t kept[] = {0, 1, 3};
    for (std::size_t k = 0; k < 3; ++k) {
      EXPECT_NEAR(run.results[kept[k]].score, scores[k], 1e-9) << method << " " << kept[k];
    }
    EXPECT_TRUE(run.results[2].screened_out);
    EXPECT_TRUE(std::isnan(run.results[2].score)) << method;
    EXPECT_FALSE(run.results[2].rank.has_value()) << method;
    EXPECT_THAT(run.log,
                Contains(HasSubstr("3 of the 4 units compared; left out, with no value: C")))
        << method;
  }
}

// A unit the rankers compare must have every value: the error names it and the indicator.
TEST(PipelineRankers, AMissingValueNamesTheUnitAndIndicator) {
  auto s = system_of(R"(id: t
name_zh: 缺失
methods: {aggregate: topsis}
index:
  id: index
  name_zh: 指数
  children: [{id: x, name_zh: 甲}, {id: y, name_zh: 乙}]
)");
  auto data = units_of({"x", "y"}, {{1, 4}, {3, NAN}, {4, 1}});
  data[1].name = "乙集群";
  try {
    run_evaluation(s, data, {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_THAT(e.what(), HasSubstr("topsis needs complete data: B (乙集群) has no value for 'y'; "
                                    "impute first"));
  }
}

// normalise none: entropy weights on raw shares and TOPSIS with its own vector normalisation,
// x a benefit and c a cost criterion, x = (2, 4, 6), c = (1, 2, 4).
//   Entropy, x: p = (1, 2, 3)/6, e = −(p ln p summed)/ln 3 = 0.920620, d = 0.079380.
//   c enters as 1/c = (1, .5, .25), p = (4, 2, 1)/7, e = 0.869916, d = 0.130084.
//   w = d/Σd = (0.378967, 0.621033).
//   TOPSIS: r_x = x/√56, r_c = c/√21; v = w·r; A⁺ = (max v_x, min v_c), A⁻ = (min v_x, max v_c);
//   C = D⁻/(D⁺ + D⁻) × 100 = 66.744862, 63.102666, 33.255138 (worked in Python, plain floats).
TEST(PipelineRaw, EntropyAndTopsisAsTheTextbooksStateThem) {
  auto s = system_of(R"(id: t
name_zh: 原值
methods: {normalise: none, weighting: entropy, aggregate: topsis}
index:
  id: index
  name_zh: 指数
  children:
    - {id: x, name_zh: 效益}
    - {id: c, name_zh: 成本, polarity: negative}
)");
  auto run = run_evaluation(s, units_of({"x", "c"}, {{2, 1}, {4, 2}, {6, 4}}), {});
  EXPECT_NEAR(run.weight_in_parent[1], 0.37896690517998266, 1e-12);
  EXPECT_NEAR(run.weight_in_parent[2], 0.6210330948200173, 1e-12);
  EXPECT_NEAR(run.results[0].score, 66.74486218763036, 1e-9);
  EXPECT_NEAR(run.results[1].score, 63.102666095191154, 1e-9);
  EXPECT_NEAR(run.results[2].score, 33.255137812369625, 1e-9);
  EXPECT_DOUBLE_EQ(run.normalised(2, 1), 4);  // raw values are kept as they are
  // Less is better on c: C, with the highest cost, is last on it.
  EXPECT_EQ(run.results[2].indicator_ranks[1], 3);
}

TEST(PipelineRaw, AMeanOfRawValuesIsRefused) {
  auto s = system_of(R"(id: t
name_zh: 原值
index:
  id: index
  name_zh: 指数
  children:
    - {id: x, name_zh: 甲}
)");
  Options o;
  o.normalise = "none";
  EXPECT_THROW(run_evaluation(s, units_of({"x"}, {{1}, {2}}), o), Error);
  o.aggregate = "vikor";
  EXPECT_NO_THROW(run_evaluation(s, units_of({"x"}, {{1}, {2}}), o));
}

// methods.range [1, 100]: 40 → 1, 100 → 100, 80 → 1 + (40/60)·99 = 67.
TEST(PipelineRange, MinMaxOntoTheRangeTheSystemSets) {
  auto s = system_of(R"(id: t
name_zh: 区间
methods: {range: [1, 100]}
index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营收}
)");
  auto run = run_evaluation(s, units_of({"revenue"}, {{100}, {80}, {40}}), {});
  EXPECT_DOUBLE_EQ(run.results[0].score, 100);
  EXPECT_DOUBLE_EQ(run.results[1].score, 67);
  EXPECT_DOUBLE_EQ(run.results[2].score, 1);
}

}  // namespace
}  // namespace atlas::evaluate
