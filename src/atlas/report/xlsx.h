// Result tables as an Excel workbook (.xlsx), for people who paste them into reports: one sheet
// per table, a bold frozen header of column titles, numbers as numbers in the units the titles
// name (value / Column::scale, as the terminal shows), a missing value as an empty cell, never 0.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "atlas/report/table.h"

namespace atlas::report {

// A workbook at `path`, written sheet by sheet and row by row, for tables too large to hold (a
// year's enterprises). The file appears complete at close() or not at all: it is written beside
// `path` and renamed into place; without close() it is removed. Rows stream to a temporary file
// as written (libxlsxwriter's constant memory mode), so text is stored in its cells, not in a
// shared-string table. Sheet names are made valid for Excel (see xlsx_sheet_name) and unique;
// each sheet has a bold frozen header of the column titles, and its notes go under its data
// after a blank row. Throws atlas::Error (kBadInput) naming the path when it cannot be written,
// or the sheet, row and column of a value Excel cannot hold.
class XlsxWriter {
 public:
  explicit XlsxWriter(const std::string& path);
  ~XlsxWriter();
  XlsxWriter(const XlsxWriter&) = delete;
  XlsxWriter& operator=(const XlsxWriter&) = delete;

  // Starts a sheet, ending the one before.
  void sheet(const std::string& name, const std::vector<Column>& columns);
  void row(const std::vector<Cell>& cells);
  // Ends the sheet with these lines under its data.
  void notes(const std::vector<std::string>& notes);
  void close();

 private:
  [[noreturn]] void cannot(const std::string& why);
  struct State;
  std::unique_ptr<State> s_;
};

// Writes `sheets` (sheet name, table) as one workbook at `path`, replacing any file there,
// through an XlsxWriter.
void write_xlsx(const std::string& path,
                const std::vector<std::pair<std::string, const Table*>>& sheets);

// `name` as Excel accepts it: []:*?/\ replaced by "_", no apostrophe at either end, at most 31
// characters (never splitting one), "Sheet" when nothing is left, "History" (reserved) renamed.
std::string xlsx_sheet_name(std::string_view name);

}  // namespace atlas::report
