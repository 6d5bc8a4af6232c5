// Re-evaluation (复核) as the shells offer it (`reevaluate`, GET/POST …/reevaluation): the
// clusters of the programme due in a re-evaluation round, each evaluated with the round's system
// on a year's stored statistics, and a proposal for each (rounds/reevaluation.h); then the
// office's confirmation, which records the warnings and removals under the round's document
// number (文号) in one transaction, in the decision stage only. No tables of its own: the round,
// the status history and the audit log are the store's.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/report/table.h"
#include "atlas/rounds/reevaluation.h"
#include "atlas/rounds/round.h"

namespace atlas::app {

struct ReevaluationRequest {
  std::int64_t round_id = 0;
  int year = 0;       // the statistics' year; 0: the latest year with figures
  int min_years = 3;  // due after this many whole years in the programme
  // Grades worse than this one fail (e.g. 合格 in torch-iic). Empty: the system's next-to-worst
  // grade, so that only its worst grade fails; a system without grades is judged by gates alone.
  std::string below;
};

struct ReevaluationLine {
  domain::Cluster cluster;
  std::string province_name;
  rounds::Due due;
  double score = std::numeric_limits<double>::quiet_NaN();  // NaN without one
  std::string grade;
  std::vector<rounds::GateRef> failed_gates;
  rounds::Proposed proposed;
};

struct Reevaluation {
  rounds::Round round;
  int year = 0;
  std::string reference_date;  // the deadline of the round's review stage
  std::string below;           // the threshold applied; empty: grades not judged
  int min_years = 3;
  std::vector<ReevaluationLine> lines;  // the due clusters, in the registry's order
};

// The proposals. The round must be a re-evaluation round (kBadInput otherwise, kNotFound for no
// round); a --below that is not one of the system's grades is kUsage naming them; a min_years
// below 1 is kUsage. Reads only.
Reevaluation propose_reevaluation(const Database& db, const ReevaluationRequest& request);

// The proposals as a table: cluster, name, province, admitted, years, score, grade, failed gates,
// present status, proposal and reason; the round, year, reference date and threshold as notes.
report::Table reevaluation_table(const Reevaluation& r);

// The office confirms the proposals to warn and remove — all of them, or those of the clusters
// in `only` — and each is recorded as a status change dated the actor's today, with the round's
// 文号 and the proposal's reason, all in one transaction: every change or none. Refused (kRule)
// outside the round's decision stage or after its deadline; a cluster in `only` that is not due
// or not proposed for a change is kBadInput naming it and its proposal. A cluster this round has
// decided already is skipped: confirming twice records nothing the second time.
struct ReevaluationDecision {
  rounds::Round round;
  std::string date;                        // the changes' date: the actor's today
  std::vector<ReevaluationLine> recorded;  // whose change was recorded
  std::size_t already_decided = 0;         // confirmed earlier in this round, left as they are
};
ReevaluationDecision confirm_reevaluation(const Database& db, const ReevaluationRequest& request,
                                          const std::vector<std::int64_t>& only,
                                          const store::Actor& actor);

// The recorded changes as a table: cluster, name, from, to, date, document number, reason.
report::Table decision_table(const ReevaluationDecision& d);

}  // namespace atlas::app
