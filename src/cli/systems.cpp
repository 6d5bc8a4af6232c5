// `clusteratlas systems …`: the indicator systems an evaluation can use — the shipped ones by
// name, or an office's own YAML file. None of these verbs needs a database; what they show comes
// from app/systems.h.
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/systems.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/evaluate/coinr.h"
#include "atlas/evaluate/system.h"
#include "atlas/ingest/file_rows.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string system, format = "table", out, id = "coinr", data;
  bool denominate = false;
};

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
    report::write(std::cout, app::shipped_systems_table(), report::parse_format(flags.format));
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
    report::write(std::cout, app::system_tree_table(app::load_system(flags.system).system),
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
  validate->add_option("--format", flags.format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  validate->footer(
      "Prints every problem as FILE:LINE:COLUMN: message and exits 2, or one line saying the\n"
      "system is valid. With --format json: the document the API's POST /systems/validation\n"
      "answers — \"valid\" with what the system holds, or every problem's line, column and\n"
      "message (exit 2). Every field a formula or gate reads must be one the evaluation can\n"
      "supply: a cluster-year field (`clusteratlas systems fields`), or with --data a column of\n"
      "that table; an unknown name is a problem with the closest known one. The format is in\n"
      "docs/indicator-systems.md.\n"
      "Examples:\n"
      "  clusteratlas systems validate data/systems/example.yaml --data data/systems/example.csv\n"
      "  clusteratlas systems validate 2026评价体系.yaml\n"
      "  clusteratlas systems validate 2026评价体系.yaml --format json");
  validate->callback([] {
    auto v = app::validate_system(flags.system, flags.data);
    if (flags.format == "json") {
      std::cout << v.document().dump(2) << '\n';
    } else {
      for (const auto& line : v.problem_lines()) std::cout << line << '\n';
    }
    if (!v.problems.empty()) {
      throw Error(
          ErrorKind::kBadInput,
          v.loaded ? fmt::format("{} (fields checked against {})",
                                 text::counted(v.problems.size(), "problem", "problems"), v.against)
                   : text::counted(v.problems.size(), "problem", "problems"),
          {v.source, 0, "", ""});
    }
    if (flags.format == "json") return;
    const auto& s = v.loaded->system;
    std::cout << fmt::format(
        "{}: valid — {} in {}, {}, {}; every field it reads is in {}\n", flags.system,
        text::counted(s.indicators().size(), "indicator", "indicators"),
        text::counted(v.levels, "level", "levels"), text::counted(s.gates.size(), "gate", "gates"),
        text::counted(s.grades.size(), "grade", "grades"), v.against);
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
    auto t = app::fields_table();
    if (flags.format == "markdown") {
      app::write_fields_markdown(std::cout, t);
      return;
    }
    report::write(std::cout, t, report::parse_format(flags.format));
  });
}

}  // namespace atlas::cli
