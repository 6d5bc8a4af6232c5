// A result table as people receive it: aligned text for the terminal (CJK by display width),
// CSV for Excel (RFC 4180, optional UTF-8 BOM) and JSON for programs. Cells are typed, so a
// missing number is an empty cell / "—" / null, never 0.
#pragma once
#include <cmath>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <variant>
#include <vector>

namespace atlas::report {

using Cell = std::variant<std::monostate, std::string, std::int64_t, double>;

struct Column {
  std::string key;      // CSV header and JSON field: stable, English, snake_case
  std::string title;    // terminal header: what the user reads (Chinese where fitting)
  int decimals = -1;    // for doubles shown in the terminal; -1 = as is
  bool right = false;   // right-align (numbers)
  double scale = 1;     // terminal shows value / scale (e.g. 元 → 亿元 with 1e8)
  bool grouped = true;  // thousands separators in the terminal; off for years and ids
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> notes;  // lines printed under a terminal table (e.g. "synthetic data")

  void add_row(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

// A figure as a cell: empty when it is missing (nullopt or NaN), never 0.
inline Cell cell(double v) {
  if (std::isnan(v)) return {};
  return v;
}
inline Cell cell(std::int64_t v) {
  return v;
}
template <typename T>
Cell cell(const std::optional<T>& v) {
  return v ? cell(*v) : Cell{};
}
// A head count kept as a double (staff, patents): an integer cell when it is whole, so JSON
// carries 1200 rather than 1200.0 and tables show no decimals; missing stays empty.
Cell count_cell(const std::optional<double>& v);

enum class Format { kTable, kCsv, kJson };

// Parses "table" | "csv" | "json"; throws atlas::Error (kUsage) otherwise.
Format parse_format(const std::string& s);

// A CSV or JSON table written row by row, for results too large to hold at once (a year's
// enterprises): the same bytes as write_csv and write_json give for the whole table.
class RowWriter {
 public:
  // Writes the CSV header (after the BOM if asked), or the JSON document's opening.
  RowWriter(std::ostream& out, std::vector<Column> columns, Format format, bool bom = false);
  void row(const std::vector<Cell>& cells);
  // Closes the JSON document, with the notes; CSV carries no notes.
  void finish(const std::vector<std::string>& notes = {});

 private:
  std::ostream& out_;
  std::vector<Column> columns_;
  Format format_;
  std::vector<std::string> fields_;
  std::size_t rows_ = 0;
};

void write_table(std::ostream& out, const Table& t);
void write_csv(std::ostream& out, const Table& t, bool bom = false);
void write_json(std::ostream& out, const Table& t);
void write(std::ostream& out, const Table& t, Format format);

// One CSV record (RFC 4180 quoting) with its CRLF.
std::string csv_record(const std::vector<std::string>& fields);

// A cell as the terminal table shows it, and as reports print it: in the column's unit
// (value / scale), with its decimals and thousands separators; "—" when missing.
std::string display_text(const Cell& cell, const Column& col);

// "1,234,567.89": thousands separators, fixed decimals.
std::string format_number(double v, int decimals);

}  // namespace atlas::report
