#include "atlas/domain/status.h"

#include <fmt/format.h>

#include "atlas/core/date.h"

namespace atlas::domain {

namespace {
struct StatusNames {
  ClusterStatus status;
  std::string_view key;
  std::string_view zh;
};
constexpr StatusNames kStatusNames[] = {
    {ClusterStatus::kApplicant, "applicant", "申报"},
    {ClusterStatus::kCultivation, "cultivation", "培育"},
    {ClusterStatus::kPilot, "pilot", "试点"},
    {ClusterStatus::kRecognised, "recognised", "创新型产业集群"},
    {ClusterStatus::kWarned, "warned", "警告"},
    {ClusterStatus::kRemoved, "removed", "撤销"},
};

// Rank along the path to recognition; a cluster may skip stages but never go back.
int stage(ClusterStatus s) {
  switch (s) {
    case ClusterStatus::kApplicant: return 0;
    case ClusterStatus::kCultivation: return 1;
    case ClusterStatus::kPilot: return 2;
    case ClusterStatus::kRecognised: return 3;
    default: return -1;
  }
}
}  // namespace

std::string_view status_key(ClusterStatus s) {
  for (const auto& n : kStatusNames) {
    if (n.status == s) return n.key;
  }
  return "?";
}

std::string_view status_name_zh(ClusterStatus s) {
  for (const auto& n : kStatusNames) {
    if (n.status == s) return n.zh;
  }
  return "?";
}

std::optional<ClusterStatus> parse_status(std::string_view s) {
  for (const auto& n : kStatusNames) {
    if (s == n.key || s == n.zh) return n.status;
  }
  if (s == "recognized") return ClusterStatus::kRecognised;
  return std::nullopt;
}

bool in_programme(ClusterStatus s) {
  return s != ClusterStatus::kApplicant && s != ClusterStatus::kRemoved;
}

std::vector<StatusChange> in_force(const std::vector<StatusChange>& history) {
  std::vector<StatusChange> out;
  for (const auto& change : history) {
    if (!change.withdrawn) out.push_back(change);
  }
  return out;
}

std::optional<std::string> decision_date_problem(std::string_view date,
                                                 std::string_view recorded_on) {
  if (auto p = date::problem(date)) return p;
  if (date > recorded_on) {
    return fmt::format(
        "{} is after today ({}): a decision is recorded once it has taken effect, dated the "
        "day it did",
        date, recorded_on);
  }
  return std::nullopt;
}

std::optional<std::string> transition_problem(const std::vector<StatusChange>& all,
                                              ClusterStatus to, std::string_view date) {
  if (auto p = date::problem(date)) return p;
  auto name = [](ClusterStatus s) {
    return fmt::format("{} ({})", status_key(s), status_name_zh(s));
  };
  const auto history = in_force(all);
  if (history.empty()) {
    if (stage(to) >= 0) return std::nullopt;
    return fmt::format(
        "a new cluster cannot start as {}; it enters as applicant, cultivation, "
        "pilot or recognised",
        name(to));
  }
  const StatusChange& last = history.back();
  if (date < last.date) {
    return fmt::format(
        "the change is dated {} but the cluster's last change ({}) is dated {}; "
        "record changes in order (a change recorded in error is withdrawn by a correction)",
        date, name(last.status), last.date);
  }
  ClusterStatus from = last.status;
  if (from == to) return fmt::format("the cluster is already {}", name(to));

  if (from == ClusterStatus::kRemoved) {
    if (to == ClusterStatus::kApplicant) return std::nullopt;
    return fmt::format(
        "a removed cluster cannot become {} without a new application; record "
        "'applicant' first",
        name(to));
  }
  if (to == ClusterStatus::kRemoved) return std::nullopt;
  if (from == ClusterStatus::kWarned) {
    // Back to the status held before the warning, once rectified.
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
      if (it->status == ClusterStatus::kWarned) continue;
      if (it->status == to) return std::nullopt;
      return fmt::format(
          "a warned cluster returns to the status it held before the warning ({}) "
          "or is removed, not {}",
          name(it->status), name(to));
    }
    return fmt::format("a warned cluster returns to its earlier status or is removed, not {}",
                       name(to));
  }
  if (to == ClusterStatus::kWarned) {
    if (from == ClusterStatus::kApplicant) {
      return "an applicant cannot be warned: it is not yet in the programme";
    }
    return std::nullopt;
  }
  if (stage(to) > stage(from)) return std::nullopt;
  return fmt::format("a cluster does not go back from {} to {}", name(from), name(to));
}

std::optional<ClusterStatus> status_on(const std::vector<StatusChange>& history,
                                       std::string_view date) {
  std::optional<ClusterStatus> status;
  for (const auto& change : history) {
    if (change.withdrawn) continue;
    if (change.date > date) break;
    status = change.status;
  }
  return status;
}

std::optional<std::string> withdrawal_problem(const std::vector<StatusChange>& history,
                                              std::size_t index) {
  if (index >= history.size()) return "the cluster has no such status change";
  const StatusChange& target = history[index];
  auto name = [](const StatusChange& c) {
    return fmt::format("{} ({}) on {}", status_key(c.status), status_name_zh(c.status), c.date);
  };
  if (target.withdrawn) return fmt::format("the change to {} is withdrawn already", name(target));
  std::vector<StatusChange> left;
  for (std::size_t i = 0; i < history.size(); ++i) {
    if (i != index && !history[i].withdrawn) left.push_back(history[i]);
  }
  if (left.empty()) {
    return fmt::format(
        "the change to {} is the cluster's only status in force; withdrawing it would leave the "
        "cluster with none (a cluster recorded in error is removed)",
        name(target));
  }
  // What is left must read as a history the lifecycle allows, change by change.
  std::vector<StatusChange> replay;
  for (const auto& change : left) {
    if (auto p = transition_problem(replay, change.status, change.date)) {
      return fmt::format(
          "without the change to {}, the later change to {} would not be allowed: {}", name(target),
          name(change), *p);
    }
    replay.push_back(change);
  }
  return std::nullopt;
}

}  // namespace atlas::domain
