#include "atlas/evaluate/system.h"

#include "atlas/core/error.h"
#include "atlas/evaluate/expr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

namespace atlas::evaluate {

const std::vector<std::string>& normalise_methods() {
  static const std::vector<std::string> k = {
      "minmax",   "zscore",   "rank",        "percentile", "borda",  "goalposts",
      "dist2max", "dist2ref", "dist2target", "fracmax",    "vector", kNoNormalisation};
  return k;
}
const std::vector<std::string>& weighting_methods() {
  static const std::vector<std::string> k = {"manual", "equal", "entropy", "critic", "ahp", "pca"};
  return k;
}
const std::vector<std::string>& aggregate_methods() {
  static const std::vector<std::string> k = {"arithmetic", "geometric", "harmonic", "power",
                                             "copeland",   "topsis",    "vikor",    "gra"};
  return k;
}
const std::vector<std::string>& impute_methods() {
  static const std::vector<std::string> k = {"none",         "mean",      "median",
                                             "group_median", "last_year", "linear"};
  return k;
}
const std::vector<std::string>& outlier_methods() {
  static const std::vector<std::string> k = {"none", "winsorise", "boxcox"};
  return k;
}

void require_method(std::string_view step, const std::string& name,
                    const std::vector<std::string>& known) {
  if (std::find(known.begin(), known.end(), name) == known.end()) {
    throw Error(ErrorKind::kBadInput, fmt::format("unknown {} method '{}' (known: {})", step, name,
                                                  fmt::join(known, ", ")));
  }
}

const char* effect_name(GateEffect effect) {
  switch (effect) {
    case GateEffect::kExclude: return "exclude";
    case GateEffect::kCap: return "cap";
    case GateEffect::kFlag: return "flag";
  }
  return "";
}

TextPlace place_in_file(TextPlace at, int line, int column) {
  if (line <= 1) return {at.line, at.column + column - 1};
  return {at.line + line - 1, column};
}

bool normalises_itself(const std::string& aggregate) {
  return aggregate == "topsis" || aggregate == "vikor" || aggregate == "gra";
}

std::vector<const Node*> needs_normalised_values(const IndicatorSystem& system,
                                                 const std::string& aggregate) {
  std::vector<const Node*> out;
  std::function<void(const Node&)> walk = [&](const Node& n) {
    if (n.is_indicator()) return;
    std::string method = !aggregate.empty()     ? aggregate
                         : !n.aggregate.empty() ? n.aggregate
                                                : system.methods.aggregate;
    bool indicators = std::any_of(n.children.begin(), n.children.end(),
                                  [](const Node& c) { return c.is_indicator(); });
    if (indicators && !normalises_itself(method)) out.push_back(&n);
    for (const auto& c : n.children) walk(c);
  };
  walk(system.index);
  return out;
}

std::string raw_values_message(const Node& node, const std::string& method) {
  return fmt::format(
      "normalise none hands '{}' the raw values of its indicators, which aggregate {} cannot "
      "combine (it would add 元 to shares): aggregate it with topsis, vikor or gra, which "
      "normalise as their textbooks do, or choose a normalisation",
      node.id, method);
}

std::vector<const Node*> IndicatorSystem::indicators() const {
  std::vector<const Node*> out;
  std::function<void(const Node&)> walk = [&](const Node& n) {
    if (n.is_indicator()) out.push_back(&n);
    for (const auto& c : n.children) walk(c);
  };
  walk(index);
  return out;
}

namespace {

// The 1-based character column of a yaml-cpp mark, whose column counts bytes: the characters
// among the first `mark.column` bytes of its line.
int character_column(std::string_view yaml, const YAML::Mark& mark) {
  if (mark.line < 0 || mark.column < 0) return 0;
  std::size_t at = 0;
  for (int line = 0; line < mark.line; ++line) {
    at = yaml.find('\n', at);
    if (at == std::string_view::npos) return mark.column + 1;
    ++at;
  }
  auto end = std::min(yaml.size(), at + static_cast<std::size_t>(mark.column));
  int characters = 1;
  for (std::size_t i = at; i < end; ++i) {
    if ((static_cast<unsigned char>(yaml[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters;
}

// Reads the YAML tree into an IndicatorSystem, noting every problem instead of stopping at the
// first, so `systems validate` lists them all.
class Reader {
 public:
  explicit Reader(std::string_view yaml) : yaml_(yaml) {}

  std::vector<SystemProblem> problems;

  void problem(const YAML::Node& at, std::string message) {
    auto mark = at.Mark();
    problems.push_back({mark.line + 1, column(mark), std::move(message)});
  }

  // The 1-based column of a mark in characters, as editors count them: yaml-cpp counts bytes, so
  // each CJK character before it (name_zh: 研发, in a flow map) would count three.
  int column(const YAML::Mark& mark) const { return character_column(yaml_, mark); }

  // Notes keys a map may not carry: a misspelt `wieght` would otherwise be silently ignored.
  void known_keys(const YAML::Node& map, std::initializer_list<std::string_view> keys,
                  std::string_view what) {
    for (const auto& entry : map) {
      auto key = entry.first.Scalar();
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) {
        problem(entry.first, fmt::format("unknown key '{}' in {} (known: {})", key, what,
                                         fmt::join(keys, ", ")));
      }
    }
  }

  std::string text(const YAML::Node& map, const char* key) {
    auto v = map[key];
    if (!v) return {};
    if (!v.IsScalar()) {
      problem(v, fmt::format("'{}' must be text", key));
      return {};
    }
    return v.Scalar();
  }

  // A number, also written as a fraction ("1/3", AHP's judgements).
  std::optional<double> number(const YAML::Node& v, std::string_view what) {
    if (!v.IsScalar()) {
      problem(v, fmt::format("{} must be a number", what));
      return std::nullopt;
    }
    const std::string& s = v.Scalar();
    auto parse = [](std::string_view t) -> std::optional<double> {
      double d = 0;
      auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
      if (ec != std::errc() || end != t.data() + t.size() || !std::isfinite(d)) return std::nullopt;
      return d;
    };
    std::optional<double> out;
    if (auto slash = s.find('/'); slash != std::string::npos) {
      auto a = parse(std::string_view(s).substr(0, slash));
      auto b = parse(std::string_view(s).substr(slash + 1));
      if (a && b && *b != 0) out = *a / *b;
    } else {
      out = parse(s);
    }
    if (!out) problem(v, fmt::format("{} must be a number, not '{}'", what, s));
    return out;
  }

  std::optional<double> number_at(const YAML::Node& map, const char* key) {
    auto v = map[key];
    if (!v) return std::nullopt;
    return number(v, fmt::format("'{}'", key));
  }

  std::string method(const YAML::Node& map, const char* key, const std::vector<std::string>& known,
                     const std::string& fallback) {
    auto v = map[key];
    if (!v) return fallback;
    std::string name = text(map, key);
    check_method(v, name, known, key);
    return name.empty() ? fallback : name;
  }

  void check_method(const YAML::Node& at, const std::string& name,
                    const std::vector<std::string>& known, std::string_view step) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      problem(at, fmt::format("unknown {} method '{}' (known: {})", step, name,
                              fmt::join(known, ", ")));
    }
  }

  std::vector<std::string> methods(const YAML::Node& map, const char* key,
                                   const std::vector<std::string>& known) {
    std::vector<std::string> out;
    auto v = map[key];
    if (!v) return out;
    if (!v.IsSequence()) {
      problem(v, fmt::format("'{}' must be a list, e.g. [minmax, zscore]", key));
      return out;
    }
    for (const auto& item : v) {
      if (!item.IsScalar()) {
        problem(item, fmt::format("'{}' lists method names", key));
        continue;
      }
      check_method(item, item.Scalar(), known, key);
      out.push_back(item.Scalar());
    }
    return out;
  }

  // Where the text of a scalar starts in the file: a quoted scalar one column after its quote.
  TextPlace place_of(const YAML::Node& v) const {
    auto mark = v.Mark();
    return {mark.line + 1, column(mark) + (v.Tag() == "!" ? 1 : 0)};
  }

  // Parses a formula or gate rule so that its mistakes surface at validation, placed where they
  // are in the YAML file.
  void formula(const YAML::Node& v, std::string_view what) {
    if (!v || !v.IsScalar()) return;
    try {
      Formula::parse(v.Scalar());
    } catch (const FormulaError& e) {
      auto at = place_in_file(place_of(v), e.line(), e.column());
      problems.push_back({at.line, at.column, fmt::format("{}: {}", what, e.what())});
    }
  }

  std::optional<Polarity> polarity(const YAML::Node& map) {
    auto v = map["polarity"];
    if (!v) return std::nullopt;
    auto s = text(map, "polarity");
    if (s == "positive" || s == "+" || s == "正向") return Polarity::kPositive;
    if (s == "negative" || s == "-" || s == "负向" || s == "逆向") return Polarity::kNegative;
    problem(v, fmt::format("polarity must be positive (正向) or negative (负向), not '{}'", s));
    return std::nullopt;
  }

  Node node(const YAML::Node& map, std::set<std::string>& ids, int depth) {
    Node n;
    n.line = map.Mark().line + 1;
    if (!map.IsMap()) {
      problem(map, "a node is a map with at least 'id' and 'name_zh'");
      return n;
    }
    known_keys(map,
               {"id", "name_zh", "name_en", "weight", "weights", "polarity", "aggregate", "power",
                "unit", "formula", "goalposts", "target", "pairwise", "children"},
               "a node");
    n.id = text(map, "id");
    if (n.id.empty()) {
      problem(map, "a node needs an 'id'");
    } else if (!ids.insert(n.id).second) {
      problem(map["id"], fmt::format("id '{}' is used twice", n.id));
    }
    n.name_zh = text(map, "name_zh");
    n.name_en = text(map, "name_en");
    if (n.name_zh.empty() && n.name_en.empty()) {
      problem(map, fmt::format("node '{}' needs a name (name_zh or name_en)", n.id));
    }
    if (auto w = number_at(map, "weight")) {
      if (*w <= 0) problem(map["weight"], fmt::format("weight of '{}' must be above 0", n.id));
      n.weight = *w;
    }
    if (auto p = polarity(map)) n.polarity = *p;
    if (map["aggregate"]) n.aggregate = method(map, "aggregate", aggregate_methods(), "");
    if (auto p = number_at(map, "power")) {
      if (*p == 0)
        problem(map["power"], "power 0 is the geometric mean: write aggregate: geometric");
      n.power = *p;
    }
    n.unit = text(map, "unit");
    n.formula = text(map, "formula");
    formula(map["formula"], fmt::format("formula of '{}'", n.id));
    if (map["formula"]) {
      n.formula_at = place_of(map["formula"]);
    } else if (map["id"]) {
      n.formula_at = place_of(map["id"]);
    }
    if (auto g = map["goalposts"]) {
      if (!g.IsSequence() || g.size() != 2) {
        problem(g, "goalposts are [low, high]");
      } else {
        n.goal_lo = number(g[0], "a goalpost");
        n.goal_hi = number(g[1], "a goalpost");
        if (n.goal_lo && n.goal_hi && *n.goal_lo >= *n.goal_hi) {
          problem(g, fmt::format("goalposts of '{}': low {} is not below high {}", n.id, *n.goal_lo,
                                 *n.goal_hi));
        }
      }
    }
    n.target = number_at(map, "target");

    auto children = map["children"];
    if (children) {
      if (!children.IsSequence() || children.size() == 0) {
        problem(children, fmt::format("children of '{}' must be a non-empty list", n.id));
      } else {
        for (const auto& c : children) n.children.push_back(node(c, ids, depth + 1));
      }
    }
    if (!n.children.empty()) {
      for (const char* key : {"formula", "unit", "goalposts", "target"}) {
        if (map[key]) {
          problem(map[key],
                  fmt::format("'{}' belongs on an indicator; '{}' has children", key, n.id));
        }
      }
      weights_in_parent(map, n);
    } else {
      if (map["weights"]) problem(map["weights"], "'weights' belongs on a node with children");
      if (map["pairwise"]) problem(map["pairwise"], "'pairwise' belongs on a node with children");
      if (map["power"]) problem(map["power"], "'power' belongs on a node with children");
      if (map["aggregate"]) {
        problem(map["aggregate"], fmt::format("'aggregate' belongs on a node with children; "
                                              "'{}' is an indicator",
                                              n.id));
      }
    }
    if (depth == 0 && n.children.empty()) problem(map, "the index needs children");
    return n;
  }

  // Normalises the children's weights within `n`, after checking that absolute ones add up.
  void weights_in_parent(const YAML::Node& map, Node& n) {
    std::string kind = map["weights"] ? text(map, "weights") : "absolute";
    if (kind != "absolute" && kind != "relative") {
      problem(map["weights"],
              "'weights' is absolute (they sum to 1 or 100) or relative "
              "(multipliers such as 0.8 and 1.2)");
    }
    double sum = 0;
    bool given = false;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      sum += n.children[i].weight;
      if (map["children"][i].IsMap() && map["children"][i]["weight"]) given = true;
    }
    bool adds_up = std::abs(sum - 1) < 1e-6 || std::abs(sum - 100) < 1e-4;
    if (kind == "absolute" && given && !adds_up) {
      problem(map["children"], fmt::format("the weights of the children of '{}' sum to {:g}, "
                                           "not 1 or 100 (or say `weights: relative`)",
                                           n.id, sum));
    }
    for (auto& c : n.children) c.weight_in_parent = sum > 0 ? c.weight / sum : 0;
    if (auto p = map["pairwise"]) pairwise(p, n);
  }

  void pairwise(const YAML::Node& p, Node& n) {
    std::size_t k = n.children.size();
    if (!p.IsSequence() || p.size() != k) {
      problem(p, fmt::format("the pairwise matrix of '{}' needs {} rows, one per child", n.id, k));
      return;
    }
    for (std::size_t i = 0; i < k; ++i) {
      if (!p[i].IsSequence() || p[i].size() != k) {
        problem(p[i], fmt::format("row {} of the pairwise matrix needs {} numbers", i + 1, k));
        return;
      }
      std::vector<double> row;
      for (std::size_t j = 0; j < k; ++j) {
        auto v = number(p[i][j], "a judgement");
        if (v && *v <= 0) problem(p[i][j], "a judgement must be above 0");
        row.push_back(v.value_or(1));
      }
      n.pairwise.push_back(row);
    }
    for (std::size_t i = 0; i < k; ++i) {
      if (std::abs(n.pairwise[i][i] - 1) > 1e-9) {
        problem(p[i][i], "the diagonal of a pairwise matrix is 1");
      }
      for (std::size_t j = i + 1; j < k; ++j) {
        if (std::abs(n.pairwise[i][j] * n.pairwise[j][i] - 1) > 1e-3) {
          problem(p[j][i], fmt::format("row {}, column {} must be 1/{} (the matrix is reciprocal)",
                                       j + 1, i + 1, p[i][j].Scalar()));
        }
      }
    }
  }

  void gates(const YAML::Node& list, IndicatorSystem& s) {
    if (!list.IsSequence()) {
      problem(list, "'gates' is a list of {id, rule, message}");
      return;
    }
    std::set<std::string> ids;
    for (const auto& g : list) {
      if (!g.IsMap()) {
        problem(g, "a gate is {id, rule, message}");
        continue;
      }
      known_keys(g, {"id", "rule", "message", "effect", "cap"}, "a gate");
      Gate gate;
      gate.id = text(g, "id");
      gate.rule = text(g, "rule");
      gate.message = text(g, "message");
      gate.line = g.Mark().line + 1;
      if (g["rule"]) gate.rule_at = place_of(g["rule"]);
      effect(g, gate);
      if (gate.id.empty()) problem(g, "a gate needs an 'id'");
      if (!gate.id.empty() && !ids.insert(gate.id).second) {
        problem(g["id"], fmt::format("gate '{}' is listed twice", gate.id));
      }
      if (gate.rule.empty()) problem(g, fmt::format("gate '{}' needs a 'rule'", gate.id));
      formula(g["rule"], fmt::format("rule of gate '{}'", gate.id));
      if (gate.message.empty()) gate.message = gate.rule;
      s.gates.push_back(gate);
    }
  }

  // `effect: exclude | cap | flag` (排除, 封顶, 标记) and, for cap, `cap: GRADE`; `cap: GRADE`
  // alone says cap. Whether the grade exists is checked once the grades are read.
  void effect(const YAML::Node& g, Gate& gate) {
    gate.cap = text(g, "cap");
    auto e = g["effect"];
    if (!e) {
      if (!gate.cap.empty()) gate.effect = GateEffect::kCap;
      return;
    }
    auto name = text(g, "effect");
    if (name == "exclude" || name == "排除") {
      gate.effect = GateEffect::kExclude;
    } else if (name == "cap" || name == "封顶") {
      gate.effect = GateEffect::kCap;
    } else if (name == "flag" || name == "标记") {
      gate.effect = GateEffect::kFlag;
    } else {
      problem(e, fmt::format("a gate's effect is exclude (排除: no rank, no grade), cap (封顶: "
                             "the grade at most `cap`) or flag (标记: shown only), not '{}'",
                             name));
      return;
    }
    if (gate.effect == GateEffect::kCap && gate.cap.empty()) {
      problem(e, fmt::format("gate '{}' caps the grade: say at which grade, e.g. `cap: 合格`",
                             gate.id));
    }
    if (gate.effect != GateEffect::kCap && !gate.cap.empty()) {
      problem(g["cap"], fmt::format("gate '{}' has `cap` but its effect is {}", gate.id, name));
    }
  }

  void grades(const YAML::Node& list, IndicatorSystem& s) {
    if (!list.IsSequence() || list.size() == 0) {
      problem(list, "'grades' is a list of {name, min}, best first");
      return;
    }
    for (const auto& g : list) {
      if (!g.IsMap()) {
        problem(g, "a grade is {name, min}");
        continue;
      }
      known_keys(g, {"name", "min"}, "a grade");
      Grade grade{text(g, "name"), number_at(g, "min").value_or(0)};
      if (grade.name.empty()) problem(g, "a grade needs a 'name'");
      if (!s.grades.empty() && grade.min >= s.grades.back().min) {
        problem(g, fmt::format("grade '{}' (from {}) must start below '{}' (from {}): best first",
                               grade.name, grade.min, s.grades.back().name, s.grades.back().min));
      }
      s.grades.push_back(grade);
    }
  }

  void composite(const YAML::Node& c, IndicatorSystem& s) {
    if (!c.IsMap()) {
      problem(c, "'composite' is {data: 0.4, expert: 0.6}");
      return;
    }
    known_keys(c, {"data", "expert"}, "composite");
    s.data_share = number_at(c, "data");
    s.expert_share = number_at(c, "expert");
    if (!s.data_share || !s.expert_share) {
      problem(c, "'composite' needs both 'data' and 'expert' shares");
    } else if (*s.data_share < 0 || *s.expert_share < 0 ||
               std::abs(*s.data_share + *s.expert_share - 1) > 1e-9) {
      problem(c, fmt::format("composite shares {} + {} must be non-negative and sum to 1",
                             *s.data_share, *s.expert_share));
    }
  }

  // `range: [lo, hi]`: min-max's (and goalposts') output scale.
  void range(const YAML::Node& v, Methods& m) {
    if (!v.IsSequence() || v.size() != 2) {
      problem(v, "'range' is [low, high], e.g. [1, 100]");
      return;
    }
    auto lo = number(v[0], "the range's low end");
    auto hi = number(v[1], "the range's high end");
    if (!lo || !hi) return;
    if (!(*lo < *hi)) {
      problem(v,
              fmt::format("range [{:g}, {:g}]: the low end must be below the high end", *lo, *hi));
      return;
    }
    m.range = {*lo, *hi};
  }

  void uncertainty(const YAML::Node& u, IndicatorSystem& s) {
    if (!u.IsMap()) {
      problem(u, "'uncertainty' is {weights: 0.25, normalise: [...], aggregate: [...]}");
      return;
    }
    known_keys(u, {"weights", "normalise", "aggregate", "impute"}, "uncertainty");
    if (auto w = number_at(u, "weights")) {
      if (*w < 0 || *w >= 1) problem(u["weights"], "the weight spread is a share in [0, 1)");
      s.uncertainty.weight_spread = *w;
    }
    s.uncertainty.normalise = methods(u, "normalise", normalise_methods());
    s.uncertainty.aggregate = methods(u, "aggregate", aggregate_methods());
    s.uncertainty.impute = methods(u, "impute", impute_methods());
  }

 private:
  std::string_view yaml_;
};

// Effective weights and polarities, from the index down.
void resolve(Node& n, double weight, Polarity above) {
  n.effective_weight = weight;
  bool flips = (n.polarity == Polarity::kNegative) != (above == Polarity::kNegative);
  n.effective_polarity = flips ? Polarity::kNegative : Polarity::kPositive;
  for (auto& c : n.children) resolve(c, weight * c.weight_in_parent, n.effective_polarity);
}

}  // namespace

SystemParse parse_system(std::string_view yaml) {
  SystemParse out;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    out.problems.push_back({e.mark.line + 1, character_column(yaml, e.mark), e.msg});
    return out;
  }
  Reader r(yaml);
  if (!root.IsMap()) {
    out.problems.push_back(
        {0, 0, "an indicator system is a YAML map (see docs/indicator-systems.md)"});
    return out;
  }
  r.known_keys(root,
               {"id", "name_zh", "name_en", "version", "description", "methods", "index", "gates",
                "grades", "composite", "uncertainty"},
               "the system");
  IndicatorSystem s;
  s.id = r.text(root, "id");
  if (s.id.empty()) r.problem(root, "the system needs an 'id'");
  s.name_zh = r.text(root, "name_zh");
  s.name_en = r.text(root, "name_en");
  s.version = r.text(root, "version");
  s.description = r.text(root, "description");
  if (auto m = root["methods"]) {
    if (!m.IsMap()) {
      r.problem(m, "'methods' is a map of step → method");
    } else {
      r.known_keys(m,
                   {"normalise", "weighting", "aggregate", "impute", "outliers", "screen",
                    "impute_group", "reference", "range"},
                   "methods");
      s.methods.normalise = r.method(m, "normalise", normalise_methods(), s.methods.normalise);
      s.methods.weighting = r.method(m, "weighting", weighting_methods(), s.methods.weighting);
      s.methods.aggregate = r.method(m, "aggregate", aggregate_methods(), s.methods.aggregate);
      s.methods.impute = r.method(m, "impute", impute_methods(), s.methods.impute);
      s.methods.outliers = r.method(m, "outliers", outlier_methods(), s.methods.outliers);
      if (auto share = r.number_at(m, "screen")) {
        if (*share < 0 || *share > 1) {
          r.problem(m["screen"], "'screen' is the share of indicators a unit needs, in [0, 1]");
        }
        s.methods.screen = *share;
      }
      s.methods.impute_group = r.text(m, "impute_group");
      s.methods.reference = r.text(m, "reference");
      if (auto range = m["range"]) r.range(range, s.methods);
    }
  }
  if (auto index = root["index"]) {
    std::set<std::string> ids;
    s.index = r.node(index, ids, 0);
  } else {
    r.problem(root, "the system needs an 'index' (the root of its tree)");
  }
  if (auto g = root["gates"]) r.gates(g, s);
  if (auto g = root["grades"]) r.grades(g, s);
  if (auto c = root["composite"]) r.composite(c, s);
  if (auto u = root["uncertainty"]) r.uncertainty(u, s);
  if (s.methods.weighting == "ahp") {
    std::function<void(const Node&)> needs_pairwise = [&](const Node& n) {
      if (n.children.size() > 1 && n.pairwise.empty()) {
        r.problems.push_back({n.line, 0,
                              fmt::format("weighting: ahp needs a 'pairwise' matrix on "
                                          "'{}'",
                                          n.id)});
      }
      for (const auto& c : n.children) needs_pairwise(c);
    };
    needs_pairwise(s.index);
  }
  for (const auto& g : s.gates) {
    if (g.effect != GateEffect::kCap || g.cap.empty()) continue;
    bool known = std::any_of(s.grades.begin(), s.grades.end(),
                             [&](const Grade& grade) { return grade.name == g.cap; });
    if (!known) {
      std::vector<std::string> names;
      for (const auto& grade : s.grades) names.push_back(grade.name);
      r.problems.push_back(
          {g.line, 0,
           fmt::format(
               "gate '{}' caps at '{}', which is not one of the grades "
               "({})",
               g.id, g.cap,
               names.empty() ? "the system has none" : fmt::format("{}", fmt::join(names, ", ")))});
    }
  }
  if (s.methods.normalise == kNoNormalisation) {
    for (const auto* n : needs_normalised_values(s, "")) {
      r.problems.push_back(
          {n->line, 0,
           raw_values_message(*n, n->aggregate.empty() ? s.methods.aggregate : n->aggregate)});
    }
  }
  resolve(s.index, 1, Polarity::kPositive);
  out.problems = std::move(r.problems);
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const auto& a, const auto& b) { return a.line < b.line; });
  if (out.problems.empty()) out.system = std::move(s);
  return out;
}

}  // namespace atlas::evaluate
