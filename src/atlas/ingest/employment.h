// The employment file of `clusteratlas specialise`: one row per region × category (× year,
// × region level) with employment, establishments and optionally wages and traded/local type,
// headers in English or Chinese. Every row is checked; the first bad one is refused with its
// file, row and column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/discover/specialise.h"

namespace atlas::ingest {

struct EmploymentFile {
  std::vector<discover::EmploymentRow> rows;
  std::vector<std::int64_t> lines;
  bool has_wages = false;
  std::vector<std::string> notes;  // a title skipped above the header, total rows skipped
};

// Reads and checks the file (CSV, TSV or XLSX; UTF-8 or GB18030). The header is the first row
// naming a region and a category column among the first 10 (a title may stand above it); blank
// rows and rows of totals (合计, 小计 … first, or as the region or the category) are skipped —
// counted as a region or a category they would double every total — and `notes` says so. Throws
// atlas::Error (kBadInput) for a missing required column, two columns for one field, an empty
// region or category, a number that is not a number or is negative, an unknown type, a year
// outside 1900–2200, the same region and category twice in one level and year, or no rows.
EmploymentFile read_employment(const std::string& path);

}  // namespace atlas::ingest
