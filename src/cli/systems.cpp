// `clusteratlas systems …`: the indicator systems an evaluation can use — the shipped ones by
// name, or an office's own YAML file. None of these verbs needs a database.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include <sodium.h>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/core/text.h"
#include "atlas/evaluate/coinr.h"
#include "atlas/evaluate/system.h"
#include "atlas/evaluate/system_fields.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/unit_data.h"
#include "systems.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string system, format = "table", out, id = "coinr", data;
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

// "FILE:LINE:COLUMN: message", without the parts the problem does not have.
std::string placed(const std::string& source, const evaluate::SystemProblem& p) {
  if (p.line == 0) return fmt::format("{}: {}", source, p.message);
  if (p.column == 0) return fmt::format("{}:{}: {}", source, p.line, p.message);
  return fmt::format("{}:{}:{}: {}", source, p.line, p.column, p.message);
}

}  // namespace

LoadedSystem load_system(const std::string& name_or_file) {
  auto [text, source] = system_text(name_or_file);
  auto parsed = evaluate::parse_system(text);
  if (!parsed.system) {
    for (const auto& p : parsed.problems) std::cout << placed(source, p) << '\n';
    throw Error(ErrorKind::kBadInput, text::counted(parsed.problems.size(), "problem", "problems"),
                {source, 0, "", ""});
  }
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return {std::move(*parsed.system), hex, source};
}

std::vector<std::string> catalogue_names() {
  std::vector<std::string> out;
  for (const auto& f : metrics::field_catalogue()) out.emplace_back(f.name);
  return out;
}

std::string import_columns(const metrics::FieldInfo& field) {
  struct Kind {
    std::string_view import, label;
    const std::vector<ingest::FieldSpec>& fields;
  };
  const Kind kinds[] = {
      {"enterprises", "import enterprises", ingest::enterprise_fields()},
      {"clusters", "import clusters (JQ01)", ingest::cluster_report_fields()},
      {"platforms", "import platforms", ingest::platform_fields()},
      {"institutions", "import institutions (JQ03)", ingest::institution_fields()},
      {"alliances", "import alliances (JQ04)", ingest::alliance_fields()},
  };
  std::vector<std::string> parts;
  for (const auto& kind : kinds) {
    std::vector<std::string> headers;
    for (const auto& source : field.sources) {
      if (source.import != kind.import) continue;
      auto spec = std::find_if(kind.fields.begin(), kind.fields.end(),
                               [&](const auto& f) { return f.key == source.field; });
      if (spec == kind.fields.end()) {
        throw Error(ErrorKind::kInternal, fmt::format("field {}: the {} import has no field {}",
                                                      field.name, source.import, source.field));
      }
      headers.push_back(source.detail.empty()
                            ? spec->aliases.front()
                            : fmt::format("{} ({})", spec->aliases.front(), source.detail));
    }
    if (!headers.empty())
      parts.push_back(fmt::format("{}: {}", kind.label, fmt::join(headers, ", ")));
  }
  return fmt::format("{}", fmt::join(parts, "; "));
}

std::vector<std::string> unknown_field_lines(const LoadedSystem& loaded,
                                             const std::vector<std::string>& known) {
  std::vector<std::string> out;
  for (const auto& p : evaluate::unknown_fields(loaded.system, known)) {
    out.push_back(placed(loaded.source, p));
  }
  return out;
}

namespace {

std::string polarity_text(evaluate::Polarity p) {
  return p == evaluate::Polarity::kPositive ? "+ 正向" : "− 负向";
}

// "gate platforms (exclude): national_platforms + … >= 3 — 省级及以上…"
std::string gate_text(const evaluate::Gate& g) {
  std::string effect = evaluate::effect_name(g.effect);
  if (g.effect == evaluate::GateEffect::kCap) effect += " at " + g.cap;
  return fmt::format("gate {} ({}): {} — {}", g.id, effect, g.rule, g.message);
}

// The field catalogue as a table: what each field means, its unit, how it is computed and which
// imported columns feed it.
report::Table fields_table() {
  report::Table t;
  t.columns = {
      {"field", "字段"},     {"name_zh", "名称"},           {"name_en", "name"},
      {"unit", "单位 unit"}, {"computed", "计算 computed"}, {"imported_as", "导入列 imported as"}};
  for (const auto& f : metrics::field_catalogue()) {
    t.add_row({std::string(f.name), std::string(f.name_zh), std::string(f.name_en),
               std::string(metrics::unit_text(f.unit)),
               f.computed.empty() ? std::string("as reported") : std::string(f.computed),
               import_columns(f)});
  }
  return t;
}

// docs/fields.md, whole: the page is this verb's output, so it cannot drift from the code.
void write_fields_markdown(std::ostream& out, const report::Table& t) {
  out << "# Cluster-year fields — what formulas and gates can read\n\n"
         "<!-- Written by `clusteratlas systems fields --format markdown > docs/fields.md`; "
         "tests/cli/test_systems.py checks that it is current. Do not edit by hand. -->\n\n"
         "`clusteratlas evaluate --year Y` gives every formula and gate of an indicator system "
         "these fields of each cluster, for the year evaluated and every year before it (so "
         "`mean_last`, `growth` and `cagr` can look back). `systems validate` and `evaluate` "
         "refuse a name not listed here, with the closest one. With `--data FILE` the fields are "
         "the file's columns instead.\n\n"
         "Money is in 元 (an import's column says its unit, 营业收入(万元), and is converted); "
         "shares are fractions, so a formula "
         "writes `high_tech_share >= 0.3` or `high_tech_share >= 30%`. A figure is summed over "
         "the cluster's enterprise rows of the year, unless the cluster's own report (JQ01) "
         "gives it, which then counts. A figure nobody reported is missing, never 0; the counts "
         "of platforms, institutions and alliances are 0 when none is recorded.\n\n";
  auto escape = [](const report::Cell& c) {
    std::string v = std::get<std::string>(c);
    std::string out;
    for (char ch : v) {
      if (ch == '|') out += '\\';
      out += ch;
    }
    return out;
  };
  out << "|";
  for (const auto& c : t.columns) out << " " << c.title << " |";
  out << "\n|";
  for (std::size_t i = 0; i < t.columns.size(); ++i) out << "---|";
  out << "\n";
  for (const auto& row : t.rows) {
    out << "| `" << escape(row[0]) << "` |";
    for (std::size_t i = 1; i < row.size(); ++i) out << " " << escape(row[i]) << " |";
    out << "\n";
  }
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
  if (s.methods.range.lo != 0 || s.methods.range.hi != 100) {
    t.notes.push_back(
        fmt::format("min-max range: [{:g}, {:g}]", s.methods.range.lo, s.methods.range.hi));
  }
  for (const auto& g : s.gates) t.notes.push_back(gate_text(g));
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
  auto* systems = app.add_subcommand("systems", "Indicator systems: list, show, validate, fields");
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
    std::cerr << fmt::format(
        "{} written to {}\n",
        text::counted(parsed.system->indicators().size(), "indicator", "indicators"), flags.out);
  });

  auto* validate = systems->add_subcommand("validate", "Check a system file; list every problem");
  validate->add_option("file", flags.system, "The YAML file (or a shipped system's name)")
      ->required();
  validate->add_option("--data", flags.data,
                       "Check the fields against this table's columns (the --data of evaluate) "
                       "instead of the cluster-year fields");
  validate->footer(
      "Prints every problem as FILE:LINE:COLUMN: message and exits 2, or one line saying the\n"
      "system is valid. Every field a formula or gate reads must be one the evaluation can\n"
      "supply: a cluster-year field (`clusteratlas systems fields`), or with --data a column of\n"
      "that table; an unknown name is a problem with the closest known one. The format is in\n"
      "docs/indicator-systems.md.\n"
      "Examples:\n"
      "  clusteratlas systems validate data/systems/example.yaml --data data/systems/example.csv\n"
      "  clusteratlas systems validate 2026评价体系.yaml");
  validate->callback([] {
    auto loaded = load_system(flags.system);
    const auto& s = loaded.system;
    std::string against = "the cluster-year fields: clusteratlas systems fields";
    std::vector<std::string> known;
    if (flags.data.empty()) {
      known = catalogue_names();
    } else {
      known = ingest::read_unit_data(flags.data).columns;
      against = "the columns of " + flags.data;
    }
    auto problems = unknown_field_lines(loaded, known);
    if (!problems.empty()) {
      for (const auto& line : problems) std::cout << line << '\n';
      throw Error(ErrorKind::kBadInput,
                  fmt::format("{} (fields checked against {})",
                              text::counted(problems.size(), "problem", "problems"), against),
                  {loaded.source, 0, "", ""});
    }
    std::size_t depth = 0;
    auto walk = [&](auto&& self, const evaluate::Node& n, std::size_t d) -> void {
      depth = std::max(depth, d);
      for (const auto& c : n.children) self(self, c, d + 1);
    };
    walk(walk, s.index, 1);
    std::cout << fmt::format(
        "{}: valid — {} in {}, {}, {}; every field it reads is in {}\n", flags.system,
        text::counted(s.indicators().size(), "indicator", "indicators"),
        text::counted(depth, "level", "levels"), text::counted(s.gates.size(), "gate", "gates"),
        text::counted(s.grades.size(), "grade", "grades"), against);
  });

  auto* fields = systems->add_subcommand(
      "fields", "The cluster-year fields formulas and gates can read, with units and sources");
  fields->add_option("--format", flags.format, "table, csv, json or markdown")
      ->check(CLI::IsMember({"table", "csv", "json", "markdown"}))
      ->capture_default_str();
  fields->footer(
      "Each field of a cluster-year as `evaluate --year` supplies it: its meaning, unit and\n"
      "scale (money in 元, shares as fractions 0–1), how it is computed, and the imported columns\n"
      "it comes from. docs/fields.md is this list (--format markdown).\n"
      "Examples:\n"
      "  clusteratlas systems fields\n"
      "  clusteratlas systems fields --format csv > 字段.csv\n"
      "  clusteratlas systems fields --format markdown > docs/fields.md");
  fields->callback([] {
    auto t = fields_table();
    if (flags.format == "markdown") {
      write_fields_markdown(std::cout, t);
      return;
    }
    report::write(std::cout, t, report::parse_format(flags.format));
  });
}

}  // namespace atlas::cli
