// Result tables as an Excel workbook (.xlsx), for people who paste them into reports: one sheet
// per table, a bold frozen header of column titles, numbers as numbers in the units the titles
// name (value / Column::scale, as the terminal shows), a missing value as an empty cell, never 0.
#pragma once
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atlas/report/table.h"

namespace atlas::report {

// Writes `sheets` (sheet name, table) as one workbook at `path`, replacing any file there. The
// file appears complete or not at all: it is written beside `path` and renamed into place. Rows
// stream to a temporary file as written (libxlsxwriter's constant memory mode), so text is
// stored in its cells, not in a shared-string table.
// Sheet names are made valid for Excel (see xlsx_sheet_name) and unique. The table's notes go
// under its data after a blank row. Throws atlas::Error (kBadInput) naming the path when it
// cannot be written, or the sheet, row and column of a value Excel cannot hold.
void write_xlsx(const std::string& path,
                const std::vector<std::pair<std::string, const Table*>>& sheets);

// `name` as Excel accepts it: []:*?/\ replaced by "_", no apostrophe at either end, at most 31
// characters (never splitting one), "Sheet" when nothing is left, "History" (reserved) renamed.
std::string xlsx_sheet_name(std::string_view name);

}  // namespace atlas::report
