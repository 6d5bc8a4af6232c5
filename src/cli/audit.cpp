// `clusteratlas audit`: the statistical audit of an index on its data — availability and skew of
// each indicator, flagged correlations, Cronbach's alpha of each dimension, and the ranking's
// shift when each indicator is left out. Flags → app::audit_index → print.
#include <iostream>

#include <nlohmann/json.hpp>

#include "atlas/app/audit.h"
#include "database.h"
#include "evaluate_units.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string format = "table";
  app::EvaluationRequest request = [] {
    app::EvaluationRequest r;
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
    auto db = database(ctx);
    auto a = app::audit_index(&db, flags.request, terminal_listener(ctx));
    if (flags.format == "json") {
      std::cout << a.document().dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << '\n';
      return;
    }
    if (flags.format == "csv") {
      report::write_csv(std::cout, a.indicators);
      return;
    }
    report::write_table(std::cout, a.indicators);
    std::cout << '\n';
    if (a.pairs.rows.empty()) {
      a.pairs.notes.push_back("no collinear or negatively correlated siblings");
    }
    report::write_table(std::cout, a.pairs);
    std::cout << '\n';
    if (a.evaluation->notice) a.nodes.notes.push_back(*a.evaluation->notice);
    report::write_table(std::cout, a.nodes);
  });
}

}  // namespace atlas::cli
