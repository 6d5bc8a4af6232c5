// What the evaluation's tests share: units from rows of fields, and the worked example of
// docs/indicator-systems.md — revenue under scale, R&D intensity and energy use (a cost) under
// innovation, four units of which D has no revenue — whose scores and ranks that page works out
// by hand.
#pragma once
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "atlas/evaluate/pipeline.h"

namespace atlas::evaluate::test_support {

// Units A, B, C … with the given fields (NaN: not reported).
inline std::vector<Unit> units_of(const std::vector<std::string>& fields,
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

// Its system: `index_aggregate` the index's own aggregation (none when empty), `aggregate` the
// system's default, `gates` a `gates:` list in YAML (none when empty).
inline IndicatorSystem worked_example(const std::string& index_aggregate = "",
                                      const std::string& aggregate = "arithmetic",
                                      const std::string& gates = "") {
  std::string yaml = "id: t\nname_zh: 示例\nmethods: {aggregate: " + aggregate +
                     "}\nindex:\n  id: index\n  name_zh: 指数\n";
  if (!index_aggregate.empty()) yaml += "  aggregate: " + index_aggregate + "\n";
  yaml += R"(  children:
    - {id: scale, name_zh: 规模, weight: 0.4, children: [{id: revenue, name_zh: 营收}]}
    - id: innovation
      name_zh: 创新
      weight: 0.6
      weights: relative
      children:
        - {id: rd_intensity, name_zh: 研发强度, formula: rd_expenditure / revenue, weight: 1.2}
        - {id: energy_per_output, name_zh: 能耗, polarity: negative, weight: 0.8}
)" + gates;
  auto parsed = parse_system(yaml);
  EXPECT_TRUE(parsed.problems.empty()) << parsed.problems.front().message;
  return std::move(*parsed.system);
}

// Its units A–D: revenue (亿元) 600, 150, 300, —; R&D 30, 9, 6, 4; energy 0.2, 0.5, 0.3, 0.4.
inline std::vector<Unit> worked_example_units() {
  struct Row {
    const char* code;
    double revenue, rd, energy;
  };
  const Row rows[] = {
      {"A", 600, 30, 0.2}, {"B", 150, 9, 0.5}, {"C", 300, 6, 0.3}, {"D", kMissing, 4, 0.4}};
  std::vector<Unit> out;
  for (const auto& r : rows) {
    Unit u{r.code, r.code, {}, UnitFields(0)};
    u.fields.set("revenue", r.revenue);
    u.fields.set("rd_expenditure", r.rd);
    u.fields.set("energy_per_output", r.energy);
    out.push_back(std::move(u));
  }
  return out;
}

}  // namespace atlas::evaluate::test_support
