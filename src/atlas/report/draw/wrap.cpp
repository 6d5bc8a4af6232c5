#include "atlas/report/draw/wrap.h"

#include <pango/pangocairo.h>

#include <memory>

#include "atlas/report/draw/fonts.h"

namespace atlas::report::draw {

std::vector<std::string> wrap(std::string_view utf8, const Font& font, double width) {
  std::unique_ptr<PangoLayout, void (*)(void*)> layout(pango_layout_new(measuring_context()),
                                                       g_object_unref);
  set_text(layout.get(), utf8, font);
  pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
  pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  std::vector<std::string> lines;
  for (GSList* l = pango_layout_get_lines_readonly(layout.get()); l; l = l->next) {
    auto* line = static_cast<PangoLayoutLine*>(l->data);
    std::string text(utf8.substr(line->start_index, line->length));
    // A line broken at a space keeps the space at its end; a newline ends the paragraph.
    while (!text.empty() && (text.back() == ' ' || text.back() == '\n')) text.pop_back();
    lines.push_back(std::move(text));
  }
  if (lines.empty()) lines.emplace_back();
  return lines;
}

std::string shorten(std::string_view utf8, const Font& font, double width) {
  if (measure(utf8, font).width <= width) return std::string(utf8);
  // Whole characters only: the byte offset after each one, then the most that fit with "…".
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= utf8.size(); ++i) {
    if (i == utf8.size() || (static_cast<unsigned char>(utf8[i]) & 0xC0) != 0x80) ends.push_back(i);
  }
  auto kept = [&](std::size_t chars) {
    return std::string(utf8.substr(0, chars == 0 ? 0 : ends[chars - 1])) + "…";
  };
  if (measure(kept(0), font).width > width) return {};
  std::size_t lo = 0, hi = ends.size() - 1;  // the whole text does not fit
  while (lo < hi) {
    std::size_t mid = (lo + hi + 1) / 2;
    if (measure(kept(mid), font).width <= width)
      lo = mid;
    else
      hi = mid - 1;
  }
  return kept(lo);
}

}  // namespace atlas::report::draw
