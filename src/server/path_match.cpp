#include "server/path_match.h"

#include <vector>

namespace atlas::server {
namespace {

// Splits "/a/b" into "a", "b"; nullopt for a path not starting with '/'.
std::optional<std::vector<std::string_view>> segments(std::string_view path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (true) {
    std::size_t end = path.find('/', start);
    out.push_back(path.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

bool is_parameter(std::string_view s) {
  return s.size() > 2 && s.front() == '{' && s.back() == '}';
}

}  // namespace

std::optional<PathParams> match_path(std::string_view pattern, std::string_view path) {
  // Segment by segment, without splitting either into a vector first: the router tries every
  // route's pattern on every request.
  if (pattern.empty() || pattern.front() != '/' || path.empty() || path.front() != '/') {
    return std::nullopt;
  }
  PathParams params;
  std::size_t w_start = 1, g_start = 1;
  while (true) {
    std::size_t w_end = pattern.find('/', w_start), g_end = path.find('/', g_start);
    std::string_view w = pattern.substr(
        w_start, w_end == std::string_view::npos ? std::string_view::npos : w_end - w_start);
    std::string_view g = path.substr(
        g_start, g_end == std::string_view::npos ? std::string_view::npos : g_end - g_start);
    // No route has an empty, "." or ".." segment: such a path is not one of ours.
    if (g.empty() || g == "." || g == "..") return std::nullopt;
    if (is_parameter(w)) {
      params.emplace(std::string(w.substr(1, w.size() - 2)), std::string(g));
    } else if (w != g) {
      return std::nullopt;
    }
    // As many segments in both.
    if ((w_end == std::string_view::npos) != (g_end == std::string_view::npos)) return std::nullopt;
    if (w_end == std::string_view::npos) return params;
    w_start = w_end + 1;
    g_start = g_end + 1;
  }
}

std::vector<std::string> path_parameters(std::string_view pattern) {
  std::vector<std::string> names;
  if (auto parts = segments(pattern)) {
    for (auto s : *parts) {
      if (is_parameter(s)) names.emplace_back(s.substr(1, s.size() - 2));
    }
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
