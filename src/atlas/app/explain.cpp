#include "atlas/app/explain.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/table_document.h"
#include "atlas/core/error.h"

namespace atlas::app {
namespace {

// The unit by code, exact name or a unique part of its name.
std::size_t find_unit(const evaluate::EvaluationRun& run, const std::string& query) {
  std::vector<std::size_t> partial;
  for (std::size_t i = 0; i < run.codes.size(); ++i) {
    if (run.codes[i] == query || run.names[i] == query) return i;
    if (run.names[i].find(query) != std::string::npos) partial.push_back(i);
  }
  if (partial.size() == 1) return partial[0];
  if (partial.empty()) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("no unit '{}' in this evaluation (clusters without figures for the "
                            "year are not evaluated)",
                            query));
  }
  std::vector<std::string> names;
  for (auto i : partial) names.push_back(run.names[i]);
  throw Error(ErrorKind::kNotFound, fmt::format("'{}' matches {} units: {}", query, partial.size(),
                                                fmt::join(names, ", ")));
}

std::string effect_text(const evaluate::Gate& g) {
  switch (g.effect) {
    case evaluate::GateEffect::kExclude: return "不排名 exclude";
    case evaluate::GateEffect::kCap: return "等级封顶 cap at " + g.cap;
    case evaluate::GateEffect::kFlag: return "仅标记 flag";
  }
  return "";
}

const char* outcome_text(evaluate::GateOutcome o) {
  switch (o) {
    case evaluate::GateOutcome::kPass: return "✓ 通过 pass";
    case evaluate::GateOutcome::kFail: return "✗ 未通过 fail";
    case evaluate::GateOutcome::kUndecided: return "? 数据缺失 undecided";
  }
  return "";
}

report::Table indicator_table(const Evaluation& e, std::size_t unit) {
  const auto& run = e.run;
  const auto& r = run.results[unit];
  report::Table t;
  t.columns = {{"node", "指标 / 维度"}, {"name", "名称"}, {"raw", "原值", 4, true}};
  // Imputed or treated values differ from what was reported: show what the score was built on.
  bool prepared = run.methods.impute != "none" || run.methods.outliers != "none";
  if (prepared) t.columns.push_back({"used", "计算值(插补/处理后)", 4, true});
  t.columns.insert(t.columns.end(), {{"value", "得分", 2, true},
                                     {"weight", "有效权重", 4, true},
                                     {"weight_used", "实际权重", 4, true},
                                     {"contribution", "贡献", 2, true},
                                     {"peer_rank", "同行名次", -1, true}});
  std::map<const evaluate::Node*, std::size_t> indicator;
  for (std::size_t j = 0; j < run.indicators.size(); ++j) indicator[run.indicators[j]] = j;
  // Depth from the index, for indentation: a node's depth is one more than its parent's.
  std::vector<int> depth(run.nodes.size(), 0);
  for (std::size_t k = 0; k < run.nodes.size(); ++k) {
    for (const auto& c : run.nodes[k]->children) depth[run.node_index(c.id)] = depth[k] + 1;
  }
  for (std::size_t k = 1; k < run.nodes.size(); ++k) {
    const auto* n = run.nodes[k];
    // Pushed one by one: GCC 12 at -O2 takes an initializer list of these cells for a read of an
    // uninitialised string (-Wmaybe-uninitialized).
    std::vector<report::Cell> row;
    row.emplace_back(std::string(2 * (depth[k] - 1), ' ') + n->id);
    row.emplace_back(n->name_zh.empty() ? n->name_en : n->name_zh);
    auto j = indicator.find(n);
    row.push_back(j != indicator.end() ? report::cell(run.raw(unit, j->second)) : report::Cell{});
    if (prepared) {
      row.push_back(j != indicator.end() ? report::cell(run.treated(unit, j->second))
                                         : report::Cell{});
    }
    row.push_back(report::cell(run.scores(unit, k)));
    row.push_back(run.effective_weight[k]);
    row.push_back(j != indicator.end() ? report::Cell{r.weights_used[j->second]} : report::Cell{});
    if (j != indicator.end() && !r.contributions.empty()) {
      row.push_back(report::cell(r.contributions[j->second]));
    } else {
      row.push_back({});
    }
    if (j != indicator.end() && r.indicator_ranks[j->second] > 0) {
      row.push_back(std::int64_t{r.indicator_ranks[j->second]});
    } else {
      row.push_back({});
    }
    t.add_row(std::move(row));
  }
  return t;
}

// The units ranked just above and below, with their scores and the dimension scores.
report::Table peer_table(const Evaluation& e, std::size_t unit) {
  const auto& run = e.run;
  const auto& s = e.loaded->system;
  report::Table t;
  t.columns = {{"rank", "名次", -1, true, 1, false}, {"name", "名称"}, {"score", "得分", 2, true}};
  for (const auto& d : s.index.children) {
    t.columns.push_back({d.id, d.name_zh.empty() ? d.name_en : d.name_zh, 2, true});
  }
  auto rank = run.results[unit].rank;
  if (!rank) return t;
  for (int want : {*rank - 1, *rank, *rank + 1}) {
    for (std::size_t i = 0; i < run.results.size(); ++i) {
      if (run.results[i].rank != want || (want == *rank && i != unit)) continue;
      std::vector<report::Cell> row = {std::int64_t{want}, run.names[i],
                                       report::cell(run.results[i].final_score)};
      for (const auto& d : s.index.children)
        row.push_back(report::cell(run.scores(i, run.node_index(d.id))));
      t.add_row(std::move(row));
    }
  }
  return t;
}

report::Table gate_table(const Evaluation& e, std::size_t unit) {
  const auto& s = e.loaded->system;
  const auto& r = e.run.results[unit];
  report::Table gates;
  gates.columns = {{"gate", "门槛"},
                   {"outcome", "结果"},
                   {"effect", "未通过时"},
                   {"rule", "规则"},
                   {"message", "说明"}};
  for (std::size_t g = 0; g < s.gates.size(); ++g) {
    gates.add_row({s.gates[g].id, std::string(outcome_text(r.gates[g])), effect_text(s.gates[g]),
                   s.gates[g].rule, s.gates[g].message});
  }
  return gates;
}

}  // namespace

nlohmann::ordered_json Explanation::document() const {
  auto t = indicators;
  if (evaluation->notice) t.notes.push_back(*evaluation->notice);
  return table_document(t);
}

Explanation explain_unit(const Database* db, const EvaluationRequest& request,
                         const std::string& unit, const EvaluationListener& listener) {
  Explanation x;
  x.evaluation = run_evaluation(db, request, listener);
  x.unit = find_unit(x.evaluation->run, unit);
  x.indicators = indicator_table(*x.evaluation, x.unit);
  x.gates = gate_table(*x.evaluation, x.unit);
  x.peers = peer_table(*x.evaluation, x.unit);
  return x;
}

}  // namespace atlas::app
