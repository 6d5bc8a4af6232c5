// The expert pool (专家库) as the shells offer it (`expert add|import|list|conflicts`): an office's
// pool file read and stored all or nothing, the pool listed, and the conflicts of interest (回避)
// of a round's applications computed from the pool (rounds/conflicts.h).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/report/table.h"
#include "atlas/rounds/application.h"
#include "atlas/rounds/conflicts.h"

namespace atlas::app {

struct ExpertAddRequest {
  std::string code, name, organisation, province, title;  // province: code or name
  std::vector<std::string> fields;                        // GB/T 4754 codes
  std::vector<std::string> declared_conflicts;
};
std::int64_t add_expert(const Database& db, const ExpertAddRequest& request,
                        const store::Actor& actor);

// Reads the pool file (ingest/expert_pool.h) and adds or updates its experts by code, in one
// transaction. Throws kBadInput naming the file, row and column for a bad row; nothing is kept.
store::ExpertImport import_experts(const Database& db, const std::string& path,
                                   const store::Actor& actor);

// The pool by code: fields joined by "、", declared conflicts by "；".
report::Table expert_list(const Database& db);

// Every conflict of `applications` (of the round) with `experts`: rounds::find_conflicts, and —
// when the rules ask — an expert who reviewed the same zone's application in the round before
// this one (a zone proposes one cluster: 一区一主导产业), by application, expert and reason.
std::vector<rounds::Conflict> round_conflicts(store::Store& store, std::int64_t round_id,
                                              const std::vector<rounds::Application>& applications,
                                              const std::vector<rounds::Expert>& experts,
                                              const rounds::ConflictRules& rules);

// Every conflict between the pool and the round's applications that are not returned: one row
// per application, expert and reason, with what matched.
report::Table expert_conflicts(const Database& db, std::int64_t round_id,
                               const rounds::ConflictRules& rules);

}  // namespace atlas::app
