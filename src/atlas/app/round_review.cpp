#include "atlas/app/round_review.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "atlas/app/experts.h"
#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/assignment_tables.h"
#include "atlas/ingest/review_scores.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

// The round's applications on a province's list, by id: the ones experts review.
std::vector<rounds::Application> recommended(store::Store& store, std::int64_t round_id) {
  std::vector<rounds::Application> out;
  for (auto& a : store.applications(round_id, {})) {
    if (a.rank) out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  return out;
}

// Appends a pair to a table of pairs (as a file would list it), its ids added once.
void add_pair(ingest::AssignmentTable& t, const std::string& app, const std::string& expert,
              const std::string& reason) {
  auto index = [](std::vector<std::string>& ids, const std::string& id) {
    auto it = std::find(ids.begin(), ids.end(), id);
    if (it != ids.end()) return static_cast<int>(it - ids.begin());
    ids.push_back(id);
    return static_cast<int>(ids.size() - 1);
  };
  t.application.push_back(index(t.applications, app));
  t.expert.push_back(index(t.experts, expert));
  t.reasons.push_back(reason);
  t.lines.push_back(0);
}

// Checks the overrides of one kind and returns them as a table of pairs, as a file would list
// them: every pair names a recommended application and an expert of the pool (a typo would
// otherwise silently lift a conflict or drop a fixed pair), has its reason, and is listed once.
ingest::AssignmentTable checked_overrides(const std::vector<OverridePair>& pairs,
                                          const std::set<std::string>& apps,
                                          const std::set<std::string>& experts,
                                          std::int64_t round_id) {
  ingest::AssignmentTable t;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& p : pairs) {
    if (p.application.empty()) {
      throw Error(ErrorKind::kBadInput, "the application is empty", p.application_at);
    }
    if (p.expert.empty()) throw Error(ErrorKind::kBadInput, "the expert is empty", p.expert_at);
    if (!apps.count(p.application)) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("application '{}' is not on a province's list in round {}",
                              p.application, round_id),
                  p.application_at);
    }
    if (!experts.count(p.expert)) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("expert '{}' is not in the expert pool", p.expert), p.expert_at);
    }
    if (p.reason.empty()) {
      throw Error(ErrorKind::kBadInput, "a manual override needs its reason", p.reason_at);
    }
    if (!seen.emplace(p.application, p.expert).second) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the pair {} – {} is listed twice", p.application, p.expert),
                  p.expert_at);
    }
    add_pair(t, p.application, p.expert, p.reason);
  }
  return t;
}

}  // namespace

std::vector<OverridePair> read_override_pairs(const std::string& path, const char* what) {
  auto t = ingest::read_overrides(path, what);
  std::vector<OverridePair> out;
  out.reserve(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    out.push_back({t.applications[static_cast<std::size_t>(t.application[i])],
                   t.experts[static_cast<std::size_t>(t.expert[i])],
                   t.reasons[i],
                   {t.source, t.lines[i], t.application_header, ""},
                   {t.source, t.lines[i], t.expert_header, ""},
                   {t.source, t.lines[i], t.value_header, ""}});
  }
  return out;
}

void set_review_form(const Database& db, std::int64_t round_id, const std::string& form,
                     const store::Actor& actor) {
  auto& store = db.store();
  existing_round(store, round_id);
  store.round_reviews().set_review_form(round_id, rounds::parse_review_form(form), actor);
}

report::Table review_form_table(const Database& db, std::int64_t round_id) {
  auto& store = db.store();
  existing_round(store, round_id);
  report::Table t;
  t.columns = {{"criterion", "评审要点"}, {"points", "分值", -1, true}, {"levels", "评分等级"}};
  for (const auto& c : store.round_reviews().review_form(round_id)) {
    t.add_row({c.name, c.points, rounds::scale_text(c)});
  }
  return t;
}

ReviewerAssignment assign_round(const Database& db, const RoundAssignmentRequest& request,
                                const store::Actor& actor) {
  auto& store = db.store();
  existing_round(store, request.round_id);
  auto applications = recommended(store, request.round_id);
  auto experts = store.experts();
  if (applications.empty()) {
    throw Error(ErrorKind::kRule,
                fmt::format("round {} has no recommended application to review", request.round_id));
  }
  if (experts.empty()) throw Error(ErrorKind::kRule, "the expert pool is empty: expert import");

  // The tables the standalone `assign` reads from files, made from the round: every
  // (application, expert) pair with its industry affinity (0 is the default and not listed),
  // and every conflicted pair once.
  AssignmentFiles files;
  auto& aff = files.affinities;
  aff.source = fmt::format("round {}", request.round_id);
  std::set<std::string> app_ids, expert_codes;
  for (const auto& a : applications) {
    aff.applications.push_back(std::to_string(a.id));
    app_ids.insert(aff.applications.back());
  }
  for (const auto& e : experts) {
    aff.experts.push_back(e.code);
    expert_codes.insert(e.code);
  }
  for (std::size_t a = 0; a < applications.size(); ++a) {
    for (std::size_t e = 0; e < experts.size(); ++e) {
      double v =
          rounds::industry_affinity(experts[e].fields, applications[a].parties.industry_code);
      if (v == 0) continue;
      aff.application.push_back(static_cast<int>(a));
      aff.expert.push_back(static_cast<int>(e));
      aff.affinities.push_back(v);
      aff.lines.push_back(0);
    }
  }
  auto& conflicts = files.conflicts;
  conflicts.applications = aff.applications;
  conflicts.experts = aff.experts;
  std::set<std::pair<std::size_t, std::size_t>> seen;
  for (const auto& c :
       round_conflicts(store, request.round_id, applications, experts, request.rules)) {
    if (!seen.emplace(c.application, c.expert).second) continue;
    conflicts.application.push_back(static_cast<int>(c.application));
    conflicts.expert.push_back(static_cast<int>(c.expert));
    conflicts.lines.push_back(0);
  }
  files.fixed = checked_overrides(request.fixed, app_ids, expert_codes, request.round_id);
  files.excluded = checked_overrides(request.excluded, app_ids, expert_codes, request.round_id);
  std::set<std::pair<std::string, std::string>> fixed;
  for (const auto& p : request.fixed) fixed.emplace(p.application, p.expert);
  // Forcing and forbidding one pair contradict each other: the second list's entry is the one
  // named, where the office wrote it.
  for (const auto& p : request.excluded) {
    if (fixed.count({p.application, p.expert})) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("the fixed pair {} – {} is excluded: it may not be assigned",
                              p.application, p.expert),
                  p.expert_at);
    }
  }
  // A submitted review is the expert's work: its pair stays, as a fixed pair with that reason.
  for (const auto& r : store.round_reviews().reviews(request.round_id, std::nullopt)) {
    auto app = std::to_string(r.application_id);
    if (!fixed.count({app, r.expert_code})) {
      add_pair(files.fixed, app, r.expert_code, "已评审 (reviewed already)");
    }
  }
  AssignmentRequest solve;
  solve.reviewers = request.reviewers;
  solve.max_load = request.max_load;
  auto result = assign_reviewers(solve, std::move(files));

  std::vector<store::ReviewAssignment> pairs;
  for (std::size_t i = 0; i < result.assignment.pairs.size(); ++i) {
    const auto& p = result.assignment.pairs[i];
    pairs.push_back({std::stoll(result.applications[static_cast<std::size_t>(p.application)]),
                     result.experts[static_cast<std::size_t>(p.expert)], p.affinity, p.fixed,
                     result.reasons[i]});
  }
  std::vector<store::AssignmentOverride> overrides;
  for (const auto& o : result.overrides) {
    overrides.push_back({std::stoll(result.applications[static_cast<std::size_t>(o.application)]),
                         result.experts[static_cast<std::size_t>(o.expert)], o.kind == "fixed",
                         o.reason});
  }
  store.round_reviews().assign_reviewers(request.round_id, pairs, overrides, actor);
  return result;
}

report::Table round_assignment_table(const Database& db, std::int64_t round_id,
                                     const std::optional<std::string>& expert_code) {
  auto& store = db.store();
  existing_round(store, round_id);
  std::map<std::int64_t, std::string> names;
  for (const auto& a : store.applications(round_id, {})) names[a.id] = a.parties.name;
  std::map<std::string, std::string> experts;
  for (const auto& e : store.experts()) experts[e.code] = e.name;
  std::set<std::pair<std::int64_t, std::string>> reviewed;
  for (const auto& r : store.round_reviews().reviews(round_id, expert_code)) {
    reviewed.emplace(r.application_id, r.expert_code);
  }
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"expert", "专家编号"},
               {"expert_name", "姓名"},
               {"affinity", "匹配度", 2, true},
               {"fixed", "固定(理由)"},
               {"reviewed", "已评审"}};
  double total = 0;
  for (const auto& p : store.round_reviews().assignments(round_id)) {
    if (expert_code && p.expert_code != *expert_code) continue;
    t.add_row({p.application_id, names[p.application_id], p.expert_code, experts[p.expert_code],
               p.affinity, p.fixed ? report::Cell{p.reason} : report::Cell{},
               std::string(reviewed.count({p.application_id, p.expert_code}) ? "yes" : "no")});
    total += p.affinity;
  }
  t.notes.push_back(
      fmt::format("{}, total affinity {:.2f}, {} reviewed",
                  text::counted(static_cast<std::int64_t>(t.rows.size()), "pair", "pairs"), total,
                  reviewed.size()));
  return t;
}

void submit_review(const Database& db, const ReviewEntry& entry, const store::Actor& actor) {
  store::ExpertReview review;
  review.application_id = entry.application_id;
  review.expert_code = entry.expert_code;
  review.points = entry.points;
  review.comment = entry.comment;
  auto a = db.store().application(entry.application_id);
  if (a && std::any_of(entry.levels.begin(), entry.levels.end(),
                       [](const std::string& l) { return !l.empty(); })) {
    auto form = db.store().round_reviews().review_form(a->round_id);
    for (std::size_t i = 0; i < entry.levels.size() && i < form.size(); ++i) {
      if (!entry.levels[i].empty()) {
        review.points.at(i) = rounds::criterion_points(form[i], entry.levels[i]);
      }
    }
  }
  db.store().round_reviews().submit_review(review, actor);
}

std::size_t import_reviews(const Database& db, std::int64_t round_id, const std::string& path,
                           const store::Actor& actor) {
  auto& store = db.store();
  existing_round(store, round_id);
  const auto form = store.round_reviews().review_form(round_id);
  // A row of the file in either shape, with where it is for messages.
  struct Row {
    std::string application, expert;
    std::vector<double> points;  // one per criterion; NaN when the expert did not score
    std::string comment;
    Where at;                   // the row, at its application column
    std::string points_column;  // the column to name when the row has no points
  };
  std::vector<Row> rows;
  if (form.size() == 1) {
    auto file = ingest::read_review_scores(path);
    for (std::size_t i = 0; i < file.scores.size(); ++i) {
      rows.push_back({std::move(file.applications[i]),
                      std::move(file.experts[i]),
                      {file.scores[i]},
                      "",
                      {file.source, file.lines[i], file.application_header, ""},
                      file.score_header});
    }
  } else {
    auto file = ingest::read_criterion_reviews(path, form);
    for (std::size_t i = 0; i < file.points.size(); ++i) {
      rows.push_back({std::move(file.applications[i]), std::move(file.experts[i]),
                      std::move(file.points[i]), std::move(file.comments[i]),
                      Where{file.source, file.lines[i], file.application_header, ""},
                      file.criterion_headers.front()});
    }
  }
  store.in_transaction([&] {
    for (auto& row : rows) {
      Where& at = row.at;
      auto id = application_id(row.application);
      if (!id) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' is not an application id", row.application), at);
      }
      if (std::isnan(row.points.front())) {
        at.column = row.points_column;
        throw Error(ErrorKind::kBadInput,
                    form.size() == 1
                        ? "the score is blank: leave out an expert who did not score"
                        : "no criterion has points: leave out an expert who did not score",
                    at);
      }
      auto a = store.application(*id);
      if (!a || a->round_id != round_id) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("application {} is not of round {}", *id, round_id), at);
      }
      try {
        submit_review(db, {*id, row.expert, row.points, row.comment}, actor);
      } catch (const Error& e) {
        // The store's message, at the row that caused it.
        throw Error(e.kind(), e.what(), at);
      }
    }
  });
  return rows.size();
}

report::Table review_table(const Database& db, std::int64_t round_id,
                           const std::optional<std::string>& expert_code) {
  auto& store = db.store();
  existing_round(store, round_id);
  auto form = store.round_reviews().review_form(round_id);
  std::map<std::int64_t, std::string> names;
  for (const auto& a : store.applications(round_id, {})) names[a.id] = a.parties.name;
  report::Table t;
  t.columns = {{"application", "申报ID", -1, true, 1, false},
               {"cluster_name", "拟建集群"},
               {"expert", "专家编号"}};
  for (std::size_t c = 0; c < form.size() && form.size() > 1; ++c) {
    t.columns.push_back({fmt::format("criterion_{}", c + 1),
                         fmt::format("{}({:g})", form[c].name, form[c].points), -1, true});
  }
  t.columns.push_back({"total", "总分", -1, true});
  t.columns.push_back({"comment", "评审意见"});
  // Times submitted, named as `application list` names its own count: the first submission is
  // not a revision, so a review never revised shows 1 here.
  t.columns.push_back({"submissions", "提交次数", -1, true});
  t.columns.push_back({"submitted_at", "提交时间"});
  for (const auto& r : store.round_reviews().reviews(round_id, expert_code)) {
    std::vector<report::Cell> row{r.application_id, names[r.application_id], r.expert_code};
    if (form.size() > 1) {
      for (double p : r.points) row.emplace_back(p);
    }
    row.emplace_back(r.total);
    row.emplace_back(r.comment);
    row.emplace_back(static_cast<std::int64_t>(r.submissions));
    row.emplace_back(r.submitted_at);
    t.add_row(std::move(row));
  }
  return t;
}

ReviewReliability round_reliability(const Database& db, std::int64_t round_id,
                                    const ReliabilityRequest& request) {
  auto& store = db.store();
  existing_round(store, round_id);
  ingest::ReviewScores file;
  file.source = fmt::format("round {}", round_id);
  file.application_header = "application";
  file.expert_header = "expert";
  file.score_header = "total";
  std::int64_t n = 0;
  for (const auto& r : store.round_reviews().reviews(round_id, std::nullopt)) {
    file.applications.push_back(std::to_string(r.application_id));
    file.experts.push_back(r.expert_code);
    file.scores.push_back(r.total);
    file.lines.push_back(++n);
  }
  if (file.scores.empty()) {
    throw Error(ErrorKind::kRule, fmt::format("round {} has no reviews yet", round_id));
  }
  return review_reliability(request, std::move(file));
}

}  // namespace atlas::app
