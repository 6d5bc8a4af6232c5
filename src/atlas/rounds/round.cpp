#include "atlas/rounds/round.h"

#include <fmt/format.h>

#include <algorithm>

#include "atlas/core/date.h"

namespace atlas::rounds {

namespace {
struct KindNames {
  RoundKind kind;
  std::string_view key, zh;
};
constexpr KindNames kKinds[] = {{RoundKind::kAdmission, "admission", "新申报"},
                                {RoundKind::kReevaluation, "reevaluation", "复核"}};

struct StageNames {
  Stage stage;
  std::string_view key, zh;
};
constexpr StageNames kStages[] = {
    {Stage::kApplications, "applications", "申报"},
    {Stage::kRecommendation, "recommendation", "省级推荐"},
    {Stage::kReview, "review", "专家评审"},
    {Stage::kDecision, "decision", "评审决定"},
    {Stage::kNotice, "notice", "公示"},
    {Stage::kClosed, "closed", "公布"},
};

// The stages in which each action is allowed, and whether their deadline binds it.
struct ActionRule {
  RoundAction action;
  std::string_view name;
  std::vector<Stage> stages;
  bool deadline_binds = true;
};
const std::vector<ActionRule>& action_rules() {
  static const std::vector<ActionRule> rules = {
      // A returned application may be corrected while the province is still choosing.
      {RoundAction::kSubmitApplication,
       "submit an application",
       {Stage::kApplications, Stage::kRecommendation}},
      {RoundAction::kReturnApplication,
       "return an application",
       {Stage::kApplications, Stage::kRecommendation}},
      {RoundAction::kRecommend, "recommend applications", {Stage::kRecommendation}},
      {RoundAction::kAssignReviewers, "assign reviewers", {Stage::kReview}},
      {RoundAction::kSubmitReview, "submit a review", {Stage::kReview}},
      {RoundAction::kDecide, "decide the list", {Stage::kDecision}},
      {RoundAction::kConfirmReevaluation, "confirm the re-evaluation", {Stage::kDecision}},
      {RoundAction::kObject, "object to the list", {Stage::kNotice}},
      {RoundAction::kAnswerObjection, "answer an objection", {Stage::kNotice}, false},
  };
  return rules;
}

const ActionRule& rule_of(RoundAction a) {
  for (const auto& r : action_rules()) {
    if (r.action == a) return r;
  }
  return action_rules().front();
}
}  // namespace

std::string_view kind_key(RoundKind k) {
  for (const auto& n : kKinds) {
    if (n.kind == k) return n.key;
  }
  return "?";
}

std::string_view kind_name_zh(RoundKind k) {
  for (const auto& n : kKinds) {
    if (n.kind == k) return n.zh;
  }
  return "?";
}

std::optional<RoundKind> parse_kind(std::string_view s) {
  for (const auto& n : kKinds) {
    if (n.key == s || n.zh == s) return n.kind;
  }
  return std::nullopt;
}

std::string_view stage_key(Stage s) {
  for (const auto& n : kStages) {
    if (n.stage == s) return n.key;
  }
  return "?";
}

std::string_view stage_name_zh(Stage s) {
  for (const auto& n : kStages) {
    if (n.stage == s) return n.zh;
  }
  return "?";
}

std::optional<Stage> parse_stage(std::string_view s) {
  for (const auto& n : kStages) {
    if (n.key == s || n.zh == s) return n.stage;
  }
  return std::nullopt;
}

std::string stage_label(Stage s) {
  return fmt::format("{} ({})", stage_key(s), stage_name_zh(s));
}

std::vector<Stage> stages_of(RoundKind kind) {
  if (kind == RoundKind::kReevaluation) {
    return {Stage::kReview, Stage::kDecision, Stage::kNotice, Stage::kClosed};
  }
  return {Stage::kApplications, Stage::kRecommendation, Stage::kReview,
          Stage::kDecision,     Stage::kNotice,         Stage::kClosed};
}

std::optional<std::string> round_problem(const Round& round) {
  if (round.year < 2000 || round.year > 2100) {
    return fmt::format("the year {} is not a round's year (2000–2100)", round.year);
  }
  if (round.name.empty()) return "a round needs a name, e.g. 2026年度创新型产业集群遴选";
  if (round.doc_no.empty()) return "a round needs the document number (文号) that opened it";
  if (!(round.data_weight >= 0 && round.data_weight <= 1)) {
    return fmt::format("the data weight {} is not between 0 and 1 (the experts' weight is 1 − it)",
                       round.data_weight);
  }
  const auto stages = stages_of(round.kind);
  for (const auto& [stage, date] : round.deadlines) {
    if (stage == Stage::kClosed || std::find(stages.begin(), stages.end(), stage) == stages.end()) {
      return fmt::format("a {} round has no {} stage to give a deadline", kind_key(round.kind),
                         stage_label(stage));
    }
  }
  std::string previous;
  Stage previous_stage = stages.front();
  for (Stage s : stages) {
    if (s == Stage::kClosed) break;
    auto it = round.deadlines.find(s);
    if (it == round.deadlines.end()) {
      return fmt::format("the {} stage needs a deadline (--{} YYYY-MM-DD)", stage_label(s),
                         stage_key(s));
    }
    if (auto p = date::problem(it->second)) {
      return fmt::format("the deadline of the {} stage: {}", stage_label(s), *p);
    }
    if (it->second < previous) {
      return fmt::format("the {} stage ends on {}, before the {} stage it follows ({})",
                         stage_label(s), it->second, stage_label(previous_stage), previous);
    }
    previous = it->second;
    previous_stage = s;
  }
  for (const auto& [province, quota] : round.quotas) {
    if (quota < 0) return fmt::format("the quota of province {} is negative ({})", province, quota);
  }
  return std::nullopt;
}

std::string_view action_name(RoundAction a) {
  return rule_of(a).name;
}

std::optional<std::string> action_problem(const Round& round, RoundAction action,
                                          std::string_view today) {
  const auto& rule = rule_of(action);
  if (std::find(rule.stages.begin(), rule.stages.end(), round.stage) == rule.stages.end()) {
    std::string allowed;
    for (Stage s : rule.stages) {
      allowed += (allowed.empty() ? "" : " or ") + stage_label(s);
    }
    return fmt::format("{} is in its {} stage: one may {} only in the {} stage", round.name,
                       stage_label(round.stage), rule.name, allowed);
  }
  if (!rule.deadline_binds) return std::nullopt;
  auto deadline = round.deadlines.find(round.stage);
  if (deadline != round.deadlines.end() && today > deadline->second) {
    return fmt::format("the {} stage of {} ended on {} (today is {}): one may no longer {}",
                       stage_label(round.stage), round.name, deadline->second, today, rule.name);
  }
  return std::nullopt;
}

std::optional<Stage> next_stage(const Round& round) {
  const auto stages = stages_of(round.kind);
  auto it = std::find(stages.begin(), stages.end(), round.stage);
  if (it == stages.end() || it + 1 == stages.end()) return std::nullopt;
  return *(it + 1);
}

}  // namespace atlas::rounds
