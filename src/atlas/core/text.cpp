#include "atlas/core/text.h"

#include <cstdint>
#include <cstring>
#include <utility>

namespace atlas::text {
namespace {

// Decodes one code point at s[i]; returns its length in bytes, 0 when the bytes are not UTF-8.
int decode(std::string_view s, std::size_t i, char32_t& cp) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  int len;
  char32_t min;
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  } else if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  for (int k = 1; k < len; ++k) {
    unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool in(char32_t cp, char32_t lo, char32_t hi) {
  return cp >= lo && cp <= hi;
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  return first_invalid_utf8(s) == std::string_view::npos;
}

std::size_t first_invalid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // ASCII runs are the common case: skip them eight bytes at a time.
    while (i + 8 <= s.size()) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    // Three-byte characters (all of CJK) are most of the rest: check them in place. E0 must not
    // start an overlong form (second byte ≥ A0), ED not a surrogate (second byte < A0).
    auto b0 = static_cast<unsigned char>(s[i]);
    if ((b0 & 0xF0) == 0xE0 && i + 3 <= s.size()) {
      auto b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
      if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80 && (b0 != 0xE0 || b1 >= 0xA0) &&
          (b0 != 0xED || b1 < 0xA0)) {
        i += 3;
        continue;
      }
    }
    char32_t cp;
    int len = decode(s, i, cp);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

std::size_t incomplete_utf8_tail(std::string_view s) {
  for (std::size_t back = 1; back <= 3 && back <= s.size(); ++back) {
    auto b = static_cast<unsigned char>(s[s.size() - back]);
    if ((b & 0xC0) == 0x80) continue;  // a continuation byte: look further back
    std::size_t need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
    return need > back ? back : 0;
  }
  return 0;
}

int code_point_width(char32_t cp) {
  if (cp == 0) return 0;
  if (cp < 0x20 || in(cp, 0x7F, 0x9F)) return 0;
  // Combining marks, zero-width spaces and joiners, variation selectors.
  if (in(cp, 0x0300, 0x036F) || in(cp, 0x200B, 0x200F) || in(cp, 0x20D0, 0x20FF) ||
      in(cp, 0xFE00, 0xFE0F) || cp == 0xFEFF) {
    return 0;
  }
  // East Asian Wide (W) and Fullwidth (F) blocks of UAX #11.
  if (in(cp, 0x1100, 0x115F) || in(cp, 0x2E80, 0x303E) || in(cp, 0x3041, 0x33FF) ||
      in(cp, 0x3400, 0x4DBF) || in(cp, 0x4E00, 0x9FFF) || in(cp, 0xA000, 0xA4CF) ||
      in(cp, 0xAC00, 0xD7A3) || in(cp, 0xF900, 0xFAFF) || in(cp, 0xFE30, 0xFE4F) ||
      in(cp, 0xFF00, 0xFF60) || in(cp, 0xFFE0, 0xFFE6) || in(cp, 0x1F300, 0x1F64F) ||
      in(cp, 0x1F900, 0x1F9FF) || in(cp, 0x20000, 0x2FFFD) || in(cp, 0x30000, 0x3FFFD)) {
    return 2;
  }
  return 1;
}

int display_width(std::string_view s) {
  int width = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    int len = decode(s, i, cp);
    if (len == 0) {
      width += 1;
      i += 1;
    } else {
      width += code_point_width(cp);
      i += len;
    }
  }
  return width;
}

std::string pad_right(std::string_view s, int width) {
  std::string out(s);
  int w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, int width) {
  int w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out.append(s);
  return out;
}

std::string fit(std::string_view s, int width) {
  if (display_width(s) <= width) return std::string(s);
  if (width <= 0) return {};
  std::string out;
  int used = 0;
  for (std::size_t i = 0; i < s.size();) {
    char32_t cp;
    int len = decode(s, i, cp);
    int w = len == 0 ? 1 : code_point_width(cp);
    if (len == 0) len = 1;
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    out.append(s.substr(i, len));
    used += w;
    i += len;
  }
  return out + "…";
}

std::string halfwidth(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    if (b(i) == 0xEF && i + 2 < s.size()) {
      // U+FF01–U+FF3F are EF BC 81–BF, U+FF40–U+FF5E are EF BD 80–9E; ASCII is 0xFEE0 below.
      if (b(i + 1) == 0xBC && b(i + 2) >= 0x81 && b(i + 2) <= 0xBF) {
        out += static_cast<char>(b(i + 2) - 0x80 + 0x20);
        i += 2;
        continue;
      }
      if (b(i + 1) == 0xBD && b(i + 2) >= 0x80 && b(i + 2) <= 0x9E) {
        out += static_cast<char>(b(i + 2) - 0x80 + 0x60);
        i += 2;
        continue;
      }
    }
    if (b(i) == 0xE3 && i + 2 < s.size() && b(i + 1) == 0x80 && b(i + 2) == 0x80) {
      out += ' ';
      i += 2;
      continue;
    }
    out += s[i];
  }
  return out;
}

std::string trim(std::string_view s) {
  return std::string(trim_view(s));
}

std::string_view trim_view(std::string_view s) {
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  bool changed = true;
  while (changed && !s.empty()) {
    changed = false;
    while (!s.empty() &&
           (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) {
      s.remove_prefix(1), changed = true;
    }
    while (!s.empty() &&
           (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
      s.remove_suffix(1), changed = true;
    }
    if (s.starts_with(kIdeographicSpace)) s.remove_prefix(3), changed = true;
    if (s.ends_with(kIdeographicSpace)) s.remove_suffix(3), changed = true;
  }
  return s;
}

std::string counted(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace atlas::text
