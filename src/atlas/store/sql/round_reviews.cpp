// SqlStore as RoundReviews (store/round_reviews.h): a round's figures, review form,
// assignment, reviews, decision, objections and admission (migration 013). The rules are in
// rounds/; here they are applied inside the transaction that writes, each action audited with
// its before and after.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "atlas/core/date.h"
#include "atlas/core/text.h"
#include "atlas/store/sql/store_impl.h"

namespace atlas::store::sql {
namespace {

using rounds::RoundAction;

nlohmann::json anchors_json(const rounds::Criterion& c) {
  auto out = nlohmann::json::array();
  for (const auto& a : c.anchors) out.push_back({{"level", a.level}, {"points", a.points}});
  return out;
}

nlohmann::json form_json(const std::vector<rounds::Criterion>& form) {
  auto out = nlohmann::json::array();
  for (const auto& c : form) {
    nlohmann::json one = {{"name", c.name}, {"points", c.points}};
    if (!c.anchors.empty()) one["anchors"] = anchors_json(c);
    out.push_back(std::move(one));
  }
  return out;
}

nlohmann::json review_json(const ExpertReview& r) {
  return {{"points", r.points}, {"total", r.total}, {"comment", r.comment}};
}

nlohmann::json optional_json(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

}  // namespace

std::int64_t SqlStore::expert_id(const std::string& code) {
  auto& q = prepared("SELECT id FROM expert WHERE code = ?");
  q.bind(1, code);
  if (!q.executeStep()) fail(ErrorKind::kNotFound, fmt::format("no expert with code {}", code));
  auto id = q.getColumn(0).getInt64();
  q.reset();
  return id;
}

namespace {

// For the audit: {"2025": {"revenue": …}, …}.
nlohmann::json figures_json(const ApplicationFigures& figures) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [year, fields] : figures) out[std::to_string(year)] = fields;
  return out;
}

}  // namespace

void SqlStore::set_application_figures(std::int64_t application_id,
                                       const ApplicationFigures& figures, const Actor& actor) {
  in_transaction([&] {
    auto a = existing_application(application_id);
    check_action(existing_round(a.round_id), RoundAction::kSubmitApplication, actor);
    std::vector<std::tuple<int, std::string, double>> rows;
    for (const auto& [year, fields] : figures) {
      for (const auto& [field, value] : fields) {
        if (field.empty()) fail(ErrorKind::kBadInput, "a figure needs the name of its field");
        if (!std::isfinite(value)) {
          fail(ErrorKind::kBadInput,
               fmt::format("{} {} of application {} is not a number; leave a figure out when it "
                           "is not reported",
                           field, year, a.id));
        }
        rows.emplace_back(year, field, value);
      }
    }
    ApplicationFigures before;
    auto& old =
        prepared("SELECT year, field, value FROM application_figure WHERE application_id = ?");
    old.bind(1, a.id);
    while (old.executeStep()) {
      before[old.getColumn(0).getInt()][old.getColumn(1).getString()] =
          old.getColumn(2).getDouble();
    }
    old.reset();
    auto& clear = prepared("DELETE FROM application_figure WHERE application_id = ?");
    clear.bind(1, a.id);
    clear.exec();
    insert_rows("application_figure (application_id, year, field, value)", rows.size(),
                [&](sql::Statement& q, std::size_t row, int i) {
                  const auto& [year, field, value] = rows[row];
                  q.bind(i, a.id);
                  q.bind(i + 1, year);
                  q.bind(i + 2, field);
                  q.bind(i + 3, value);
                });
    audit(actor, "report", "application", std::to_string(a.id),
          fmt::format("{} reports {}", a.parties.name,
                      text::counted(static_cast<std::int64_t>(rows.size()), "figure", "figures")),
          {figures_json(before), figures_json(figures)});
  });
}

std::map<std::int64_t, ApplicationFigures> SqlStore::application_figures(std::int64_t round_id) {
  std::map<std::int64_t, ApplicationFigures> out;
  auto& q = prepared(
      "SELECT f.application_id, f.year, f.field, f.value FROM application_figure f "
      "JOIN application a ON a.id = f.application_id WHERE a.round_id = ?");
  q.bind(1, round_id);
  while (q.executeStep()) {
    out[q.getColumn(0).getInt64()][q.getColumn(1).getInt()][q.getColumn(2).getString()] =
        q.getColumn(3).getDouble();
  }
  q.reset();
  return out;
}

void SqlStore::set_review_form(std::int64_t round_id, const std::vector<rounds::Criterion>& form,
                               const Actor& actor) {
  in_transaction([&] {
    auto r = existing_round(round_id);
    if (auto p = rounds::form_problem(form)) fail(ErrorKind::kBadInput, *p);
    if (r.stage == rounds::Stage::kClosed) {
      fail(ErrorKind::kRule, fmt::format("round {} is closed", round_id));
    }
    auto& scored = prepared("SELECT count(*) FROM review WHERE round_id = ?");
    scored.bind(1, round_id);
    scored.executeStep();
    auto n = scored.getColumn(0).getInt64();
    scored.reset();
    if (n > 0) {
      fail(ErrorKind::kRule,
           fmt::format("the review form of round {} cannot change: {} scored on it already",
                       round_id, text::counted(n, "review is", "reviews are")));
    }
    auto before = form_json(review_form(round_id));
    auto& clear = prepared("DELETE FROM review_criterion WHERE round_id = ?");
    clear.bind(1, round_id);
    clear.exec();
    for (std::size_t i = 0; i < form.size(); ++i) {
      auto& q = prepared(
          "INSERT INTO review_criterion (round_id, position, name, points, anchors) "
          "VALUES (?, ?, ?, ?, ?)");
      q.bind(1, round_id);
      q.bind(2, static_cast<int>(i + 1));
      q.bind(3, form[i].name);
      q.bind(4, form[i].points);
      q.bind(5, anchors_json(form[i]).dump());
      q.exec();
    }
    audit(actor, "set-form", "round", std::to_string(round_id),
          fmt::format("review form: {}", rounds::review_form_text(form)),
          {before, form_json(form)});
  });
}

std::vector<rounds::Criterion> SqlStore::review_form(std::int64_t round_id) {
  std::vector<rounds::Criterion> form;
  auto& q = prepared(
      "SELECT name, points, anchors FROM review_criterion WHERE round_id = ? ORDER BY position");
  q.bind(1, round_id);
  while (q.executeStep()) {
    rounds::Criterion c{q.getColumn(0).getString(), q.getColumn(1).getDouble()};
    for (const auto& a : nlohmann::json::parse(q.getColumn(2).getString())) {
      c.anchors.push_back({a.at("level").get<std::string>(), a.at("points").get<double>()});
    }
    form.push_back(std::move(c));
  }
  q.reset();
  return form.empty() ? rounds::default_review_form() : form;
}

void SqlStore::assign_reviewers(std::int64_t round_id, const std::vector<ReviewAssignment>& pairs,
                                const std::vector<AssignmentOverride>& overrides,
                                const Actor& actor) {
  in_transaction([&] {
    auto r = existing_round(round_id);
    check_action(r, RoundAction::kAssignReviewers, actor);
    std::set<std::int64_t> listed;
    auto& on_lists = prepared("SELECT application_id FROM recommendation WHERE round_id = ?");
    on_lists.bind(1, round_id);
    while (on_lists.executeStep()) listed.insert(on_lists.getColumn(0).getInt64());
    on_lists.reset();
    std::set<std::pair<std::int64_t, std::int64_t>> kept;
    std::map<std::string, std::int64_t> ids;
    auto id_of = [&](const std::string& code) {
      auto it = ids.find(code);
      return it != ids.end() ? it->second : ids.emplace(code, expert_id(code)).first->second;
    };
    for (const auto& p : pairs) {
      if (!listed.count(p.application_id)) {
        fail(ErrorKind::kRule,
             fmt::format("application {} is not on a province's list in round {}: only "
                         "recommended applications are reviewed",
                         p.application_id, round_id));
      }
      if (!kept.emplace(p.application_id, id_of(p.expert_code)).second) {
        fail(ErrorKind::kBadInput, fmt::format("expert {} is assigned application {} twice",
                                               p.expert_code, p.application_id));
      }
    }
    for (const auto& o : overrides) {
      bool assigned = kept.count({o.application_id, id_of(o.expert_code)}) > 0;
      if (o.reason.empty() || assigned != o.fixed) {
        fail(ErrorKind::kRule,
             fmt::format("the override of expert {} on application {} ({}) {}", o.expert_code,
                         o.application_id, o.fixed ? "fixed" : "excluded",
                         o.reason.empty() ? "has no reason" : "is not kept by the assignment"));
      }
    }
    // A review is the expert's work: its pair cannot be taken away under it.
    auto& reviewed = prepared(
        "SELECT v.application_id, v.expert_id, e.code FROM review v JOIN expert e ON "
        "e.id = v.expert_id WHERE v.round_id = ?");
    reviewed.bind(1, round_id);
    while (reviewed.executeStep()) {
      if (!kept.count({reviewed.getColumn(0).getInt64(), reviewed.getColumn(1).getInt64()})) {
        auto message = fmt::format(
            "expert {} has reviewed application {} already; an assignment must keep the pair "
            "(fix it)",
            reviewed.getColumn(2).getString(), reviewed.getColumn(0).getInt64());
        reviewed.reset();
        fail(ErrorKind::kRule, message);
      }
    }
    reviewed.reset();
    auto before = assignments(round_id);
    db_.defer_foreign_keys();  // reviews refer to the pairs written again
    for (const char* table : {"review_assignment", "assignment_override"}) {
      auto& clear = prepared(fmt::format("DELETE FROM {} WHERE round_id = ?", table));
      clear.bind(1, round_id);
      clear.exec();
    }
    double total = 0;
    for (const auto& p : pairs) {
      auto& q = prepared(
          "INSERT INTO review_assignment (application_id, expert_id, round_id, affinity, fixed, "
          "reason, assigned_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, p.application_id);
      q.bind(2, id_of(p.expert_code));
      q.bind(3, round_id);
      q.bind(4, p.affinity);
      q.bind(5, p.fixed ? 1 : 0);
      q.bind(6, p.reason);
      q.bind(7, actor.at);
      q.exec();
      total += p.affinity;
    }
    for (const auto& o : overrides) {
      auto& q = prepared(
          "INSERT INTO assignment_override (application_id, expert_id, round_id, fixed, reason) "
          "VALUES (?, ?, ?, ?, ?)");
      q.bind(1, o.application_id);
      q.bind(2, id_of(o.expert_code));
      q.bind(3, round_id);
      q.bind(4, o.fixed ? 1 : 0);
      q.bind(5, o.reason);
      q.exec();
    }
    // A defence slot's panel is its application's experts: a new assignment must not put an
    // expert in two slots at once (defence_sessions.cpp).
    check_defence_slots(round_id, {}, {});
    auto pairs_json = [](const std::vector<ReviewAssignment>& list) {
      auto out = nlohmann::json::array();
      for (const auto& p : list) out.push_back({p.application_id, p.expert_code});
      return out;
    };
    audit(
        actor, "assign", "round", std::to_string(round_id),
        fmt::format("{} assigned, total affinity {:.4g}, {}",
                    text::counted(static_cast<std::int64_t>(pairs.size()), "pair", "pairs"), total,
                    text::counted(static_cast<std::int64_t>(overrides.size()), "manual override",
                                  "manual overrides")),
        {pairs_json(before), pairs_json(pairs)});
  });
}

std::vector<ReviewAssignment> SqlStore::assignments(std::int64_t round_id) {
  std::vector<ReviewAssignment> out;
  auto& q = prepared(
      "SELECT a.application_id, e.code, a.affinity, a.fixed, a.reason FROM review_assignment a "
      "JOIN expert e ON e.id = a.expert_id WHERE a.round_id = ? ORDER BY a.application_id, "
      "e.code");
  q.bind(1, round_id);
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getDouble(), q.getColumn(3).getInt() != 0,
                   q.getColumn(4).getString()});
  }
  q.reset();
  return out;
}

std::vector<AssignmentOverride> SqlStore::assignment_overrides(std::int64_t round_id) {
  std::vector<AssignmentOverride> out;
  auto& q = prepared(
      "SELECT o.application_id, e.code, o.fixed, o.reason FROM assignment_override o "
      "JOIN expert e ON e.id = o.expert_id WHERE o.round_id = ? ORDER BY o.application_id, "
      "e.code");
  q.bind(1, round_id);
  while (q.executeStep()) {
    out.push_back({q.getColumn(0).getInt64(), q.getColumn(1).getString(),
                   q.getColumn(2).getInt() != 0, q.getColumn(3).getString()});
  }
  q.reset();
  return out;
}

void SqlStore::submit_review(ExpertReview review, const Actor& actor) {
  in_transaction([&] {
    auto a = existing_application(review.application_id);
    auto r = existing_round(a.round_id);
    check_action(r, RoundAction::kSubmitReview, actor);
    auto eid = expert_id(review.expert_code);
    auto& assigned =
        prepared("SELECT 1 FROM review_assignment WHERE application_id = ? AND expert_id = ?");
    assigned.bind(1, a.id);
    assigned.bind(2, eid);
    bool is_assigned = assigned.executeStep();
    assigned.reset();
    if (!is_assigned) {
      fail(ErrorKind::kRule,
           fmt::format("expert {} is not assigned application {}", review.expert_code, a.id));
    }
    if (auto p = rounds::review_problem(review_form(r.id), review.points)) {
      fail(ErrorKind::kBadInput, fmt::format("the review of application {} by expert {}: {}", a.id,
                                             review.expert_code, *p));
    }
    review.total = rounds::review_total(review.points);
    std::optional<ExpertReview> before;
    for (const auto& old : reviews(r.id, review.expert_code)) {
      if (old.application_id == a.id) before = old;
    }
    review.submissions = before ? before->submissions + 1 : 1;
    auto& q = prepared(
        "INSERT INTO review (application_id, expert_id, round_id, points, total, comment, "
        "revisions, submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (application_id, "
        "expert_id) DO UPDATE SET points = excluded.points, total = excluded.total, comment = "
        "excluded.comment, revisions = excluded.revisions, submitted_at = excluded.submitted_at");
    q.bind(1, a.id);
    q.bind(2, eid);
    q.bind(3, r.id);
    q.bind(4, nlohmann::json(review.points).dump());
    q.bind(5, review.total);
    q.bind(6, review.comment);
    q.bind(7, review.submissions);
    q.bind(8, actor.at);
    q.exec();
    audit(actor, before ? "revise" : "review", "application", std::to_string(a.id),
          fmt::format("expert {} scores {} {:g}", review.expert_code, a.parties.name, review.total),
          {before ? std::optional(review_json(*before)) : std::nullopt, review_json(review)});
  });
}

std::vector<ExpertReview> SqlStore::reviews(std::int64_t round_id,
                                            const std::optional<std::string>& expert_code) {
  std::vector<ExpertReview> out;
  auto& q = prepared(
      "SELECT v.application_id, e.code, v.points, v.total, v.comment, v.revisions, "
      "v.submitted_at FROM review v JOIN expert e ON e.id = v.expert_id WHERE v.round_id = ? "
      "AND (CAST(? AS TEXT) IS NULL OR e.code = ?) ORDER BY v.application_id, e.code");
  q.bind(1, round_id);
  if (expert_code) {
    q.bind(2, *expert_code);
    q.bind(3, *expert_code);
  } else {
    q.bind(2);
    q.bind(3);
  }
  while (q.executeStep()) {
    ExpertReview r;
    r.application_id = q.getColumn(0).getInt64();
    r.expert_code = q.getColumn(1).getString();
    r.points = nlohmann::json::parse(q.getColumn(2).getString()).get<std::vector<double>>();
    r.total = q.getColumn(3).getDouble();
    r.comment = q.getColumn(4).getString();
    r.submissions = q.getColumn(5).getInt();
    r.submitted_at = q.getColumn(6).getString();
    out.push_back(std::move(r));
  }
  q.reset();
  return out;
}

void SqlStore::link_expert_account(const std::string& expert_code, std::int64_t account_id,
                                   const Actor& actor) {
  in_transaction([&] {
    auto eid = expert_id(expert_code);
    auto account = existing_account(account_id);
    if (account.role != auth::Role::kExpert) {
      fail(ErrorKind::kRule,
           fmt::format("account {} has the role {}; only an expert account reviews as an expert",
                       account.login, auth::role_key(account.role)));
    }
    if (auto other = expert_of_account(account_id); other && *other != expert_code) {
      fail(ErrorKind::kRule, fmt::format("account {} is expert {} already", account.login, *other));
    }
    auto& q = prepared(
        "INSERT INTO expert_account (expert_id, account_id) VALUES (?, ?) ON CONFLICT "
        "(expert_id) DO UPDATE SET account_id = excluded.account_id");
    q.bind(1, eid);
    q.bind(2, account_id);
    q.exec();
    audit(actor, "link", "expert", expert_code,
          fmt::format("expert {} logs in as {}", expert_code, account.login));
  });
}

std::optional<std::string> SqlStore::expert_of_account(std::int64_t account_id) {
  auto& q = prepared(
      "SELECT e.code FROM expert_account x JOIN expert e ON e.id = x.expert_id WHERE "
      "x.account_id = ?");
  q.bind(1, account_id);
  std::optional<std::string> code;
  if (q.executeStep()) code = q.getColumn(0).getString();
  q.reset();
  return code;
}

void SqlStore::decide(std::int64_t round_id, const std::vector<DecisionLine>& lines,
                      const Actor& actor) {
  in_transaction([&] {
    auto r = existing_round(round_id);
    check_action(r, RoundAction::kDecide, actor);
    std::set<std::int64_t> seen;
    for (const auto& line : lines) {
      auto a = existing_application(line.application_id);
      if (a.round_id != round_id) {
        fail(ErrorKind::kRule, fmt::format("application {} is of round {}, not round {}", a.id,
                                           a.round_id, round_id));
      }
      if (!seen.insert(a.id).second) {
        fail(ErrorKind::kBadInput, fmt::format("application {} is decided twice", a.id));
      }
      if (line.listed && !line.rank) {
        fail(ErrorKind::kRule, fmt::format("application {} is listed without a rank", a.id));
      }
      if (!line.listed && line.reason.empty()) {
        fail(ErrorKind::kRule,
             fmt::format("application {} is left off the list without a reason", a.id));
      }
    }
    auto line_json = [](const DecisionLine& l) {
      return nlohmann::json{{"application_id", l.application_id},
                            {"composite", optional_json(l.composite)},
                            {"rank", l.rank ? nlohmann::json(*l.rank) : nlohmann::json()},
                            {"listed", l.listed},
                            {"reason", l.reason}};
    };
    auto before = nlohmann::json::array();
    for (const auto& l : decisions(round_id)) before.push_back(line_json(l));
    auto& clear = prepared("DELETE FROM decision WHERE round_id = ?");
    clear.bind(1, round_id);
    clear.exec();
    auto after = nlohmann::json::array();
    std::int64_t listed = 0;
    for (const auto& l : lines) {
      auto& q = prepared(
          "INSERT INTO decision (application_id, round_id, data_score, expert_score, composite, "
          "rank, listed, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      q.bind(1, l.application_id);
      q.bind(2, round_id);
      bind_optional(q, 3, l.data_score);
      bind_optional(q, 4, l.expert_score);
      bind_optional(q, 5, l.composite);
      if (l.rank) {
        q.bind(6, *l.rank);
      } else {
        q.bind(6);
      }
      q.bind(7, l.listed ? 1 : 0);
      q.bind(8, l.reason);
      q.bind(9, actor.at);
      q.exec();
      listed += l.listed ? 1 : 0;
      after.push_back(line_json(l));
    }
    audit(actor, "decide", "round", std::to_string(round_id),
          fmt::format("{} listed of {} decided", listed, lines.size()), {before, after});
  });
}

std::vector<DecisionLine> SqlStore::decisions(std::int64_t round_id) {
  std::vector<DecisionLine> out;
  auto& q = prepared(
      "SELECT application_id, data_score, expert_score, composite, rank, listed, reason FROM "
      "decision WHERE round_id = ? ORDER BY rank IS NULL, rank, application_id");
  q.bind(1, round_id);
  while (q.executeStep()) {
    DecisionLine l;
    l.application_id = q.getColumn(0).getInt64();
    l.data_score = optional_double(q.getColumn(1));
    l.expert_score = optional_double(q.getColumn(2));
    l.composite = optional_double(q.getColumn(3));
    if (!q.getColumn(4).isNull()) l.rank = q.getColumn(4).getInt();
    l.listed = q.getColumn(5).getInt() != 0;
    l.reason = q.getColumn(6).getString();
    out.push_back(std::move(l));
  }
  q.reset();
  return out;
}

std::int64_t SqlStore::object(Objection objection, const Actor& actor) {
  std::int64_t id = 0;
  in_transaction([&] {
    auto a = existing_application(objection.application_id);
    auto r = existing_round(a.round_id);
    check_action(r, RoundAction::kObject, actor);
    objection.objector = text::trim(objection.objector);
    objection.grounds = text::trim(objection.grounds);
    if (objection.objector.empty()) {
      fail(ErrorKind::kBadInput, "an objection names who makes it (异议人)");
    }
    if (objection.grounds.empty()) {
      fail(ErrorKind::kBadInput, "an objection needs its grounds (异议理由)");
    }
    bool listed = false;
    for (const auto& l : decisions(r.id)) listed |= l.application_id == a.id && l.listed;
    if (!listed) {
      fail(ErrorKind::kRule,
           fmt::format("application {} is not on the list under public notice", a.id));
    }
    auto& q = prepared(
        "INSERT INTO objection (round_id, application_id, objector, grounds, filed_at) VALUES "
        "(?, ?, ?, ?, ?) RETURNING id");
    q.bind(1, r.id);
    q.bind(2, a.id);
    q.bind(3, objection.objector);
    q.bind(4, objection.grounds);
    q.bind(5, actor.at);
    id = q.returning_id();
    audit(actor, "object", "application", std::to_string(a.id),
          fmt::format("objection {} to {} by {}", id, a.parties.name, objection.objector),
          {std::nullopt,
           nlohmann::json{{"objector", objection.objector}, {"grounds", objection.grounds}}});
  });
  return id;
}

void SqlStore::answer_objection(std::int64_t objection_id, const std::string& answer, bool upheld,
                                const Actor& actor) {
  in_transaction([&] {
    auto& find = prepared("SELECT round_id, application_id, answer FROM objection WHERE id = ?");
    find.bind(1, objection_id);
    if (!find.executeStep()) {
      find.reset();
      fail(ErrorKind::kNotFound, fmt::format("no objection with id {}", objection_id));
    }
    auto round_id = find.getColumn(0).getInt64();
    auto application_id = find.getColumn(1).getInt64();
    auto answered = !find.getColumn(2).getString().empty();
    find.reset();
    check_action(existing_round(round_id), RoundAction::kAnswerObjection, actor);
    if (answered)
      fail(ErrorKind::kRule, fmt::format("objection {} is answered already", objection_id));
    auto text = text::trim(answer);
    if (text.empty()) fail(ErrorKind::kBadInput, "an answer to an objection needs its text");
    auto& q = prepared(
        "UPDATE objection SET answer = ?, upheld = ?, answered_at = ?, answered_by = ? WHERE "
        "id = ?");
    q.bind(1, text);
    q.bind(2, upheld ? 1 : 0);
    q.bind(3, actor.at);
    q.bind(4, actor.name);
    q.bind(5, objection_id);
    q.exec();
    if (upheld) {
      auto& off = prepared("UPDATE decision SET listed = 0, reason = ? WHERE application_id = ?");
      off.bind(1, fmt::format("异议成立 (objection {} upheld): {}", objection_id, text));
      off.bind(2, application_id);
      off.exec();
    }
    audit(actor, "answer", "objection", std::to_string(objection_id),
          fmt::format("objection {} to application {} {}", objection_id, application_id,
                      upheld ? "upheld: the application leaves the list" : "not upheld"),
          {std::nullopt, nlohmann::json{{"answer", text}, {"upheld", upheld}}});
  });
}

namespace {

constexpr const char* kObjectionColumns =
    "SELECT id, round_id, application_id, objector, grounds, filed_at, answer, upheld, "
    "answered_at, answered_by, (SELECT count(*) FROM objection_document d WHERE "
    "d.objection_id = objection.id) FROM objection ";

Objection objection_row(sql::Statement& q) {
  return {q.getColumn(0).getInt64(),  q.getColumn(1).getInt64(),    q.getColumn(2).getInt64(),
          q.getColumn(3).getString(), q.getColumn(4).getString(),   q.getColumn(5).getString(),
          q.getColumn(6).getString(), q.getColumn(7).getInt() != 0, q.getColumn(8).getString(),
          q.getColumn(9).getString(), q.getColumn(10).getInt64()};
}

}  // namespace

std::vector<Objection> SqlStore::objections(std::int64_t round_id) {
  std::vector<Objection> out;
  auto& q = prepared(std::string(kObjectionColumns) + "WHERE round_id = ? ORDER BY id");
  q.bind(1, round_id);
  while (q.executeStep()) out.push_back(objection_row(q));
  q.reset();
  return out;
}

std::optional<Objection> SqlStore::objection(std::int64_t objection_id) {
  auto& q = prepared(std::string(kObjectionColumns) + "WHERE id = ?");
  q.bind(1, objection_id);
  std::optional<Objection> out;
  if (q.executeStep()) out = objection_row(q);
  q.reset();
  return out;
}

std::vector<Admission> SqlStore::admit(std::int64_t round_id, domain::ClusterStatus status,
                                       const std::string& date, const Actor& actor) {
  std::vector<Admission> admitted;
  in_transaction([&] {
    // A date, and not after the recorder's today, before anything reads its year.
    if (auto p = domain::decision_date_problem(date, actor.recorded_on())) {
      fail(ErrorKind::kBadInput, *p);
    }
    auto r = existing_round(round_id);
    if (r.stage != rounds::Stage::kNotice) {
      fail(ErrorKind::kRule,
           fmt::format("round {} is in {}; its list is admitted at the end of {}", round_id,
                       rounds::stage_label(r.stage), rounds::stage_label(rounds::Stage::kNotice)));
    }
    const auto& end = r.deadlines.at(rounds::Stage::kNotice);
    if (actor.recorded_on() <= end || date <= end) {
      fail(ErrorKind::kRule,
           fmt::format("the public notice of round {} runs until {}; admission can be dated and "
                       "recorded from the day after",
                       round_id, end));
    }
    std::vector<std::int64_t> open;
    for (const auto& o : objections(round_id)) {
      if (o.answer.empty()) open.push_back(o.id);
    }
    if (!open.empty()) {
      fail(ErrorKind::kRule,
           fmt::format("{} of round {} not answered yet: {}; the list is final once every "
                       "objection is answered",
                       text::counted(static_cast<std::int64_t>(open.size()), "objection is",
                                     "objections are"),
                       round_id, fmt::join(open, ", ")));
    }
    for (const auto& line : decisions(round_id)) {
      if (!line.listed) continue;
      auto a = existing_application(line.application_id);
      domain::Cluster c;
      c.name = a.parties.name;
      c.zone_id = a.zone_id;
      c.industry_code = a.parties.industry_code;
      c.province_code = a.parties.province_code;
      c.building_unit = a.parties.building_unit;
      c.management_body = a.parties.management_body;
      c.batch = std::to_string(r.year);
      c.admitted_year = date::year_of(date);
      domain::StatusChange change;
      change.status = status;
      change.date = date;
      change.doc_no = r.doc_no;
      change.reason =
          fmt::format("{}: 评审、公示后认定 (admitted after review and notice)", r.name);
      auto cluster_id = add_cluster(c, change, actor);
      auto& q = prepared("INSERT INTO admission (application_id, cluster_id) VALUES (?, ?)");
      q.bind(1, a.id);
      q.bind(2, cluster_id);
      q.exec();
      admitted.push_back({a.id, cluster_id});
    }
    if (admitted.empty()) {
      fail(ErrorKind::kRule, fmt::format("round {} has no application on its list", round_id));
    }
    advance_round(round_id, actor);
    audit(actor, "admit", "round", std::to_string(round_id),
          fmt::format(
              "{} admitted as {} under {}",
              text::counted(static_cast<std::int64_t>(admitted.size()), "cluster", "clusters"),
              domain::status_key(status), r.doc_no));
  });
  return admitted;
}

}  // namespace atlas::store::sql
