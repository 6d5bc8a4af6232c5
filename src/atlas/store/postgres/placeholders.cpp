#include "atlas/store/postgres/placeholders.h"

#include <cctype>

#include "atlas/store/sql/connection.h"

namespace atlas::store::postgres {
namespace {

constexpr int kMaxParameters = 65535;  // libpq sends the count as a 16-bit integer

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
bool is_word(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;
}

// The end of a quoted run that starts at `i` (the opening quote) and closes with `quote`, a
// doubled quote standing for itself; with `backslash`, \x escapes too (E'…').
std::size_t quoted_end(std::string_view s, std::size_t i, char quote, bool backslash) {
  for (++i; i < s.size(); ++i) {
    if (backslash && s[i] == '\\') {
      ++i;
    } else if (s[i] == quote) {
      if (i + 1 < s.size() && s[i + 1] == quote) {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return s.size();
}

// `$tag$` at `i` opens a dollar-quoted string (tag empty or an identifier not starting with a
// digit: `$1` is a parameter). Gives the tag with its dollars, or "" when none starts here.
std::string_view dollar_tag(std::string_view s, std::size_t i) {
  std::size_t j = i + 1;
  if (j < s.size() && is_digit(s[j])) return {};
  while (j < s.size() && is_word(s[j])) ++j;
  if (j < s.size() && s[j] == '$') return s.substr(i, j + 1 - i);
  return {};
}

std::size_t block_comment_end(std::string_view s, std::size_t i) {
  int depth = 0;
  while (i < s.size()) {
    if (s.compare(i, 2, "/*") == 0) {
      ++depth;
      i += 2;
    } else if (s.compare(i, 2, "*/") == 0) {
      i += 2;
      if (--depth == 0) return i;
    } else {
      ++i;
    }
  }
  return s.size();
}

}  // namespace

Placeholders rewrite_placeholders(std::string_view s) {
  Placeholders out;
  out.sql.reserve(s.size() + 8);
  auto use = [&](long n) {
    if (n < 1 || n > kMaxParameters)
      throw sql::Exception("parameter number ?" + std::to_string(n) + " is not between ?1 and ?" +
                           std::to_string(kMaxParameters));
    const int number = static_cast<int>(n);
    if (number > out.count) {
      out.count = number;
      out.used.resize(static_cast<std::size_t>(number), false);
    }
    out.used[static_cast<std::size_t>(number - 1)] = true;
    out.sql += '$';
    out.sql += std::to_string(number);
  };
  std::size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    std::size_t end = i + 1;  // the end of the run copied unchanged
    if (c == '\'') {
      // E'…' (also e'…') takes backslash escapes; a letter before the quote tells.
      const bool escapes =
          i > 0 && (s[i - 1] == 'E' || s[i - 1] == 'e') && (i < 2 || !is_word(s[i - 2]));
      end = quoted_end(s, i, '\'', escapes);
    } else if (c == '"') {
      end = quoted_end(s, i, '"', false);
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '-') {
      end = s.find('\n', i);
      end = end == std::string_view::npos ? s.size() : end;
    } else if (c == '/' && i + 1 < s.size() && s[i + 1] == '*') {
      end = block_comment_end(s, i);
    } else if (c == '$' && (i == 0 || !is_word(s[i - 1]))) {
      if (const auto tag = dollar_tag(s, i); !tag.empty()) {
        const auto close = s.find(tag, i + tag.size());
        end = close == std::string_view::npos ? s.size() : close + tag.size();
      }
    } else if (c == '?') {
      std::size_t j = i + 1;
      long n = 0;
      for (; j < s.size() && is_digit(s[j]); ++j) {
        if (n <= kMaxParameters) n = n * 10 + (s[j] - '0');  // past the limit: refused below
      }
      use(j == i + 1 ? out.count + 1 : n);
      i = j;
      continue;
    }
    out.sql.append(s.substr(i, end - i));
    i = end;
  }
  return out;
}

}  // namespace atlas::store::postgres
