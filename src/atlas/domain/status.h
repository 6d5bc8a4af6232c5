// The lifecycle of a cluster in the programme and the transitions it allows (docs/cli.md):
// applicant → cultivation (培育) → pilot (试点) → recognised (创新型产业集群) → warned → removed,
// every change dated and documented. A removed cluster comes back only through a new application;
// a warned cluster either returns to the status it held before the warning or is removed.
#pragma once
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
};

// Why a cluster whose changes so far are `history` (oldest first) cannot move to `to` on `date`,
// or nullopt when the change is allowed. An empty history is a new cluster: it may enter as
// applicant, cultivation, pilot or recognised.
std::optional<std::string> transition_problem(const std::vector<StatusChange>& history,
                                              ClusterStatus to, std::string_view date);

// The status in force at the end of `date` (YYYY-MM-DD), or nullopt before the first change.
std::optional<ClusterStatus> status_on(const std::vector<StatusChange>& history,
                                       std::string_view date);

}  // namespace atlas::domain
