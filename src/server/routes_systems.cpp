// Indicator systems: the shipped ones, a system's tree, the field catalogue its formulas read, and
// the check of a system's YAML an office is drafting — each as `clusteratlas systems …`. A name is
// only ever a shipped system's; YAML comes in the request's body, never from the server's disk.
#include <fmt/format.h>

#include "atlas/app/systems.h"
#include "atlas/app/table_document.h"
#include "atlas/core/text.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

Reply systems(Call&) {
  return {200, app::table_document(app::shipped_systems_table()), {}};
}

Reply system_tree(Call& call) {
  auto loaded = app::load_shipped_system(call.params.at("name"));
  return {200, app::table_document(app::system_tree_table(loaded.system)), {}};
}

Reply fields(Call&) {
  return {200, app::table_document(app::fields_table()), {}};
}

// The YAML of the body: the text itself (text/plain, application/yaml), or {"yaml": "…"}.
std::string yaml_of(const Call& call) {
  std::string yaml = call.body.is_object() ? string_field(call.body, "yaml", true) : call.http.body;
  if (!text::is_valid_utf8(yaml)) {
    std::size_t at = text::first_invalid_utf8(yaml);
    throw ApiError(422, "invalid-input",
                   fmt::format("YAML 须为 UTF-8 编码（第 {} 字节处无效）", at),
                   fmt::format("the YAML must be UTF-8 (invalid at byte {}); save it as UTF-8", at),
                   {"", 0, "", "yaml"});
  }
  if (yaml.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw ApiError(422, "invalid-input", "YAML 为空", "the YAML is empty", {"", 0, "", "yaml"});
  }
  return yaml;
}

// Every problem of the system as `systems validate` prints it, "LINE:COLUMN: message" — 422 with
// the first problem's line as the error's row and every one in `problems`; 200 with what the
// system holds when it is valid.
Reply validate(Call& call) {
  auto v = app::validate_system_text(yaml_of(call), "body");
  auto document = v.document();
  if (v.problems.empty()) return {200, document, {}};
  std::string lines;
  for (const auto& p : v.problems) lines += fmt::format("\n{}:{}: {}", p.line, p.column, p.message);
  const auto& first = v.problems.front();
  std::string count = text::counted(v.problems.size(), "problem", "problems");
  ApiError e(422, "invalid-system", fmt::format("指标体系有 {} 处问题{}", v.problems.size(), lines),
             fmt::format("{} (fields checked against {}){}", count, v.against, lines),
             {"", first.line, first.column ? std::to_string(first.column) : "", "yaml"});
  Json body = error_body(e);
  body["error"]["problems"] = document["problems"];
  return {422, body, {}};
}

}  // namespace

void add_systems_routes(RouteTable& t) {
  t.add({"GET",
         "/api/v1/systems",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The indicator systems shipped with ClusterAtlas (as `systems list`)", "systems",
          "systems"},
         systems});
  t.add({"GET",
         "/api/v1/systems/fields",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The cluster-year fields formulas and gates can read (as `systems fields`)", "systems",
          "fields"},
         fields});
  t.add({"GET",
         "/api/v1/systems/{name}",
         Action::kReadPublicOverview,
         programme_wide(),
         {"A shipped system's tree with its weights (as `systems show`)", "systems", "system-tree"},
         system_tree});
  RouteDoc doc{
      "Check a system's YAML (the body as text, or {\"yaml\": …}) as `systems validate`: "
      "200 when valid, 422 invalid-system with every problem at its line and column",
      "systems", "system-validation", nullptr, object_schema({{"yaml", "string"}}, {"yaml"})};
  doc.text_body_types = {"text/plain", "application/yaml", "application/x-yaml", "text/yaml"};
  t.add({"POST", "/api/v1/systems/validation", Action::kManageIndicatorSystems, programme_wide(),
         doc, validate});
}

}  // namespace atlas::server
