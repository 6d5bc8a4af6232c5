#pragma once
// Pango's context for measuring, and one line of text in a report font set on a Pango layout: for
// measuring (canvas.cpp) and for drawing (pdf_document.cpp) alike, so the two agree.
#include <pango/pango.h>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

// The Pango context text is measured in: unhinted, as the PDF surface lays text out.
PangoContext* measuring_context();

void set_text(PangoLayout* layout, std::string_view utf8, const Font& font);

}  // namespace atlas::report::draw
