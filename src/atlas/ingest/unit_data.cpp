#include "atlas/ingest/unit_data.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/table_rows.h"

namespace atlas::ingest {
namespace {

bool is_group(const std::string& header) {
  auto f = header_key(header);
  return f == "group" || f == "分组" || (f.size() > 5 && f.ends_with("group"));
}

bool is_unit_code(const std::string& h) {
  return header_is(h, {"unit", "uCode", "code", "unit_code", "单元", "代码", "编码"});
}

bool has_code(const std::vector<std::string>& cells) {
  return std::any_of(cells.begin(), cells.end(), is_unit_code);
}

}  // namespace

bool has_unit_column(const std::string& path, const std::string& sheet,
                     std::optional<Encoding> encoding) {
  FileRows file(path, sheet, encoding);
  TableRows rows(file.rows(), has_code);
  return has_code(rows.header());
}

int UnitData::column(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

UnitData read_unit_data(const std::string& path, const std::string& sheet,
                        std::optional<Encoding> encoding) {
  FileRows file(path, sheet, encoding);
  // The header: the first row with a unit column among the first rows — a title may stand above
  // it.
  TableRows rows(file.rows(), has_code);
  UnitData out;
  out.source = rows.source();
  const std::vector<std::string>& header = rows.header();
  const std::int64_t header_line = rows.header_line();

  int code_col = -1, name_col = -1;
  std::vector<int> group_cols, value_cols;
  std::set<std::string> seen;
  for (int c = 0; c < static_cast<int>(header.size()); ++c) {
    const std::string h = text::trim(header[c]);
    if (h.empty()) continue;
    if (!seen.insert(h).second) {
      throw Error(ErrorKind::kBadInput, fmt::format("column '{}' appears twice", h),
                  {out.source, header_line, h, ""});
    }
    if (code_col < 0 && is_unit_code(h)) {
      code_col = c;
    } else if (name_col < 0 && header_is(h, {"name", "uName", "unit_name", "名称", "集群名称"})) {
      name_col = c;
    } else if (is_group(h)) {
      group_cols.push_back(c);
      out.group_columns.push_back(h);
    } else {
      value_cols.push_back(c);
      out.columns.push_back(h);
    }
  }
  if (code_col < 0) {
    throw Error(ErrorKind::kBadInput,
                "no unit column: name one column unit (or uCode, code, 代码) with each unit's code",
                {out.source, header_line, "", ""});
  }
  out.groups.resize(group_cols.size());

  std::vector<double> values;
  std::set<std::string> codes;
  std::vector<std::string> cells;
  std::int64_t line = 0;
  while (rows.next(cells, line)) {
    // A row of totals (合计) is not a unit: ranked with the others it would come first.
    if (rows.total(cells, line, {code_col, name_col})) continue;
    auto cell = [&](int c) {
      return c < static_cast<int>(cells.size()) ? text::trim(cells[c]) : "";
    };
    std::string code = cell(code_col);
    if (code.empty()) {
      throw Error(ErrorKind::kBadInput, "the unit code is empty",
                  {out.source, line, header[code_col], ""});
    }
    if (!codes.insert(code).second) {
      throw Error(ErrorKind::kBadInput, fmt::format("unit '{}' appears twice", code),
                  {out.source, line, header[code_col], ""});
    }
    out.codes.push_back(code);
    out.names.push_back(name_col >= 0 ? cell(name_col) : code);
    out.lines.push_back(static_cast<int>(line));
    for (std::size_t g = 0; g < group_cols.size(); ++g)
      out.groups[g].push_back(cell(group_cols[g]));
    for (int c : value_cols) {
      std::string v = cell(c);
      if (is_missing_text(v)) {
        values.push_back(evaluate::kMissing);
        continue;
      }
      std::string why;
      auto number = parse_number(v, &why);
      if (!number) {
        throw Error(ErrorKind::kBadInput,
                    fmt::format("'{}' is not a number{}{}", v, why.empty() ? "" : ": ", why),
                    {out.source, line, header[c], ""});
      }
      values.push_back(*number);
    }
  }
  out.notes = rows.notes();
  if (out.codes.empty()) {
    throw Error(ErrorKind::kBadInput, "the file has a header but no units",
                {out.source, 0, "", ""});
  }
  out.values.rows = out.codes.size();
  out.values.cols = out.columns.size();
  out.values.data = std::move(values);
  return out;
}

}  // namespace atlas::ingest
