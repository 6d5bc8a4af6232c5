// The lifecycle of a cluster in the programme and the transitions it allows (docs/cli.md):
// applicant → cultivation (培育) → pilot (试点) → recognised (创新型产业集群) → warned → removed,
// every change dated and documented. A removed cluster comes back only through a new application;
// a warned cluster either returns to the status it held before the warning or is removed. A change
// recorded in error is withdrawn by a correction, never deleted: the history keeps both, and the
// rules read only the changes in force.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::domain {

enum class ClusterStatus { kApplicant, kCultivation, kPilot, kRecognised, kWarned, kRemoved };

inline constexpr ClusterStatus kAllStatuses[] = {
    ClusterStatus::kApplicant,  ClusterStatus::kCultivation, ClusterStatus::kPilot,
    ClusterStatus::kRecognised, ClusterStatus::kWarned,      ClusterStatus::kRemoved};

std::string_view status_key(ClusterStatus s);      // "pilot"
std::string_view status_name_zh(ClusterStatus s);  // "试点"
// Accepts the key ("pilot") or the Chinese name ("试点").
std::optional<ClusterStatus> parse_status(std::string_view s);

// In the programme: counted in national totals (not an applicant, not removed).
bool in_programme(ClusterStatus s);
// Active for the one-zone-one-cluster rule: anything not removed.
inline bool is_active(ClusterStatus s) {
  return s != ClusterStatus::kRemoved;
}

struct StatusChange {
  ClusterStatus status;
  std::string date;    // YYYY-MM-DD, when the decision took effect
  std::string doc_no;  // 文号, e.g. 国科发火〔2013〕505号
  std::string reason;
  std::string actor;        // who recorded it
  std::string recorded_at;  // when it was recorded (UTC)
  std::int64_t id = 0;      // the store's number for it, which a correction names
  bool withdrawn = false;   // withdrawn by a correction: kept in the history, not in force
};

// A correction: it withdraws one status change recorded in error (a mistyped date, the wrong
// status), with who did it, when and why. Both stay in the history.
struct StatusCorrection {
  std::int64_t id = 0;
  std::int64_t change_id = 0;  // the StatusChange it withdraws
  std::string doc_no, reason, actor, recorded_at;
};

// The changes in force: `history` without the withdrawn ones, in order.
std::vector<StatusChange> in_force(const std::vector<StatusChange>& history);

// Why a change dated `date` cannot be recorded on `recorded_on` (the recorder's today, YYYY-MM-DD):
// not a date in YYYY-MM-DD form, or a day after it. A decision is recorded once it has taken
// effect; a change dated in the future would block every real one ("record changes in order").
std::optional<std::string> decision_date_problem(std::string_view date,
                                                 std::string_view recorded_on);

// Why a cluster whose changes so far are `history` (oldest first) cannot move to `to` on `date`,
// or nullopt when the change is allowed. Withdrawn changes are ignored. An empty history is a new
// cluster: it may enter as applicant, cultivation, pilot or recognised.
std::optional<std::string> transition_problem(const std::vector<StatusChange>& history,
                                              ClusterStatus to, std::string_view date);

// The status in force at the end of `date` (YYYY-MM-DD), or nullopt before the first change.
// Withdrawn changes are ignored.
std::optional<ClusterStatus> status_on(const std::vector<StatusChange>& history,
                                       std::string_view date);

// Why the change at `index` of `history` cannot be withdrawn, or nullopt when it can: it is
// withdrawn already, it is the only change in force (the cluster would have no status), or the
// changes left would not follow the lifecycle (withdrawing a warning a later return depends on).
std::optional<std::string> withdrawal_problem(const std::vector<StatusChange>& history,
                                              std::size_t index);

}  // namespace atlas::domain
