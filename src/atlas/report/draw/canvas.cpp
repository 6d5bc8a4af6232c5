#include "atlas/report/draw/canvas.h"

#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "atlas/report/draw/fonts.h"

#include <map>
#include <memory>
#include <stdexcept>

namespace atlas::report::draw {

Color Color::hex(std::string_view text) {
  auto nibble = [&](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw std::invalid_argument(fmt::format("'{}' is not a colour written #rrggbb", text));
  };
  if (text.size() != 7 || text[0] != '#') {
    throw std::invalid_argument(fmt::format("'{}' is not a colour written #rrggbb", text));
  }
  auto byte = [&](std::size_t i) {
    return static_cast<std::uint8_t>(nibble(text[i]) * 16 + nibble(text[i + 1]));
  };
  return {byte(1), byte(3), byte(5)};
}

std::string Color::css() const {
  return fmt::format("#{:02x}{:02x}{:02x}", r, g, b);
}

namespace {

struct GObjectFree {
  void operator()(void* p) const { g_object_unref(p); }
};

}  // namespace

// A Pango context on the thread's cairo font map, without hinted metrics: the PDF surface lays
// text out unhinted, and the measures here must be the PDF's.
PangoContext* measuring_context() {
  thread_local std::unique_ptr<PangoContext, GObjectFree> context = [] {
    auto* c = pango_font_map_create_context(pango_cairo_font_map_get_default());
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(c, options);
    cairo_font_options_destroy(options);
    return std::unique_ptr<PangoContext, GObjectFree>(c);
  }();
  return context.get();
}

void set_text(PangoLayout* layout, std::string_view utf8, const Font& font) {
  PangoFontDescription* d = pango_font_description_new();
  pango_font_description_set_family(d, kFontFamily);
  pango_font_description_set_absolute_size(d, font.size * PANGO_SCALE);
  pango_font_description_set_weight(d, font.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, d);
  pango_font_description_free(d);
  pango_layout_set_text(layout, utf8.data(), static_cast<int>(utf8.size()));
}

TextBox measure(std::string_view utf8, const Font& font) {
  std::unique_ptr<PangoLayout, GObjectFree> layout(pango_layout_new(measuring_context()));
  set_text(layout.get(), utf8, font);
  PangoRectangle logical;
  pango_layout_get_extents(layout.get(), nullptr, &logical);
  return {static_cast<double>(logical.width) / PANGO_SCALE,
          static_cast<double>(logical.height) / PANGO_SCALE,
          static_cast<double>(pango_layout_get_baseline(layout.get())) / PANGO_SCALE};
}

double line_height(const Font& font) {
  // Measured once per size and weight: a document asks thousands of times.
  thread_local std::map<std::pair<double, bool>, double> known;
  auto [it, fresh] = known.try_emplace({font.size, font.bold}, 0.0);
  if (fresh) it->second = measure("中Ag", font).height;
  return it->second;
}

}  // namespace atlas::report::draw
