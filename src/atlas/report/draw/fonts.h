#pragma once
// The Pango font description of a report font, for the backends that lay text out with Pango
// (canvas.cpp measures with it, pdf_document.cpp draws with it). The caller frees it.
#include <pango/pango.h>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

PangoFontDescription* font_description(const Font& font);

}  // namespace atlas::report::draw
