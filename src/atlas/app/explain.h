// The explain use case: why a unit got its score — each indicator's raw value, normalised value,
// effective and used weight, contribution and place among the peers; the gates with their outcome
// and what failing each does; the units ranked just above and below it. It runs the evaluation
// (app/evaluation.h) and finds the unit by code, exact name or a unique part of its name.
#pragma once
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "atlas/app/evaluation.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct Explanation {
  std::unique_ptr<Evaluation> evaluation;
  std::size_t unit = 0;      // the unit's position in evaluation->run
  report::Table indicators;  // node by node, indented by depth
  report::Table gates;       // one row per gate of the system
  report::Table peers;       // the ranks just above, at and below the unit's (empty: unranked)
  // The indicator table, the part a user pastes into a report, with the synthetic-data notice
  // as a note: the body of `explain --format json`.
  nlohmann::ordered_json document() const;
};

// Throws kNotFound for a unit that is not evaluated or a part of a name matching several.
Explanation explain_unit(const Database* db, const EvaluationRequest& request,
                         const std::string& unit, const EvaluationListener& listener = {});

}  // namespace atlas::app
