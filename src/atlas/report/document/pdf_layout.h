#pragma once
// A document as a paginated A4 PDF: an optional cover, the contents with page numbers, then the
// blocks flowed down the pages — a running header (the title, the current chapter) and "第 3 页
// / 共 12 页" under each page but the cover; headings kept with what follows; paragraphs and
// table cells wrapped to their width; tables broken between rows with their header repeated;
// figures and key figures never broken. Laid out twice with the same measures: once to learn
// on which page each heading falls, once to draw.
#include <filesystem>
#include <string>
#include <vector>

#include "atlas/report/document/document.h"

namespace atlas::report::document {

// The page's writing area: figures are drawn this wide at most.
inline constexpr double kPageMargin = 56.7;  // 2 cm
inline constexpr double kContentWidth = 595.276 - 2 * kPageMargin;

// A line drawn wider than the box the layout gave it (the layout's own check: none expected).
struct Overflow {
  std::string text;
  double width = 0, room = 0;
};

struct PdfLayout {
  int pages = 0;
  struct Entry {
    int level;
    std::string text;
    int page;
  };
  std::vector<Entry> contents;  // every heading and its page (levels 1–2 are listed)
  std::vector<Overflow> overflows;
};

// Writes `doc` to `path` (whole or absent: draw::PdfDocument). Throws atlas::Error (kBadInput)
// naming the file when it cannot be written.
PdfLayout write_pdf(const Document& doc, const std::filesystem::path& path);

}  // namespace atlas::report::document
