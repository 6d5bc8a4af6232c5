#include "atlas/rounds/application.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "atlas/core/text.h"
#include "atlas/domain/industry.h"

namespace atlas::rounds {

namespace {
struct StateNames {
  ApplicationState state;
  std::string_view key, zh;
};
constexpr StateNames kStates[] = {{ApplicationState::kSubmitted, "submitted", "已提交"},
                                  {ApplicationState::kReturned, "returned", "已退回"}};
}  // namespace

std::string_view state_key(ApplicationState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.key;
  }
  return "?";
}

std::string_view state_name_zh(ApplicationState s) {
  for (const auto& n : kStates) {
    if (n.state == s) return n.zh;
  }
  return "?";
}

std::optional<ApplicationState> parse_application_state(std::string_view s) {
  for (const auto& n : kStates) {
    if (n.key == s || n.zh == s) return n.state;
  }
  return std::nullopt;
}

std::optional<std::string> application_problem(const Application& application) {
  const auto& p = application.parties;
  if (text::trim(p.name).empty()) {
    return "the application needs the proposed cluster's name (集群名称)";
  }
  if (auto problem = domain::industry_code_problem(p.industry_code)) {
    return fmt::format("the leading industry (主导产业) '{}': {}", p.industry_code, *problem);
  }
  if (text::trim(p.building_unit).empty()) {
    return "the application needs its building unit (建设单位), normally the zone's administration";
  }
  if (text::trim(p.management_body).empty()) {
    return "the application needs its management body (集群促进机构)";
  }
  std::set<std::string> firms;
  for (const auto& firm : p.leading_firms) {
    auto name = text::trim(firm);
    if (name.empty()) return "a leading firm (龙头企业) of the application has no name";
    if (!firms.insert(name).second) {
      return fmt::format("the leading firm {} is listed twice", name);
    }
  }
  return std::nullopt;
}

std::optional<std::string> recommendation_problem(const std::vector<Recommendation>& list,
                                                  const std::vector<Application>& applications,
                                                  const std::string& province,
                                                  std::optional<int> quota) {
  if (quota && static_cast<int>(list.size()) > *quota) {
    return fmt::format("province {} may recommend at most {} in this round; the list has {}",
                       province, *quota, list.size());
  }
  std::map<std::int64_t, const Application*> by_id;
  for (const auto& a : applications) by_id[a.id] = &a;
  std::set<std::int64_t> listed;
  std::set<int> ranks;
  for (const auto& line : list) {
    auto it = by_id.find(line.application_id);
    if (it == by_id.end()) {
      return fmt::format("application {} is not an application of province {} in this round",
                         line.application_id, province);
    }
    const auto& a = *it->second;
    if (!listed.insert(a.id).second) {
      return fmt::format("application {} ({}) is on the list twice", a.id, a.parties.name);
    }
    if (a.state == ApplicationState::kReturned) {
      return fmt::format(
          "application {} ({}) was returned for correction: it can be recommended once the zone "
          "submits it again",
          a.id, a.parties.name);
    }
    if (text::trim(line.opinion).empty()) {
      return fmt::format("application {} ({}) needs the province's opinion (推荐意见)", a.id,
                         a.parties.name);
    }
    if (line.rank < 1 || line.rank > static_cast<int>(list.size())) {
      return fmt::format(
          "the rank {} of application {} is not between 1 and {} (the list's length)", line.rank,
          a.id, list.size());
    }
    if (!ranks.insert(line.rank).second) {
      return fmt::format("two applications are ranked {}", line.rank);
    }
  }
  return std::nullopt;
}

}  // namespace atlas::rounds
