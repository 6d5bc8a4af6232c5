#pragma once
// The PDF backend: an A4 document of pages drawn with cairo, its text laid out by Pango in the
// reports' font, which cairo embeds (subset) so the PDF reads the same on any machine and its
// Chinese stays searchable and copyable. The file is whole or absent (core::WholeFile): it
// appears only when finish() succeeds.
#include <filesystem>
#include <memory>

#include "atlas/core/whole_file.h"
#include "atlas/report/draw/canvas.h"

typedef struct _cairo cairo_t;
typedef struct _cairo_surface cairo_surface_t;

namespace atlas::report::draw {

inline constexpr double kA4Width = 595.276;  // points
inline constexpr double kA4Height = 841.89;

class PdfDocument final : public Canvas {
 public:
  // Starts the document's first page. Throws atlas::Error (kBadInput) naming the file when it
  // cannot be created.
  explicit PdfDocument(const std::filesystem::path& path, double width = kA4Width,
                       double height = kA4Height);
  ~PdfDocument() override;
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  // Ends the page drawn so far and starts the next one.
  void next_page();
  // Ends the last page and puts the file in its place. Throws atlas::Error (kBadInput) naming
  // the file when it cannot be written.
  void finish();
  int pages() const { return pages_; }

  void rect(double x, double y, double width, double height, std::optional<Color> fill,
            std::optional<Color> stroke, double line_width = 0.5) override;
  void polyline(const std::vector<Point>& points, Color stroke, double line_width) override;
  void polygon(const std::vector<std::vector<Point>>& rings, std::optional<Color> fill,
               std::optional<Color> stroke, double line_width) override;
  void text(double x, double y, std::string_view utf8, const Font& font, Align align,
            Color color) override;

 private:
  void paint(const std::optional<Color>& fill, const std::optional<Color>& stroke,
             double line_width);
  std::string path_;
  core::WholeFile file_;
  cairo_surface_t* surface_ = nullptr;
  cairo_t* cr_ = nullptr;
  int pages_ = 1;
  bool finished_ = false;
};

}  // namespace atlas::report::draw
