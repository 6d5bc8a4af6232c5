#include "atlas/discover/specialise.h"

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

// Five provinces, two traded categories A and B and one local category L, in one year:
//        A emp (est)  B emp (est)  L emp (est)   total  traded
//   R1   40 (10)      10 (2)       50 (20)       100    50
//   R2   10 (5)       30 (6)       60 (30)       100    40
//   R3    0 (0)       20 (4)       80 (25)       100    20
//   R4   30 (8)       10 (3)      160 (40)       200    40
//   R5   20 (2)       30 (9)      150 (35)       200    50
// Nation: E = 700, traded 200, local 500; E_A = 100, E_B = 100, E_L = 500.
std::vector<EmploymentRow> table() {
  struct Cell {
    const char* region;
    const char* category;
    double employment, establishments;
  };
  const Cell cells[] = {{"R1", "A", 40, 10}, {"R1", "B", 10, 2}, {"R1", "L", 50, 20},
                        {"R2", "A", 10, 5},  {"R2", "B", 30, 6}, {"R2", "L", 60, 30},
                        {"R3", "A", 0, 0},   {"R3", "B", 20, 4}, {"R3", "L", 80, 25},
                        {"R4", "A", 30, 8},  {"R4", "B", 10, 3}, {"R4", "L", 160, 40},
                        {"R5", "A", 20, 2},  {"R5", "B", 30, 9}, {"R5", "L", 150, 35}};
  std::vector<EmploymentRow> rows;
  for (const auto& c : cells) {
    EmploymentRow r;
    r.region = c.region;
    r.category = c.category;
    r.region_level = "province";
    r.year = 2023;
    r.employment = c.employment;
    r.establishments = c.establishments;
    r.type = std::string(c.category) == "L" ? CategoryType::kLocal : CategoryType::kTraded;
    rows.push_back(r);
  }
  return rows;
}

const SpecialisationRow& find(const std::vector<SpecialisationRow>& rows, const char* region,
                              const char* category) {
  for (const auto& r : rows)
    if (r.input.region == region && r.input.category == category) return r;
  throw std::runtime_error("no such row");
}

TEST(SpecialisePercentile, LinearInterpolationAsNumpy) {
  // sorted 1 2 3 4, h = 3q: q = .25 → h = .75 → 1 + .75·(2 − 1) = 1.75 (numpy: 1.75)
  EXPECT_DOUBLE_EQ(percentile_linear({4, 1, 3, 2}, 0.25), 1.75);
  // q = .9 → h = 2.7 → 3 + .7·1 = 3.7
  EXPECT_DOUBLE_EQ(percentile_linear({4, 1, 3, 2}, 0.9), 3.7);
  EXPECT_DOUBLE_EQ(percentile_linear({4, 1, 3, 2}, 1.0), 4);
  EXPECT_DOUBLE_EQ(percentile_linear({5}, 0.75), 5);
  EXPECT_DOUBLE_EQ(percentile_linear({kNoValue, 2, 8}, 0.5), 5);  // NaN ignored
  EXPECT_TRUE(std::isnan(percentile_linear({}, 0.5)));
}

TEST(SpecialiseLq, TotalDenominator) {
  auto out = specialise(table(), Denominator::kTotal);
  // A: E_A / E = 100/700 = 1/7.  R1: (40/100)·7 = 2.8; R2: (10/100)·7 = 0.7; R3: 0;
  // R4: (30/200)·7 = 1.05; R5: (20/200)·7 = 0.7
  EXPECT_NEAR(find(out, "R1", "A").lq, 2.8, 1e-12);
  EXPECT_NEAR(find(out, "R2", "A").lq, 0.7, 1e-12);
  EXPECT_NEAR(find(out, "R3", "A").lq, 0.0, 1e-12);
  EXPECT_NEAR(find(out, "R4", "A").lq, 1.05, 1e-12);
  EXPECT_NEAR(find(out, "R5", "A").lq, 0.7, 1e-12);
  // L: E_L / E = 5/7. R4: (160/200)/(5/7) = 0.8·1.4 = 1.12
  EXPECT_NEAR(find(out, "R4", "L").lq, 1.12, 1e-12);
  EXPECT_NEAR(find(out, "R4", "L").share, 0.8, 1e-12);
}

TEST(SpecialiseLq, TradedDenominatorComparesLikeWithLike) {
  auto out = specialise(table(), Denominator::kTraded);
  // A against traded totals: E_A / E_traded = 100/200 = 0.5.
  // R1: (40/50)/0.5 = 1.6; R2: (10/40)/0.5 = 0.5; R4: (30/40)/0.5 = 1.5; R5: (20/50)/0.5 = 0.8
  EXPECT_NEAR(find(out, "R1", "A").lq, 1.6, 1e-12);
  EXPECT_NEAR(find(out, "R2", "A").lq, 0.5, 1e-12);
  EXPECT_NEAR(find(out, "R4", "A").lq, 1.5, 1e-12);
  EXPECT_NEAR(find(out, "R5", "A").lq, 0.8, 1e-12);
  // The total-denominator LQ is kept for the Observatory's specialisation star.
  EXPECT_NEAR(find(out, "R1", "A").lq_total, 2.8, 1e-12);
  // L, the only local category, against local totals: (L_r / L_r) / (500/500) = 1 everywhere.
  EXPECT_NEAR(find(out, "R3", "L").lq, 1.0, 1e-12);
}

TEST(SpecialiseFlags, ClusterMappingRulesOnTradedLq) {
  auto out = specialise(table(), Denominator::kTraded);
  // A, regions with employment > 0: R1 R2 R4 R5 (R3 has 0).
  //   LQ sorted 0.5 0.8 1.5 1.6, h = 3q: P25 = .5 + .75·.3 = .725; P50 = .8 + .5·.7 = 1.15;
  //   P75 = 1.5 + .25·.1 = 1.525; P90 = 1.5 + .7·.1 = 1.57.
  //   employment sorted 10 20 30 40: P25 = 10 + .75·10 = 17.5; P90 = 30 + .7·10 = 37.
  //   establishments sorted 2 5 8 10: P25 = 2 + .75·3 = 4.25.
  const auto& g = find(out, "R1", "A").thresholds;
  EXPECT_EQ(g.regions, 4u);
  EXPECT_NEAR(g.lq_p25, 0.725, 1e-12);
  EXPECT_NEAR(g.lq_p50, 1.15, 1e-12);
  EXPECT_NEAR(g.lq_p75, 1.525, 1e-12);
  EXPECT_NEAR(g.lq_p90, 1.57, 1e-12);
  EXPECT_NEAR(g.employment_p25, 17.5, 1e-12);
  EXPECT_NEAR(g.employment_p90, 37, 1e-12);
  EXPECT_NEAR(g.establishments_p25, 4.25, 1e-12);

  // R1: 1.6 ≥ 1.525 and ≥ 1.57, 40 > 17.5, 10 > 4.25 → every flag.
  const auto& r1 = find(out, "R1", "A");
  EXPECT_EQ(r1.strong, true);
  EXPECT_EQ(r1.strong_top10, true);
  EXPECT_EQ(r1.significant, true);
  EXPECT_EQ(r1.qualifying, true);
  // R2: employment 10 ≤ 17.5 → nothing.
  EXPECT_EQ(find(out, "R2", "A").qualifying, false);
  // R3: no employment → nothing.
  EXPECT_EQ(find(out, "R3", "A").qualifying, false);
  EXPECT_EQ(find(out, "R3", "A").strong, false);
  // R4: 1.5 < 1.525 → not strong; 1.5 > 1.15, 30 > 17.5, 8 > 4.25 → significant, qualifying.
  const auto& r4 = find(out, "R4", "A");
  EXPECT_EQ(r4.strong, false);
  EXPECT_EQ(r4.strong_top10, false);
  EXPECT_EQ(r4.significant, true);
  EXPECT_EQ(r4.qualifying, true);
  // R5: 2 establishments ≤ 4.25 → nothing.
  EXPECT_EQ(find(out, "R5", "A").qualifying, false);

  // L (LQ 1 everywhere): P25 = P50 = P75 = P90 = 1. employment sorted 50 60 80 150 160, n = 5,
  // h = 4q: P25 = 60; establishments sorted 20 25 30 35 40: P25 = 25.
  // R4: 1 ≥ 1 and ≥ 1, 160 > 60, 40 > 25 → strong and top 10%, but 1 > 1 fails → not
  // significant nor qualifying: the rules are not nested when LQs tie.
  const auto& l4 = find(out, "R4", "L");
  EXPECT_EQ(l4.strong, true);
  EXPECT_EQ(l4.strong_top10, true);
  EXPECT_EQ(l4.significant, false);
  EXPECT_EQ(l4.qualifying, false);
  // R3: 80 > 60 but 25 establishments ≤ 25 → not strong.  R2: 60 ≤ 60 → not strong.
  EXPECT_EQ(find(out, "R3", "L").strong, false);
  EXPECT_EQ(find(out, "R2", "L").strong, false);
}

TEST(SpecialiseFlags, ClusterMappingRulesOnTotalLq) {
  auto out = specialise(table(), Denominator::kTotal);
  // B: LQ = share·7: R1 .7, R2 2.1, R3 1.4, R4 .35, R5 1.05; sorted .35 .7 1.05 1.4 2.1, h = 4q:
  //   P25 = .7, P50 = 1.05, P75 = 1.4, P90 = 1.4 + .6·.7 = 1.82.
  //   employment sorted 10 10 20 30 30: P25 = 10; establishments sorted 2 3 4 6 9: P25 = 3.
  const auto& r2 = find(out, "R2", "B");  // 2.1 ≥ 1.82, 30 > 10, 6 > 3
  EXPECT_EQ(r2.strong, true);
  EXPECT_EQ(r2.strong_top10, true);
  const auto& r3 = find(out, "R3", "B");  // 1.4 ≥ 1.4 but < 1.82; 1.4 > 1.05
  EXPECT_EQ(r3.strong, true);
  EXPECT_EQ(r3.strong_top10, false);
  EXPECT_EQ(r3.significant, true);
  const auto& r5 = find(out, "R5", "B");  // 1.05: not ≥ 1.4, not > 1.05, but > .7
  EXPECT_EQ(r5.strong, false);
  EXPECT_EQ(r5.significant, false);
  EXPECT_EQ(r5.qualifying, true);
  EXPECT_EQ(find(out, "R1", "B").qualifying, false);  // employment 10, not > 10
}

TEST(SpecialiseStars, ObservatoryRules) {
  auto out = specialise(table(), Denominator::kTraded);
  // A: employment P90 = 37 → size star for R1 (40) only. LQ_total ≥ 2: R1 (2.8) only.
  //   Shares of regions with employment: R1 .4, R2 .1, R4 .15, R5 .1; sorted .1 .1 .15 .4,
  //   P90 = .15 + .7·.25 = .325 → focus for R1 only.
  const auto& r1 = find(out, "R1", "A");
  EXPECT_EQ(r1.size_star, true);
  EXPECT_EQ(r1.specialisation_star, true);
  EXPECT_EQ(r1.focus_star, true);
  EXPECT_EQ(r1.stars, 3);
  EXPECT_NEAR(r1.thresholds.share_p90, 0.325, 1e-12);
  EXPECT_EQ(find(out, "R4", "A").stars, 0);
  EXPECT_EQ(find(out, "R3", "A").size_star, false);  // no employment
  // B: employment P90 = 30 (sorted 10 10 20 30 30, h = 3.6 → 30 + .6·0) → R2 and R5.
  //   LQ_total ≥ 2: R2 (2.1). Shares sorted .05 .1 .15 .2 .3: P90 = .2 + .6·.1 = .26 → R2.
  EXPECT_EQ(find(out, "R2", "B").stars, 3);
  const auto& r5 = find(out, "R5", "B");
  EXPECT_EQ(r5.size_star, true);
  EXPECT_EQ(r5.specialisation_star, false);
  EXPECT_EQ(r5.focus_star, false);
  EXPECT_EQ(r5.stars, 1);
}

TEST(SpecialiseMissing, UnreportedFiguresStayUnknown) {
  auto rows = table();
  rows[0].establishments = kNoValue;  // R1 A
  rows[12].employment = kNoValue;     // R5 A: suppressed, so out of every total
  auto out = specialise(rows, Denominator::kTotal);
  const auto& r5 = find(out, "R5", "A");
  EXPECT_TRUE(std::isnan(r5.lq));
  EXPECT_FALSE(r5.size_star.has_value());
  EXPECT_FALSE(r5.specialisation_star.has_value());
  // Its 2 establishments are below P25 of the others' (5, 8 → 5 + .25·3 = 5.75), which rules
  // out every flag whatever its employment.
  EXPECT_EQ(r5.strong, false);
  EXPECT_EQ(r5.qualifying, false);
  // Without R5's 20, E = 680 and E_A = 80; R4's region total stays 200:
  // LQ = (30/200)/(80/680) = .15 · 8.5 = 1.275
  EXPECT_NEAR(find(out, "R4", "A").lq, 1.275, 1e-12);
  // R1's establishments are unknown: the flags that need them cannot be decided …
  EXPECT_FALSE(find(out, "R1", "A").strong.has_value());
  // … but a flag another condition already rules out is false (R2: employment 10 is below P25).
  EXPECT_EQ(find(out, "R2", "A").strong, false);
}

TEST(SpecialiseInput, RejectsNegativeAndDuplicateRows) {
  auto rows = table();
  rows[4].employment = -1;
  try {
    specialise(rows, Denominator::kTotal);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 5);
    EXPECT_EQ(e.where().column, "employment");
  }
  rows = table();
  rows.push_back(rows[0]);
  EXPECT_THROW(specialise(rows, Denominator::kTotal), Error);
}

TEST(SpecialiseGroups, LevelsAndYearsAreSeparateNations) {
  auto rows = table();
  auto other = table();
  for (auto& r : other) r.year = 2024;
  other[0].employment = 400;  // R1 A in 2024 only
  rows.insert(rows.end(), other.begin(), other.end());
  auto out = specialise(rows, Denominator::kTotal);
  EXPECT_NEAR(out[0].lq, 2.8, 1e-12);  // 2023 unchanged
  // 2024: R1 total 460, E = 1060, E_A = 460: (400/460)/(460/1060)
  EXPECT_NEAR(out[15].lq, 400.0 / 460.0 / (460.0 / 1060.0), 1e-12);
}

}  // namespace
}  // namespace atlas::discover
