#include "server/openapi.h"

#include <algorithm>
#include <cctype>

#include "atlas/core/resources.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;

Json error_schema() {
  Json message = {{"type", "object"},
                  {"properties", {{"zh", {{"type", "string"}}}, {"en", {{"type", "string"}}}}},
                  {"required", {"zh", "en"}}};
  Json inner = {{"type", "object"},
                {"properties",
                 {{"code", {{"type", "string"}}},
                  {"message", message},
                  {"file", {{"type", "string"}}},
                  {"row", {{"type", "integer"}}},
                  {"column", {{"type", "string"}}},
                  {"field", {{"type", "string"}}}}},
                {"required", {"code", "message"}}};
  return {{"type", "object"}, {"properties", {{"error", inner}}}, {"required", {"error"}}};
}

// An embedded docs/schemas file, without the keys that only make sense as a file of its own.
Json embedded_schema(const std::string& name) {
  auto text = find_resource("docs/schemas/" + name + ".schema.json");
  if (!text) throw std::logic_error("schema " + name + " is not embedded (CMakeLists.txt)");
  Json schema = Json::parse(*text);
  schema.erase("$schema");
  schema.erase("$id");
  return schema;
}

std::string operation_id(const Route& r) {
  std::string id;
  for (char c : r.method() + r.pattern()) {
    id += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return id;
}

}  // namespace

Json openapi_document(const RouteTable& table) {
  Json doc = {{"openapi", "3.1.0"},
              {"info",
               {{"title", "ClusterAtlas API"},
                {"version", "1"},
                {"description",
                 "创新型产业集群 识别·评价·管理平台 — the HTTP API of `clusteratlas serve` "
                 "(docs/api.md)"}}}};
  Json paths = Json::object();
  Json schemas = {{"Error", error_schema()}};
  auto error_response = [](const char* description) {
    return Json{{"description", description},
                {"content",
                 {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  };
  for (const auto& r : table.routes()) {
    const RouteDoc& d = r.doc();
    Json op = {{"operationId", operation_id(r)},
               {"summary", d.summary},
               {"tags", {d.tag}},
               {"x-action", std::string(auth::action_key(r.action()))},
               {"x-resource", r.resource().description}};
    Json params = Json::array();
    for (const auto& name : path_parameters(r.pattern())) {
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    for (const auto& name : d.query_parameters) {
      params.push_back({{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.takes_body()) {
      Json content = {{"application/json", {{"schema", d.request_schema}}}};
      for (const auto& type : d.text_body_types) content[type] = {{"schema", {{"type", "string"}}}};
      op["requestBody"] = {{"required", true}, {"content", content}};
    }
    if (r.takes_upload()) {
      Json file = {
          {"schema", {{"type", "string"}, {"contentMediaType", "application/octet-stream"}}}};
      // Or a browser's FormData: the file as its part "file", with the route's other parts.
      Json parts = {{"file", {{"type", "string"}, {"format", "binary"}}}};
      for (const auto& part : d.form_parts)
        parts[part] = {{"type", "string"}, {"format", "binary"}};
      Json form = {
          {"schema",
           {{"type", "object"}, {"properties", parts}, {"required", Json::array({"file"})}}}};
      op["requestBody"] = {
          {"required", !d.upload_optional},
          {"description",
           "The file itself, its name in ?filename=, or a multipart/form-data form whose part "
           "`file` is the file"},
          {"content",
           {{"text/csv", file},
            {"text/tab-separated-values", file},
            {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file},
            {"application/octet-stream", file},
            {"multipart/form-data", form}}}};
    }
    Json schema = d.inline_response;
    if (!d.response_schema.empty()) {
      schemas[d.response_schema] = embedded_schema(d.response_schema);
      schema = {{"$ref", "#/components/schemas/" + d.response_schema}};
    }
    Json content = {{"application/json", {{"schema", schema}}}};
    for (const auto& type : d.download_types) {
      // CSV is text; anything else (XLSX) is bytes.
      content[type] = {{"schema", type.starts_with("text/")
                                      ? Json{{"type", "string"}}
                                      : Json{{"type", "string"}, {"format", "binary"}}}};
    }
    op["responses"] = {
        {std::to_string(d.success_status), {{"description", "OK"}, {"content", content}}},
        {"4XX", error_response("A client error")},
        {"5XX", error_response("A server or store error")}};
    if (d.also_success_status != 0) {
      op["responses"][std::to_string(d.also_success_status)] = {{"description", "OK"},
                                                                {"content", content}};
    }
    if (r.takes_upload() || d.may_start_job) {
      schemas["job"] = embedded_schema("job");
      op["responses"]["202"] = {
          {"description", "Accepted: the work runs as a job (Location: /api/v1/jobs/{id})"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/job"}}}}}}}};
    }
    if (r.action() != auth::Action::kLogIn && r.action() != auth::Action::kReadPublicOverview) {
      op["security"] = {{{"session", Json::array()}}, {{"token", Json::array()}}};
    }
    std::string method = r.method();
    std::ranges::transform(method, method.begin(), [](unsigned char c) { return std::tolower(c); });
    paths[r.pattern()][method] = op;
  }
  doc["paths"] = paths;
  doc["components"] = {
      {"schemas", schemas},
      {"securitySchemes",
       {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "atlas_session"}}},
        {"token", {{"type", "http"}, {"scheme", "bearer"}}}}}};
  return doc;
}

std::string route_list(const RouteTable& table) {
  std::string out;
  for (const auto& r : table.routes()) {
    out += r.method() + "\t" + r.pattern() + "\t" + std::string(auth::action_key(r.action())) +
           "\t" + r.resource().description + "\n";
  }
  return out;
}

}  // namespace atlas::server
