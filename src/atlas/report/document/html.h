#pragma once
// The report as one self-contained HTML5 file: its styles inline, its figures inline SVG, no
// script and no external reference (font, image, link or stylesheet), so it opens offline, in a
// mail attachment and on a phone, and prints on A4 with table headers repeated on every page.
// Everything from the document is escaped: a cluster named "<script>" shows as text.
#include <string>

#include "atlas/report/document/document.h"

namespace atlas::report::document {

// The whole file. Level 1–3 headings are <h2>–<h4> (the <h1> is the title on the cover) with ids
// "h-1", "h-2", … in document order; the contents link to those of levels 1 and 2. The markup is
// also well-formed XML (void elements self-closed), so XML tools can read it.
std::string html(const Document& doc);

// html(doc) written to `path`, whole or absent (core::WholeFile); throws atlas::Error
// (kBadInput) naming the path when it cannot be written.
void write_html(const Document& doc, const std::string& path);

}  // namespace atlas::report::document
