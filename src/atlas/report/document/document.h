#pragma once
// A report as its authors write it: headings, paragraphs, key figures, tables and figures, in
// order, with no page or pixel in sight. The same document becomes a paginated PDF
// (pdf_layout.h), one self-contained HTML file (html.h) and a workbook of its tables
// (workbook.h). Tables are the report::Table the CLI prints, so a report shows the same figures
// with the same rounding as `stats`, `evaluate` and `cluster show` (display_text in table.h).
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "atlas/report/draw/canvas.h"
#include "atlas/report/table.h"

namespace atlas::report::document {

enum class Language { kZh, kEn };

// "zh" | "en"; throws atlas::Error (kUsage) otherwise.
Language parse_language(const std::string& s);

// A section title; levels 1 and 2 are listed in the contents.
struct Heading {
  int level = 1;  // 1, 2 or 3
  std::string text;
};

struct Paragraph {
  std::string text;
  bool note = false;  // smaller and grey: data notes, the synthetic-data notice, sources
};

// A row of figures in boxes, as a summary opens: "集群数 150", "营业收入 12,345.6 亿元 (+4.2%)".
struct KeyFigure {
  std::string label;
  std::string value;   // formatted, "—" when missing
  std::string change;  // "+4.2%", "" when there is none
};
struct KeyFigures {
  std::vector<KeyFigure> figures;
};

// A table that breaks across pages with its header repeated. `sheet` names it in the workbook
// (empty: not in the workbook, e.g. a small table already in another sheet).
struct TableBlock {
  std::string caption;
  report::Table table;
  std::string sheet;
  bool printed = true;  // false: in the workbook only (wider than a page, e.g. every dimension)
};

// A chart or map drawn in its own coordinates, (0,0) at its top left, `width` × `height` points.
struct Figure {
  std::string caption;
  double width = 0, height = 0;
  std::function<void(draw::Canvas&)> draw;
};

// The next block starts a new page (in the PDF; in HTML, when printed).
struct PageBreak {};

using Block = std::variant<Heading, Paragraph, KeyFigures, TableBlock, Figure, PageBreak>;

struct Document {
  Language language = Language::kZh;
  std::string title;                     // on the cover, in the running header and <title>
  std::vector<std::string> cover_lines;  // under the title: the year, the issuer, the date
  bool cover = true;                     // false: a fact sheet starts with its first block
  bool contents = true;                  // the contents after the cover (levels 1 and 2)
  std::vector<Block> blocks;

  // Appended out of line: GCC 12 warns falsely of an uninitialised variant when inlined.
  void heading(int level, std::string text);
  void paragraph(std::string text, bool note = false);
  void add(Block block);
};

// Words the renderers write themselves ("目录"/"Contents", "第 3 页"/"Page 3").
const char* contents_title(Language language);
std::string page_label(Language language, int page, int pages);

}  // namespace atlas::report::document
