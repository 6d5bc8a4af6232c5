#include "atlas/report/draw/svg_canvas.h"

#include <fmt/format.h>

namespace atlas::report::draw {
namespace {

// Text and attribute values escaped for XML.
std::string escaped(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string paint(const char* attribute, const std::optional<Color>& color) {
  return fmt::format(" {}=\"{}\"", attribute, color ? color->css() : "none");
}

// Coordinates to two decimals: a hundredth of a point is far below what print shows.
std::string coordinates(const std::vector<Point>& points, bool closed) {
  std::string d;
  for (std::size_t i = 0; i < points.size(); ++i) {
    d += fmt::format("{}{:.2f},{:.2f}", i == 0 ? "M" : "L", points[i].x, points[i].y);
  }
  if (closed && !points.empty()) d += "Z";
  return d;
}

}  // namespace

SvgCanvas::SvgCanvas(double width, double height) : width_(width), height_(height) {}

void SvgCanvas::rect(double x, double y, double width, double height, std::optional<Color> fill,
                     std::optional<Color> stroke, double line_width) {
  body_ += fmt::format(R"(<rect x="{:.2f}" y="{:.2f}" width="{:.2f}" height="{:.2f}")", x, y, width,
                       height);
  body_ += paint("fill", fill) + paint("stroke", stroke);
  if (stroke) body_ += fmt::format(R"( stroke-width="{:.2f}")", line_width);
  body_ += "/>\n";
}

void SvgCanvas::polyline(const std::vector<Point>& points, Color stroke, double line_width) {
  body_ += fmt::format(R"(<path d="{}" fill="none" stroke="{}" stroke-width="{:.2f}"/>)",
                       coordinates(points, false), stroke.css(), line_width);
  body_ += "\n";
}

void SvgCanvas::polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
                        std::optional<Color> stroke, double line_width) {
  std::string d;
  for (const auto& ring : rings) d += coordinates(ring, true);
  body_ += fmt::format(R"(<path d="{}" fill-rule="evenodd")", d);
  body_ += paint("fill", fill) + paint("stroke", stroke);
  if (stroke) body_ += fmt::format(R"( stroke-width="{:.2f}")", line_width);
  body_ += "/>\n";
}

void SvgCanvas::text(double x, double y, std::string_view utf8, const Font& font, Align align,
                     Color color) {
  // Positioned by Pango's measure: the baseline below the box's top, the anchor by alignment.
  TextBox box = measure(utf8, font);
  const char* anchor = align == Align::kLeft ? "start" : align == Align::kCenter ? "middle" : "end";
  body_ += fmt::format(
      R"(<text x="{:.2f}" y="{:.2f}" font-size="{:.2f}" text-anchor="{}" fill="{}"{}>{}</text>)", x,
      y + box.baseline, font.size, anchor, color.css(), font.bold ? R"( font-weight="bold")" : "",
      escaped(utf8));
  body_ += "\n";
}

std::string SvgCanvas::svg() const {
  return fmt::format(
      R"(<svg xmlns="http://www.w3.org/2000/svg" width="{0:.2f}pt" height="{1:.2f}pt" viewBox="0 0 {0:.2f} {1:.2f}" font-family="{2}, sans-serif">)"
      "\n{3}</svg>\n",
      width_, height_, kFontFamily, body_);
}

}  // namespace atlas::report::draw
