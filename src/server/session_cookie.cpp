#include "server/session_cookie.h"

namespace atlas::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string attributes(bool secure) {
  return std::string("; Path=/api; HttpOnly; SameSite=Strict") + (secure ? "; Secure" : "");
}

}  // namespace

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t end = header.find(';');
    std::string_view pair = trim(header.substr(0, end));
    std::size_t eq = pair.find('=');
    if (eq != std::string_view::npos && trim(pair.substr(0, eq)) == name) {
      return std::string(trim(pair.substr(eq + 1)));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::string session_cookie(std::string_view name, std::string_view secret, long max_age_seconds,
                           bool secure) {
  return std::string(name) + "=" + std::string(secret) +
         "; Max-Age=" + std::to_string(max_age_seconds) + attributes(secure);
}

std::string expired_cookie(std::string_view name, bool secure) {
  return std::string(name) + "=; Max-Age=0" + attributes(secure);
}

}  // namespace atlas::server
