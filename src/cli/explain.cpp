// `clusteratlas explain UNIT`: why a unit got its score — each indicator's raw value, normalised
// value, effective weight, contribution and place among the peers, the gates with their
// messages, and the units just above and below it.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "evaluate_units.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string unit, format = "table";
  EvaluationRequest request = [] {
    EvaluationRequest r;
    r.system = "torch-iic";
    return r;
  }();
};

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
    std::vector<report::Cell> row = {std::string(2 * (depth[k] - 1), ' ') + n->id,
                                     n->name_zh.empty() ? n->name_en : n->name_zh};
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

}  // namespace

void add_explain_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand("explain", "Why a unit got its score: indicators, gates, peers");
  cmd->add_option("unit", flags.unit,
                  "Cluster id, full name or a unique part of it (or a --data unit code)")
      ->required();
  add_source_options(cmd, flags.request);
  add_format_option(cmd, flags.format);
  cmd->footer(
      "Raw values come from the system's formulas; 得分 is the normalised value of an indicator\n"
      "and the aggregate of a dimension; 有效权重 the indicator's weight in the index, 实际权重\n"
      "the weight it had in this unit's score (the weights of the unit's missing indicators\n"
      "shared among the others, as the means do); 贡献 is an indicator's points in the score\n"
      "(arithmetic means only); 同行名次 its place among all units on that indicator. The gates\n"
      "say what failing each does (exclude from the ranking, cap the grade, flag only).\n"
      "Examples:\n"
      "  clusteratlas explain 本溪制药 --year 2024\n"
      "  clusteratlas explain 武汉 --year 2024 --province 湖北\n"
      "  clusteratlas explain A --system example --data data/systems/example.csv");
  cmd->callback([&ctx] {
    auto e = run_request(ctx, flags.request);
    const auto& run = e->run;
    const auto& s = e->loaded->system;
    std::size_t unit = find_unit(run, flags.unit);
    const auto& r = run.results[unit];
    auto indicators = indicator_table(*e, unit);
    auto peers = peer_table(*e, unit);
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
    auto ranked_units = std::count_if(run.results.begin(), run.results.end(),
                                      [](const auto& u) { return u.rank.has_value(); });
    std::string ranked = r.rank ? fmt::format("{} / {}", *r.rank, ranked_units) : "—";
    auto name_of = [&](const std::vector<std::size_t>& list) {
      std::vector<std::string> out;
      for (auto j : list) {
        const auto* n = run.indicators[j];
        out.push_back(n->name_zh.empty() ? n->name_en : n->name_zh);
      }
      return fmt::format("{}", fmt::join(out, "、"));
    };
    if (flags.format == "table") {
      std::cout << fmt::format("{} — {}{}\n", run.names[unit], s.id,
                               e->year ? fmt::format(" {}", e->year) : "");
      std::cout << fmt::format(
          "得分 score {} · 名次 rank {} · 等级 grade {}\n",
          evaluate::missing(r.final_score) ? "—" : report::format_number(r.final_score, 2), ranked,
          r.grade.empty() ? "—" : r.grade);
      if (r.screened_out) {
        std::cout << fmt::format(
            "筛除 screened out: fewer than {:g}% of the indicators have a value, so no score\n",
            run.methods.screen * 100);
      }
      auto gate_ids = [&](const std::vector<std::size_t>& list) {
        std::vector<std::string> ids;
        for (auto g : list) ids.push_back(s.gates[g].id);
        return fmt::format("{}", fmt::join(ids, ", "));
      };
      if (!r.excluded_by.empty()) {
        std::cout << fmt::format(
            "不排名 excluded from the ranking by the gates {} (its score would earn {})\n",
            gate_ids(r.excluded_by), r.uncapped_grade.empty() ? "no grade" : r.uncapped_grade);
      } else if (!r.capped_by.empty() && r.grade != r.uncapped_grade) {
        std::cout << fmt::format(
            "等级封顶 grade capped at {} by the gates {} (its score earns {})\n", r.grade,
            gate_ids(r.capped_by), r.uncapped_grade);
      }
      if (r.missing_indicators > 0) {
        std::cout << fmt::format(
            "缺失 {} of {} indicators have no value: the means shared their weight among the "
            "others (实际权重)\n",
            r.missing_indicators, run.indicators.size());
      }
      std::cout << "scores " << e->population.text << '\n';
      std::cout << fmt::format("优势 strengths: {}\n劣势 weaknesses: {}\n\n", name_of(r.strengths),
                               name_of(r.weaknesses));
      report::write_table(std::cout, indicators);
      if (!s.gates.empty()) {
        std::cout << '\n';
        report::write_table(std::cout, gates);
      }
      std::cout << '\n';
      if (e->notice) peers.notes.push_back(*e->notice);
      report::write_table(std::cout, peers);
      return;
    }
    // CSV and JSON: the indicator table, the part a user pastes into a report.
    if (e->notice) indicators.notes.push_back(*e->notice);
    report::write(std::cout, indicators, report::parse_format(flags.format));
  });
}

}  // namespace atlas::cli
