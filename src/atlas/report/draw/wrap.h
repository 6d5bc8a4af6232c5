#pragma once
// Text broken into lines that fit a width, as Pango breaks it (between words, and between any
// two characters of Chinese or of a word too long for the line), and a line shortened with "…"
// when it must stay one line. Both use the reports' font (canvas.h), so what fits here fits
// when drawn.
#include <string>
#include <string_view>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

// The lines of `utf8` at most `width` points wide each (a single character wider than the
// width gets a line of its own). Explicit newlines start new lines. Empty text: one empty line.
std::vector<std::string> wrap(std::string_view utf8, const Font& font, double width);

// `utf8` when it fits `width`, else its longest start (whole characters) that fits with "…"
// after it; "" when not even "…" fits.
std::string shorten(std::string_view utf8, const Font& font, double width);

}  // namespace atlas::report::draw
