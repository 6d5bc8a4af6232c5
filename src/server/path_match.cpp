#include "server/path_match.h"

#include <vector>

namespace atlas::server {
namespace {

constexpr auto kEnd = std::string_view::npos;

// The segment of `path` that begins at `at`; `at` moves to the next one (kEnd after the last).
std::string_view next_segment(std::string_view path, std::size_t& at) {
  std::size_t end = path.find('/', at);
  std::string_view segment = path.substr(at, end == kEnd ? kEnd : end - at);
  at = end == kEnd ? kEnd : end + 1;
  return segment;
}

bool is_parameter(std::string_view s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

bool is_absolute(std::string_view path) {
  return !path.empty() && path.front() == '/';
}

}  // namespace

// Segment by segment in place, without splitting either into a vector first: the router tries
// every route's pattern on every request.
std::optional<PathParams> match_path(std::string_view pattern, std::string_view path) {
  if (!is_absolute(pattern) || !is_absolute(path)) return std::nullopt;
  // The root has no segment: it matches only itself (the dashboard's page).
  if (pattern == "/" || path == "/")
    return pattern == path ? std::optional(PathParams{}) : std::nullopt;
  PathParams params;
  std::size_t w_at = 1, g_at = 1;
  while (w_at != kEnd && g_at != kEnd) {
    std::string_view w = next_segment(pattern, w_at), g = next_segment(path, g_at);
    // No route has an empty, "." or ".." segment: such a path is not one of ours.
    if (g.empty() || g == "." || g == "..") return std::nullopt;
    if (is_parameter(w)) {
      params.emplace(std::string(w.substr(1, w.size() - 2)), std::string(g));
    } else if (w != g) {
      return std::nullopt;
    }
  }
  if (w_at != g_at) return std::nullopt;  // one has segments left
  return params;
}

std::vector<std::string> path_parameters(std::string_view pattern) {
  std::vector<std::string> names;
  if (!is_absolute(pattern)) return names;
  for (std::size_t at = 1; at != kEnd;) {
    std::string_view s = next_segment(pattern, at);
    if (is_parameter(s)) names.emplace_back(s.substr(1, s.size() - 2));
  }
  return names;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

}  // namespace atlas::server
