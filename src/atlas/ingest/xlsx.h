// Reads one sheet of an .xlsx workbook as rows of text, as the clerk saw them (shared, inline and
// rich strings, shortest exact numbers, dates as YYYY-MM-DD, cached formula results), inflating and
// parsing row by row: memory is the shared strings plus one row. Bad files are kBadInput errors.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "atlas/ingest/rows.h"

namespace atlas::ingest {

// Limits against hostile files: a ZIP part that would inflate past this is refused, as is a row
// with a cell beyond Excel's last column (XFD) or a row number beyond Excel's last row.
inline constexpr std::uint64_t kMaxXlsxPartBytes = 512ull << 20;
inline constexpr int kMaxXlsxColumns = 16384;
inline constexpr std::int64_t kMaxXlsxRows = 1048576;

class XlsxSheetReader final : public RowSource {
 public:
  // Opens `sheet` of the workbook at `path` (empty = the first worksheet); an exact name is
  // preferred, else one that differs only in ASCII case. Throws atlas::Error (kBadInput) when
  // the file cannot be read as a workbook or the sheet does not exist (listing those that do).
  XlsxSheetReader(const std::string& path, const std::string& sheet);
  ~XlsxSheetReader() override;
  XlsxSheetReader(const XlsxSheetReader&) = delete;
  XlsxSheetReader& operator=(const XlsxSheetReader&) = delete;

  // The next row that has at least one non-empty cell, with "" for gaps and no trailing empty
  // cells; rows with nothing in them are skipped. Throws on an Excel error value (#DIV/0!), a
  // formula never computed (no value, or an empty one that is not text), or a malformed cell,
  // naming the column by the header: the first row, or a fuller row of text below it among the
  // first 10 (the header under a merged title).
  bool next(std::vector<std::string>& cells) override;
  // The Excel row number of the last row returned (skipped rows are counted).
  std::int64_t line() const override;
  // "file.xlsx[Sheet1]".
  const std::string& source() const override;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The workbook's sheet names in the order Excel shows their tabs.
std::vector<std::string> xlsx_sheet_names(const std::string& path);

// The sheet as a RowSource; see XlsxSheetReader.
std::unique_ptr<RowSource> open_xlsx_sheet(const std::string& path, const std::string& sheet);

// The text a number cell shows as data, without its display format: the shortest form that reads
// back to the same double, integers without ".0" ("45292", "0.1", "1E+20" → "1e+20").
std::string xlsx_number_text(double v);

// The date of an Excel serial number, "YYYY-MM-DD" plus " HH:MM:SS" when it has a time of day
// (rounded to the second), or only "HH:MM:SS" for a time with no date in the 1900 system. In the
// 1900 system serial 60 is Excel's fictitious 1900-02-29; `date1904` selects the Mac system.
// "" when the serial is before the system's start or after 9999-12-31.
std::string xlsx_serial_date(double serial, bool date1904);

// True when an Excel number format shows a date or time. A format code, when the workbook gives
// one, decides: y/m/d/h/s outside quotes and [colour/locale] brackets. Without a code, the
// built-in ids 14–22, 45–47 and the East Asian (zh-CN, ja-JP…) built-ins 27–36, 50–58 are dates.
bool xlsx_is_date_format(int num_fmt_id, const std::string& custom_code);

// "A" for column 1, "XFD" for 16384.
std::string xlsx_column_name(int column);

}  // namespace atlas::ingest
