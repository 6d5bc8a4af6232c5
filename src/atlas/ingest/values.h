// The values file of `clusteratlas spatial`: one row per unit (a province, a city, a grid cell)
// with its id, one variable and, when the file has them, its coordinates — lat and lon in
// degrees, or planar x and y. Read from CSV, TSV or XLSX (UTF-8 or GB18030) through FileRows and
// checked row by row; the first bad row is refused with its file, row and column.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/discover/weights.h"

namespace atlas::ingest {

struct UnitValues {
  std::string source;
  std::vector<std::string> ids;         // trimmed, non-empty, unique
  std::vector<std::int64_t> lines;      // each unit's row in the file
  std::vector<double> values;           // finite
  std::vector<discover::Point> points;  // one per unit when has_points; NaN where a cell is empty
  bool has_points = false;
  discover::Metric metric = discover::Metric::kPlanar;  // kGreatCircle for lat and lon
  std::string variable;                                 // the variable column's header
  std::vector<std::string> notes;  // a title skipped above the header, total rows skipped
};

// The header is the first row with an id column among the first 10 (a title may stand above
// it); rows of totals (合计, 小计 … first or in the id column) and blank rows are skipped, and
// `notes` says so. Columns (headers matched case- and underscore-blind): the first of id, code,
// unit, region, 代码, 编码, 地区; lat/latitude/纬度 and lon/lng/long/longitude/经度 (preferred) or
// x and y; `variable`, or else the only other column besides name (名称). `need_points`:
// coordinates are required, in the header and in every row. Throws atlas::Error (kBadInput) naming
// the file, row and column for an empty file, no id column, no (or several candidate) variable
// columns, missing coordinate columns when needed, an empty or repeated id, a missing or
// non-numeric value, a non-numeric coordinate (or a missing one when needed), or fewer than 3
// units.
UnitValues read_unit_values(const std::string& path, const std::string& variable, bool need_points);

}  // namespace atlas::ingest
