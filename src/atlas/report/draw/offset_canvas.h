#pragma once
// A canvas drawn at an offset on another: a chart draws in its own coordinates (0,0 at its top
// left) wherever the page layout puts it.
#include "atlas/report/draw/canvas.h"

namespace atlas::report::draw {

class OffsetCanvas final : public Canvas {
 public:
  OffsetCanvas(Canvas& target, double dx, double dy) : target_(target), dx_(dx), dy_(dy) {}
  void rect(double x, double y, double width, double height, std::optional<Color> fill,
            std::optional<Color> stroke, double line_width = 0.5) override {
    target_.rect(x + dx_, y + dy_, width, height, fill, stroke, line_width);
  }
  void polyline(const std::vector<Point>& points, Color stroke, double line_width) override {
    target_.polyline(moved(points), stroke, line_width);
  }
  void polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
               std::optional<Color> stroke, double line_width) override {
    std::vector<std::vector<Point>> out;
    out.reserve(rings.size());
    for (const auto& ring : rings) out.push_back(moved(ring));
    target_.polygon(out, fill, stroke, line_width);
  }
  void text(double x, double y, std::string_view utf8, const Font& font, Align align,
            Color color) override {
    target_.text(x + dx_, y + dy_, utf8, font, align, color);
  }

 private:
  std::vector<Point> moved(const std::vector<Point>& points) const {
    std::vector<Point> out;
    out.reserve(points.size());
    for (const Point& p : points) out.push_back({p.x + dx_, p.y + dy_});
    return out;
  }
  Canvas& target_;
  double dx_, dy_;
};

}  // namespace atlas::report::draw
