#include "atlas/core/suggest.h"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace atlas::text {
namespace {

// Code points of s (ASCII lower-cased); a byte that does not start a valid sequence is one unit.
std::u32string units(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80             ? 1
              : (b & 0xE0) == 0xC0 ? 2
              : (b & 0xF0) == 0xE0 ? 3
              : (b & 0xF8) == 0xF0 ? 4
                                   : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (int k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      out += static_cast<char32_t>(0x110000 + b);  // outside Unicode: never equal to a real one
      ++i;
      continue;
    }
    char32_t cp = len == 1 ? std::tolower(b) : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out += cp;
    i += len;
  }
  return out;
}

std::size_t distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return distance(units(a), units(b));
}

std::vector<std::string> closest_names(std::string_view wanted,
                                       const std::vector<std::string>& names, std::size_t limit) {
  const std::u32string w = units(wanted);
  if (w.empty()) return {};
  const std::size_t reach = std::max<std::size_t>(2, w.size() / 3);
  struct Candidate {
    std::size_t score, order;
  };
  std::vector<Candidate> near;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::u32string n = units(names[i]);
    if (n == w) continue;  // the same name is not a suggestion
    std::size_t d = distance(w, n);
    bool contains = n.find(w) != std::u32string::npos || w.find(n) != std::u32string::npos;
    if (d <= reach || (contains && !n.empty())) near.push_back({d, i});
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score < b.score; });
  std::vector<std::string> out;
  for (const auto& c : near) {
    if (out.size() == limit) break;
    if (std::find(out.begin(), out.end(), names[c.order]) == out.end())
      out.push_back(names[c.order]);
  }
  return out;
}

std::string did_you_mean(std::string_view wanted, const std::vector<std::string>& names,
                         std::size_t limit) {
  auto near = closest_names(wanted, names, limit);
  if (near.empty()) return "";
  std::string out = " (did you mean ";
  for (std::size_t i = 0; i < near.size(); ++i) {
    if (i > 0) out += i + 1 == near.size() ? " or " : ", ";
    out += "'" + near[i] + "'";
  }
  return out + "?)";
}

}  // namespace atlas::text
