// `clusteratlas explain UNIT`: why a unit got its score — each indicator's raw value, normalised
// value, effective weight, contribution and place among the peers, the gates with their
// messages, and the units just above and below it. Flags → app::explain_unit → print.
#include <algorithm>
#include <iostream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/explain.h"
#include "atlas/core/error.h"
#include "database.h"
#include "evaluate_units.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string unit, format = "table";
  app::EvaluationRequest request = [] {
    app::EvaluationRequest r;
    r.system = "torch-iic";
    return r;
  }();
};

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
    auto db = database(ctx);
    auto x = app::explain_unit(&db, flags.request, flags.unit, terminal_listener(ctx));
    const auto& e = x.evaluation;
    const auto& run = e->run;
    const auto& s = e->loaded->system;
    const auto unit = x.unit;
    const auto& r = run.results[unit];
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
      report::write_table(std::cout, x.indicators);
      if (!s.gates.empty()) {
        std::cout << '\n';
        report::write_table(std::cout, x.gates);
      }
      std::cout << '\n';
      if (e->notice) x.peers.notes.push_back(*e->notice);
      report::write_table(std::cout, x.peers);
      return;
    }
    // CSV and JSON: the indicator table, the part a user pastes into a report.
    if (e->notice) x.indicators.notes.push_back(*e->notice);
    report::write(std::cout, x.indicators, report::parse_format(flags.format));
  });
}

}  // namespace atlas::cli
