// Matching a path against a route's pattern, and a pattern's parameter names, segment by segment
// in place: the same answers as splitting into segments first (the way they were written before),
// checked on every path of a small alphabet.
#include "server/path_match.h"

#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace atlas::server {
namespace {

// The split-first reference.
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

std::optional<PathParams> reference(std::string_view pattern, std::string_view path) {
  // The root is the dashboard's page: it matches only itself.
  if (pattern == "/" || path == "/") {
    return pattern == path ? std::optional(PathParams{}) : std::nullopt;
  }
  auto want = segments(pattern);
  auto got = segments(path);
  if (!want || !got || want->size() != got->size()) return std::nullopt;
  PathParams params;
  for (std::size_t i = 0; i < want->size(); ++i) {
    std::string_view w = (*want)[i], g = (*got)[i];
    if (g.empty() || g == "." || g == "..") return std::nullopt;
    if (w.size() > 2 && w.front() == '{' && w.back() == '}') {
      params.emplace(std::string(w.substr(1, w.size() - 2)), std::string(g));
    } else if (w != g) {
      return std::nullopt;
    }
  }
  return params;
}

std::vector<std::string> reference_names(std::string_view pattern) {
  std::vector<std::string> names;
  if (auto parts = segments(pattern)) {
    for (auto s : *parts) {
      if (s.size() > 2 && s.front() == '{' && s.back() == '}') {
        names.emplace_back(s.substr(1, s.size() - 2));
      }
    }
  }
  return names;
}

TEST(MatchPath, ParametersLiteralsAndSegmentsThatNeverMatch) {
  EXPECT_EQ(match_path("/api/v1/clusters/{id}/status", "/api/v1/clusters/42/status"),
            (PathParams{{"id", "42"}}));
  EXPECT_EQ(match_path("/healthz", "/healthz"), PathParams{});
  for (const char* path :
       {"/api/v1/clusters/42", "/api/v1/clusters/42/status/", "api/v1", "/api/v1/clusters//status",
        "/api/v1/clusters/../status", "/api/v1/clusters/./status", ""}) {
    EXPECT_FALSE(match_path("/api/v1/clusters/{id}/status", path)) << path;
  }
  EXPECT_EQ(match_path("/", "/"), PathParams{});
  EXPECT_FALSE(match_path("/", "/healthz"));
  EXPECT_FALSE(match_path("/{x}", "/"));
}

TEST(MatchPath, AgreesWithSplittingFirstOnEveryShortPath) {
  const std::vector<std::string> pieces = {"/", "a", "b", ".", "..", "{x}", "{y}"};
  std::vector<std::string> all;
  std::function<void(std::string, int)> grow = [&](std::string s, int left) {
    all.push_back(s);
    if (left == 0) return;
    for (const auto& p : pieces) grow(s + p, left - 1);
  };
  grow("", 5);
  for (const auto& pattern : all) {
    if (pattern.find('.') != std::string::npos) continue;  // no route's pattern has one
    ASSERT_EQ(path_parameters(pattern), reference_names(pattern)) << "pattern " << pattern;
    for (const auto& path : all) {
      if (path.find('{') != std::string::npos) continue;
      ASSERT_EQ(match_path(pattern, path), reference(pattern, path))
          << "pattern " << pattern << ", path " << path;
    }
  }
}

}  // namespace
}  // namespace atlas::server
