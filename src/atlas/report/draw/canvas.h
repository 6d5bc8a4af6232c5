#pragma once
// Where the reports' charts and maps are drawn (docs/architecture.md, "Reports"): one interface,
// two backends — SVG text for the HTML report (svg_canvas.h) and cairo for the PDF
// (pdf_document.h). Text is laid out by Pango with the same fonts in both, so a chart that
// measures its labels lays them out the same in either document.
// Units are points (1/72 inch), y grows downwards, the origin is the top left.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::report::draw {

struct Color {
  std::uint8_t r = 0, g = 0, b = 0;
  // "#1b6e3a" → {27, 110, 58}. Throws std::invalid_argument for anything else.
  static Color hex(std::string_view text);
  std::string css() const;  // "#1b6e3a"
  bool operator==(const Color&) const = default;
};

struct Point {
  double x = 0, y = 0;
};

struct Font {
  double size = 9;  // points
  bool bold = false;
};

enum class Align { kLeft, kCenter, kRight };

// A laid-out line's extent: its width and height, and its baseline below its top.
struct TextBox {
  double width = 0, height = 0, baseline = 0;
};

// Text as Pango lays it out in the reports' font (Noto Sans CJK SC, from fonts-noto-cjk).
TextBox measure(std::string_view utf8, const Font& font);
// The height of a line of text in `font` (Latin and CJK alike), for stacking lines.
double line_height(const Font& font);
// The family every report draws its text in.
inline constexpr const char* kFontFamily = "Noto Sans CJK SC";

class Canvas {
 public:
  virtual ~Canvas() = default;
  virtual void rect(double x, double y, double width, double height, std::optional<Color> fill,
                    std::optional<Color> stroke, double line_width = 0.5) = 0;
  virtual void polyline(const std::vector<Point>& points, Color stroke, double line_width) = 0;
  // A polygon's rings (the outer boundary, then its holes), filled even-odd.
  virtual void polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
                       std::optional<Color> stroke, double line_width) = 0;
  // One line of text whose box's top is at y; x is its left, centre or right by `align`.
  virtual void text(double x, double y, std::string_view utf8, const Font& font, Align align,
                    Color color) = 0;
};

}  // namespace atlas::report::draw
