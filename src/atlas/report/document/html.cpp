#include "atlas/report/document/html.h"

#include <fmt/format.h>

#include <algorithm>
#include <string_view>
#include <type_traits>

#include "atlas/core/text.h"
#include "atlas/core/whole_file.h"
#include "atlas/report/draw/svg_canvas.h"

namespace atlas::report::document {
namespace {

// Text an HTML document may hold: an invalid UTF-8 byte or a control character other than tab,
// newline and carriage return (which HTML5 calls a parse error and XML refuses) becomes U+FFFD.
std::string clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  while (!s.empty()) {
    std::size_t bad = text::first_invalid_utf8(s);
    std::string_view good = s.substr(0, bad);
    for (char c : good) {
      auto u = static_cast<unsigned char>(c);
      bool control = (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7f;
      if (control) {
        out += "\xEF\xBF\xBD";
      } else {
        out += c;
      }
    }
    if (bad == std::string_view::npos) break;
    out += "\xEF\xBF\xBD";
    s.remove_prefix(bad + 1);
  }
  return out;
}

// Text for an element's content or a quoted attribute value.
std::string esc(std::string_view s) {
  std::string out;
  for (char c : clean(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

// A CSS string literal: quotes and backslashes escaped, and "<" and "&" as hexadecimal escapes so
// the <style> element can hold no end tag and stays well-formed XML.
std::string css_string(std::string_view s) {
  std::string out = "\"";
  for (char c : clean(s)) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '<': out += "\\3c "; break;
      case '&': out += "\\26 "; break;
      case '\n':
      case '\r':
      case '\t': out += ' '; break;
      default: out += c;
    }
  }
  return out + "\"";
}

// The page label ("第 3 页 / 共 12 页") as CSS content, its numbers the page counters, so the
// words come from page_label() as in the PDF.
std::string page_label_content(Language language) {
  constexpr int kPage = 918273, kPages = 645372;  // placeholders that no label's words contain
  const std::string page = std::to_string(kPage), pages = std::to_string(kPages);
  std::string label = page_label(language, kPage, kPages);
  std::string out;
  std::size_t at = 0;
  while (at < label.size()) {
    std::size_t p = label.find(page, at), q = label.find(pages, at);
    std::size_t next = std::min(p, q);
    if (next > at) out += css_string(label.substr(at, next - at)) + " ";
    if (next == std::string::npos) break;
    out += next == p ? "counter(page) " : "counter(pages) ";
    at = next + page.size();
  }
  return out;
}

// Screen: one readable column; wide tables scroll in their own box (a 390 px phone included).
// Print: A4, the cover and the contents on pages of their own, table headers repeated, rows and
// figures kept whole, PageBreak as a forced break before the next block.
constexpr const char* kStyle = R"(
:root { color-scheme: light; }
html {
  font-family: "Noto Sans CJK SC", sans-serif;
  font-size: 16px;
  line-height: 1.6;
  color: #1f2328;
  background: #fff;
  -webkit-text-size-adjust: 100%;
  text-size-adjust: 100%;
}
body { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; overflow-wrap: break-word; }
h1, h2, h3, h4 { line-height: 1.35; }
h1 { font-size: 1.9rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.45rem; margin: 2.2rem 0 0.8rem; padding-bottom: 0.25rem; border-bottom: 1px solid #d0d7de; }
h3 { font-size: 1.2rem; margin: 1.8rem 0 0.6rem; }
h4 { font-size: 1.05rem; margin: 1.4rem 0 0.5rem; }
p { margin: 0.6rem 0; }
.note { font-size: 0.875rem; color: #59636e; }
a { color: #0b5cad; }
.cover { margin: 2rem 0 2.5rem; }
.cover p { margin: 0.2rem 0; color: #444c56; }
.contents h2 { border-bottom: none; }
.contents ol { list-style: none; margin: 0; padding-left: 0; }
.contents ol ol { padding-left: 1.5rem; }
.contents li { margin: 0.2rem 0; }
.key-figures { display: flex; flex-wrap: wrap; gap: 0.75rem; margin: 1rem 0; padding: 0; }
.key-figure { flex: 1 1 9rem; border: 1px solid #d0d7de; border-radius: 6px; padding: 0.6rem 0.8rem; break-inside: avoid; }
.key-figure dt { font-size: 0.85rem; color: #59636e; }
.key-figure dd { margin: 0; }
.key-figure .value { font-size: 1.35rem; font-weight: bold; font-variant-numeric: tabular-nums; }
.key-figure .change { font-size: 0.85rem; color: #59636e; font-variant-numeric: tabular-nums; }
.table-block { margin: 1.5rem 0; }
.table-scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 0.875rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 0.4rem; }
th, td { padding: 0.3rem 0.6rem; border-bottom: 1px solid #d8dee4; text-align: left; vertical-align: top; }
thead { display: table-header-group; }
thead th { border-bottom: 2px solid #8c959f; background: #f6f8fa; }
tbody tr:nth-child(even) { background: #fafbfc; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.table-block .note { margin: 0.3rem 0; }
figure { margin: 1.5rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 0.875rem; color: #444c56; margin-top: 0.4rem; }
.break { break-before: page; }
@page { size: A4; margin: 20mm 18mm 22mm; }
@media print {
  html { font-size: 10.5pt; background: none; }
  body { max-width: none; margin: 0; padding: 0; }
  .cover { margin: 30% 0 0; break-after: page; page-break-after: always; }
  .contents { break-after: page; page-break-after: always; }
  .table-scroll { overflow: visible; }
  table { font-size: 8.5pt; }
  th.num { white-space: normal; }
  h2, h3, h4, caption { break-after: avoid; page-break-after: avoid; }
  .break { page-break-before: always; }
  a { color: inherit; text-decoration: none; }
}
)";

// ` class="…"`, with "break" added when a PageBreak came before; "" when there is none.
std::string class_attr(std::string_view name, bool page_break) {
  std::string classes(name);
  if (page_break) classes += classes.empty() ? "break" : " break";
  return classes.empty() ? "" : fmt::format(" class=\"{}\"", classes);
}

struct Writer {
  Language language = Language::kZh;
  std::string out;
  bool page_break = false;  // a PageBreak waits for the next block
  int heading = 0;          // the last heading's number (its id is "h-N")

  void block(const Heading& h) {
    int level = std::clamp(h.level, 1, 3);
    out += fmt::format("<h{0} id=\"h-{1}\"{2}>{3}</h{0}>\n", level + 1, ++heading,
                       class_attr("", page_break), esc(h.text));
  }

  void block(const Paragraph& p) {
    out += fmt::format("<p{}>{}</p>\n", class_attr(p.note ? "note" : "", page_break), esc(p.text));
  }

  void block(const KeyFigures& k) {
    if (k.figures.empty()) {
      return;
    }
    out += fmt::format("<dl{}>\n", class_attr("key-figures", page_break));
    for (const auto& f : k.figures) {
      out += fmt::format("<div class=\"key-figure\"><dt>{}</dt><dd class=\"value\">{}</dd>",
                         esc(f.label), esc(f.value.empty() ? "—" : f.value));
      if (!f.change.empty()) out += fmt::format("<dd class=\"change\">{}</dd>", esc(f.change));
      out += "</div>\n";
    }
    out += "</dl>\n";
  }

  void block(const TableBlock& t) {
    if (!t.printed) return;  // the workbook's alone; a pending page break moves to the next block
    const auto& columns = t.table.columns;
    // A table wider than a phone scrolls in its own box, which the keyboard must reach too.
    std::string name =
        t.caption.empty() ? std::string(language == Language::kZh ? "表格" : "Table") : t.caption;
    out += fmt::format(
        "<div{}>\n<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
        "aria-label=\"{}\">\n<table>\n",
        class_attr("table-block", page_break), esc(name));
    if (!t.caption.empty()) out += fmt::format("<caption>{}</caption>\n", esc(t.caption));
    out += "<thead><tr>";
    for (const auto& col : columns) {
      out += fmt::format("<th scope=\"col\"{}>{}</th>", col.right ? " class=\"num\"" : "",
                         esc(col.title.empty() ? col.key : col.title));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.table.rows) {
      out += "<tr>";
      for (std::size_t c = 0; c < columns.size(); ++c) {
        // A row shorter than the header is missing its last cells.
        std::string text = display_text(c < row.size() ? row[c] : Cell{}, columns[c]);
        out += fmt::format("<td{}>{}</td>", columns[c].right ? " class=\"num\"" : "", esc(text));
      }
      out += "</tr>\n";
    }
    out += "</tbody>\n</table>\n</div>\n";
    for (const auto& note : t.table.notes)
      out += fmt::format("<p class=\"note\">{}</p>\n", esc(note));
    out += "</div>\n";
  }

  void block(const Figure& f) {
    draw::SvgCanvas canvas(f.width, f.height);
    if (f.draw) f.draw(canvas);
    out += fmt::format("<figure{}>\n{}", class_attr("", page_break), canvas.svg());
    if (!f.caption.empty()) out += fmt::format("<figcaption>{}</figcaption>\n", esc(f.caption));
    out += "</figure>\n";
  }

  void contents(const Document& doc) {
    std::string items;
    bool item_open = false, sublist_open = false;
    int number = 0;
    for (const auto& b : doc.blocks) {
      const auto* h = std::get_if<Heading>(&b);
      if (h == nullptr) continue;
      int level = std::clamp(h->level, 1, 3);
      std::string link = fmt::format("<a href=\"#h-{}\">{}</a>", ++number, esc(h->text));
      if (level == 1) {
        if (sublist_open) items += "</ol>\n";
        if (item_open) items += "</li>\n";
        items += "<li>" + link;
        item_open = true;
        sublist_open = false;
      } else if (level == 2) {
        if (!item_open) {  // a level 2 before any level 1 stands at the top
          items += "<li>" + link + "</li>\n";
          continue;
        }
        if (!sublist_open) items += "\n<ol>\n";
        sublist_open = true;
        items += "<li>" + link + "</li>\n";
      }
    }
    if (sublist_open) items += "</ol>\n";
    if (item_open) items += "</li>\n";
    if (items.empty()) return;  // no heading to list
    out += fmt::format(
        "<nav class=\"contents\" aria-labelledby=\"contents-title\">\n"
        "<h2 id=\"contents-title\">{}</h2>\n<ol>\n{}</ol>\n</nav>\n",
        esc(contents_title(doc.language)), items);
  }
};

}  // namespace

std::string html(const Document& doc) {
  Writer w;
  w.language = doc.language;
  const std::string title = doc.title.empty() ? "ClusterAtlas" : doc.title;
  w.out += fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\" />\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n"
      "<title>{}</title>\n<style>",
      doc.language == Language::kZh ? "zh-CN" : "en", esc(title));
  w.out += kStyle;
  // The running header and the page numbers, in browsers that print page margin boxes; not on
  // the cover.
  w.out += fmt::format(
      "@page {{\n  @top-center {{ content: {}; font-size: 8pt; color: #59636e; }}\n"
      "  @bottom-center {{ content: {}; font-size: 8pt; color: #59636e; }}\n}}\n",
      css_string(doc.title), page_label_content(doc.language));
  if (doc.cover) {
    w.out +=
        "@page :first {\n  @top-center { content: none; }\n"
        "  @bottom-center { content: none; }\n}\n";
  }
  w.out += "</style>\n</head>\n<body>\n";
  if (doc.cover) {
    w.out += fmt::format("<header class=\"cover\">\n<h1>{}</h1>\n", esc(doc.title));
    for (const auto& line : doc.cover_lines) w.out += fmt::format("<p>{}</p>\n", esc(line));
    w.out += "</header>\n";
  }
  if (doc.contents) w.contents(doc);
  w.out += "<main>\n";
  for (const auto& b : doc.blocks) {
    if (std::holds_alternative<PageBreak>(b)) {
      w.page_break = true;
      continue;
    }
    std::visit(
        [&](const auto& block) {
          if constexpr (!std::is_same_v<std::decay_t<decltype(block)>, PageBreak>) w.block(block);
        },
        b);
    // A block that writes nothing (key figures with no figure, a workbook-only table) leaves
    // the break waiting.
    auto* k = std::get_if<KeyFigures>(&b);
    auto* t = std::get_if<TableBlock>(&b);
    if (!(k && k->figures.empty()) && !(t && !t->printed)) w.page_break = false;
  }
  w.out += "</main>\n</body>\n</html>\n";
  return w.out;
}

void write_html(const Document& doc, const std::string& path) {
  core::WholeFile file(path);
  file.stream() << html(doc);
  file.commit();
}

}  // namespace atlas::report::document
