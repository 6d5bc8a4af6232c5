// The text format of PostgreSQL's COPY, for the writers that send rows in bulk (the import's
// sink, migrate-store): a field's separators and escape character escaped, NULL as \N.
#pragma once

#include <fmt/format.h>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace atlas::store::postgres {

// Blocks of COPY data sent at a time: large enough that libpq's calls cost nothing, small enough
// to add little to the memory the rows themselves take.
constexpr std::size_t kCopyBlock = 1 << 20;

inline void copy_text(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

// A missing figure (or NaN, as SQLite stores it) is NULL, never 0.
inline void copy_number(std::string& out, const std::optional<double>& v) {
  if (!v || std::isnan(*v)) {
    out += "\\N";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", *v);  // the shortest text that reads back exact
  }
}

// bytea in its hex form, \x…, with the backslash escaped for COPY.
inline void copy_bytes(std::string& out, std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += "\\\\x";
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
}

}  // namespace atlas::store::postgres
