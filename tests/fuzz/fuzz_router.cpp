// libFuzzer harness: the server's request reading never crashes on any input — a path against
// the route patterns (a match gives non-empty parameters without '/', which put back into the
// pattern give the path again), an id segment, a Cookie header, and a JSON body with its content
// type (an object, or one ApiError of status 400 or 415). Input: content type, path and cookie
// on the first three lines, the body after.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "server/api_error.h"
#include "server/json_body.h"
#include "server/path_match.h"
#include "server/session_cookie.h"

namespace {

// The shapes of the route table's patterns: literal, one and two parameters, nested.
constexpr std::string_view kPatterns[] = {
    "/healthz", "/api/v1/overview", "/api/v1/clusters/{id}/status",
    "/api/v1/clusters/{id}", "/api/v1/zones/{zone}/clusters/{cluster}", "/"};

std::string_view next_line(std::string_view& in) {
  auto end = in.find('\n');
  std::string_view line = in.substr(0, end);
  in.remove_prefix(end == std::string_view::npos ? in.size() : end + 1);
  return line;
}

void check_path(std::string_view path) {
  for (auto pattern : kPatterns) {
    auto params = atlas::server::match_path(pattern, path);
    if (!params) continue;
    std::string rebuilt(pattern);
    for (const auto& [name, value] : *params) {
      if (value.empty() || value.find('/') != std::string::npos) std::abort();
      rebuilt.replace(rebuilt.find("{" + name + "}"), name.size() + 2, value);
    }
    if (rebuilt != path) std::abort();
  }
  if (auto id = atlas::server::parse_id(path); id && *id < 0) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string_view content_type = next_line(in);
  std::string_view path = next_line(in);
  std::string_view cookie = next_line(in);
  check_path(path);
  if (auto v = atlas::server::cookie_value(cookie, "atlas_session");
      v && v->find(';') != std::string::npos) {
    std::abort();
  }
  try {
    auto body = atlas::server::parse_json_body(content_type, in);
    if (!body.is_object()) std::abort();
    (void)atlas::server::string_field(body, "status", false);
    (void)atlas::server::integer_field(body, "year", false);
  } catch (const atlas::server::ApiError& e) {
    if (e.status() != 400 && e.status() != 415 && e.status() != 422) std::abort();
  }
  return 0;
}
