// A selection round (遴选) and the rule of which action may happen when. An admission round
// goes applications (申报) → provincial recommendation (省级推荐) → expert review (专家评审) →
// decision (评审决定) → public notice (公示) → closed (公布); a re-evaluation round (复核) starts
// at the review. Each stage but the last has a deadline (its last day, inclusive): an action is
// allowed only in its stage and on or before that stage's deadline, and the programme office
// moves the round to the next stage, never back. Pure rules: the store reads the round and calls
// them in the transaction that writes.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::rounds {

enum class RoundKind { kAdmission, kReevaluation };

enum class Stage { kApplications, kRecommendation, kReview, kDecision, kNotice, kClosed };

std::string_view kind_key(RoundKind k);                   // "admission"
std::string_view kind_name_zh(RoundKind k);               // "新申报"
std::optional<RoundKind> parse_kind(std::string_view s);  // the key or the Chinese name

std::string_view stage_key(Stage s);                   // "recommendation"
std::string_view stage_name_zh(Stage s);               // "省级推荐"
std::optional<Stage> parse_stage(std::string_view s);  // the key or the Chinese name
// "recommendation (省级推荐)", as messages name a stage.
std::string stage_label(Stage s);

// The stages of a round of this kind, in order; the last (closed) has no deadline.
std::vector<Stage> stages_of(RoundKind kind);

struct Round {
  std::int64_t id = 0;
  RoundKind kind = RoundKind::kAdmission;
  int year = 0;
  std::string name;          // e.g. 2026年度创新型产业集群遴选
  std::string doc_no;        // the notice that opened it (文号)
  std::string system;        // the indicator system that scores the data part
  double data_weight = 0.4;  // of the composite; the experts' share is 1 − data_weight
  Stage stage = Stage::kApplications;
  std::map<Stage, std::string> deadlines;  // YYYY-MM-DD, every stage but closed
  std::map<std::string, int> quotas;       // province code → recommendations allowed
  std::string created_at;
};

// Why a round cannot be created as described, or nullopt: a year outside 2000–2100, an empty
// name or document number, a data weight outside 0–1, a stage of its kind without a valid
// deadline, a deadline for a stage it does not have, deadlines out of order, a negative quota.
// (Which system and provinces exist is for the store to check.)
std::optional<std::string> round_problem(const Round& round);

// What a person does in a round; each belongs to one or more stages.
enum class RoundAction {
  kSubmitApplication,  // a zone applies, or submits a returned application again
  kReturnApplication,  // the province sends it back for correction
  kRecommend,          // the province's ranked list
  kAssignReviewers,
  kSubmitReview,
  kDecide,
  // The office's decision on a re-evaluation round's proposals (reevaluate --confirm): in the
  // decision stage as kDecide, but a refusal must name what was refused, not the admission list.
  kConfirmReevaluation,
  kObject,  // an objection during the public notice
  kAnswerObjection,
};

std::string_view action_name(RoundAction a);  // "submit an application"

// Why `action` cannot happen in `round` on `today` (YYYY-MM-DD), or nullopt: the round is in
// another stage (the message names the stage it is in and the one the action belongs to), or
// the stage's deadline has passed (named with its date). Answering an objection is allowed after
// the notice has ended: the list is final only once every objection is answered.
std::optional<std::string> action_problem(const Round& round, RoundAction action,
                                          std::string_view today);

// The stage after the round's present one, or nullopt when it is closed.
std::optional<Stage> next_stage(const Round& round);

}  // namespace atlas::rounds
