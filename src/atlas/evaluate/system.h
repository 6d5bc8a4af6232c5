// An indicator system as offices write it (YAML, docs/indicator-systems.md): a tree of any depth
// from the index through dimensions to indicators, each node with its names, weight, aggregation
// and polarity; the pipeline's default methods; eligibility gates; grades; the two-stage
// composite; the choices uncertainty analysis varies. Parsing reports every problem at once, with
// its line and column, so an office fixes a file in one pass. No I/O: the text comes in.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/evaluate/matrix.h"

namespace atlas::evaluate {

// Where a formula's text starts in the system file: the 1-based line and column of its first
// character, so that a place inside the formula can be placed in the file.
struct TextPlace {
  int line = 0, column = 0;
};

struct Node {
  std::string id;
  std::string name_zh, name_en;
  // As written: within a parent whose `weights` are absolute they sum to 1 (or 100); relative
  // weights (0.8, 1.2, as the national high-tech zone evaluation writes them) are multipliers.
  // Either way the pipeline uses them normalised within the parent.
  double weight = 1;
  double weight_in_parent = 1;  // normalised: children of a node sum to 1
  double effective_weight = 1;  // product of weight_in_parent from the index down
  // Polarity as written on this node (indicator or any node above it); a negative node reverses
  // everything below it, so the effective polarity is the product along the path.
  Polarity polarity = Polarity::kPositive;
  Polarity effective_polarity = Polarity::kPositive;
  std::string aggregate;  // inner nodes: the method combining the children (default: system's)
  // Inner nodes: the exponent p of `aggregate: power`, the generalised mean (Σ w·x^p)^(1/p);
  // 2 (the quadratic mean) unless written.
  double power = 2;
  // Indicators (nodes without children).
  std::string unit;
  std::string formula;   // over the cluster-year metrics; empty = the field named by `id`
  TextPlace formula_at;  // where the formula (or, without one, the id) is written
  std::optional<double> goal_lo, goal_hi, target;
  // Inner nodes: an AHP pairwise matrix over the children, in their order (weighting: ahp).
  std::vector<std::vector<double>> pairwise;
  std::vector<Node> children;
  int line = 0;  // where the node starts in the file, 1-based

  bool is_indicator() const { return children.empty(); }
};

// What failing a gate does to a unit. A threshold that is not met means not eligible, so a gate
// excludes unless the system says otherwise; a gate that cannot be decided (its rule reads
// missing data) neither excludes nor caps — it is shown as undecided.
enum class GateEffect {
  kExclude,  // no rank and no grade: listed after the ranked units with the gate as the reason
  kCap,      // ranked, but the grade is at most `cap`
  kFlag,     // shown only
};

struct Gate {
  std::string id;
  std::string rule;  // a formula that must be true, e.g. "mean_last(revenue, 3) >= 300亿"
  std::string message;
  GateEffect effect = GateEffect::kExclude;
  std::string cap;  // kCap: the best grade a unit failing the gate can get, e.g. 合格
  int line = 0;
  TextPlace rule_at;
};

// "exclude", "cap", "flag": as systems write them and JSON reports them.
const char* effect_name(GateEffect effect);

struct Grade {
  std::string name;  // 优秀, 良好, 合格, 不合格
  double min = 0;    // lowest score that earns it; grades are listed from best to worst
};

// The output scale of min-max and goalpost normalisation, lo < hi.
struct Range {
  double lo = 0, hi = 100;
};

struct Methods {
  std::string normalise = "minmax";
  std::string weighting = "manual";
  std::string aggregate = "arithmetic";
  std::string impute = "none";
  std::string outliers = "none";
  // Units with less than this share of the indicators present are left out before anything is
  // computed (COINr's Screen); 0 keeps every unit.
  double screen = 0;
  std::string impute_group;  // impute group_median: the group (province, industry, a data column)
  std::string reference;     // normalise dist2ref: the reference unit's code
  // Min-max's and goalposts' output scale: [0, 100] unless written; COINr's convention before
  // geometric means is [1, 100], so that no value is 0.
  Range range;
};

// `normalise: none`: raw values go to weighting and to TOPSIS, VIKOR or grey relational analysis,
// which normalise them as their textbooks do.
inline constexpr const char* kNoNormalisation = "none";

struct UncertaintyChoices {
  double weight_spread = 0;  // ±share each weight is perturbed by, e.g. 0.25
  std::vector<std::string> normalise, aggregate, impute;
};

struct IndicatorSystem {
  std::string id, name_zh, name_en, version, description;
  Methods methods;
  Node index;
  std::vector<Gate> gates;
  std::vector<Grade> grades;
  // Two-stage composite: final = data · data score + expert · expert score (weights sum to 1).
  std::optional<double> data_share, expert_share;
  UncertaintyChoices uncertainty;

  // Indicators in the order of the tree, depth first.
  std::vector<const Node*> indicators() const;
};

struct SystemProblem {
  int line = 0, column = 0;  // 1-based; 0 when the problem is the whole file's
  std::string message;
};

struct SystemParse {
  std::optional<IndicatorSystem> system;  // set when there are no problems
  std::vector<SystemProblem> problems;
};

// Parses and checks a system. Problems are sorted by line; the shell adds the file name.
SystemParse parse_system(std::string_view yaml);

// Where line `line`, column `column` of a formula written at `at` is in the file.
TextPlace place_in_file(TextPlace at, int line, int column);

// Whether an aggregation normalises its inputs itself (TOPSIS, VIKOR, grey relational analysis),
// and so can take raw values under `normalise: none`.
bool normalises_itself(const std::string& aggregate);
// Under normalise none, the dimensions with indicators among their children that aggregate with a
// mean or Copeland, which cannot combine raw values in different units. `aggregate`, when not
// empty, overrides every node's method (`--aggregate`). Depth first.
std::vector<const Node*> needs_normalised_values(const IndicatorSystem& system,
                                                 const std::string& aggregate);
// What to say about one of them, aggregating with `method`.
std::string raw_values_message(const Node& node, const std::string& method);

// The method names each step accepts.
const std::vector<std::string>& normalise_methods();
const std::vector<std::string>& weighting_methods();
const std::vector<std::string>& aggregate_methods();
const std::vector<std::string>& impute_methods();
const std::vector<std::string>& outlier_methods();

// Throws atlas::Error (kBadInput) "unknown STEP method 'NAME' (known: …)" unless `known` has it.
void require_method(std::string_view step, const std::string& name,
                    const std::vector<std::string>& known);

}  // namespace atlas::evaluate
