#include "atlas/rounds/reevaluation.h"

#include <fmt/format.h>

#include <algorithm>

#include "atlas/core/date.h"

namespace atlas::rounds {
namespace {

using domain::ClusterStatus;

std::string gate_list_zh(const std::vector<GateRef>& gates) {
  std::string out;
  for (const auto& g : gates) out += (out.empty() ? "" : "；") + g.message;
  return out;
}

std::string gate_list_en(const std::vector<GateRef>& gates) {
  std::string out;
  for (const auto& g : gates) out += (out.empty() ? "" : ", ") + g.id;
  return out;
}

// Position of `grade` in the system's list (0 = best), or nullopt.
std::optional<std::size_t> grade_position(const Threshold& t, const std::string& grade) {
  auto it = std::find(t.grades.begin(), t.grades.end(), grade);
  if (it == t.grades.end()) return std::nullopt;
  return static_cast<std::size_t>(it - t.grades.begin());
}

// Why the outcome fails, in both languages, or nullopt when it does not.
std::optional<std::pair<std::string, std::string>> failure(const Outcome& o, const Threshold& t,
                                                           int year) {
  std::vector<std::string> zh, en;
  if (!o.failed_gates.empty()) {
    zh.push_back(fmt::format("未通过门槛：{}", gate_list_zh(o.failed_gates)));
    en.push_back(fmt::format("fails the gate{} {}", o.failed_gates.size() > 1 ? "s" : "",
                             gate_list_en(o.failed_gates)));
  }
  // A failed excluding gate leaves no grade: only a graded cluster is judged by its grade.
  if (!t.below.empty() && o.graded && o.failed_gates.empty()) {
    auto threshold = grade_position(t, t.below);
    auto earned = o.grade.empty() ? std::nullopt : grade_position(t, o.grade);
    if (o.grade.empty()) {
      zh.push_back(fmt::format("{}年得分低于所有等级线", year));
      en.push_back(fmt::format("scored below every grade's cut-off in {}", year));
    } else if (threshold && earned && *earned > *threshold) {
      zh.push_back(fmt::format("{}年评价等级为{}，低于{}", year, o.grade, t.below));
      en.push_back(fmt::format("graded {} in {}, below {}", o.grade, year, t.below));
    }
  }
  if (zh.empty()) return std::nullopt;
  std::string z, e;
  for (std::size_t i = 0; i < zh.size(); ++i) {
    z += (i ? "；" : "") + zh[i];
    e += (i ? "; " : "") + en[i];
  }
  return std::pair{z, e};
}

}  // namespace

std::optional<std::string> admission_date(const std::vector<domain::StatusChange>& history) {
  std::optional<std::string> admitted;
  for (const auto& change : domain::in_force(history)) {
    if (domain::in_programme(change.status)) {
      if (!admitted) admitted = change.date;
    } else {
      admitted.reset();  // an applicant again or removed: a later admission starts a new spell
    }
  }
  return admitted;
}

int whole_years(std::string_view from, std::string_view to) {
  int years = date::year_of(to) - date::year_of(from);
  // Before the anniversary in the last year: one year less. "MM-DD" strings sort as dates, and
  // 02-29 sorts after 02-28, so a leap day's anniversary comes on 1 March in other years.
  if (to.substr(5) < from.substr(5)) --years;
  return std::max(years, 0);
}

std::optional<Due> due(const std::vector<domain::StatusChange>& history,
                       std::string_view reference_date, int min_years) {
  auto admitted = admission_date(history);
  if (!admitted || *admitted > reference_date) return std::nullopt;
  int years = whole_years(*admitted, reference_date);
  if (years < min_years) return std::nullopt;
  return Due{*admitted, years};
}

std::string_view proposal_key(Proposal p) {
  switch (p) {
    case Proposal::kKeep: return "keep";
    case Proposal::kWarn: return "warn";
    case Proposal::kRemove: return "remove";
    case Proposal::kNoData: return "no-data";
    case Proposal::kDecided: return "decided";
  }
  return "";
}

std::string_view proposal_name_zh(Proposal p) {
  switch (p) {
    case Proposal::kKeep: return "保留";
    case Proposal::kWarn: return "警告";
    case Proposal::kRemove: return "撤销";
    case Proposal::kNoData: return "缺少数据";
    case Proposal::kDecided: return "本轮已决定";
  }
  return "";
}

bool changes_status(Proposal p) {
  return p == Proposal::kWarn || p == Proposal::kRemove;
}

std::optional<std::string> threshold_problem(const Threshold& t) {
  if (t.below.empty()) return std::nullopt;
  if (t.grades.empty()) {
    return fmt::format("the indicator system has no grades, so nothing is graded below {}",
                       t.below);
  }
  if (grade_position(t, t.below)) return std::nullopt;
  std::string names;
  for (const auto& g : t.grades) names += (names.empty() ? "" : ", ") + g;
  return fmt::format("the indicator system has no grade '{}'; its grades, best first: {}", t.below,
                     names);
}

Proposed propose(const std::vector<domain::StatusChange>& history, const Outcome& outcome,
                 const Threshold& threshold, int year, std::string_view doc_no) {
  const auto changes = domain::in_force(history);
  for (const auto& c : changes) {
    if (c.doc_no == doc_no) {
      return {
          Proposal::kDecided,
          fmt::format("本轮（{}）已于{}记录为{}；本轮不再变更 / recorded as {} on {} under this "
                      "round's {}: nothing more to change",
                      doc_no, c.date, domain::status_name_zh(c.status),
                      domain::status_key(c.status), c.date, doc_no)};
    }
  }
  const bool warned = !changes.empty() && changes.back().status == ClusterStatus::kWarned;

  if (!outcome.evaluated) {
    return {Proposal::kNoData,
            fmt::format("{0}年无统计数据，无法复核，待补报数据后由办公室决定 / no statistics for "
                        "{0}: it cannot be re-evaluated; the office decides once they are in",
                        year)};
  }
  if (outcome.screened_out) {
    return {Proposal::kNoData,
            fmt::format("{0}年缺少{1}项指标，无法评分，待补报数据后由办公室决定 / {1} indicators "
                        "missing for {0}, too few to score; the office decides once they are in",
                        year, outcome.missing_indicators)};
  }
  if (auto f = failure(outcome, threshold, year)) {
    if (warned) {
      return {Proposal::kRemove,
              fmt::format("已被警告，复核仍未通过（{}），建议撤销 / warned already and failing "
                          "again ({}): proposed for removal",
                          f->first, f->second)};
    }
    return {Proposal::kWarn,
            fmt::format("{}，建议警告 / {}: proposed for a warning", f->first, f->second)};
  }
  if (!outcome.undecided_gates.empty()) {
    return {Proposal::kNoData,
            fmt::format("{}年数据不足以判断门槛：{}，待补报数据后由办公室决定 / the {} data cannot "
                        "decide the gate{} {}; the office decides once they are in",
                        year, gate_list_zh(outcome.undecided_gates), year,
                        outcome.undecided_gates.size() > 1 ? "s" : "",
                        gate_list_en(outcome.undecided_gates))};
  }
  std::string graded_zh, graded_en;
  if (outcome.graded && !outcome.grade.empty()) {
    graded_zh = fmt::format("{}年评价等级为{}，", year, outcome.grade);
    graded_en = fmt::format("graded {} in {} and ", outcome.grade, year);
  }
  if (warned) {
    return {Proposal::kKeep,
            fmt::format("已被警告，本次复核{}通过全部门槛；警告由办公室决定是否解除 / warned "
                        "earlier; {}passes every gate now — lifting the warning is the office's "
                        "decision (cluster set-status)",
                        graded_zh, graded_en)};
  }
  return {Proposal::kKeep, fmt::format("{}通过全部门槛，建议保留 / {}passes every gate: kept",
                                       graded_zh, graded_en)};
}

}  // namespace atlas::rounds
