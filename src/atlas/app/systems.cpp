#include "atlas/app/systems.h"

#include <sodium.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/resources.h"
#include "atlas/core/suggest.h"
#include "atlas/core/text.h"
#include "atlas/evaluate/system_fields.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/unit_data.h"

namespace atlas::app {
namespace {

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

InvalidSystem::InvalidSystem(std::vector<std::string> problems, const std::string& source)
    : Error(ErrorKind::kBadInput, text::counted(problems.size(), "problem", "problems"),
            {source, 0, "", ""}),
      problems_(std::move(problems)) {}

namespace {

std::string sha256_hex(const std::string& text) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, hash, sizeof hash);
  return hex;
}

std::size_t depth(const evaluate::Node& n) {
  std::size_t d = 1;
  for (const auto& c : n.children) d = std::max(d, 1 + depth(c));
  return d;
}

}  // namespace

LoadedSystem load_system(const std::string& name_or_file) {
  auto [text, source] = system_text(name_or_file);
  auto parsed = evaluate::parse_system(text);
  if (!parsed.system) {
    std::vector<std::string> problems;
    for (const auto& p : parsed.problems) problems.push_back(placed(source, p));
    throw InvalidSystem(std::move(problems), source);
  }
  return {std::move(*parsed.system), sha256_hex(text), source};
}

bool is_shipped_system(const std::string& name) {
  return std::any_of(std::begin(kShipped), std::end(kShipped),
                     [&](const Shipped& s) { return name == s.name; });
}

LoadedSystem load_shipped_system(const std::string& name) {
  if (!is_shipped_system(name)) {
    std::vector<std::string> names;
    for (const auto& s : kShipped) names.emplace_back(s.name);
    throw Error(ErrorKind::kNotFound,
                fmt::format("no shipped indicator system named '{}'{}; the shipped ones: {}", name,
                            text::did_you_mean(name, names), fmt::join(names, ", ")),
                {"", 0, "", "system"});
  }
  return load_system(name);
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

}  // namespace

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
         "gives it, which then counts. A figure nobody reported is missing, never 0, the counts "
         "of platforms, institutions and alliances too; a reported 0 is 0.\n\n";
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

report::Table system_tree_table(const evaluate::IndicatorSystem& s) {
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

report::Table shipped_systems_table() {
  report::Table t;
  t.columns = {{"name", "名称"}, {"indicators", "指标数", -1, true}, {"about", "说明"}};
  for (const auto& s : kShipped) {
    auto system = load_system(s.name).system;
    t.add_row({s.name, static_cast<std::int64_t>(system.indicators().size()), s.what});
  }
  return t;
}

namespace {

const char* const kCatalogue = "the cluster-year fields: clusteratlas systems fields";

SystemValidation validation(const std::string& text, const std::string& source,
                            const std::vector<std::string>& known, std::string against) {
  SystemValidation v{std::nullopt, source, std::move(against), {}, 0};
  auto parsed = evaluate::parse_system(text);
  if (!parsed.system) {
    v.problems = std::move(parsed.problems);
    return v;
  }
  v.loaded = LoadedSystem{std::move(*parsed.system), sha256_hex(text), source};
  v.problems = evaluate::unknown_fields(v.loaded->system, known);
  v.levels = depth(v.loaded->system.index);
  return v;
}

}  // namespace

std::vector<std::string> SystemValidation::problem_lines() const {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(placed(source, p));
  return out;
}

nlohmann::ordered_json SystemValidation::document() const {
  if (!problems.empty() || !loaded) {
    auto list = nlohmann::ordered_json::array();
    for (const auto& p : problems) {
      list.push_back({{"line", p.line}, {"column", p.column}, {"message", p.message}});
    }
    return {{"valid", false}, {"source", source}, {"problems", list}, {"against", against}};
  }
  const auto& s = loaded->system;
  return {{"valid", true},
          {"id", s.id},
          {"name_zh", s.name_zh},
          {"name_en", s.name_en},
          {"sha256", loaded->sha256},
          {"indicators", s.indicators().size()},
          {"levels", levels},
          {"gates", s.gates.size()},
          {"grades", s.grades.size()},
          {"against", against}};
}

SystemValidation validate_system(const std::string& name_or_file, const std::string& data) {
  auto [text, source] = system_text(name_or_file);
  if (data.empty()) return validation(text, source, catalogue_names(), kCatalogue);
  return validation(text, source, ingest::read_unit_data(data).columns, "the columns of " + data);
}

SystemValidation validate_system_text(const std::string& yaml, const std::string& source) {
  return validation(yaml, source, catalogue_names(), kCatalogue);
}

}  // namespace atlas::app
