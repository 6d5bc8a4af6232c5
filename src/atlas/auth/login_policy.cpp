#include "atlas/auth/login_policy.h"

#include <ctime>

#include <fmt/format.h>

namespace atlas::auth {

std::optional<std::string> login_name_problem(std::string_view login) {
  if (login.empty() || login.find_first_of(" \t\r\n") != std::string_view::npos) {
    return fmt::format("'{}' cannot be a login name: it must be non-empty, without spaces", login);
  }
  return std::nullopt;
}

std::optional<std::string> utc_plus(std::string_view at, std::chrono::seconds by) {
  std::tm tm{};
  std::string text(at);
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  std::time_t t = timegm(&tm) + static_cast<std::time_t>(by.count());
  std::tm out{};
  gmtime_r(&t, &out);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &out);
  return std::string(buffer);
}

bool session_fresh(std::string_view last_seen, std::string_view now) {
  auto deadline = utc_plus(last_seen, kSessionIdle);
  return deadline && std::string_view(*deadline) > now;
}

}  // namespace atlas::auth
