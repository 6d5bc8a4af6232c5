#pragma once
// A document written as the file its user asked for: PDF, HTML or XLSX, by the name's
// extension unless a format is given.
#include <string>

#include <vector>

#include "atlas/report/document/document.h"
#include "atlas/report/document/pdf_layout.h"

namespace atlas::report::document {

enum class OutputFormat { kPdf, kHtml, kXlsx };

// "pdf" | "html" | "xlsx"; an empty `format` takes the extension of `path` (.pdf, .html or
// .htm, .xlsx). Throws atlas::Error (kUsage) saying which are known.
OutputFormat output_format(const std::string& format, const std::string& path);

// Writes `doc` to `path` in `format`, whole or absent. For a PDF, the lines the layout drew
// wider than their room (pdf_layout.h; none expected), so a shell can say so.
std::vector<Overflow> write_document(const Document& doc, const std::string& path,
                                     OutputFormat format);

// The MIME type of a format, for downloads.
const char* media_type(OutputFormat format);

}  // namespace atlas::report::document
