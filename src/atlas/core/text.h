// UTF-8 text as Chinese users see it: validation, code points, and display width in a terminal
// (CJK ideographs and full-width forms take two columns, combining marks none).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace atlas::text {

// True when s is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool is_valid_utf8(std::string_view s);

// Offset of the first byte of s that does not begin a valid UTF-8 character, or npos.
std::size_t first_invalid_utf8(std::string_view s);

// Length of a trailing UTF-8 character cut off by the end of s (a lead byte followed only by
// continuation bytes, fewer than it needs): 0–3. For reading a stream in chunks.
std::size_t incomplete_utf8_tail(std::string_view s);

// Columns a terminal uses for one code point: 0, 1 or 2 (East Asian Wide and Fullwidth are 2).
int code_point_width(char32_t cp);

// Columns a terminal uses for s; invalid bytes count one column each.
int display_width(std::string_view s);

// s padded with spaces to `width` columns, on the right (left-aligned) or on the left.
std::string pad_right(std::string_view s, int width);
std::string pad_left(std::string_view s, int width);

// s cut to at most `width` columns, ending in "…" when cut; never splits a character.
std::string fit(std::string_view s, int width);

// "1 unit", "3 units": a count with the English word that agrees with it, so no message reads
// "1 rows" or "unit(s)". Chinese needs no second form (3 个单元).
std::string counted(std::int64_t n, std::string_view one, std::string_view many);

// Full-width ASCII forms (U+FF01–U+FF5E: ０–９, Ａ–Ｚ, （）, ，．－／：) as ASCII, and the
// ideographic space U+3000 as a space; everything else unchanged.
std::string halfwidth(std::string_view s);

// s without leading and trailing ASCII whitespace and U+3000 ideographic spaces.
std::string trim(std::string_view s);
// The same, as a view into s: no copy, for per-cell work on large files.
std::string_view trim_view(std::string_view s);

}  // namespace atlas::text
