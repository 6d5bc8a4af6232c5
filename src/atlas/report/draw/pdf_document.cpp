#include "atlas/report/draw/pdf_document.h"

#include <cairo-pdf.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include "atlas/core/error.h"
#include "atlas/report/draw/fonts.h"

namespace atlas::report::draw {
namespace {

// cairo's output, into the file being written.
cairo_status_t write_to(void* closure, const unsigned char* data, unsigned int length) {
  auto& out = static_cast<core::WholeFile*>(closure)->stream();
  out.write(reinterpret_cast<const char*>(data), length);
  return out ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

void set_color(cairo_t* cr, Color c) {
  cairo_set_source_rgb(cr, c.r / 255.0, c.g / 255.0, c.b / 255.0);
}

}  // namespace

PdfDocument::PdfDocument(const std::filesystem::path& path, double width, double height)
    : path_(path.string()), file_(path_) {
  surface_ = cairo_pdf_surface_create_for_stream(write_to, &file_, width, height);
  cr_ = cairo_create(surface_);
}

PdfDocument::~PdfDocument() {
  cairo_destroy(cr_);
  cairo_surface_destroy(surface_);
}

void PdfDocument::next_page() {
  cairo_show_page(cr_);
  ++pages_;
}

void PdfDocument::finish() {
  if (finished_) return;
  finished_ = true;
  cairo_show_page(cr_);
  // A drawing error stops cairo drawing for good (the pages after it would be missing): a
  // bug, never a file to hand out.
  if (cairo_status(cr_) != CAIRO_STATUS_SUCCESS) {
    throw Error(
        ErrorKind::kInternal,
        fmt::format("drawing the PDF failed: {}", cairo_status_to_string(cairo_status(cr_))),
        {path_, 0, "", ""});
  }
  cairo_surface_finish(surface_);
  if (cairo_surface_status(surface_) != CAIRO_STATUS_SUCCESS) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("cannot write the PDF: {}",
                            cairo_status_to_string(cairo_surface_status(surface_))),
                {path_, 0, "", ""});
  }
  file_.commit();
}

void PdfDocument::paint(const std::optional<Color>& fill, const std::optional<Color>& stroke,
                        double line_width) {
  if (fill) {
    set_color(cr_, *fill);
    if (stroke)
      cairo_fill_preserve(cr_);
    else
      cairo_fill(cr_);
  }
  if (stroke) {
    set_color(cr_, *stroke);
    cairo_set_line_width(cr_, line_width);
    cairo_stroke(cr_);
  }
  cairo_new_path(cr_);
}

void PdfDocument::rect(double x, double y, double width, double height, std::optional<Color> fill,
                       std::optional<Color> stroke, double line_width) {
  cairo_rectangle(cr_, x, y, width, height);
  paint(fill, stroke, line_width);
}

void PdfDocument::polyline(const std::vector<Point>& points, Color stroke, double line_width) {
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i == 0)
      cairo_move_to(cr_, points[i].x, points[i].y);
    else
      cairo_line_to(cr_, points[i].x, points[i].y);
  }
  paint(std::nullopt, stroke, line_width);
}

void PdfDocument::polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
                          std::optional<Color> stroke, double line_width) {
  cairo_set_fill_rule(cr_, CAIRO_FILL_RULE_EVEN_ODD);
  for (const auto& ring : rings) {
    for (std::size_t i = 0; i < ring.size(); ++i) {
      if (i == 0)
        cairo_move_to(cr_, ring[i].x, ring[i].y);
      else
        cairo_line_to(cr_, ring[i].x, ring[i].y);
    }
    cairo_close_path(cr_);
  }
  paint(fill, stroke, line_width);
}

void PdfDocument::text(double x, double y, std::string_view utf8, const Font& font, Align align,
                       Color color) {
  PangoLayout* layout = pango_cairo_create_layout(cr_);
  set_text(layout, utf8, font);
  PangoRectangle logical;
  pango_layout_get_extents(layout, nullptr, &logical);
  double width = static_cast<double>(logical.width) / PANGO_SCALE;
  double left = align == Align::kLeft ? x : align == Align::kCenter ? x - width / 2 : x - width;
  set_color(cr_, color);
  cairo_move_to(cr_, left, y);
  pango_cairo_show_layout(cr_, layout);
  g_object_unref(layout);
  cairo_new_path(cr_);
}

}  // namespace atlas::report::draw
