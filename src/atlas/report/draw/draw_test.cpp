// The reports' drawing: colours, Pango's measures in the CJK font, and what a PDF and an SVG
// hold when read back by independent tools (poppler's pdftotext, pdffonts and pdfinfo; pugixml).
#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/report/command_output.h"
#include "atlas/report/draw/pdf_document.h"
#include "atlas/report/draw/svg_canvas.h"

namespace atlas::report::draw {
namespace {

std::filesystem::path temp_pdf(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pdf");
}

TEST(Color, ReadsAndWritesHex) {
  Color c = Color::hex("#1B6e3a");
  EXPECT_EQ(c.r, 27);
  EXPECT_EQ(c.g, 110);
  EXPECT_EQ(c.b, 58);
  EXPECT_EQ(c.css(), "#1b6e3a");
  EXPECT_THROW(Color::hex("1b6e3a"), std::invalid_argument);
  EXPECT_THROW(Color::hex("#1b6e3g"), std::invalid_argument);
}

TEST(Measure, AChineseCharacterIsOneEmWide) {
  // Noto Sans CJK sets every ideograph on a full em: seven of them at 10 pt are 70 pt wide.
  EXPECT_NEAR(measure("创新型产业集群", {10, false}).width, 70.0, 0.01);
  EXPECT_NEAR(measure("中", {12, true}).width, 12.0, 0.01);
  // Its ascender is 1.16 em (the font's hhea table): the baseline of a 10 pt line is 11.6 pt
  // below its top.
  TextBox box = measure("集群 Cluster", {10, false});
  EXPECT_NEAR(box.baseline, 11.6, 0.01);
  EXPECT_GT(box.height, box.baseline);
}

TEST(PdfDocument, ItsChineseTextIsReadBackAndItsFontsAreEmbedded) {
  auto path = temp_pdf("draw-text");
  {
    PdfDocument pdf(path);
    pdf.text(72, 72, "创新型产业集群 2024 年度报告", {14, true}, Align::kLeft, Color{});
    pdf.rect(72, 100, 200, 20, Color::hex("#0b5cad"), std::nullopt);
    pdf.next_page();
    pdf.text(kA4Width / 2, 72, "第二页 & <页码>", {10, false}, Align::kCenter, Color{});
    pdf.finish();
    EXPECT_EQ(pdf.pages(), 2);
  }
  std::string text = command_output("pdftotext -enc UTF-8 '" + path.string() + "' -");
  EXPECT_NE(text.find("创新型产业集群 2024 年度报告"), std::string::npos) << text;
  EXPECT_NE(text.find("第二页 & <页码>"), std::string::npos) << text;
  EXPECT_NE(command_output("pdfinfo '" + path.string() + "'").find("Pages:           2"),
            std::string::npos);
  // pdffonts: two header lines, then a line per font ending "emb sub uni object-id gen".
  std::string fonts = command_output("pdffonts '" + path.string() + "'");
  std::istringstream lines(fonts);
  std::string line;
  int listed = 0, embedded = 0;
  for (int n = 0; std::getline(lines, line); ++n) {
    if (n < 2 || line.empty()) continue;
    std::istringstream fields(line);
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), {}};
    ++listed;
    if (f.size() >= 5 && f[f.size() - 5] == "yes") ++embedded;
  }
  EXPECT_GT(listed, 0) << fonts;
  EXPECT_EQ(embedded, listed) << fonts;
  std::filesystem::remove(path);
}

TEST(PdfDocument, AFolderThatDoesNotExistIsAnError) {
  EXPECT_THROW(
      {
        PdfDocument pdf("/nonexistent-folder/report.pdf");
        pdf.finish();
      },
      Error);
}

TEST(SvgCanvas, TextStaysTextPlacedOnPangosBaseline) {
  SvgCanvas svg(200, 100);
  svg.text(10, 20, "集群 <A&B>", {10, false}, Align::kLeft, Color{});
  svg.polygon({{{0, 0}, {10, 0}, {10, 10}}, {{2, 2}, {4, 2}, {4, 4}}}, Color::hex("#dbe8f6"),
              Color::hex("#7d8796"), 0.5);
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(svg.svg().c_str())) << svg.svg();
  auto root = doc.child("svg");
  EXPECT_STREQ(root.attribute("viewBox").value(), "0 0 200.00 100.00");
  auto text = root.child("text");
  EXPECT_STREQ(text.child_value(), "集群 <A&B>");
  // The box's top at 20 pt, the baseline 1.16 em (11.6 pt) below it.
  EXPECT_NEAR(text.attribute("y").as_double(), 31.6, 0.01);
  // Two rings in one path, the hole cut out by the even-odd rule.
  auto path = root.child("path");
  EXPECT_STREQ(path.attribute("fill-rule").value(), "evenodd");
  EXPECT_STREQ(path.attribute("d").value(),
               "M0.00,0.00L10.00,0.00L10.00,10.00ZM2.00,2.00L4.00,2.00L4.00,4.00Z");
}

}  // namespace
}  // namespace atlas::report::draw
