#include "atlas/report/document/output.h"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/report/document/html.h"
#include "atlas/report/document/pdf_layout.h"
#include "atlas/report/document/workbook.h"

namespace atlas::report::document {

OutputFormat output_format(const std::string& format, const std::string& path) {
  std::string f = format;
  if (f.empty()) {
    std::string ext = std::filesystem::path(path).extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    f = ext == ".htm" ? "html" : ext.empty() ? "" : ext.substr(1);
  }
  if (f == "pdf") return OutputFormat::kPdf;
  if (f == "html") return OutputFormat::kHtml;
  if (f == "xlsx") return OutputFormat::kXlsx;
  throw Error(ErrorKind::kUsage,
              format.empty()
                  ? fmt::format("cannot tell the format of '{}' by its name: end it in .pdf, "
                                ".html or .xlsx, or give --format",
                                path)
                  : fmt::format("unknown format '{}': expected pdf, html or xlsx", format));
}

std::vector<Overflow> write_document(const Document& doc, const std::string& path,
                                     OutputFormat format) {
  switch (format) {
    case OutputFormat::kPdf: return write_pdf(doc, path).overflows;
    case OutputFormat::kHtml: write_html(doc, path); break;
    case OutputFormat::kXlsx: write_workbook(doc, path); break;
  }
  return {};
}

const char* media_type(OutputFormat format) {
  switch (format) {
    case OutputFormat::kPdf: return "application/pdf";
    case OutputFormat::kHtml: return "text/html; charset=utf-8";
    case OutputFormat::kXlsx:
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  }
  return "application/octet-stream";
}

}  // namespace atlas::report::document
