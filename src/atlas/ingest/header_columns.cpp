#include "atlas/ingest/header_columns.h"

#include "atlas/core/text.h"

namespace atlas::ingest {

std::vector<int> pick_columns(const std::vector<std::string>& header,
                              std::initializer_list<HeaderTest> tests) {
  std::vector<int> picked(tests.size(), -1);
  for (int c = 0; c < static_cast<int>(header.size()); ++c) {
    const auto& h = header[static_cast<std::size_t>(c)];
    std::size_t i = 0;
    for (const auto& test : tests) {
      if (picked[i] < 0 && test(h)) {
        picked[i] = c;
        break;
      }
      ++i;
    }
  }
  return picked;
}

std::string cell_at(const std::vector<std::string>& cells, int column) {
  if (column < 0 || column >= static_cast<int>(cells.size())) return {};
  return text::trim(cells[static_cast<std::size_t>(column)]);
}

}  // namespace atlas::ingest
