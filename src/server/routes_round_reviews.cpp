// A selection round after the provinces' lists (docs/rounds.md): the figures a zone reports with
// its application, the review form, the assignment of experts, an expert's own assignments and
// reviews, the panel statistics, the decision, the notice's objections and answers, and
// admission — each the CLI verb's use case (app/round_review.h, app/round_decision.h). The
// office decides; an expert reviews only what is assigned to the expert their account is.
#include <cmath>

#include <fmt/format.h>

#include "atlas/app/application_documents.h"
#include "atlas/app/application_figures.h"
#include "atlas/app/objection_documents.h"
#include "atlas/app/round_decision.h"
#include "atlas/app/round_review.h"
#include "atlas/app/rounds.h"
#include "atlas/app/systems.h"
#include "atlas/domain/rules.h"
#include "atlas/store/round_reviews.h"
#include "server/json_body.h"
#include "server/parameter_errors.h"
#include "server/path_match.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/uploads.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// The pool's expert the caller's account reviews as (`review link`); kNotFound otherwise.
std::string own_expert(const Call& call) {
  std::optional<std::string> code;
  if (call.who.account) code = call.store().round_reviews().expert_of_account(call.who.account->id);
  if (!code) {
    throw Error(ErrorKind::kNotFound,
                "this account is not linked to an expert of the pool (clusteratlas review link)");
  }
  return *code;
}

// The application in the path, and as its assigned expert the caller when the caller's account
// reviews as an expert assigned to it: what kReviewApplication needs.
ResourceRule application_reviewed_by_caller(const std::string& name) {
  auto base = application_in_path(name);
  return {"application {" + name + "}, its assigned experts", [name, base](const Call& call) {
            auto r = base.resolve(call);
            auto id = parse_id(call.params.at(name));
            if (!id || !call.who.account) return r;
            auto& reviews = call.store().round_reviews();
            auto code = reviews.expert_of_account(call.who.account->id);
            auto a = call.store().application(*id);
            if (!code || !a) return r;
            for (const auto& p : reviews.assignments(a->round_id)) {
              if (p.application_id == *id && p.expert_code == *code) {
                r.assigned_experts.push_back(call.who.account->id);
              }
            }
            return r;
          }};
}

Reply set_figures(Call& call) {
  auto id = path_id(call, "id", "application");
  auto figures = call.body.find("figures");
  if (figures == call.body.end() || !figures->is_object()) {
    invalid_input("figures", "an object of field → number");
  }
  // Of the year given, else the round's (one year: a file gives several, `application figures`).
  auto year = number_field(call.body, "year");
  if (year &&
      (*year != std::floor(*year) || *year < domain::kFirstYear || *year > domain::kLastYear)) {
    invalid_input("year", fmt::format("a year of the programme ({}–{})", domain::kFirstYear,
                                      domain::kLastYear));
  }
  std::map<std::string, double> values;
  for (const auto& [field, v] : figures->items()) {
    if (v.is_null()) continue;  // not reported
    if (!v.is_number()) invalid_input("figures", field + ": must be a number or null");
    values[field] = v.get<double>();
  }
  auto application = call.store().application(id);
  if (!application) throw Error(ErrorKind::kNotFound, fmt::format("no application {}", id));
  auto round = app::existing_round(call.store(), application->round_id);
  store::ApplicationFigures by_year{{year ? static_cast<int>(*year) : round.year, values}};
  call.store().round_reviews().set_application_figures(id, by_year, call.store_actor(""));
  return {200, {{"application", id}, {"figures", values.size()}}, {}};
}

// The applications' figures from a file (as `application figures`): the JQ01 form, or a table
// of fields with a unit column of application ids; all rows or none. A problem names the file
// by the client's name for it.
Reply import_figures(Call& call) {
  app::ApplicationFiguresFile file{path_id(call, "id", "selection round"), ""};
  if (!call.query("year").empty()) file.year = int_query(call, "year", 0);
  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  file.path = upload.path();
  try {
    auto n = app::import_application_figures(call.db, file, call.store_actor(""));
    return {200, {{"round", file.round_id}, {"applications", n}}, {}};
  } catch (const Error& e) {
    throw relabelled(e, upload.path(), upload.label());
  }
}

Reply review_form(Call& call) {
  return {200,
          listing(call, app::review_form_table(call.db, path_id(call, "id", "selection round"))),
          {}};
}

Reply set_review_form(Call& call) {
  auto id = path_id(call, "id", "selection round");
  app::set_review_form(call.db, id, string_field(call.body, "form", true), call.store_actor(""));
  return {200, listing(call, app::review_form_table(call.db, id)), {}};
}

// The body's `fixed` or `excluded`: [{"application": 12, "expert": "E0007", "reason": "…"}, …].
// Only the types are checked here; the use case checks the pairs as it checks a file's rows (a
// recommended application, an expert of the pool, a reason, listed once), each problem placed at
// its element's field: `fixed[2].expert`.
std::vector<app::OverridePair> override_pairs(const nlohmann::json& body, const std::string& key) {
  std::vector<app::OverridePair> out;
  auto list = body.find(key);
  if (list == body.end() || list->is_null()) return out;
  const char* shape = "an array of {\"application\": id, \"expert\": code, \"reason\": text}";
  if (!list->is_array()) invalid_input(key, shape);
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto& element = (*list)[i];
    const std::string at = key + "[" + std::to_string(i) + "]";
    if (!element.is_object()) invalid_input(at, shape);
    auto text = [&](const char* name) {
      auto it = element.find(name);
      if (it == element.end() || it->is_null()) return std::string();
      if (!it->is_string()) invalid_input(at + "." + name, "must be a string");
      return it->get<std::string>();
    };
    app::OverridePair p{"",
                        text("expert"),
                        text("reason"),
                        {"", 0, "", at + ".application"},
                        {"", 0, "", at + ".expert"},
                        {"", 0, "", at + ".reason"}};
    if (auto a = element.find("application"); a != element.end() && !a->is_null()) {
      if (!a->is_number_integer()) {
        invalid_input(at + ".application", "must be an application's id, an integer");
      }
      p.application = std::to_string(a->get<long long>());
    }
    out.push_back(std::move(p));
  }
  return out;
}

Reply assign(Call& call) {
  app::RoundAssignmentRequest r;
  r.round_id = path_id(call, "id", "selection round");
  if (auto k = integer_field(call.body, "reviewers", false)) r.reviewers = static_cast<int>(*k);
  if (auto l = integer_field(call.body, "max_load", false)) r.max_load = static_cast<int>(*l);
  if (auto same = call.body.find("allow_same_province"); same != call.body.end()) {
    if (!same->is_boolean()) invalid_input("allow_same_province", "must be true or false");
    r.rules.same_province = !same->get<bool>();
  }
  r.fixed = override_pairs(call.body, "fixed");
  r.excluded = override_pairs(call.body, "excluded");
  auto result = checking_parameters([&] {
    try {
      return app::assign_round(call.db, r, call.store_actor(""));
    } catch (const Error& e) {
      // An override's problem is placed at its element's field: 422 naming it.
      if (e.kind() == ErrorKind::kBadInput && e.where().file.empty() && !e.where().field.empty()) {
        invalid_input(e.where().field, e.what());
      }
      throw;
    }
  });
  return {200, result.document(), {}};
}

Reply assignment(Call& call) {
  std::optional<std::string> expert;
  if (auto e = call.query("expert"); !e.empty()) expert = e;
  return {200,
          listing(call, app::round_assignment_table(call.db, path_id(call, "id", "selection round"),
                                                    expert)),
          {}};
}

Reply my_assignment(Call& call) {
  return {200,
          listing(call, app::round_assignment_table(call.db, path_id(call, "id", "selection round"),
                                                    own_expert(call))),
          {}};
}

Reply my_reviews(Call& call) {
  return {200,
          listing(call, app::review_table(call.db, path_id(call, "id", "selection round"),
                                          own_expert(call))),
          {}};
}

Reply review_copy(Call& call) {
  return {200, app::review_copy(call.db, path_id(call, "id", "application")), {}};
}

Reply review_copy_document(Call& call) {
  return document_download(app::document_file(call.db, path_id(call, "id", "application"),
                                              path_id(call, "document", "document")));
}

Reply submit_review(Call& call) {
  app::ReviewEntry entry;
  entry.application_id = path_id(call, "id", "application");
  // The office may record a review for an expert who sent it on paper; an expert is themself.
  entry.expert_code = call.who.actor.role == auth::Role::kAdmin
                          ? string_field(call.body, "expert", true)
                          : own_expert(call);
  auto points = call.body.find("points");
  if (points == call.body.end() || !points->is_array()) {
    invalid_input("points", "an array of numbers, one per criterion of the form");
  }
  for (const auto& p : *points) {
    // A criterion scored by levels takes the level's name (优) as well as its points.
    if (p.is_string()) {
      entry.points.push_back(std::nan(""));
      entry.levels.push_back(p.get<std::string>());
    } else if (p.is_number()) {
      entry.points.push_back(p.get<double>());
      entry.levels.emplace_back();
    } else {
      invalid_input("points", "an array of numbers or levels, one per criterion");
    }
  }
  entry.comment = string_field(call.body, "comment", false);
  app::submit_review(call.db, entry, call.store_actor(""));
  return {200, {{"application", entry.application_id}, {"expert", entry.expert_code}}, {}};
}

Reply reviews(Call& call) {
  return {200,
          listing(call,
                  app::review_table(call.db, path_id(call, "id", "selection round"), std::nullopt)),
          {}};
}

Reply reliability(Call& call) {
  app::ReliabilityRequest r;
  r.normalise = flag_query(call, "normalise");
  return {200,
          app::round_reliability(call.db, path_id(call, "id", "selection round"), r).document(),
          {}};
}

Reply decide(Call& call) {
  app::DecisionRequest r;
  r.round_id = path_id(call, "id", "selection round");
  if (auto n = integer_field(call.body, "places", false)) r.places = static_cast<int>(*n);
  r.pass_mark = number_field(call.body, "pass_mark");
  if (auto t = call.body.find("trimmed"); t != call.body.end()) {
    if (!t->is_boolean()) invalid_input("trimmed", "must be true or false");
    r.trimmed = t->get<bool>();
  }
  // A round opened on the command line may name its system by a file; the server reads only
  // the shipped ones, never a path on its disk.
  auto round = app::existing_round(call.store(), r.round_id);
  if (!app::is_shipped_system(round.system)) {
    throw Error(ErrorKind::kRule, "round " + std::to_string(r.round_id) +
                                      " is scored with the system file " + round.system +
                                      ", which the server does not read: decide it with "
                                      "clusteratlas decide");
  }
  checking_parameters([&] {
    app::decide(call.db, r, call.store_actor(""));
    return 0;
  });
  return {200, listing(call, app::decision_table(call.db, r.round_id)), {}};
}

Reply decision(Call& call) {
  return {
      200, listing(call, app::decision_table(call.db, path_id(call, "id", "selection round"))), {}};
}

// The list under public notice is public; before the notice it is the office's alone.
Reply notice(Call& call) {
  auto id = path_id(call, "id", "selection round");
  auto round = app::existing_round(call.store(), id);
  if (round.stage != rounds::Stage::kNotice && round.stage != rounds::Stage::kClosed) {
    throw Error(ErrorKind::kRule, "round " + std::to_string(id) + " is in " +
                                      rounds::stage_label(round.stage) +
                                      ": its list is published with the public notice");
  }
  auto t = app::decision_table(call.db, id);
  std::vector<std::vector<report::Cell>> listed;
  for (auto& row : t.rows) {
    if (std::get<std::string>(row[7]) == "yes") listed.push_back(std::move(row));
  }
  t.rows = std::move(listed);
  return {200, listing(call, std::move(t)), {}};
}

Reply object(Call& call) {
  app::ObjectionEntry e;
  e.application_id = path_id(call, "id", "application");
  e.objector = string_field(call.body, "objector", true);
  e.grounds = string_field(call.body, "grounds", true);
  auto id = app::object(call.db, e, call.store_actor(""));
  return {201, {{"objection", id}, {"application", e.application_id}}, {}};
}

Reply objections(Call& call) {
  return {200,
          listing(call, app::objection_table(call.db, path_id(call, "id", "selection round"))),
          {}};
}

Reply attach_objection_document(Call& call) {
  auto id = path_id(call, "id", "objection");
  auto document = receive_document(call.http, *call.upload, call.query("filename"));
  auto d = app::attach_objection_document(call.db, id, document.checked, document.content,
                                          call.store_actor(""));
  return document_attached(d);
}

Reply objection_documents(Call& call) {
  return {200,
          listing(call, app::objection_document_list(call.db, path_id(call, "id", "objection"))),
          {}};
}

Reply download_objection_document(Call& call) {
  return document_download(app::objection_document_file(call.db, path_id(call, "id", "objection"),
                                                        path_id(call, "document", "document")));
}

Reply answer(Call& call) {
  auto id = path_id(call, "id", "objection");
  auto text = string_field(call.body, "answer", true);
  bool upheld = false;
  if (auto u = call.body.find("upheld"); u != call.body.end()) {
    if (!u->is_boolean()) invalid_input("upheld", "must be true or false");
    upheld = u->get<bool>();
  }
  app::answer_objection(call.db, id, text, upheld, call.store_actor(text));
  return {200, {{"objection", id}, {"upheld", upheld}}, {}};
}

Reply admit(Call& call) {
  auto id = path_id(call, "id", "selection round");
  auto status_text = string_field(call.body, "status", false);
  auto status = domain::parse_status(status_text.empty() ? "pilot" : status_text);
  if (!status) invalid_input("status", "unknown status " + status_text);
  auto date = string_field(call.body, "date", true);
  return {200, listing(call, app::admit(call.db, id, *status, date, call.store_actor(""))), {}};
}

}  // namespace

void add_round_review_routes(RouteTable& t) {
  t.add({"PUT",
         "/api/v1/applications/{id}/figures",
         Action::kSubmitApplication,
         application_in_path("id"),
         {"The indicator data a zone reports with its application for one year (the round's "
          "unless `year` is given), replacing what it reported",
          "rounds", "",
          object_schema({{"application", "integer"}, {"figures", "integer"}},
                        {"application", "figures"}),
          object_schema({{"figures", "object"}, {"year", "integer"}}, {"figures"})},
         set_figures});
  RouteDoc figures_upload{
      "Store the applications' figures from an uploaded CSV, TSV or XLSX, UTF-8 or GBK: the JQ01 "
      "form (its cluster column naming the application; ?year= for rows without a year "
      "column), or a table with a unit column of application ids and one column per field; all "
      "or nothing (as `application figures`)",
      "rounds",
      "",
      object_schema({{"round", "integer"}, {"applications", "integer"}}, {"round", "applications"}),
      nullptr,
      {"filename", "year"}};
  figures_upload.upload = true;
  t.add({"POST", "/api/v1/rounds/{id}/figures", Action::kManageRounds, programme_wide(),
         figures_upload, import_figures});
  // The form is part of the round's notice: anyone reads it.
  t.add({"GET",
         "/api/v1/rounds/{id}/form",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The round's review form (as `review form`)", "rounds", "review-form"},
         review_form});
  t.add({"PUT",
         "/api/v1/rounds/{id}/form",
         Action::kManageRounds,
         programme_wide(),
         {"Set the round's review form, NAME:POINTS,… adding up to 100", "rounds", "review-form",
          nullptr, object_schema({{"form", "string"}}, {"form"})},
         set_review_form});
  auto assignment_body = object_schema({{"reviewers", "integer"},
                                        {"max_load", "integer"},
                                        {"allow_same_province", "boolean"},
                                        {"fixed", "array"},
                                        {"excluded", "array"}},
                                       {});
  const auto override_pair =
      object_schema({{"application", "integer"}, {"expert", "string"}, {"reason", "string"}},
                    {"application", "expert", "reason"});
  assignment_body["properties"]["fixed"]["items"] = override_pair;
  assignment_body["properties"]["excluded"]["items"] = override_pair;
  t.add({"POST",
         "/api/v1/rounds/{id}/assignment",
         Action::kManageRounds,
         programme_wide(),
         {"Assign the pool's experts to the recommended applications optimally and store it, "
          "with manual overrides: fixed and excluded pairs, each with its reason (as `assign "
          "--round --fixed --excluded`)",
          "rounds", "assignment", nullptr, assignment_body},
         assign});
  t.add({"GET",
         "/api/v1/rounds/{id}/assignment",
         Action::kManageRounds,
         programme_wide(),
         {"The round's stored assignment (as `review assignments`)",
          "rounds",
          "round-assignment",
          nullptr,
          nullptr,
          {"expert"}},
         assignment});
  // An expert's own work: any account may ask, and sees only what its linked expert is given.
  t.add({"GET",
         "/api/v1/rounds/{id}/my-assignment",
         Action::kManageOwnAccount,
         programme_wide(),
         {"The applications assigned to the caller's expert", "rounds", "round-assignment"},
         my_assignment});
  t.add({"GET",
         "/api/v1/rounds/{id}/my-reviews",
         Action::kManageOwnAccount,
         programme_wide(),
         {"The caller's expert's reviews in the round", "rounds", "reviews"},
         my_reviews});
  t.add({"PUT",
         "/api/v1/applications/{id}/review",
         Action::kReviewApplication,
         application_reviewed_by_caller("id"),
         {"Submit or revise the caller's review of an assigned application (the office names "
          "the expert)",
          "rounds", "",
          object_schema({{"application", "integer"}, {"expert", "string"}},
                        {"application", "expert"}),
          object_schema({{"points", "array"}, {"comment", "string"}, {"expert", "string"}},
                        {"points"})},
         submit_review});
  // What the expert reviews: the application's review copy and its documents.
  t.add({"GET",
         "/api/v1/applications/{id}/review-copy",
         Action::kReviewApplication,
         application_reviewed_by_caller("id"),
         {"An assigned application as its reviewers read it: the proposed cluster, the figures it "
          "reports, its documents",
          "rounds", "review-copy"},
         review_copy});
  t.add({"GET", "/api/v1/applications/{id}/review-copy/documents/{document}",
         Action::kReviewApplication, application_reviewed_by_caller("id"), document_download_doc(),
         review_copy_document});
  t.add({"GET",
         "/api/v1/rounds/{id}/reviews",
         Action::kDecideApplication,
         programme_wide(),
         {"Every review of the round (as `review list`)", "rounds", "reviews"},
         reviews});
  t.add({"GET",
         "/api/v1/rounds/{id}/reliability",
         Action::kDecideApplication,
         programme_wide(),
         {"Panel statistics over the round's reviews (as `reliability --round`)",
          "rounds",
          "reliability",
          nullptr,
          nullptr,
          {"normalise"}},
         reliability});
  t.add({"POST",
         "/api/v1/rounds/{id}/decision",
         Action::kDecideApplication,
         programme_wide(),
         {"Score, rank and list the recommended applications (as `decide`)", "rounds", "decision",
          nullptr,
          object_schema({{"places", "integer"}, {"pass_mark", "number"}, {"trimmed", "boolean"}},
                        {})},
         decide});
  t.add({"GET",
         "/api/v1/rounds/{id}/decision",
         Action::kDecideApplication,
         programme_wide(),
         {"The stored decision, every recommended application (as `notice show`)", "rounds",
          "decision"},
         decision});
  t.add({"GET",
         "/api/v1/rounds/{id}/notice",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The list under public notice (公示), once the round is noticed", "rounds", "decision"},
         notice});
  // Objections reach the office by letter and telephone; the office records them.
  t.add({"POST",
         "/api/v1/applications/{id}/objections",
         Action::kDecideApplication,
         programme_wide(),
         {"Record an objection to a listed application (as `notice object`)",
          "rounds",
          "",
          object_schema({{"objection", "integer"}, {"application", "integer"}},
                        {"objection", "application"}),
          object_schema({{"objector", "string"}, {"grounds", "string"}}, {"objector", "grounds"}),
          {},
          201},
         object});
  t.add({"GET",
         "/api/v1/rounds/{id}/objections",
         Action::kDecideApplication,
         programme_wide(),
         {"The round's objections and answers (as `notice objections`)", "rounds", "objections"},
         objections});
  t.add({"POST",
         "/api/v1/objections/{id}/answer",
         Action::kDecideApplication,
         programme_wide(),
         {"Answer an objection; upheld, the application leaves the list", "rounds", "",
          object_schema({{"objection", "integer"}, {"upheld", "boolean"}}, {"objection", "upheld"}),
          object_schema({{"answer", "string"}, {"upheld", "boolean"}}, {"answer"})},
         answer});
  // What an objector sends with the objection (异议材料), recorded by the office as it is.
  t.add({"POST", "/api/v1/objections/{id}/documents", Action::kDecideApplication, programme_wide(),
         document_upload_doc("Attach a document to an objection not yet answered: a PDF, DOCX or "
                             "XLSX by its content, 50 MB at most (as `notice attach`)"),
         attach_objection_document});
  t.add({"GET",
         "/api/v1/objections/{id}/documents",
         Action::kDecideApplication,
         programme_wide(),
         {"The documents attached to an objection (as `notice documents`)", "rounds", "documents"},
         objection_documents});
  t.add({"GET", "/api/v1/objections/{id}/documents/{document}", Action::kDecideApplication,
         programme_wide(), document_download_doc(), download_objection_document});
  t.add(
      {"POST",
       "/api/v1/rounds/{id}/admission",
       Action::kDecideApplication,
       programme_wide(),
       {"Admit the final list into the registry and close the round (as `admit`)", "rounds",
        "admission", nullptr, object_schema({{"date", "string"}, {"status", "string"}}, {"date"})},
       admit});
}

}  // namespace atlas::server
