// Re-evaluation (复核) of admitted clusters: which clusters are due — in the programme for at
// least N years (3 by default) on the round's reference date — and, from each one's evaluation
// on the latest statistics, what the office is proposed to decide: keep, warn (a failed gate or a
// grade below the one named), remove (warned already and failing again), or nothing yet because
// the data are missing. Missing data is never read as a pass or a fail. Pure rules: the app layer
// reads the store and runs the evaluation; the office confirms, and the store records.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/domain/status.h"

namespace atlas::rounds {

// When the cluster entered the programme for the spell it is in now: the first change in force
// into the programme (cultivation, pilot, recognised) after its last removal. nullopt when it is
// not in the programme now (an applicant, removed, or no change in force). A cluster removed and
// admitted again counts its years from the new admission, not the old one.
std::optional<std::string> admission_date(const std::vector<domain::StatusChange>& history);

// Whole years from `from` to `to` (YYYY-MM-DD, from ≤ to) by calendar anniversaries: 2023-06-01
// to 2026-05-31 is 2, to 2026-06-01 is 3. An anniversary of 29 February falls on 1 March.
int whole_years(std::string_view from, std::string_view to);

// A cluster due for re-evaluation: in the programme, admitted at least `min_years` whole years
// before `reference_date`.
struct Due {
  std::string admitted;  // YYYY-MM-DD
  int years = 0;         // whole years in the programme on the reference date
};
std::optional<Due> due(const std::vector<domain::StatusChange>& history,
                       std::string_view reference_date, int min_years);

enum class Proposal {
  kKeep,     // passes: stays as it is
  kWarn,     // fails a gate or is graded below the threshold: proposed for a warning (警告)
  kRemove,   // warned already and failing again: proposed for removal (撤销)
  kNoData,   // cannot be evaluated (no statistics, too few indicators, a gate undecided)
  kDecided,  // this round (its 文号) has already recorded the cluster's change
};

std::string_view proposal_key(Proposal p);      // "warn"
std::string_view proposal_name_zh(Proposal p);  // "警告"
// Whether confirming the proposal records a status change.
bool changes_status(Proposal p);

struct GateRef {
  std::string id, message;  // as the indicator system names it
};

// A cluster's result in the re-evaluation's evaluation, as the rule needs it.
struct Outcome {
  bool evaluated = false;     // it had statistics for the year and was scored or screened
  bool screened_out = false;  // too few indicators present to score
  int missing_indicators = 0;
  bool graded = false;                   // the evaluation gives grades at all
  std::string grade;                     // empty with a score: below every grade's cut-off
  std::vector<GateRef> failed_gates;     // gates that exclude or cap, failed
  std::vector<GateRef> undecided_gates;  // gates its data cannot decide
};

struct Threshold {
  // Grades of the system, best first (优秀, 良好, 合格, 不合格).
  std::vector<std::string> grades;
  // Grades worse than this one fail; empty: grades are not judged, only gates.
  std::string below;
};

// Why `below` cannot be a threshold of `grades`, or nullopt: a grade the system does not have
// (the message lists them), or a threshold for a system without grades.
std::optional<std::string> threshold_problem(const Threshold& t);

struct Proposed {
  Proposal proposal = Proposal::kNoData;
  std::string reason;  // Chinese, then English, as the office reads it
};

// The proposal for a due cluster whose changes so far are `history`, evaluated on `year`'s
// statistics with `outcome`, in the round whose document number is `doc_no`. A failure is a
// failed gate or a grade below the threshold; with neither, a gate the data cannot decide (or no
// score at all) is no data — never a silent pass. A cluster whose present status was recorded
// under `doc_no` has been decided in this round already: confirming again changes nothing.
Proposed propose(const std::vector<domain::StatusChange>& history, const Outcome& outcome,
                 const Threshold& threshold, int year, std::string_view doc_no);

}  // namespace atlas::rounds
