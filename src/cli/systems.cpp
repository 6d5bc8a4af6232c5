// `clusteratlas systems …`: the indicator systems an evaluation can use — the shipped ones by
// name, or an office's own YAML file. None of these verbs needs a database.
#include <fstream>
#include <iostream>
#include <sstream>

#include <sodium.h>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/evaluate/coinr.h"
#include "atlas/evaluate/system.h"
#include "atlas/ingest/file_rows.h"
#include "systems.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string system, format = "table", out, id = "coinr";
  bool denominate = false;
};

// Shipped systems, compiled into the binary from data/systems/.
struct Shipped {
  const char* name;
  const char* what;
};
constexpr Shipped kShipped[] = {
    {"torch-iic",
     "a model cluster evaluation: five areas, 23 indicators from the annual statistics, the 2026 "
     "thresholds, 40/60 composite, four grades (a model, not an official text)"},
    {"entropy-topsis",
     "the common academic method: twelve indicators, entropy weights, TOPSIS closeness"},
    {"example",
     "a small worked example: two dimensions, three indicators (teaching, not official)"},
};

std::string resource_path(std::string_view name) {
  return fmt::format("data/systems/{}.yaml", name);
}

// The text of a shipped system or of a file, and the name messages use for it.
std::pair<std::string, std::string> system_text(const std::string& name_or_file) {
  for (const auto& s : kShipped) {
    if (name_or_file == s.name) {
      auto bytes = find_resource(resource_path(s.name));
      if (!bytes) throw Error(ErrorKind::kInternal, "shipped system not embedded: " + name_or_file);
      return {std::string(*bytes), resource_path(s.name)};
    }
  }
  std::ifstream in(name_or_file, std::ios::binary);
  if (!in) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("no shipped system named '{}' and no such file (see `clusteratlas "
                            "systems list`)",
                            name_or_file));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return {text.str(), name_or_file};
}

}  // namespace

LoadedSystem load_system(const std::string& name_or_file) {
  auto [text, source] = system_text(name_or_file);
  auto parsed = evaluate::parse_system(text);
  if (!parsed.system) {
    for (const auto& p : parsed.problems) {
      if (p.line == 0) {
        std::cout << fmt::format("{}: {}\n", source, p.message);
      } else if (p.column == 0) {
        std::cout << fmt::format("{}:{}: {}\n", source, p.line, p.message);
      } else {
        std::cout << fmt::format("{}:{}:{}: {}\n", source, p.line, p.column, p.message);
      }
    }
    throw Error(ErrorKind::kBadInput, fmt::format("{} problems", parsed.problems.size()),
                {source, 0, "", ""});
  }
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return {std::move(*parsed.system), hex, source};
}

namespace {

std::string polarity_text(evaluate::Polarity p) {
  return p == evaluate::Polarity::kPositive ? "+ 正向" : "− 负向";
}

report::Table tree_table(const evaluate::IndicatorSystem& s) {
  report::Table t;
  t.columns = {{"id", "ID"},
               {"name_zh", "名称"},
               {"name_en", "name"},
               {"weight", "权重", 3, true},
               {"weight_in_parent", "组内权重", 3, true},
               {"effective_weight", "有效权重", 4, true},
               {"polarity", "极性"},
               {"method", "汇总方法 / 公式"},
               {"unit", "单位"}};
  auto walk = [&](auto&& self, const evaluate::Node& n, int depth) -> void {
    std::string method = n.is_indicator()
                             ? (n.formula.empty() ? n.id : n.formula)
                             : (n.aggregate.empty() ? s.methods.aggregate : n.aggregate);
    t.add_row({std::string(2 * depth, ' ') + n.id, n.name_zh, n.name_en, n.weight,
               n.weight_in_parent, n.effective_weight, polarity_text(n.effective_polarity), method,
               n.unit});
    for (const auto& c : n.children) self(self, c, depth + 1);
  };
  walk(walk, s.index, 0);
  t.notes.push_back(
      fmt::format("methods: normalise {}, weighting {}, aggregate {}, impute {}, "
                  "outliers {}",
                  s.methods.normalise, s.methods.weighting, s.methods.aggregate, s.methods.impute,
                  s.methods.outliers));
  for (const auto& g : s.gates) {
    t.notes.push_back(fmt::format("gate {}: {} — {}", g.id, g.rule, g.message));
  }
  if (!s.grades.empty()) {
    std::string grades;
    for (const auto& g : s.grades) grades += fmt::format("{} ≥ {:g}; ", g.name, g.min);
    t.notes.push_back("grades: " + grades.substr(0, grades.size() - 2));
  }
  if (s.data_share) {
    t.notes.push_back(fmt::format("composite: {:g} × data score + {:g} × expert score",
                                  *s.data_share, *s.expert_share));
  }
  return t;
}

}  // namespace

void add_systems_commands(CLI::App& app, Context&) {
  static Flags flags;
  auto* systems = app.add_subcommand("systems", "Indicator systems: list, show, validate");
  systems->require_subcommand(1);
  systems->footer(
      "Examples:\n"
      "  clusteratlas systems list\n"
      "  clusteratlas systems show torch-iic\n"
      "  clusteratlas systems validate my-system.yaml");

  auto* list = systems->add_subcommand("list", "The indicator systems shipped with ClusterAtlas");
  add_format_option(list, flags.format);
  list->footer("Examples:\n  clusteratlas systems list");
  list->callback([] {
    report::Table t;
    t.columns = {{"name", "名称"}, {"indicators", "指标数", -1, true}, {"about", "说明"}};
    for (const auto& s : kShipped) {
      auto system = load_system(s.name).system;
      t.add_row({s.name, static_cast<std::int64_t>(system.indicators().size()), s.what});
    }
    report::write(std::cout, t, report::parse_format(flags.format));
  });

  auto* show = systems->add_subcommand("show", "A system's tree with effective weights");
  show->add_option("system", flags.system, "A shipped system's name or a YAML file")->required();
  add_format_option(show, flags.format);
  show->footer(
      "Weights are shown as written, normalised within their parent, and effective (the product\n"
      "from the index down: what an indicator counts for in the index). Polarity is effective:\n"
      "a negative dimension reverses its indicators.\n"
      "Examples:\n"
      "  clusteratlas systems show example\n"
      "  clusteratlas systems show my-system.yaml --format csv > 权重.csv");
  show->callback([] {
    report::write(std::cout, tree_table(load_system(flags.system).system),
                  report::parse_format(flags.format));
  });

  auto* coinr = systems->add_subcommand("from-coinr", "Write a system from a COINr iMeta table");
  coinr->add_option("imeta", flags.system, "COINr's iMeta table (CSV or XLSX)")->required();
  coinr->add_option("--id", flags.id, "The new system's id")->capture_default_str();
  coinr->add_flag("--denominate", flags.denominate,
                  "Divide indicators by their Denominator (COINr's Denominate step)");
  coinr->add_option("--out", flags.out, "YAML file to write (default: standard output)");
  coinr->footer(
      "Indicators and aggregates become the tree (Parent links), Direction −1 a negative\n"
      "polarity, Weight a relative weight within the parent, Target and Unit carry over; groups\n"
      "and denominators are not nodes. Evaluate with the iData table as --data; check the file\n"
      "with `clusteratlas systems validate`.\n"
      "Examples:\n"
      "  clusteratlas systems from-coinr ASEM_iMeta.csv --id asem --out asem.yaml\n"
      "  clusteratlas systems from-coinr ASEM_iMeta.csv --id asem --denominate");
  coinr->callback([] {
    ingest::FileRows file(flags.system, "", std::nullopt);
    std::vector<std::vector<std::string>> rows;
    std::vector<int> lines;
    std::vector<std::string> cells;
    while (file.rows().next(cells)) {
      rows.push_back(cells);
      lines.push_back(static_cast<int>(file.rows().line()));
    }
    std::string yaml = evaluate::system_from_coinr(rows, lines, file.rows().source(),
                                                   {flags.id, flags.denominate});
    auto parsed = evaluate::parse_system(yaml);  // what we write must read back
    if (!parsed.system) {
      throw Error(ErrorKind::kInternal,
                  "the converted system does not validate: " + parsed.problems.front().message);
    }
    Output out(flags.out);
    out.stream() << yaml;
    out.close();
    if (flags.out.empty()) return;
    std::cerr << fmt::format("{} indicators written to {}\n", parsed.system->indicators().size(),
                             flags.out);
  });

  auto* validate = systems->add_subcommand("validate", "Check a system file; list every problem");
  validate->add_option("file", flags.system, "The YAML file (or a shipped system's name)")
      ->required();
  validate->footer(
      "Prints every problem as FILE:LINE:COLUMN: message and exits 2, or one line saying the\n"
      "system is valid. The format is in docs/indicator-systems.md.\n"
      "Examples:\n"
      "  clusteratlas systems validate data/systems/example.yaml\n"
      "  clusteratlas systems validate 2026评价体系.yaml");
  validate->callback([] {
    auto s = load_system(flags.system).system;
    std::size_t depth = 0;
    auto walk = [&](auto&& self, const evaluate::Node& n, std::size_t d) -> void {
      depth = std::max(depth, d);
      for (const auto& c : n.children) self(self, c, d + 1);
    };
    walk(walk, s.index, 1);
    std::cout << fmt::format("{}: valid — {} indicators in {} levels, {} gates, {} grades\n",
                             flags.system, s.indicators().size(), depth, s.gates.size(),
                             s.grades.size());
  });
}

}  // namespace atlas::cli
