// The statistical audit of an index on its data (`audit`): per indicator availability, skew and
// the ranking's shift when it is left out; sibling pairs flagged collinear or negatively
// correlated; per dimension Cronbach's alpha and the variance its first principal components
// explain. It runs the evaluation (app/evaluation.h) and evaluate::run_audit on it.
#pragma once
#include <memory>

#include <nlohmann/json.hpp>

#include "atlas/app/evaluation.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct AuditReport {
  std::unique_ptr<Evaluation> evaluation;
  report::Table indicators, pairs, nodes;
  // {"indicators": [...], "pairs": [...], "nodes": [...], "notes": [...]}: the three tables'
  // rows, and the --data table's notes and the synthetic-data notice (absent when none).
  nlohmann::ordered_json document() const;
};

AuditReport audit_index(const Database* db, const EvaluationRequest& request,
                        const EvaluationListener& listener = {});

}  // namespace atlas::app
