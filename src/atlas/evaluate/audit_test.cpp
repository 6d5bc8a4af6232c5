#include "atlas/evaluate/audit.h"

#include <cmath>

#include <gtest/gtest.h>

#include "atlas/evaluate/test_support.h"

namespace atlas::evaluate {
namespace {

TEST(AuditTest, SkewCorrelationAlphaAndRemoval) {
  auto system = *parse_system(R"(id: t
name_zh: 测
index:
  id: index
  name_zh: 指数
  children:
    - id: d
      name_zh: 维度
      children:
        - {id: a, name_zh: 甲}
        - {id: b, name_zh: 乙, formula: 2 * a}
    - {id: spike, name_zh: 尖峰}
)")
                     .system;
  // a: 1 … 10; spike: nine 0s and a 10.
  std::vector<Unit> units;
  for (int i = 1; i <= 10; ++i) {
    Unit u{std::to_string(i), std::to_string(i), {}, UnitFields(0)};
    u.fields.set("a", i);
    u.fields.set("spike", i == 10 ? 10 : 0);
    units.push_back(std::move(u));
  }
  auto run = run_evaluation(system, units, {});
  auto audit = run_audit(system, units, run);
  ASSERT_EQ(audit.indicators.size(), 3u);
  // spike: mean 1; m2 = (9·1 + 81)/10 = 9, m3 = (−9 + 729)/10 = 72, m4 = (9 + 6561)/10 = 657;
  // g1 = 72 / 9^1.5 = 8/3, g2 = 657/81 − 3 = 46/9; Excel's SKEW = √(10·9)/8 · 8/3 = √10 = 3.162,
  // KURT = (11 · 46/9 + 6) · 9 / (8 · 7) = 560 / 56 = 10: flagged.
  const auto& spike = audit.indicators[2];
  EXPECT_NEAR(spike.skewness, std::sqrt(10.0), 1e-12);
  EXPECT_NEAR(spike.kurtosis, 10, 1e-12);
  EXPECT_TRUE(spike.skew_flag);
  EXPECT_FALSE(audit.indicators[0].skew_flag);  // 1 … 10 is symmetric: skew 0
  EXPECT_NEAR(audit.indicators[0].skewness, 0, 1e-12);
  EXPECT_DOUBLE_EQ(audit.indicators[0].availability, 1);
  // b = 2a: r = 1, collinear; two identical normalised columns have Cronbach's alpha 1.
  ASSERT_EQ(audit.pairs.size(), 1u);
  EXPECT_EQ(audit.pairs[0].flag, "collinear");
  EXPECT_NEAR(audit.pairs[0].r, 1, 1e-12);
  ASSERT_FALSE(audit.nodes.empty());
  const NodeAudit* d = nullptr;
  for (const auto& n : audit.nodes) {
    if (n.id == "d") d = &n;
  }
  ASSERT_NE(d, nullptr);
  EXPECT_NEAR(d->alpha, 1, 1e-12);
  // Two perfectly correlated children: the first component carries all the variance.
  ASSERT_EQ(d->variance_explained.size(), 2u);
  EXPECT_NEAR(d->variance_explained[0], 1, 1e-12);
  // Leaving out b changes nothing (a carries the same information): shift 0.
  EXPECT_DOUBLE_EQ(audit.indicators[1].removal_shift, 0);
}

// Found by issue 13: the removal effect ranked units the gates exclude. The worked example of
// docs/indicator-systems.md, whose gate excludes B: ranked A 91, D 33.3, C 29.3 → 1, 2, 3.
//   Without R&D intensity, innovation is energy alone: A 100, C 0.4·33.3 + 0.6·66.7 = 53.3,
//   D 33.3 → A 1, C 2, D 3: shifts 0, 1, 1 → 2/3 (with B ranked it would be 1).
//   Without energy, D has no value left and no score: A 85, C 13.3 → 1, 2; over A and C, shifts
//   0 and 1 → 1/2 (with B ranked, 1/3).
TEST(AuditTest, TheRemovalEffectRanksAsTheRankingDoes) {
  auto system = test_support::worked_example(
      "", "arithmetic", "gates:\n  - {id: revenue_scale, rule: revenue >= 200}\n");
  auto units = test_support::worked_example_units();
  auto run = run_evaluation(system, units, {});
  ASSERT_FALSE(run.results[1].rank.has_value());
  auto audit = run_audit(system, units, run);
  ASSERT_EQ(audit.indicators.size(), 3u);
  EXPECT_TRUE(std::isnan(audit.indicators[0].removal_shift));  // revenue: scale's only child
  EXPECT_DOUBLE_EQ(audit.indicators[1].removal_shift, 2.0 / 3);
  EXPECT_DOUBLE_EQ(audit.indicators[2].removal_shift, 0.5);
}

}  // namespace
}  // namespace atlas::evaluate
