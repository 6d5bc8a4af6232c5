// A zone's application (申报) in an admission round, and the province's recommendation (省级推荐):
// what a complete application says, which applications a province may put on its ranked list,
// and in what order. Pure rules on plain data; the store calls them in the transaction that
// writes, after rounds::action_problem has said the round's stage allows the action.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/rounds/parties.h"

namespace atlas::rounds {

// submitted: waiting for the province (or on its list); returned: sent back for correction, to be
// submitted again by the zone. A returned application is neither on the list nor reviewed.
enum class ApplicationState { kSubmitted, kReturned };

std::string_view state_key(ApplicationState s);      // "submitted" | "returned"
std::string_view state_name_zh(ApplicationState s);  // "已提交" | "已退回"
std::optional<ApplicationState> parse_application_state(std::string_view s);

struct Application {
  std::int64_t id = 0;  // assigned by the store
  std::int64_t round_id = 0;
  std::int64_t zone_id = 0;
  // The proposed cluster and who is behind it (parties.h): name, leading industry, province,
  // zone, building unit, management body, leading firms.
  ApplicationParties parties;
  std::string contact;  // 联系人 and telephone, as the form gives them; optional
  ApplicationState state = ApplicationState::kSubmitted;
  std::string return_reason;  // why it was last returned; kept after it is submitted again
  int submissions = 1;        // 1, then one more each time it is submitted again
  std::string submitted_at, updated_at;
  // On the province's list: its rank there (1 = first) and the province's opinion.
  std::optional<int> rank;
  std::string opinion;
};

// Why the form is incomplete, or nullopt: the proposed cluster needs a name, a well-formed leading
// industry code (GB/T 4754), a building unit and a management body; leading firms, when given,
// must be named and each named once.
std::optional<std::string> application_problem(const Application& application);

// One line of a province's ranked list.
struct Recommendation {
  std::int64_t application_id = 0;
  int rank = 0;         // 1 = first
  std::string opinion;  // 推荐意见: required
};

// Why `list` cannot be the ranked list of `province` (as messages name it: "湖北省 (420000)") in
// a round, or nullopt. `applications` are the round's applications from that province (any
// state). The list may hold only those,
// each once, not returned; ranks are 1…n, each once; every line has an opinion; and it holds
// at most `quota` applications when the round gives the province a quota (nullopt: none given,
// no limit). An empty list withdraws the province's recommendation.
std::optional<std::string> recommendation_problem(const std::vector<Recommendation>& list,
                                                  const std::vector<Application>& applications,
                                                  const std::string& province,
                                                  std::optional<int> quota);

}  // namespace atlas::rounds
