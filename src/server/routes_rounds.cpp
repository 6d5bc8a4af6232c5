// Selection rounds (docs/rounds.md): the rounds themselves, a zone's application, the province's
// return and ranked list — each the CLI verb's use case (src/atlas/app/rounds.h), scoped by the
// policy to the zone or province it concerns, its stage and deadline rules the store's.
#include "atlas/app/application_documents.h"
#include "atlas/app/experts.h"
#include "atlas/app/rounds.h"
#include "atlas/app/systems.h"
#include "atlas/core/text.h"
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

std::vector<std::string> string_list(const nlohmann::json& body, const std::string& key) {
  std::vector<std::string> out;
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return out;
  if (!it->is_array()) invalid_input(key, "must be an array of strings");
  for (const auto& v : *it) {
    if (!v.is_string()) invalid_input(key, "must be an array of strings");
    out.push_back(v.get<std::string>());
  }
  return out;
}

Reply rounds(Call& call) {
  return {200, listing(call, app::round_list(call.db)), {}};
}

Reply round_show(Call& call) {
  return {200, listing(call, app::round_show(call.db, path_id(call, "id", "selection round"))), {}};
}

Reply round_provinces(Call& call) {
  return {200,
          listing(call, app::round_provinces(call.db, path_id(call, "id", "selection round"))),
          {}};
}

Reply create_round(Call& call) {
  app::RoundCreateRequest r;
  auto kind = string_field(call.body, "kind", false);
  if (!kind.empty()) r.kind = kind;
  r.year = static_cast<int>(*integer_field(call.body, "year", true));
  r.name = string_field(call.body, "name", true);
  r.doc_no = string_field(call.body, "document_number", true);
  r.system = string_field(call.body, "system", true);
  // Only a shipped system: a name the server is given is never a path on its disk.
  if (!app::is_shipped_system(r.system)) invalid_input("system", "not a shipped indicator system");
  if (auto w = call.body.find("data_weight"); w != call.body.end()) {
    if (!w->is_number()) invalid_input("data_weight", "must be a number between 0 and 1");
    r.data_weight = w->get<double>();
  }
  auto deadlines = call.body.find("deadlines");
  if (deadlines == call.body.end() || !deadlines->is_object()) {
    invalid_input("deadlines", "an object of stage → YYYY-MM-DD");
  }
  for (const auto& [stage, date] : deadlines->items()) {
    if (!date.is_string()) invalid_input("deadlines", stage + ": must be a date YYYY-MM-DD");
    if (!rounds::parse_stage(stage)) invalid_input("deadlines", "unknown stage " + stage);
    r.deadlines[stage] = date.get<std::string>();
  }
  if (auto quotas = call.body.find("quotas"); quotas != call.body.end()) {
    if (!quotas->is_object()) invalid_input("quotas", "an object of province → count");
    for (const auto& [province, n] : quotas->items()) {
      if (!n.is_number_integer()) invalid_input("quotas", province + ": must be an integer");
      r.quotas.push_back(province + "=" + std::to_string(n.get<long long>()));
    }
  }
  auto id =
      checking_parameters([&] { return app::create_round(call.db, r, call.store_actor("")); });
  return {201, {{"round", id}, {"name", r.name}}, {}};
}

Reply advance_round(Call& call) {
  auto id = path_id(call, "id", "selection round");
  auto reason = string_field(call.body, "reason", false);
  auto stage = call.store().advance_round(id, call.store_actor(reason));
  return {200, {{"round", id}, {"stage", rounds::stage_key(stage)}}, {}};
}

Reply applications(Call& call) {
  app::ApplicationListRequest request{path_id(call, "id", "selection round"),
                                      call.query("province"), call.query("zone"),
                                      call.query("state")};
  return {
      200,
      listing(call, checking_parameters([&] { return app::application_list(call.db, request); })),
      {}};
}

Reply application_show(Call& call) {
  return {
      200, listing(call, app::application_show(call.db, path_id(call, "id", "application"))), {}};
}

Reply submit_application(Call& call) {
  app::ApplicationRequest r;
  r.round_id = path_id(call, "id", "selection round");
  r.zone = call.query("zone");
  r.cluster_name = string_field(call.body, "cluster_name", true);
  r.industry_code = string_field(call.body, "industry", true);
  r.building_unit = string_field(call.body, "building_unit", true);
  r.management_body = string_field(call.body, "management_body", true);
  r.contact = string_field(call.body, "contact", false);
  r.leading_firms = string_list(call.body, "leading_firms");
  auto id = app::submit_application(call.db, r, call.store_actor(""));
  return {201, {{"application", id}, {"round", r.round_id}}, {}};
}

Reply return_application(Call& call) {
  auto id = path_id(call, "id", "application");
  auto reason = string_field(call.body, "reason", true);
  call.store().return_application(id, reason, call.store_actor(reason));
  return {200, {{"application", id}, {"state", "returned"}}, {}};
}

Reply recommend(Call& call) {
  app::RecommendRequest r;
  r.round_id = path_id(call, "id", "selection round");
  r.province = call.query("province");
  auto list = call.body.find("list");
  if (list == call.body.end() || !list->is_array()) {
    invalid_input("list", "an array of {application, opinion} in rank order");
  }
  for (const auto& line : *list) {
    if (!line.is_object()) invalid_input("list", "an array of {application, opinion}");
    r.applications.push_back(*integer_field(line, "application", true));
    r.opinions.push_back(string_field(line, "opinion", true));
  }
  app::recommend(call.db, r, call.store_actor(""));
  return {200,
          {{"round", r.round_id}, {"province", r.province}, {"recommended", r.applications.size()}},
          {}};
}

Reply experts(Call& call) {
  return {200, listing(call, app::expert_list(call.db)), {}};
}

Reply add_expert(Call& call) {
  app::ExpertAddRequest r;
  r.code = string_field(call.body, "code", true);
  r.name = string_field(call.body, "name", true);
  r.organisation = string_field(call.body, "organisation", true);
  r.province = string_field(call.body, "province", true);
  r.title = string_field(call.body, "title", false);
  r.fields = string_list(call.body, "fields");
  r.declared_conflicts = string_list(call.body, "declared_conflicts");
  app::add_expert(call.db, r, call.store_actor(""));
  return {201, {{"code", r.code}, {"name", r.name}}, {}};
}

Reply import_experts(Call& call) {
  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  try {
    auto done = app::import_experts(call.db, upload.path(), call.store_actor(""));
    return {
        200, {{"added", done.added}, {"updated", done.updated}, {"unchanged", done.unchanged}}, {}};
  } catch (const Error& e) {
    throw relabelled(e, upload.path(), upload.label());
  }
}

Reply attach_document(Call& call) {
  auto id = path_id(call, "id", "application");
  auto document = receive_document(call.http, *call.upload, call.query("filename"));
  auto d =
      app::attach_document(call.db, id, document.checked, document.content, call.store_actor(""));
  return document_attached(d);
}

Reply documents(Call& call) {
  return {200, listing(call, app::document_list(call.db, path_id(call, "id", "application"))), {}};
}

Reply download_document(Call& call) {
  return document_download(app::document_file(call.db, path_id(call, "id", "application"),
                                              path_id(call, "document", "document")));
}

Reply conflicts(Call& call) {
  rounds::ConflictRules rules;
  rules.same_province = !flag_query(call, "allow_same_province");
  return {
      200,
      listing(call, app::expert_conflicts(call.db, path_id(call, "id", "selection round"), rules)),
      {}};
}

}  // namespace

void add_round_routes(RouteTable& t) {
  // A round's notice and its deadlines are published: anyone reads them.
  t.add({"GET",
         "/api/v1/rounds",
         Action::kReadPublicOverview,
         programme_wide(),
         {"Selection rounds, newest first, with their stage (as `round list`)", "rounds", "rounds"},
         rounds});
  t.add({"GET",
         "/api/v1/rounds/{id}",
         Action::kReadPublicOverview,
         programme_wide(),
         {"A round's stages and deadlines, and each province's counts (as `round show`)", "rounds",
          "round-stages"},
         round_show});
  t.add({"GET",
         "/api/v1/rounds/{id}/provinces",
         Action::kReadPublicOverview,
         programme_wide(),
         {"Each province's applications in a round against its quota (as `round provinces`)",
          "rounds", "round-provinces"},
         round_provinces});
  t.add({"POST",
         "/api/v1/rounds",
         Action::kManageRounds,
         programme_wide(),
         {"Open a round (as `round create`): deadlines by stage, quotas by province",
          "rounds",
          "",
          object_schema({{"round", "integer"}, {"name", "string"}}, {"round", "name"}),
          object_schema({{"kind", "string"},
                         {"year", "integer"},
                         {"name", "string"},
                         {"document_number", "string"},
                         {"system", "string"},
                         {"data_weight", "number"},
                         {"deadlines", "object"},
                         {"quotas", "object"}},
                        {"year", "name", "document_number", "system", "deadlines"}),
          {},
          201},
         create_round});
  t.add({"POST",
         "/api/v1/rounds/{id}/advance",
         Action::kManageRounds,
         programme_wide(),
         {"Move a round to its next stage (as `round advance`)", "rounds", "",
          object_schema({{"round", "integer"}, {"stage", "string"}}, {"round", "stage"}),
          object_schema({{"reason", "string"}}, {})},
         advance_round});
  t.add({"GET",
         "/api/v1/rounds/{id}/applications",
         Action::kReadRegistry,
         place_in_query({"zone", "province"}),
         {"A round's applications (as `application list`): a province's or a zone's own",
          "rounds",
          "applications",
          {},
          nullptr,
          {"province", "zone", "state"}},
         applications});
  t.add(
      {"POST",
       "/api/v1/rounds/{id}/applications",
       Action::kSubmitApplication,
       place_in_query({"zone"}),
       {"A zone's application, or a returned one corrected (as `application submit`)",
        "rounds",
        "",
        object_schema({{"application", "integer"}, {"round", "integer"}}, {"application", "round"}),
        object_schema({{"cluster_name", "string"},
                       {"industry", "string"},
                       {"building_unit", "string"},
                       {"management_body", "string"},
                       {"leading_firms", "array"},
                       {"contact", "string"}},
                      {"cluster_name", "industry", "building_unit", "management_body"}),
        {"zone"},
        201},
       submit_application});
  t.add({"GET",
         "/api/v1/applications/{id}",
         Action::kReadRegistry,
         application_in_path("id"),
         {"One application, field by field (as `application show`)", "rounds", "application-form"},
         application_show});
  t.add(
      {"POST",
       "/api/v1/applications/{id}/return",
       Action::kRecommendApplication,
       application_in_path("id"),
       {"The province returns an application for correction, with its reasons", "rounds", "",
        object_schema({{"application", "integer"}, {"state", "string"}}, {"application", "state"}),
        object_schema({{"reason", "string"}}, {"reason"})},
       return_application});
  t.add({"PUT",
         "/api/v1/rounds/{id}/recommendations",
         Action::kRecommendApplication,
         place_in_query({"province"}),
         {"The province's ranked list, replacing its earlier one (as `recommend`)",
          "rounds",
          "",
          object_schema({{"round", "integer"}, {"province", "string"}, {"recommended", "integer"}},
                        {"round", "province", "recommended"}),
          object_schema({{"list", "array"}}, {"list"}),
          {"province"}},
         recommend});
  // The pool holds people's names and employers: the programme office's alone.
  t.add({"GET",
         "/api/v1/experts",
         Action::kManageRounds,
         programme_wide(),
         {"The expert pool by code (as `expert list`)", "rounds", "experts"},
         experts});
  t.add({"POST",
         "/api/v1/experts",
         Action::kManageRounds,
         programme_wide(),
         {"Add an expert to the pool (as `expert add`)",
          "rounds",
          "",
          object_schema({{"code", "string"}, {"name", "string"}}, {"code", "name"}),
          object_schema({{"code", "string"},
                         {"name", "string"},
                         {"organisation", "string"},
                         {"province", "string"},
                         {"title", "string"},
                         {"fields", "array"},
                         {"declared_conflicts", "array"}},
                        {"code", "name", "organisation", "province", "fields"}),
          {},
          201},
         add_expert});
  RouteDoc pool_upload{
      "Add or update experts from an uploaded pool file, CSV, TSV or XLSX, UTF-8 or GBK, all or "
      "nothing (as `expert import`)",
      "rounds",
      "",
      object_schema({{"added", "integer"}, {"updated", "integer"}, {"unchanged", "integer"}},
                    {"added", "updated", "unchanged"}),
      nullptr,
      {"filename"}};
  pool_upload.upload = true;
  t.add({"POST", "/api/v1/experts/import", Action::kManageRounds, programme_wide(), pool_upload,
         import_experts});
  t.add({"POST", "/api/v1/applications/{id}/documents", Action::kSubmitApplication,
         application_in_path("id"),
         document_upload_doc("Attach a document to an application: a PDF, DOCX or XLSX by its "
                             "content, 50 MB at most (as `application attach`)"),
         attach_document});
  t.add({"GET",
         "/api/v1/applications/{id}/documents",
         Action::kReadRegistry,
         application_in_path("id"),
         {"The documents attached to an application (as `application documents`)", "rounds",
          "documents"},
         documents});
  t.add({"GET", "/api/v1/applications/{id}/documents/{document}", Action::kReadRegistry,
         application_in_path("id"), document_download_doc(), download_document});
  t.add({"GET",
         "/api/v1/rounds/{id}/conflicts",
         Action::kManageRounds,
         programme_wide(),
         {"Conflicts of interest between the pool and the round's applications (as `expert "
          "conflicts`)",
          "rounds",
          "conflicts",
          {},
          nullptr,
          {"allow_same_province"}},
         conflicts});
}

}  // namespace atlas::server
