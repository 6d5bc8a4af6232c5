#include "server/route_support.h"

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "server/path_match.h"

#include "atlas/app/table_document.h"
#include "server/api_error.h"

namespace atlas::server {

using Json = nlohmann::ordered_json;

Json listing(const Call& call, report::Table t) {
  if (auto notice = call.db.synthetic_notice()) t.notes.push_back(*notice);
  return app::table_document(t);
}

std::int64_t path_id(const Call& call, const std::string& name, const std::string& what) {
  auto id = parse_id(call.params.at(name));
  if (!id) throw Error(ErrorKind::kNotFound, "no " + what + " " + call.params.at(name));
  return *id;
}

int int_query(const Call& call, const std::string& name, int fallback) {
  std::string text = call.query(name);
  if (text.empty()) return fallback;
  try {
    std::size_t used = 0;
    int v = std::stoi(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw ApiError(422, "invalid-input", "查询参数 " + name + " 须为整数",
                 "query parameter " + name + " must be an integer, not '" + text + "'",
                 {"", 0, "", name});
}

Json account_document(const store::Account& a) {
  Json scope = Json::object();
  if (a.scope.province_code) scope["province"] = *a.scope.province_code;
  if (a.scope.zone_id) scope["zone"] = *a.scope.zone_id;
  if (a.scope.cluster_id) scope["cluster"] = *a.scope.cluster_id;
  return {{"id", a.id},
          {"login", a.login},
          {"display_name", a.display_name},
          {"role", auth::role_key(a.role)},
          {"scope", scope},
          {"must_change_password", a.must_change_password}};
}

Json object_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                   std::initializer_list<const char*> required) {
  Json props = Json::object();
  for (auto [name, type] : fields) props[name] = {{"type", type}};
  Json req = Json::array();
  for (auto name : required) req.push_back(name);
  return {{"type", "object"}, {"properties", props}, {"required", req}};
}

std::string bytes_written(const std::string& name,
                          const std::function<void(const std::string& path)>& write) {
  std::string dir_template = (std::filesystem::temp_directory_path() / "atlas-download-XXXXXX");
  if (!mkdtemp(dir_template.data())) {
    throw Error(ErrorKind::kInternal, "cannot create a temporary directory for a download");
  }
  std::filesystem::path dir = dir_template;
  struct Remove {
    std::filesystem::path dir;
    ~Remove() {
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
    }
  } remove{dir};
  auto path = (dir / name).string();
  write(path);
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string attachment_disposition(const std::string& ascii, const std::string& utf8) {
  // RFC 5987's percent-encoding of the UTF-8 name.
  std::string encoded;
  for (unsigned char c : utf8) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      encoded += static_cast<char>(c);
    } else {
      encoded += fmt::format("%{:02X}", c);
    }
  }
  return fmt::format("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii, encoded);
}

Reply document_download(const app::DocumentFile& f) {
  Reply reply;
  reply.download = f.content;
  reply.download_type = f.media_type;
  reply.headers = {
      {"Content-Disposition",
       attachment_disposition(fmt::format("document-{}.{}", f.document.id, f.document.type),
                              f.document.name)},
      {"ETag", "\"" + f.document.sha256 + "\""},
      {"X-Content-Type-Options", "nosniff"}};
  return reply;
}

RouteDoc document_download_doc() {
  RouteDoc doc{
      "A document as it was attached, its bytes checked against their SHA-256 (as "
      "`application download`)",
      "rounds", "", Json{{"type", "string"}, {"format", "binary"}}};
  doc.download_types = {"application/pdf",
                        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"};
  return doc;
}

RouteDoc document_upload_doc(const std::string& summary) {
  RouteDoc doc{summary,
               "rounds",
               "",
               object_schema({{"document", "integer"},
                              {"name", "string"},
                              {"type", "string"},
                              {"size", "integer"},
                              {"sha256", "string"}},
                             {"document", "name", "type", "size", "sha256"}),
               nullptr,
               {"filename"},
               201};
  doc.upload = true;
  return doc;
}

}  // namespace atlas::server
