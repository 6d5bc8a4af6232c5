#include "atlas/ingest/values.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

bool is_id(const std::string& header) {
  return header_is(header, {"id", "code", "unit", "region", "代码", "编码", "地区"});
}

}  // namespace

UnitValues read_unit_values(const std::string& path, const std::string& wanted, bool need_points) {
  FileRows file(path, "", std::nullopt);
  // The header is the first row with an id column: a title may stand above it.
  TableRows rows(file.rows(), [](const std::vector<std::string>& cells) {
    return std::any_of(cells.begin(), cells.end(), is_id);
  });
  UnitValues u;
  u.source = rows.source();
  const std::vector<std::string>& header = rows.header();
  const std::int64_t header_line = rows.header_line();
  int id = -1, lat = -1, lon = -1, x = -1, y = -1, var = -1;
  std::vector<int> candidates;
  for (int c = 0; c < static_cast<int>(header.size()); ++c) {
    const auto& h = header[c];
    if (!wanted.empty() && (text::trim(h) == wanted || header_key(h) == header_key(wanted))) {
      var = c;
    } else if (id < 0 && is_id(h)) {
      id = c;
    } else if (header_is(h, {"lat", "latitude", "纬度"})) {
      lat = c;
    } else if (header_is(h, {"lon", "lng", "long", "longitude", "经度"})) {
      lon = c;
    } else if (header_is(h, {"x"})) {
      x = c;
    } else if (header_is(h, {"y"})) {
      y = c;
    } else if (!header_is(h, {"name", "名称"}) && !text::trim(h).empty()) {
      candidates.push_back(c);
    }
  }
  if (id < 0) {
    throw Error(ErrorKind::kBadInput, "no id column: name one column id (or code, 代码)",
                {u.source, header_line, "", ""});
  }
  if (var < 0 && !wanted.empty()) {
    throw Error(ErrorKind::kBadInput, fmt::format("no column '{}' for --variable", wanted),
                {u.source, header_line, "", ""});
  }
  if (var < 0) {
    if (candidates.size() != 1) {
      std::vector<std::string> names;
      for (int c : candidates) names.push_back(header[c]);
      throw Error(ErrorKind::kBadInput,
                  candidates.empty()
                      ? std::string("no variable column besides the id and coordinates")
                      : fmt::format("several variable columns ({}): choose one with --variable",
                                    fmt::join(names, ", ")),
                  {u.source, header_line, "", ""});
    }
    var = candidates[0];
  }
  u.variable = text::trim(header[var]);
  int px = -1, py = -1;
  if (lat >= 0 && lon >= 0) {
    px = lon, py = lat;
    u.metric = discover::Metric::kGreatCircle;
  } else if (x >= 0 && y >= 0) {
    px = x, py = y;
  }
  u.has_points = px >= 0;
  if (need_points && !u.has_points) {
    throw Error(ErrorKind::kBadInput,
                "knn and band weights need lat and lon (degrees) or x and y columns",
                {u.source, header_line, "", ""});
  }

  std::map<std::string, std::int64_t> seen;
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) {
    if (rows.total(cells, line, {id})) continue;
    auto cell = [&](int c) {
      return c < static_cast<int>(cells.size()) ? text::trim(cells[c]) : "";
    };
    auto number = [&](int c, bool required) {
      auto t = cell(c);
      if (is_missing_text(t)) {
        if (!required) return std::numeric_limits<double>::quiet_NaN();
        throw Error(ErrorKind::kBadInput,
                    "the value is missing: spatial statistics need every unit's value (leave the "
                    "unit out or fill the gap)",
                    {u.source, line, header[c], ""});
      }
      auto v = parse_plain_number(t);
      if (!v) {
        throw Error(ErrorKind::kBadInput, fmt::format("'{}' is not a number", t),
                    {u.source, line, header[c], ""});
      }
      return *v;
    };
    std::string unit = cell(id);
    if (unit.empty())
      throw Error(ErrorKind::kBadInput, "the id is empty", {u.source, line, header[id], ""});
    if (auto [it, fresh] = seen.emplace(unit, line); !fresh) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("unit '{}' appears again (first on row {})", unit, it->second),
                  {u.source, line, header[id], ""});
    }
    u.ids.push_back(unit);
    u.lines.push_back(line);
    u.values.push_back(number(var, true));
    if (u.has_points) u.points.push_back({number(px, need_points), number(py, need_points)});
  }
  if (u.ids.size() < 3) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("{}: spatial statistics need at least 3",
                            u.ids.empty() ? std::string("no unit")
                                          : "only " + text::counted(u.ids.size(), "unit", "units")),
                {u.source, 0, "", ""});
  }
  u.notes = rows.notes();
  return u;
}

}  // namespace atlas::ingest
