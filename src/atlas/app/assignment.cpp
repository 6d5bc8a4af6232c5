#include "atlas/app/assignment.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <fmt/format.h>

#include "atlas/app/table_document.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::app {
namespace {

// Ids sorted by their bytes, so that the rows of a file may come in any order and give the same
// assignment (ties between equal affinities are broken on these indices); `local` maps the
// table's own indices (first appearance) to them.
std::vector<std::string> sorted_ids(const std::vector<std::string>& ids, std::vector<int>& local,
                                    std::unordered_map<std::string, int>& index) {
  std::vector<std::string> out = ids;  // unique already
  std::sort(out.begin(), out.end());
  for (std::size_t i = 0; i < out.size(); ++i) index.emplace(out[i], static_cast<int>(i));
  local.clear();
  for (const auto& id : ids) local.push_back(index.at(id));
  return out;
}

// The pairs of a conflict or fixed-pair table as indices; a name the affinity file does not know
// is refused at its row: a typo there would otherwise silently lift a conflict.
std::vector<rounds::ReviewPair> pairs_of(const ingest::AssignmentTable& t,
                                         const std::unordered_map<std::string, int>& apps,
                                         const std::unordered_map<std::string, int>& experts,
                                         const std::string& affinity_file) {
  std::vector<rounds::ReviewPair> out;
  for (std::size_t i = 0; i < t.size(); ++i) {
    const auto& app = t.applications[static_cast<std::size_t>(t.application[i])];
    const auto& expert = t.experts[static_cast<std::size_t>(t.expert[i])];
    auto a = apps.find(app);
    if (a == apps.end())
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("application '{}' is not in the affinity file {}", app, affinity_file),
          {t.source, t.lines[i], t.application_header, ""});
    auto e = experts.find(expert);
    if (e == experts.end())
      throw Error(ErrorKind::kBadInput,
                  fmt::format("expert '{}' is not in the affinity file {}", expert, affinity_file),
                  {t.source, t.lines[i], t.expert_header, ""});
    out.push_back({a->second, e->second});
  }
  return out;
}

// Shortest text that reads back as the number to 10^-9: totals are sums of doubles.
std::string exact_text(double v) {
  std::string s = fmt::format("{:.9f}", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

ReviewerAssignment assign_reviewers(const AssignmentRequest& request) {
  if (request.affinities.empty()) throw Error(ErrorKind::kUsage, "an affinity file is required");
  AssignmentFiles files;
  files.affinities = ingest::read_affinities(request.affinities);
  if (!request.conflicts.empty()) files.conflicts = ingest::read_conflicts(request.conflicts);
  if (!request.fixed.empty()) files.fixed = ingest::read_overrides(request.fixed, "fixed-pair");
  if (!request.excluded.empty())
    files.excluded = ingest::read_overrides(request.excluded, "excluded-pair");
  return assign_reviewers(request, std::move(files));
}

ReviewerAssignment assign_reviewers(const AssignmentRequest& request, AssignmentFiles files) {
  if (request.reviewers < 1)
    throw Error(ErrorKind::kUsage, "must be at least 1", {"", 0, "", "reviewers"});
  if (request.max_load < 1)
    throw Error(ErrorKind::kUsage, "must be at least 1", {"", 0, "", "max_load"});
  if (!std::isfinite(request.default_affinity) ||
      std::fabs(request.default_affinity) > rounds::kMaxAffinity)
    throw Error(ErrorKind::kUsage, "must be a number within ±1000000",
                {"", 0, "", "default_affinity"});
  ReviewerAssignment out;
  out.request = request;
  const auto& aff = files.affinities;
  std::unordered_map<std::string, int> apps, experts;
  std::vector<int> app_of, expert_of;  // the table's indices → the sorted ones
  out.applications = sorted_ids(aff.applications, app_of, apps);
  out.experts = sorted_ids(aff.experts, expert_of, experts);

  rounds::AssignmentProblem p;
  p.applications = static_cast<int>(out.applications.size());
  p.experts = static_cast<int>(out.experts.size());
  p.reviewers = request.reviewers;
  p.max_load = request.max_load;
  p.default_affinity = request.default_affinity;
  p.application_names = out.applications;
  p.expert_names = out.experts;
  p.affinities.reserve(aff.size());
  for (std::size_t i = 0; i < aff.size(); ++i) {
    if (std::fabs(aff.affinities[i]) > rounds::kMaxAffinity)
      throw Error(ErrorKind::kBadInput, "an affinity must be within ±1000000",
                  {aff.source, aff.lines[i], aff.value_header, ""});
    p.affinities.push_back({app_of[static_cast<std::size_t>(aff.application[i])],
                            expert_of[static_cast<std::size_t>(aff.expert[i])], aff.affinities[i]});
  }
  p.conflicts = pairs_of(files.conflicts, apps, experts, aff.source);
  p.fixed = pairs_of(files.fixed, apps, experts, aff.source);
  p.excluded = pairs_of(files.excluded, apps, experts, aff.source);
  out.assignment = rounds::assign_reviewers(p);
  for (const auto* kind : {"fixed", "excluded"}) {
    const bool fixed = kind[0] == 'f';
    const auto& pairs = fixed ? p.fixed : p.excluded;
    const auto& table = fixed ? files.fixed : files.excluded;
    for (std::size_t i = 0; i < pairs.size(); ++i)
      out.overrides.push_back({pairs[i].application, pairs[i].expert, kind, table.reasons[i]});
  }

  std::map<std::pair<int, int>, std::string> reason;
  for (std::size_t i = 0; i < p.fixed.size(); ++i)
    reason[{p.fixed[i].application, p.fixed[i].expert}] = files.fixed.reasons[i];
  for (const auto& q : out.assignment.pairs) {
    auto r = reason.find({q.application, q.expert});
    out.reasons.push_back(r == reason.end() ? std::string() : r->second);
  }
  return out;
}

std::string ReviewerAssignment::summary() const {
  return fmt::format(
      "total affinity {} over {} ({} each, load ≤ {})", exact_text(assignment.total_affinity),
      text::counted(static_cast<std::int64_t>(assignment.pairs.size()), "pair", "pairs"),
      text::counted(request.reviewers, "reviewer", "reviewers"), request.max_load);
}

report::Table ReviewerAssignment::table(report::Format format) const {
  report::Table t;
  t.columns = {{"application", "申报"},
               {"expert", "专家"},
               {"affinity", "匹配度", 3, true},
               {"fixed", "固定(理由)"}};
  for (std::size_t i = 0; i < assignment.pairs.size(); ++i) {
    const auto& q = assignment.pairs[i];
    std::vector<report::Cell> row;
    row.emplace_back(applications[static_cast<std::size_t>(q.application)]);
    row.emplace_back(experts[static_cast<std::size_t>(q.expert)]);
    row.emplace_back(q.affinity);
    row.push_back(q.fixed ? report::Cell{reasons[i]} : report::Cell{});
    t.add_row(std::move(row));
  }
  if (format != report::Format::kCsv) {
    t.notes.push_back(summary());
    // The distribution of loads: a line, however many experts there are.
    std::map<int, int> count;
    for (int l : assignment.loads) ++count[l];
    std::string loads = "loads:";
    for (const auto& [load, n] : count)
      loads += fmt::format("{} {} expert{} review{} {}", loads.size() > 6 ? "," : "", n,
                           n == 1 ? "" : "s", n == 1 ? "s" : "", load);
    if (!count.empty()) t.notes.push_back(loads);
  }
  return t;
}

nlohmann::ordered_json ReviewerAssignment::document() const {
  auto table_doc = table_document(table(report::Format::kJson));
  nlohmann::ordered_json doc;
  doc["rows"] = table_doc["rows"];
  // A sum of doubles carries binary noise (8373.278999999968 for a sum of thousandths); 10^-9
  // is far below the optimiser's 10^-6.
  doc["total_affinity"] = std::round(assignment.total_affinity * 1e9) / 1e9;
  doc["reviewers"] = request.reviewers;
  doc["max_load"] = request.max_load;
  doc["default_affinity"] = request.default_affinity;
  doc["precision"] = assignment.precision;
  auto loads = nlohmann::ordered_json::array();
  for (std::size_t e = 0; e < experts.size(); ++e)
    loads.push_back({{"expert", experts[e]}, {"load", assignment.loads[e]}});
  doc["loads"] = std::move(loads);
  auto manual = nlohmann::ordered_json::array();
  for (const auto& o : overrides)
    manual.push_back({{"application", applications[static_cast<std::size_t>(o.application)]},
                      {"expert", experts[static_cast<std::size_t>(o.expert)]},
                      {"kind", o.kind},
                      {"reason", o.reason}});
  doc["overrides"] = std::move(manual);
  if (table_doc.contains("notes")) doc["notes"] = table_doc["notes"];
  return doc;
}

}  // namespace atlas::app
