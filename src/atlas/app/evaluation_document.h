// What an evaluation returns, in the forms its callers take: the JSON document (the body of
// `evaluate --format json` and of the API; docs/schemas/evaluation.schema.json), the ranking
// table people read (table, CSV, XLSX), the sensitivity indices, every replication's choices,
// and the record a database run is stored as.
#pragma once
#include <nlohmann/json.hpp>

#include "atlas/app/evaluation.h"
#include "atlas/report/table.h"
#include "atlas/store/store.h"

namespace atlas::app {

// The whole run for programs (docs/api-documents.md). With `with_notes`, the notes on the --data
// table and the synthetic-data notice as "notes" (absent when there are none); a stored run keeps
// the document without them.
nlohmann::ordered_json evaluation_document(const Evaluation& e, bool with_notes = true);
// `doc` (an evaluation document) with only its `top` best-ranked units, best first, and a note
// "the best N of M units" (as `evaluate --top` says under its table); the population, and so
// every score, is still the whole run's. 0, or no fewer units than `top`, keeps every unit.
nlohmann::ordered_json best_units(nlohmann::ordered_json doc, std::size_t top);
// One row per unit, best first, with the dimension scores; no notes (each shell says whom the
// scores are relative to in its own way).
report::Table ranking_table(const Evaluation& e);
// Which choice moves the ranking: first-order and total Sobol indices with 95% intervals.
report::Table sensitivity_table(const evaluate::SensitivityResult& s);
// Every uncertainty replication's choices; throws kUsage when the run had no uncertainty analysis.
report::Table replications_table(const Evaluation& e);
// A database run as the store keeps it: the document without notes, the methods in one line.
store::StoredRun stored_run(const Evaluation& e);

}  // namespace atlas::app
