// The rows of a small table as offices keep it — a title, a 填报单位 line or blank lines above the
// header; blank rows and rows of totals (合计, 小计) among the data — for the readers that are not
// an import (the evaluation's unit table, spatial values, specialise's employment, discover's
// points when they are not plain CSV). Contract: the header is found as the import finds it
// (columns.h), the rows returned are data only, and notes() says in the import's own words what
// was skipped, so a person reads one message whichever verb read the file.
#pragma once
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include "atlas/ingest/rows.h"

namespace atlas::ingest {

class TableRows {
 public:
  // Reads up to kHeaderSearchRows non-blank rows for the header: the first that `is_header`
  // accepts (it names the reader's key column), else the first non-blank row, for the reader to
  // refuse with its own message. Throws atlas::Error (kBadInput) when the file has no row.
  TableRows(RowSource& rows, const std::function<bool(const std::vector<std::string>&)>& is_header);

  const std::vector<std::string>& header() const { return header_; }
  std::int64_t header_line() const { return header_line_; }
  const std::string& source() const { return rows_.source(); }

  // The next row that is not blank and its row number in the file; false at the end.
  bool next(std::vector<std::string>& cells, std::int64_t& line);

  // Whether row `line` is a row of totals — 合计, 小计 … in the first non-empty cell or in one of
  // `name_columns` (cells.h, total_row_word) — to be skipped; notes() then names it.
  bool total(const std::vector<std::string>& cells, std::int64_t line,
             std::initializer_list<int> name_columns);

  // "f.csv: header found on row 3; rows 1–2 skipped (title)", "f.csv, rows 6, 9–10: skipped,
  // total rows ('小计', '合计')": for stderr, as the import prints its notes.
  std::vector<std::string> notes() const;

 private:
  RowSource& rows_;
  std::vector<std::string> header_;
  std::int64_t header_line_ = 0;
  std::string title_note_;
  std::vector<std::pair<std::int64_t, std::vector<std::string>>> ahead_;  // read after the header
  std::size_t next_ahead_ = 0;
  std::vector<std::pair<std::int64_t, std::string>> totals_;  // row, the word as written
};

// The note naming the total rows a reader skipped, as the import words it: "f.csv, row 35:
// skipped, a total row ('合计')"; "" when there are none. `totals` in file order.
std::string total_rows_note(const std::string& source,
                            const std::vector<std::pair<std::int64_t, std::string>>& totals);

}  // namespace atlas::ingest
