// A wide table of units to evaluate without a database (`evaluate --data`): one row per unit —
// a cluster, a zone, a country — with its code, optional name and group columns, then one numeric
// column per indicator or field. Reads our layout (unit, name, group, …) and COINr's iData
// (uCode, uName, *_group, Time, …), as CSV, TSV or XLSX, UTF-8 or GBK.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "atlas/evaluate/matrix.h"
#include "atlas/ingest/encoding.h"

namespace atlas::ingest {

struct UnitData {
  std::string source;  // file name, for messages
  std::vector<std::string> codes, names;
  std::vector<std::string> group_columns;        // as headed in the file
  std::vector<std::vector<std::string>> groups;  // [group column][unit]
  std::vector<std::string> columns;              // numeric columns, in file order
  evaluate::Matrix values;                       // units × columns, NaN = not reported
  std::vector<int> lines;                        // where each unit's row is, for messages
  std::vector<std::string> notes;  // a title skipped above the header, total rows skipped

  // The index of a numeric column, or -1.
  int column(const std::string& name) const;
};

// The header is the first row with a unit column among the first 10 (a title may stand above
// it); rows of totals (合计, 小计 … in the unit or name column) are skipped, each with a note.
// Numbers are read as offices type them (cells.h: 1,234.5, full-width digits, (1,871.0)).
// Throws atlas::Error (kBadInput) naming file, row and column: no unit column, an empty or
// repeated unit code, a cell that is not a number, a file with no units. A year column (year,
// Time, 年份) is read as a column like the others.
UnitData read_unit_data(const std::string& path, const std::string& sheet = "",
                        std::optional<Encoding> encoding = std::nullopt);

// Whether the file is such a table: a unit column among its first rows (else it is some other
// form, e.g. an application's JQ01 figures). Throws as read_unit_data for a file it cannot read.
bool has_unit_column(const std::string& path, const std::string& sheet = "",
                     std::optional<Encoding> encoding = std::nullopt);

}  // namespace atlas::ingest
