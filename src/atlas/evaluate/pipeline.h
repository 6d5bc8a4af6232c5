// One evaluation from start to end: an indicator system applied to a set of units — formulas →
// raw values → normalised values → weights and aggregation node by node → index scores, ranks,
// grades, gates and the two-stage composite. The result, an EvaluationRun, keeps every
// intermediate table, every parameter and a log of the steps (COINr's "coin"), so a score can be
// explained and a run reproduced or compared. Pure computation: units and system come in.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"
#include "atlas/evaluate/system.h"
#include "atlas/evaluate/unit_fields.h"

namespace atlas::evaluate {

struct Unit {
  std::string code, name;
  std::map<std::string, std::string> groups;  // group column → value
  UnitFields fields;
};

struct Options {
  // What-if overrides of the system's methods (`--normalise`, `--weighting`, `--aggregate`,
  // `--impute`, `--outliers`);
  // an aggregate override applies to every node.
  std::optional<std::string> normalise, weighting, aggregate, impute, outliers;
  // Expert scores by unit code (0–100), for the two-stage composite.
  std::map<std::string, double> expert_scores;
};

enum class GateOutcome { kPass, kFail, kUndecided };  // undecided: the rule reads missing data

struct UnitResult {
  bool screened_out = false;  // too few indicators present: no score, no rank
  double score = kMissing;    // the data score: the index node, 0–100 for means of min-max values
  std::optional<double> expert_score;
  double final_score = kMissing;   // the composite when the system has one, else the score
  std::optional<int> rank;         // 1 = best; ties share the best rank; none when no score
  std::string grade;               // empty without grades or score, or when excluded
  std::vector<GateOutcome> gates;  // in the system's order
  // The failed gates (positions in the system's list) that exclude the unit from the ranking —
  // no rank, no grade — and those that cap its grade; `uncapped_grade` is the grade its score
  // earns before any cap.
  std::vector<std::size_t> excluded_by, capped_by;
  std::string uncapped_grade;
  // Indicators without a value for the unit after imputation: the means shared their weight
  // among those present (COINr's convention). Screened-out units: the ones without a raw value.
  int missing_indicators = 0;
  // Each indicator's weight in this unit's score: its effective weight with the weights of the
  // unit's missing values shared among those present, node by node, as the means do (0 for a
  // missing one). Equal to the effective weights when nothing is missing.
  std::vector<double> weights_used;
  // Each indicator's share of the score, in points: weights_used × normalised value; missing for
  // an indicator without a value (so every one for a unit without a score). Defined for
  // arithmetic aggregation everywhere above the indicator; empty otherwise.
  std::vector<double> contributions;
  // The unit's rank among the units on each indicator (1 = best, by normalised value, so
  // polarity is respected; 0 = missing), and its three best and three worst indicators by that
  // rank — strengths and weaknesses relative to peers, as indicator positions.
  std::vector<int> indicator_ranks;
  std::vector<std::size_t> strengths, weaknesses;
};

struct EvaluationRun {
  std::string system_id, system_hash, input;  // what was evaluated, for reproduction
  Methods methods;                            // after overrides
  std::vector<const Node*> nodes;             // every node, depth first, index first
  std::vector<const Node*> indicators;        // the leaves, depth first
  std::vector<std::string> codes, names;      // the units, in input order
  Matrix raw;                                 // units × indicators: the formulas' values
  Matrix imputed;  // units × indicators: screened-out units' rows missing, imputed values filled
  Matrix treated;  // units × indicators: after outlier treatment; what is normalised
  Matrix normalised;                         // units × indicators
  std::optional<std::size_t> reference_row;  // dist2ref's reference unit
  Matrix scores;  // units × nodes: indicators' normalised values and aggregates
  // Weight of each node within its parent as the weighting method set it, and its product from
  // the index down (for indicators: the effective weight).
  std::vector<double> weight_in_parent, effective_weight;
  // Per node: the aggregation it names itself (`aggregate:` in the system), which it keeps; empty
  // when it takes the default, methods.aggregate — every node does under an --aggregate override
  // — and for indicators. Uncertainty's aggregation alternatives replace only the default.
  std::vector<std::string> own_aggregate;
  std::vector<UnitResult> results;  // per unit, input order
  std::vector<std::string> log;     // each step with its parameters; warnings

  int node_index(const std::string& id) const;
  // The aggregation node `k` (a position in `nodes`) ran with.
  const std::string& aggregate_of(std::size_t k) const;
};

// Throws atlas::Error (kBadInput) when a formula reads a field no unit has (listing all such
// fields), an override names an unknown method, normalise none meets a mean (needs_normalised_
// values), or a gate is undecided for every unit — a gate that decides nothing is a mistake, not
// a pass (the error's row is the gate's line in the system file). `system` must outlive the run.
EvaluationRun run_evaluation(const IndicatorSystem& system, const std::vector<Unit>& units,
                             const Options& options);

// Each unit's data score (the index node), missing for the units gates exclude: what the analyses
// of a ranking — uncertainty, sensitivity, the audit's removal effect — rank, so that they follow
// the ranking's rules.
std::vector<double> ranked_scores(const EvaluationRun& run);

}  // namespace atlas::evaluate
