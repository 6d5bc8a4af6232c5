// The PDF's pages as poppler reads them back (pdftotext per page, pdfinfo): the contents' page
// numbers are the pages the headings are found on, long tables repeat their header on every
// page they reach, nothing is drawn wider than its box, and missing figures print as "—".
#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "atlas/report/command_output.h"
#include "atlas/report/document/pdf_layout.h"
#include "atlas/report/draw/wrap.h"

namespace atlas::report::document {
namespace {

// The text of each page, as pdftotext separates them (form feeds), without white space:
// pdftotext leaves out the spaces between Chinese and figures, and breaks lines its own way.
std::vector<std::string> pages_of(const std::filesystem::path& pdf) {
  std::string all = command_output("pdftotext -enc UTF-8 '" + pdf.string() + "' -");
  std::vector<std::string> pages(1);
  for (char c : all) {
    if (c == '\f')
      pages.emplace_back();
    else if (!std::isspace(static_cast<unsigned char>(c)))
      pages.back() += c;
  }
  if (pages.back().empty()) pages.pop_back();
  return pages;
}

std::filesystem::path temp_pdf(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         (name + "-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".pdf");
}

const std::string kLongName = "武汉东湖新技术开发区光电子信息与激光智能制造创新型产业集群（培育）";

Document sample(int rows) {
  Document d;
  d.title = "创新型产业集群年度发展报告";
  d.cover_lines = {"2024 年度", "火炬中心"};
  d.heading(1, "一、总体情况");
  d.paragraph("本报告依据各集群报送的年度统计数据编制。");
  d.add(KeyFigures{{{"集群数", "150", "+3"}, {"营业收入（亿元）", "123,456.78", "-1.2%"}}});
  d.heading(2, "（一）分省情况");
  TableBlock t;
  t.caption = "表 1 集群一览";
  t.table.columns = {{"name", "集群名称"}, {"revenue", "营业收入(亿元)", 2, true, 1e8}};
  for (int i = 1; i <= rows; ++i) {
    t.table.add_row({std::string(i == 7 ? kLongName : "集群" + std::to_string(i) + "号"),
                     i == 5 ? Cell{} : Cell{1.0e8 * i + 123456.0}});
  }
  t.table.notes = {"注：— 表示未报送。"};
  d.add(std::move(t));
  d.add(PageBreak{});
  d.heading(1, "二、评价结果");
  d.paragraph(std::string(40, 'x') + " " + kLongName + kLongName + kLongName);
  return d;
}

TEST(PdfLayout, ContentsGiveThePagesTheHeadingsAreOn) {
  auto path = temp_pdf("layout-contents");
  PdfLayout layout = write_pdf(sample(150), path);
  auto pages = pages_of(path);
  ASSERT_EQ(static_cast<int>(pages.size()), layout.pages);
  EXPECT_TRUE(std::regex_search(command_output("pdfinfo '" + path.string() + "'"),
                                std::regex("Pages:\\s+" + std::to_string(layout.pages) + "\n")));
  // Page 1 is the cover, page 2 the contents.
  EXPECT_NE(pages[0].find("创新型产业集群年度发展报告"), std::string::npos);
  EXPECT_EQ(pages[0].find("第1页"), std::string::npos);
  ASSERT_NE(pages[1].find("目录"), std::string::npos);
  for (const char* heading : {"一、总体情况", "（一）分省情况", "二、评价结果"}) {
    // The page the heading is first found on after the contents, and the number the contents
    // give after it.
    int found = 0;
    for (std::size_t p = 2; p < pages.size() && !found; ++p) {
      if (pages[p].find(heading) != std::string::npos) found = static_cast<int>(p) + 1;
    }
    ASSERT_GT(found, 0) << heading;
    std::smatch m;
    ASSERT_TRUE(std::regex_search(pages[1], m, std::regex(std::string(heading) + R"((\d+))")))
        << pages[1];
    EXPECT_EQ(std::stoi(m[1]), found) << heading;
  }
  // Every page but the cover has its number, with the total.
  for (std::size_t p = 1; p < pages.size(); ++p) {
    EXPECT_NE(
        pages[p].find("第" + std::to_string(p + 1) + "页/共" + std::to_string(pages.size()) + "页"),
        std::string::npos)
        << "page " << p + 1;
  }
  EXPECT_TRUE(layout.overflows.empty());
  std::filesystem::remove(path);
}

TEST(PdfLayout, ALongTableRepeatsItsHeaderOnEveryPageAndKeepsEveryRowOnce) {
  auto path = temp_pdf("layout-table");
  PdfLayout layout = write_pdf(sample(150), path);
  auto pages = pages_of(path);
  int table_pages = 0, last_row = 0;
  for (std::size_t p = 2; p < pages.size(); ++p) {
    const std::string& text = pages[p];
    // The rows on this page, in order, each once, continuing from the page before.
    std::vector<int> rows;
    static const std::regex kRow(R"(集群(\d+)号)");
    for (std::sregex_iterator it(text.begin(), text.end(), kRow), end; it != end; ++it) {
      rows.push_back(std::stoi((*it)[1]));
    }
    if (rows.empty()) continue;
    ++table_pages;
    EXPECT_NE(text.find("集群名称"), std::string::npos) << "header on page " << p + 1;
    EXPECT_NE(text.find("营业收入(亿元)"), std::string::npos);
    if (table_pages > 1) {
      EXPECT_NE(text.find("表1集群一览（续）"), std::string::npos);
    }
    for (int r : rows) {
      EXPECT_GT(r, last_row);
      last_row = r;
    }
  }
  EXPECT_EQ(last_row, 150);
  EXPECT_GE(table_pages, 3);  // 150 rows of about 16 pt on pages of about 700 pt
  // Row 3: 300,123,456 元 in 亿元 with two decimals; row 5 is missing.
  std::string body;
  for (const auto& p : pages) body += p;
  EXPECT_NE(body.find("集群3号3.00"), std::string::npos);
  EXPECT_NE(body.find("集群5号—"), std::string::npos);
  EXPECT_NE(body.find("集群150号150.00"), std::string::npos);
  EXPECT_TRUE(layout.overflows.empty());
  std::filesystem::remove(path);
}

TEST(PdfLayout, LongNamesWrapInsideTheirBoxes) {
  Document d;
  d.cover = false;
  d.contents = false;
  d.title = kLongName + kLongName;  // the running header shortens it
  d.heading(1, kLongName + kLongName);
  TableBlock t;
  t.table.columns = {
      {"a", kLongName}, {"b", kLongName}, {"c", kLongName}, {"d", "营业收入", 2, true}};
  t.table.add_row({kLongName, kLongName + kLongName, std::string("x"), Cell{1234567.891}});
  d.add(std::move(t));
  d.add(KeyFigures{{{kLongName, "1,234,567,890,123.45 亿元", "+123.4%"}}});
  auto path = temp_pdf("layout-long");
  PdfLayout layout = write_pdf(d, path);
  EXPECT_TRUE(layout.overflows.empty()) << layout.overflows[0].text;
  std::string text;
  for (const auto& p : pages_of(path)) text += p;
  // The name survives wrapping whole, and the number is printed in full.
  EXPECT_NE(text.find(kLongName + kLongName), std::string::npos);
  EXPECT_NE(text.find("1,234,567.89"), std::string::npos);
  std::filesystem::remove(path);
}

TEST(Wrap, ChineseBreaksBetweenAnyTwoCharactersAndWordsBetweenWords) {
  // Ideographs are one em wide: at 10 pt, 35 pt hold three of them.
  auto lines = draw::wrap("创新型产业集群", {10}, 35);
  EXPECT_EQ(lines, (std::vector<std::string>{"创新型", "产业集", "群"}));
  EXPECT_EQ(draw::wrap("", {10}, 35), std::vector<std::string>{""});
  auto words = draw::wrap("high tech zone", {10}, draw::measure("high tech", {10}).width + 0.5);
  EXPECT_EQ(words, (std::vector<std::string>{"high tech", "zone"}));
}

TEST(Wrap, ShortenKeepsWholeCharactersAndFits) {
  const draw::Font f{10};
  EXPECT_EQ(draw::shorten("集群", f, 100), "集群");
  std::string s = draw::shorten("创新型产业集群", f, 45);
  ASSERT_GE(s.size(), 3u);
  EXPECT_EQ(s.substr(s.size() - 3), "…");
  EXPECT_LE(draw::measure(s, f).width, 45);
  // One more character would not have fitted: the kept part is a prefix of whole characters.
  std::string kept = s.substr(0, s.size() - 3);
  EXPECT_EQ(std::string("创新型产业集群").rfind(kept, 0), 0u);
  EXPECT_GT(draw::measure(std::string("创新型产业集群").substr(0, kept.size() + 3) + "…", f).width,
            45);
}

}  // namespace
}  // namespace atlas::report::document
