// Stored evaluations (`runs`): the list, one run's ranking again, and how each unit's rank moved
// from one run to another. They read the JSON document each run was stored with
// (app/evaluation_document.h), so a run reads back as it was printed. The synthetic-data notice
// is the shell's to add, as for every listing.
#pragma once
#include <cstdint>
#include <string>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

// `province` (a code or name; empty: everything) narrows each to one province's part, for its
// department: where its clusters stand in the programme. The list keeps the runs over the
// registry that rank them (national runs and the province's own), a ranking and a comparison
// keep their rows with the ranks they had among all the run's units; a run of a data file has
// no clusters of any province.

// Every stored evaluation, oldest first.
report::Table runs_table(const Database& db, const std::string& province = "");
// A stored run's ranking, best first; throws kNotFound for no such run.
report::Table run_ranking(const Database& db, std::int64_t id, const std::string& province = "");
// Each unit's rank and score in run `first` (A) and `second` (B), shift = rank A − rank B (+3:
// three places up in B), largest moves first; a unit in only one run has no rank on the other
// side. Throws kNotFound for no such run.
report::Table compare_runs(const Database& db, std::int64_t first, std::int64_t second,
                           const std::string& province = "");

}  // namespace atlas::app
