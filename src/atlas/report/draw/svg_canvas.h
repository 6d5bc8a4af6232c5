#pragma once
// The SVG backend: the drawing as one <svg> element, for the HTML report (inline, no external
// reference) and for charts people paste into documents. Text stays text (searchable and
// copyable), positioned from Pango's measures in the reports' font.
#include <string>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

class SvgCanvas final : public Canvas {
 public:
  SvgCanvas(double width, double height);
  void rect(double x, double y, double width, double height, std::optional<Color> fill,
            std::optional<Color> stroke, double line_width = 0.5) override;
  void polyline(const std::vector<Point>& points, Color stroke, double line_width) override;
  void polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
               std::optional<Color> stroke, double line_width) override;
  void text(double x, double y, std::string_view utf8, const Font& font, Align align,
            Color color) override;
  // The finished <svg> element.
  std::string svg() const;

 private:
  double width_, height_;
  std::string body_;
};

}  // namespace atlas::report::draw
