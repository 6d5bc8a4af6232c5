// Matching a request's path against a route's pattern: "/api/v1/clusters/{id}/status" matches
// "/api/v1/clusters/42/status" with id = "42". Segments are compared whole and literally; a
// "{name}" segment takes any non-empty segment. Pure, so the fuzz harness drives it directly.
#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::server {

using PathParams = std::map<std::string, std::string>;

// The parameters when `path` matches `pattern`, nullopt otherwise. A trailing slash, an empty
// segment ("//") or a "." or ".." segment never matches.
std::optional<PathParams> match_path(std::string_view pattern, std::string_view path);

// The names of the pattern's "{name}" segments, in order.
std::vector<std::string> path_parameters(std::string_view pattern);

// A path segment as a row id: 1 to 18 decimal digits; nullopt for anything else ("-1", "1e3",
// "42abc", "").
std::optional<std::int64_t> parse_id(std::string_view text);

}  // namespace atlas::server
