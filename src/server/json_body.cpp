#include "server/json_body.h"

#include <algorithm>
#include <cctype>
#include <string>

namespace atlas::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::ranges::transform(out, out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

}  // namespace

ApiError field_error(const std::string& key, const std::string& zh, const std::string& en) {
  return {
      422, "invalid-input", "字段 " + key + " " + zh, "field " + key + ": " + en, {"", 0, "", key}};
}

nlohmann::json parse_json_body(std::string_view content_type, std::string_view body) {
  std::string type = lower(content_type.substr(0, content_type.find(';')));
  type.erase(std::remove(type.begin(), type.end(), ' '), type.end());
  std::string params = content_type.find(';') == std::string_view::npos
                           ? ""
                           : lower(content_type.substr(content_type.find(';') + 1));
  params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
  if (type != "application/json" || (!params.empty() && params != "charset=utf-8")) {
    throw ApiError(415, "unsupported-media-type", "请求体须为 application/json（UTF-8）",
                   "the body must be application/json (UTF-8), not '" +
                       std::string(content_type.substr(0, 100)) + "'");
  }
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(body);
  } catch (const nlohmann::json::parse_error& e) {
    const std::string where = " (byte " + std::to_string(e.byte) + ")";
    throw ApiError(400, "malformed-json", "请求体不是有效的 JSON" + where,
                   "the body is not valid JSON" + where);
  } catch (const nlohmann::json::exception&) {
    // Not a syntax error but a value JSON allows and we cannot hold: a number beyond a double
    // (2024E2024) is out_of_range, which used to escape this function.
    throw ApiError(400, "malformed-json", "请求体中的数值超出范围",
                   "the body holds a number too large to read");
  }
  if (!json.is_object()) {
    throw ApiError(400, "body-not-object", "请求体须为 JSON 对象",
                   "the body must be a JSON object");
  }
  return json;
}

std::string string_field(const nlohmann::json& body, const std::string& key, bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw field_error(key, "缺失", "required");
    return "";
  }
  if (!it->is_string()) throw field_error(key, "须为字符串", "must be a string");
  return it->get<std::string>();
}

std::optional<long long> integer_field(const nlohmann::json& body, const std::string& key,
                                       bool required) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) {
    if (required) throw field_error(key, "缺失", "required");
    return std::nullopt;
  }
  if (!it->is_number_integer()) throw field_error(key, "须为整数", "must be an integer");
  return it->get<long long>();
}

std::optional<double> number_field(const nlohmann::json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (!it->is_number()) throw field_error(key, "须为数字", "must be a number");
  return it->get<double>();
}

}  // namespace atlas::server
