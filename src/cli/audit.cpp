// `clusteratlas audit`: the statistical audit of an index on its data — availability and skew of
// each indicator, flagged correlations, Cronbach's alpha of each dimension, and the ranking's
// shift when each indicator is left out.
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atlas/evaluate/audit.h"
#include "evaluate_units.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  EvaluationRequest request = [] {
    EvaluationRequest r;
    r.system = "torch-iic";
    return r;
  }();
};

}  // namespace

void add_audit_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand("audit", "Statistical audit of an index on its data");
  add_source_options(cmd, flags.request);
  add_format_option(cmd, flags.format);
  cmd->footer(
      "Per indicator: availability, skewness and excess kurtosis of the raw values (flagged when\n"
      "|skew| >= 2 and kurtosis >= 3.5, COINr's rule, which `outliers: winsorise` treats), and\n"
      "the mean absolute rank shift when it is left out (units a gate excludes are not ranked,\n"
      "as in the ranking). Sibling pairs with |r| > 0.9 (collinear) or r < -0.4 (negative) on\n"
      "normalised values. Per dimension: Cronbach's alpha of its children and the share of\n"
      "their variance the first two principal components explain.\n"
      "Examples:\n"
      "  clusteratlas audit --year 2024\n"
      "  clusteratlas audit --system example --data data/systems/example.csv --format json");
  cmd->callback([&ctx] {
    auto e = run_request(ctx, flags.request);
    auto a = evaluate::run_audit(e->loaded->system, e->units, e->run);
    report::Table ind;
    ind.columns = {{"indicator", "指标"},         {"availability", "数据完整率", 3, true},
                   {"skewness", "偏度", 2, true}, {"kurtosis", "峰度", 2, true},
                   {"skew_flag", "需处理"},       {"removal_shift", "剔除后平均名次变化", 2, true}};
    for (const auto& i : a.indicators) {
      ind.add_row({i.id, i.availability, report::cell(i.skewness), report::cell(i.kurtosis),
                   std::string(i.skew_flag ? "✗ skewed" : ""), report::cell(i.removal_shift)});
    }
    report::Table pairs;
    pairs.columns = {{"parent", "维度"},
                     {"a", "指标 A"},
                     {"b", "指标 B"},
                     {"r", "相关系数", 3, true},
                     {"flag", "标记"}};
    for (const auto& p : a.pairs) pairs.add_row({p.parent, p.a, p.b, p.r, p.flag});
    report::Table nodes;
    nodes.columns = {{"node", "维度"},
                     {"children", "子项数", -1, true},
                     {"alpha", "Cronbach α", 3, true},
                     {"pc1_share", "第一主成分方差占比", 3, true},
                     {"pc2_share", "第二主成分方差占比", 3, true}};
    for (const auto& n : a.nodes) {
      auto share = [&](std::size_t c) {
        return c < n.variance_explained.size() ? report::cell(n.variance_explained[c])
                                               : report::Cell{};
      };
      nodes.add_row({n.id, std::int64_t{n.children}, report::cell(n.alpha), share(0), share(1)});
    }
    if (flags.format == "json") {
      nlohmann::ordered_json doc;
      auto table = [](const report::Table& t) {
        std::ostringstream s;
        report::write_json(s, t);
        return nlohmann::ordered_json::parse(s.str())["rows"];
      };
      doc["indicators"] = table(ind);
      doc["pairs"] = table(pairs);
      doc["nodes"] = table(nodes);
      auto notes = e->data_notes;
      if (e->notice) notes.push_back(*e->notice);
      if (!notes.empty()) doc["notes"] = notes;
      std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      return;
    }
    if (flags.format == "csv") {
      report::write_csv(std::cout, ind);
      return;
    }
    report::write_table(std::cout, ind);
    std::cout << '\n';
    if (pairs.rows.empty()) pairs.notes.push_back("no collinear or negatively correlated siblings");
    report::write_table(std::cout, pairs);
    std::cout << '\n';
    if (e->notice) nodes.notes.push_back(*e->notice);
    report::write_table(std::cout, nodes);
  });
}

}  // namespace atlas::cli
