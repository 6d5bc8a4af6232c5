#include "atlas/evaluate/system.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace atlas::evaluate {
namespace {

using ::testing::HasSubstr;

std::string problems_of(const SystemParse& p) {
  std::string out;
  for (const auto& q : p.problems) out += fmt::format("{}:{}: {}\n", q.line, q.column, q.message);
  return out;
}

TEST(SystemTest, EffectiveWeightsMultiplyDownTheTreeAndRelativeWeightsAreNormalised) {
  auto p = parse_system(R"(
id: t
name_zh: 测试
index:
  id: index
  name_zh: 指数
  children:
    - {id: a, name_zh: 甲, weight: 0.4}
    - id: b
      name_zh: 乙
      weight: 0.6
      weights: relative
      children:
        - {id: b1, name_zh: 乙一, weight: 1.2}
        - {id: b2, name_zh: 乙二, weight: 0.8, polarity: negative}
)");
  ASSERT_TRUE(p.system) << problems_of(p);
  auto ind = p.system->indicators();
  ASSERT_EQ(ind.size(), 3u);
  EXPECT_EQ(ind[0]->id, "a");
  EXPECT_DOUBLE_EQ(ind[0]->effective_weight, 0.4);
  // 1.2 / (1.2 + 0.8) = 0.6 of b; 0.6 × 0.6 = 0.36. And 0.8 / 2 = 0.4; 0.6 × 0.4 = 0.24.
  EXPECT_DOUBLE_EQ(ind[1]->weight_in_parent, 0.6);
  EXPECT_DOUBLE_EQ(ind[1]->effective_weight, 0.36);
  EXPECT_DOUBLE_EQ(ind[2]->effective_weight, 0.24);
  EXPECT_EQ(ind[2]->effective_polarity, Polarity::kNegative);
  EXPECT_EQ(ind[1]->effective_polarity, Polarity::kPositive);
  EXPECT_EQ(p.system->methods.normalise, "minmax");  // the default
}

TEST(SystemTest, ANegativeDimensionReversesItsIndicatorsAndANegativeIndicatorUnderItFlipsBack) {
  auto p = parse_system(R"(
id: t
name_zh: 测试
index:
  id: index
  name_zh: 指数
  children:
    - id: pressure
      name_zh: 环境压力
      polarity: negative
      children:
        - {id: emissions, name_zh: 排放}
        - {id: abatement, name_zh: 减排投入, polarity: negative}
)");
  ASSERT_TRUE(p.system) << problems_of(p);
  auto ind = p.system->indicators();
  EXPECT_EQ(ind[0]->effective_polarity, Polarity::kNegative);
  EXPECT_EQ(ind[1]->effective_polarity, Polarity::kPositive);
  // One child and no weights written: it carries the whole of its parent.
  EXPECT_DOUBLE_EQ(ind[0]->effective_weight, 0.5);
}

TEST(SystemTest, EveryProblemIsReportedAtOnceWithItsLine) {
  auto p = parse_system(R"(id: t
name_zh: 测试
methods: {normalise: minmaxx}
index:
  id: index
  name_zh: 指数
  children:
    - {id: a, name_zh: 甲, weight: 0.5, wieght: 1}
    - {id: a, name_zh: 乙, weight: 0.3, goalposts: [10, 5]}
    - {id: c, weight: -1}
grades:
  - {name: 合格, min: 60}
  - {name: 优秀, min: 85}
composite: {data: 0.4, expert: 0.5}
)");
  EXPECT_FALSE(p.system);
  auto all = problems_of(p);
  EXPECT_THAT(all, HasSubstr("3:"));
  EXPECT_THAT(all, HasSubstr("unknown normalise method 'minmaxx'"));
  EXPECT_THAT(all, HasSubstr("unknown key 'wieght'"));
  EXPECT_THAT(all, HasSubstr("id 'a' is used twice"));
  EXPECT_THAT(all, HasSubstr("low 10 is not below high 5"));
  EXPECT_THAT(all, HasSubstr("node 'c' needs a name"));
  EXPECT_THAT(all, HasSubstr("weight of 'c' must be above 0"));
  // 0.5 + 0.3 − 1 = −0.2: absolute weights must sum to 1 or 100.
  EXPECT_THAT(all, HasSubstr("sum to -0.2"));
  EXPECT_THAT(all, HasSubstr("best first"));
  EXPECT_THAT(all, HasSubstr("0.4 + 0.5"));
  EXPECT_EQ(p.problems.size(), 9u) << all;
  // Sorted by line: the method on line 3 comes before the nodes on lines 8–10.
  EXPECT_EQ(p.problems.front().line, 3) << all;
}

TEST(SystemTest, PairwiseMatricesMustBeSquareReciprocalAndPositive) {
  auto p = parse_system(R"(id: t
name_zh: 测试
methods: {weighting: ahp}
index:
  id: index
  name_zh: 指数
  pairwise:
    - [1, 3, 5]
    - [1/3, 1, 2]
    - [1/5, 1/3, 1]
  children:
    - {id: a, name_zh: 甲}
    - {id: b, name_zh: 乙}
    - {id: c, name_zh: 丙}
)");
  EXPECT_FALSE(p.system);
  // Row 3, column 2 must be 1/2 — not 1/3.
  EXPECT_THAT(problems_of(p), HasSubstr("row 3, column 2 must be 1/2"));
  EXPECT_EQ(p.problems.size(), 1u) << problems_of(p);

  auto ok = parse_system(R"(id: t
name_zh: 测试
methods: {weighting: ahp}
index:
  id: index
  name_zh: 指数
  pairwise: [[1, 2], [1/2, 1]]
  children: [{id: a, name_zh: 甲}, {id: b, name_zh: 乙}]
)");
  ASSERT_TRUE(ok.system) << problems_of(ok);
  EXPECT_DOUBLE_EQ(ok.system->index.pairwise[1][0], 0.5);
}

TEST(SystemTest, BrokenYamlGivesItsPosition) {
  auto p = parse_system("id: t\nindex: [unclosed\n");
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_GE(p.problems[0].line, 2);
}

TEST(SystemTest, IndicatorOnlyKeysOnAnInnerNodeAreProblems) {
  auto p = parse_system(R"(id: t
name_zh: 测试
index:
  id: index
  name_zh: 指数
  formula: revenue
  children:
    - {id: a, name_zh: 甲, aggregate: geometric}
)");
  auto all = problems_of(p);
  EXPECT_THAT(all, HasSubstr("'formula' belongs on an indicator"));
  EXPECT_THAT(all, HasSubstr("'aggregate' belongs on a node with children"));
}

TEST(SystemTest, FormulaAndRuleMistakesArePlacedInTheFile) {
  auto p = parse_system(R"(id: t
name_zh: 测试
index:
  id: index
  name_zh: 指数
  children:
    - id: a
      name_zh: 甲
      formula: rd_expenditure / / revenue
gates:
  - {id: g, rule: "mean_last(revenue, x) >= 300亿"}
)");
  ASSERT_EQ(p.problems.size(), 2u) << problems_of(p);
  // Line 9: "      formula: " is 15 characters, the second '/' is the 18th of the formula.
  EXPECT_EQ(p.problems[0].line, 9);
  EXPECT_EQ(p.problems[0].column, 15 + 18);
  EXPECT_THAT(p.problems[0].message, HasSubstr("formula of 'a': unexpected '/'"));
  EXPECT_EQ(p.problems[1].line, 11);
  EXPECT_THAT(p.problems[1].message, HasSubstr("rule of gate 'g': mean_last: N must be"));
}

// A small system with two grades and the gates given; methods as given.
std::string with_gates(const std::string& gates, const std::string& methods = "") {
  return R"(id: t
name_zh: 测试
)" + methods +
         R"(index:
  id: index
  name_zh: 指数
  children:
    - {id: revenue, name_zh: 营收}
grades:
  - {name: 良好, min: 50}
  - {name: 合格, min: 0}
)" + (gates.empty() ? "" : "gates:\n" + gates);
}

TEST(SystemTest, AGateExcludesUnlessItSaysCapOrFlag) {
  auto p = parse_system(with_gates(R"(  - {id: a, rule: revenue > 1}
  - {id: b, rule: revenue > 2, effect: flag}
  - {id: c, rule: revenue > 3, effect: cap, cap: 合格}
  - {id: d, rule: revenue > 4, cap: 合格}
  - {id: e, rule: revenue > 5, effect: 排除}
)"));
  ASSERT_TRUE(p.system) << problems_of(p);
  const auto& g = p.system->gates;
  EXPECT_EQ(g[0].effect, GateEffect::kExclude);  // not met means not eligible
  EXPECT_EQ(g[1].effect, GateEffect::kFlag);
  EXPECT_EQ(g[2].effect, GateEffect::kCap);
  EXPECT_EQ(g[2].cap, "合格");
  EXPECT_EQ(g[3].effect, GateEffect::kCap);  // `cap:` alone says it
  EXPECT_EQ(g[4].effect, GateEffect::kExclude);
}

TEST(SystemTest, AGateEffectMustMakeSense) {
  auto p = parse_system(with_gates(R"(  - {id: a, rule: revenue > 1, effect: drop}
  - {id: b, rule: revenue > 2, effect: cap}
  - {id: c, rule: revenue > 3, effect: cap, cap: 优秀}
  - {id: d, rule: revenue > 4, effect: flag, cap: 合格}
)"));
  ASSERT_FALSE(p.system);
  auto all = problems_of(p);
  EXPECT_THAT(all, HasSubstr("12:40: a gate's effect is exclude"));
  EXPECT_THAT(all, HasSubstr("gate 'b' caps the grade: say at which grade"));
  EXPECT_THAT(all,
              HasSubstr("gate 'c' caps at '优秀', which is not one of the grades (良好, 合格)"));
  EXPECT_THAT(all, HasSubstr("gate 'd' has `cap` but its effect is flag"));
}

TEST(SystemTest, RangeOfMinMax) {
  auto p = parse_system(with_gates("", "methods: {range: [1, 100]}\n"));
  ASSERT_TRUE(p.system) << problems_of(p);
  EXPECT_DOUBLE_EQ(p.system->methods.range.lo, 1);
  EXPECT_DOUBLE_EQ(p.system->methods.range.hi, 100);
  auto bad = parse_system(with_gates("", "methods: {range: [100, 1]}\n"));
  EXPECT_THAT(problems_of(bad), HasSubstr("3:18: range [100, 1]: the low end must be below"));
  EXPECT_THAT(problems_of(parse_system(with_gates("", "methods: {range: 100}\n"))),
              HasSubstr("'range' is [low, high]"));
}

// Raw values in different units cannot be averaged: under normalise none the dimension that
// holds indicators must use a ranker that normalises itself.
TEST(SystemTest, NormaliseNoneNeedsARankerThatNormalisesItself) {
  auto mean = parse_system(with_gates("", "methods: {normalise: none}\n"));
  EXPECT_THAT(problems_of(mean), HasSubstr("5:0: normalise none hands 'index' the raw values of "
                                           "its indicators, which aggregate arithmetic cannot"));
  auto topsis = parse_system(with_gates("", "methods: {normalise: none, aggregate: topsis}\n"));
  EXPECT_TRUE(topsis.system) << problems_of(topsis);
}

}  // namespace
}  // namespace atlas::evaluate
