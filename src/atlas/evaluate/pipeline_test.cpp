// The pipeline's own rules, on small tables worked out by hand: what gates do to ranks and
// grades, the weights a unit's score was built with when indicators are missing, raw values under
// normalise none (entropy weights and TOPSIS as their textbooks state them, with a cost
// criterion), and min-max's output range.
#include "atlas/evaluate/pipeline.h"

#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::evaluate {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

IndicatorSystem system_of(const std::string& yaml) {
  auto p = parse_system(yaml);
  if (!p.system) ADD_FAILURE() << p.problems.front().line << ": " << p.problems.front().message;
  return *p.system;
}

// Units A, B, C … with the given fields (NaN: not reported).
std::vector<Unit> units_of(const std::vector<std::string>& fields,
                           const std::vector<std::vector<double>>& rows) {
  std::vector<Unit> out;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string code(1, static_cast<char>('A' + i));
    Unit u{code, code, {}, UnitFields(0)};
    for (std::size_t f = 0; f < fields.size(); ++f) u.fields.set(fields[f], rows[i][f]);
    out.push_back(std::move(u));
  }
  return out;
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
