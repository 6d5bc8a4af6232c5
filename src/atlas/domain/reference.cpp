#include "atlas/domain/reference.h"

#include <algorithm>
#include <cctype>

namespace atlas::domain {
namespace {
bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}
}  // namespace

const Province* find_province(const std::vector<Province>& provinces, std::string_view query) {
  for (const auto& p : provinces) {
    if (p.code == query || p.name_zh == query || p.short_zh == query || iequals(p.name_en, query)) {
      return &p;
    }
  }
  return nullptr;
}

}  // namespace atlas::domain
