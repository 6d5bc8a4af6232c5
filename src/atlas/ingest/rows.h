// A source of rows of text cells, whatever the file format (CSV, TSV, an XLSX sheet), so that
// column mapping, validation and import are written once.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace atlas::ingest {

class RowSource {
 public:
  virtual ~RowSource() = default;
  // Reads the next row into `cells` (UTF-8 text, one per column, "" for an empty cell); false at
  // the end. Throws atlas::Error (kBadInput) naming source() and the row when the file is broken.
  virtual bool next(std::vector<std::string>& cells) = 0;
  // Where the last row returned starts, 1-based: the line in a CSV, the row number in a sheet.
  virtual std::int64_t line() const = 0;
  // The name used in messages: the file name, plus the sheet for a workbook.
  virtual const std::string& source() const = 0;
};

}  // namespace atlas::ingest
