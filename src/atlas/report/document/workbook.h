#pragma once
// A report's tables as one Excel workbook, for people who take its figures further: each
// TableBlock with a sheet name becomes a sheet, in document order, with the numbers as numbers in
// the units the column titles name (report::XlsxWriter).
#include <string>

#include "atlas/report/document/document.h"

namespace atlas::report::document {

// Writes the workbook at `path`, whole or absent. Each sheet has the table's header and rows,
// then, after a blank row, the table's caption and its notes (the header stays in row 1, frozen,
// so the sheet still reads as a table). Sheet names are made valid and unique as
// report::xlsx_sheet_name does. A document with no table for the workbook still gets one: a sheet
// named after the title, headed by the title, listing the cover lines and saying that the report
// has no tables — so a report command writes every file it was asked for, and whoever opens the
// workbook learns why it holds no data. Throws atlas::Error (kBadInput) naming `path` when it
// cannot be written.
void write_workbook(const Document& doc, const std::string& path);

}  // namespace atlas::report::document
