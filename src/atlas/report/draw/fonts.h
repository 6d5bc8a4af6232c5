#pragma once
// One line of text in a report font, set on a Pango layout: for measuring (canvas.cpp) and for
// drawing (pdf_document.cpp) alike, so the two agree.
#include <pango/pango.h>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

void set_text(PangoLayout* layout, std::string_view utf8, const Font& font);

}  // namespace atlas::report::draw
