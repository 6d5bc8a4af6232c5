#include "atlas/report/document/document.h"

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::report::document {

Language parse_language(const std::string& s) {
  if (s == "zh") return Language::kZh;
  if (s == "en") return Language::kEn;
  throw Error(ErrorKind::kUsage, fmt::format("unknown language '{}': expected zh or en", s));
}

void Document::heading(int level, std::string text) {
  blocks.emplace_back(std::in_place_type<Heading>, Heading{level, std::move(text)});
}

void Document::paragraph(std::string text, bool note) {
  blocks.emplace_back(std::in_place_type<Paragraph>, Paragraph{std::move(text), note});
}

void Document::add(Block block) {
  blocks.push_back(std::move(block));
}

const char* contents_title(Language language) {
  return language == Language::kZh ? "目录" : "Contents";
}

std::string page_label(Language language, int page, int pages) {
  return language == Language::kZh ? fmt::format("第 {} 页 / 共 {} 页", page, pages)
                                   : fmt::format("Page {} of {}", page, pages);
}

}  // namespace atlas::report::document
