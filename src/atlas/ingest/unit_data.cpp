#include "atlas/ingest/unit_data.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/file_rows.h"

namespace atlas::ingest {
namespace {

bool is_group(const std::string& header) {
  auto f = header_key(header);
  return f == "group" || f == "分组" || (f.size() > 5 && f.ends_with("group"));
}

}  // namespace

int UnitData::column(const std::string& name) const {
  auto it = std::find(columns.begin(), columns.end(), name);
  return it == columns.end() ? -1 : static_cast<int>(it - columns.begin());
}

UnitData read_unit_data(const std::string& path, const std::string& sheet,
                        std::optional<Encoding> encoding) {
  FileRows file(path, sheet, encoding);
  auto& rows = file.rows();
  UnitData out;
  out.source = rows.source();
  auto is_code = [](const std::string& h) {
    return header_is(h, {"unit", "uCode", "code", "unit_code", "单元", "代码", "编码"});
  };
  // The header: the first row with a unit column among the first rows — a title may stand above
  // it. The rows read after it are data.
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> head;
  std::vector<std::string> cells;
  std::vector<std::size_t> nonblank;  // indexes into head
  bool found = false;
  while (!found && nonblank.size() < kHeaderSearchRows && rows.next(cells)) {
    head.emplace_back(rows.line(), cells);
    if (is_blank_row(cells)) continue;
    nonblank.push_back(head.size() - 1);
    found = std::any_of(cells.begin(), cells.end(), is_code);
  }
  if (nonblank.empty()) {
    throw Error(ErrorKind::kBadInput, "the file is empty", {out.source, 1, "", ""});
  }
  const std::size_t at = found ? nonblank.back() : nonblank.front();
  const std::vector<std::string> header = head[at].second;
  const std::int64_t header_line = head[at].first;
  if (at != nonblank.front()) {
    out.notes.push_back(header_found_note(out.source, head[nonblank.front()].first, header_line));
  }

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
    if (code_col < 0 && is_code(h)) {
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
  std::vector<std::int64_t> totals;
  // Each row: those read with the header first, then the rest of the file.
  std::int64_t line = 0;
  auto next = [&, i = at + 1]() mutable {
    if (i < head.size()) {
      line = head[i].first;
      cells = std::move(head[i++].second);
      return true;
    }
    if (!rows.next(cells)) return false;
    line = rows.line();
    return true;
  };
  while (next()) {
    if (is_blank_row(cells)) {
      continue;  // a blank line at the end of a sheet
    }
    // A row of totals (合计) is not a unit: ranked with the others it would come first.
    if (!total_row_word(cells, code_col).empty() ||
        (name_col >= 0 && !total_row_word(cells, name_col).empty())) {
      totals.push_back(line);
      continue;
    }
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
  if (!totals.empty()) {
    out.notes.push_back(fmt::format("{}, {} {}: skipped, {}", out.source,
                                    totals.size() == 1 ? "row" : "rows", fmt::join(totals, ", "),
                                    totals.size() == 1 ? "a total row" : "total rows"));
  }
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
