// libFuzzer harness: an import's header and cells as offices type them, over any bytes read as
// CSV. The header is looked for among the first rows and bound for every kind of import (or
// refused with atlas::Error); every cell goes through the number, year, credit-code and total-row
// readers, which must keep their contracts: finite numbers, four-digit years, canonical codes
// that stay canonical, a code "Excel turned into a number" that is one, a total word from the row.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/csv.h"
#include "atlas/ingest/header_text.h"
#include "atlas/ingest/text_input.h"

namespace {

using atlas::ingest::FieldSpec;

void check_cell(const std::string& cell) {
  using namespace atlas::ingest;
  std::string why;
  if (auto n = parse_number(cell, &why)) {
    if (!std::isfinite(*n) || !why.empty()) std::abort();
  }
  if (auto y = parse_year(cell, &why)) {
    if (*y < 0 || *y > 9999) std::abort();
  }
  if (halfwidth(cell).size() > cell.size()) std::abort();  // folding never lengthens text
  std::string code = cell;
  canonical_credit_code(code);
  std::string again = code;
  if (canonical_credit_code(again)) std::abort();  // canonical once is canonical for good
  if (is_excel_number(cell) && !parse_number(atlas::text::trim_view(cell))) std::abort();
  for (const auto& reading : read_header_text(cell).readings) {
    if (reading.name.size() > 4 * cell.size() + 16) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace atlas::ingest;
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  std::vector<std::vector<std::string>> rows;
  try {
    TextInput input(in, "fuzz.csv", std::nullopt);
    CsvReader reader(input);
    std::vector<std::string> cells;
    while (rows.size() < 64 && reader.next(cells)) rows.push_back(cells);
  } catch (const atlas::Error&) {
  }
  for (const auto& row : rows) {
    for (const auto& cell : row) check_cell(cell);
    std::string word = total_row_word(row, static_cast<int>(row.size()) - 1);
    if (!word.empty() && word != atlas::text::trim(row.back())) {
      bool in_row = false;
      for (const auto& cell : row) in_row = in_row || atlas::text::trim(cell) == word;
      if (!in_row) std::abort();  // the word comes from the row, as written
    }
  }
  const std::vector<FieldSpec>* kinds[] = {&enterprise_fields(), &cluster_report_fields(),
                                           &platform_fields(), &institution_fields(),
                                           &alliance_fields()};
  std::vector<std::vector<std::string>> head(
      rows.begin(),
      rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), kHeaderSearchRows)));
  for (const auto* fields : kinds) {
    if (head.empty()) break;
    std::size_t at = find_header_row(head, *fields, nullptr);
    if (at >= head.size()) std::abort();
    try {
      auto m = map_header(head[at], *fields, nullptr, "fuzz.csv", static_cast<std::int64_t>(at) + 1,
                          2024);
      for (const auto& b : m.bindings) {
        if (b.column < 0 || b.column >= static_cast<int>(head[at].size())) std::abort();
        if (!(b.factor > 0) || !std::isfinite(b.factor)) std::abort();
        if (b.year != 0 && b.year != 2024) std::abort();  // another year's column is left out
      }
    } catch (const atlas::Error& e) {
      if (e.where().row != static_cast<std::int64_t>(at) + 1) std::abort();
    }
  }
  return 0;
}
