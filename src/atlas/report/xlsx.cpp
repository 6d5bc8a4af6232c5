#include "atlas/report/xlsx.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::report {
namespace {

constexpr double kMinColumnWidth = 6;
constexpr double kMaxColumnWidth = 60;
constexpr std::size_t kMaxSheetNameChars = 31;
constexpr std::size_t kMaxCellChars = 32767;
constexpr std::int64_t kMaxRows = 1048576;
constexpr std::size_t kMaxColumns = 16384;
// Excel holds numbers as doubles: a larger integer would silently lose its last digits.
constexpr std::int64_t kMaxExactInteger = std::int64_t{1} << 53;

// Length in bytes of the UTF-8 character starting with `lead`; 0 for a byte that cannot start one.
std::size_t utf8_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Excel refuses a whole file over one invalid byte, so each is replaced by U+FFFD.
std::string valid_utf8(std::string_view s) {
  if (text::is_valid_utf8(s)) return std::string(s);
  std::string out;
  std::size_t i = 0;
  while (i < s.size()) {
    std::size_t n = utf8_length(static_cast<unsigned char>(s[i]));
    if (n > 0 && i + n <= s.size() && text::is_valid_utf8(s.substr(i, n))) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xEF\xBF\xBD";
      ++i;
    }
  }
  return out;
}

// Excel reads "_xHHHH_" in a cell as an escaped character, so a literal one is written with its
// underscore escaped ("_x005F_xHHHH_"); libxlsxwriter escapes only control characters.
std::string escape_ooxml_literals(std::string s) {
  auto is_hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  for (std::size_t i = s.find("_x"); i != std::string::npos; i = s.find("_x", i + 1)) {
    if (i + 7 <= s.size() && s[i + 6] == '_' && is_hex(s[i + 2]) && is_hex(s[i + 3]) &&
        is_hex(s[i + 4]) && is_hex(s[i + 5])) {
      s.insert(i + 1, "x005F_");
      i += 6;
    }
  }
  return s;
}

std::size_t count_chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Excel compares sheet names ignoring case; ASCII folding is what libxlsxwriter checks too.
std::string fold_case(std::string s) {
  for (char& c : s) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return s;
}

// `name` cut to `max_chars` characters, on a character boundary.
std::string cut(const std::string& name, std::size_t max_chars) {
  std::size_t chars = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80 && chars++ == max_chars) {
      return name.substr(0, i);
    }
  }
  return name;
}

std::string unique_sheet_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name = wanted;
  for (int n = 2; used.count(fold_case(name)) > 0; ++n) {
    std::string suffix = fmt::format(" ({})", n);
    name = cut(wanted, kMaxSheetNameChars - suffix.size()) + suffix;
  }
  used.insert(fold_case(name));
  return name;
}

// What Excel shows for a number in a format, to size the column.
int shown_width(double v, const std::string& format, int decimals) {
  if (format == "General") return std::min<int>(11, static_cast<int>(fmt::format("{}", v).size()));
  bool grouped = format.starts_with("#,##0");
  std::string s = grouped ? format_number(v, decimals) : fmt::format("{:.{}f}", v, decimals);
  return static_cast<int>(s.size());
}

int text_width(const std::string& s) {
  int widest = 0;
  std::size_t start = 0;
  while (start <= s.size()) {
    auto end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    widest = std::max(widest, text::display_width(std::string_view(s).substr(start, end - start)));
    start = end + 1;
  }
  return widest;
}

// One sheet at a time: its header, then its rows as they come, then its notes.
class SheetWriter {
 public:
  SheetWriter(lxw_workbook* wb, const std::string& path) : wb_(wb), path_(path) {
    bold_ = workbook_add_format(wb_);
    format_set_bold(bold_);
  }

  void begin(const std::string& name, const std::vector<Column>& columns) {
    name_ = name;
    columns_ = columns;
    if (columns_.size() > kMaxColumns) {
      fail(0, "",
           fmt::format("the table has {} columns; an Excel sheet holds at most {}", columns_.size(),
                       kMaxColumns));
    }
    sheet_ = workbook_add_worksheet(wb_, name.c_str());
    if (sheet_ == nullptr) fail(0, "", "Excel does not accept this sheet name");
    widths_.clear();
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      const Column& col = columns_[c];
      std::string title = col.title.empty() ? col.key : col.title;
      write_string(0, c, title, bold_);
      widths_.push_back(text_width(title) + 1);  // bold is a little wider
    }
    next_row_ = 1;
  }

  void row(const std::vector<Cell>& cells) {
    if (next_row_ >= static_cast<std::size_t>(kMaxRows)) {
      fail(0, "", fmt::format("the table has more rows than an Excel sheet holds ({})", kMaxRows));
    }
    for (std::size_t c = 0; c < columns_.size() && c < cells.size(); ++c) {
      widths_[c] = std::max(widths_[c], write_cell(next_row_, c, cells[c], columns_[c]));
    }
    ++next_row_;
  }

  void end(const std::vector<std::string>& notes) {
    auto rows_needed = static_cast<std::int64_t>(next_row_) +
                       (notes.empty() ? 0 : 1 + static_cast<std::int64_t>(notes.size()));
    if (rows_needed > kMaxRows) {
      fail(0, "",
           fmt::format("the table needs {} rows; an Excel sheet holds at most {}", rows_needed,
                       kMaxRows));
    }
    for (std::size_t c = 0; c < widths_.size(); ++c) {
      double width = std::clamp(widths_[c] + 2.0, kMinColumnWidth, kMaxColumnWidth);
      check(worksheet_set_column(sheet_, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                                 width, nullptr),
            0, c);
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    // Notes flow across the empty cells to their right, so they do not widen column A.
    std::size_t at = next_row_ + 1;
    for (const auto& note : notes) write_string(at++, 0, note, nullptr);
  }

 private:
  // Writes one cell and returns the width its text needs.
  int write_cell(std::size_t r, std::size_t c, const Cell& cell, const Column& col) {
    if (const auto* s = std::get_if<std::string>(&cell)) {
      write_string(r, c, *s, nullptr);
      return text_width(*s);
    }
    double value = 0;
    bool integer = false;
    if (const auto* i = std::get_if<std::int64_t>(&cell)) {
      if (col.scale == 1 && (*i > kMaxExactInteger || *i < -kMaxExactInteger)) {
        // Kept as text rather than rounded: an id or a code must keep every digit.
        std::string digits = std::to_string(*i);
        write_string(r, c, digits, nullptr);
        return static_cast<int>(digits.size());
      }
      value = static_cast<double>(*i);
      integer = col.scale == 1;
    } else if (const auto* d = std::get_if<double>(&cell)) {
      value = *d;
    } else {
      return 0;  // missing: an empty cell, never 0
    }
    value /= col.scale;
    if (!std::isfinite(value)) return 0;  // NaN is "missing" in a table; Excel has no NaN
    int decimals = integer ? 0 : col.decimals;
    std::string format;
    if (integer) {
      format = col.grouped ? "#,##0" : "0";
    } else if (decimals < 0) {
      format = "General";
    } else {
      decimals = std::min(decimals, 15);
      format = col.grouped ? "#,##0" : "0";
      if (decimals > 0) format += "." + std::string(static_cast<std::size_t>(decimals), '0');
    }
    check(worksheet_write_number(sheet_, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                 value, number_format(format)),
          r, c);
    return shown_width(value, format, decimals);
  }

  void write_string(std::size_t r, std::size_t c, const std::string& s, lxw_format* format) {
    std::string text = escape_ooxml_literals(valid_utf8(s));
    if (count_chars(text) > kMaxCellChars) {
      fail(r + 1, column_name(c),
           fmt::format("a text of {} characters is longer than an Excel cell holds ({})",
                       count_chars(text), kMaxCellChars));
    }
    check(worksheet_write_string(sheet_, static_cast<lxw_row_t>(r), static_cast<lxw_col_t>(c),
                                 text.c_str(), format),
          r, c);
  }

  lxw_format* number_format(const std::string& code) {
    auto it = formats_.find(code);
    if (it != formats_.end()) return it->second;
    lxw_format* format = workbook_add_format(wb_);
    format_set_num_format(format, code.c_str());
    formats_[code] = format;
    return format;
  }

  static std::string column_name(std::size_t c) {
    std::string out;
    for (std::size_t n = c + 1; n > 0; n = (n - 1) / 26) {
      out.insert(out.begin(), static_cast<char>('A' + (n - 1) % 26));
    }
    return out;
  }

  void check(lxw_error error, std::size_t r, std::size_t c) {
    if (error != LXW_NO_ERROR) fail(r + 1, column_name(c), lxw_strerror(error));
  }

  [[noreturn]] void fail(std::size_t row, const std::string& column, const std::string& message) {
    throw Error(ErrorKind::kBadInput, fmt::format("sheet '{}': {}", name_, message),
                {path_, static_cast<std::int64_t>(row), column, ""});
  }

  lxw_workbook* wb_;
  const std::string& path_;
  std::string name_;
  std::vector<Column> columns_;
  std::vector<int> widths_;
  std::size_t next_row_ = 1;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format* bold_ = nullptr;
  std::map<std::string, lxw_format*> formats_;
};

}  // namespace

std::string xlsx_sheet_name(std::string_view name) {
  std::string out = valid_utf8(name);
  for (char& c : out) {
    if (c != '\0' && std::strchr("[]:*?/\\", c) != nullptr) c = '_';
  }
  out = cut(out, kMaxSheetNameChars);
  if (out.starts_with('\'')) out[0] = '_';
  if (out.ends_with('\'')) out.back() = '_';
  if (text::trim(out).empty()) out = "Sheet";
  if (fold_case(out) == "history") out += "_";  // reserved by Excel for change tracking
  return out;
}

struct XlsxWriter::State {
  explicit State(const std::string& p) : path(p), partial(p + ".partial") {}
  ~State() {
    if (!closed) {
      if (wb) lxw_workbook_free(wb);
      std::error_code ignored;
      std::filesystem::remove(partial, ignored);
    }
  }
  std::string path, partial;
  lxw_workbook* wb = nullptr;
  std::unique_ptr<SheetWriter> writer;
  std::set<std::string> used;  // sheet names, folded
  bool open_sheet = false, closed = false;
};

XlsxWriter::XlsxWriter(const std::string& path) : s_(std::make_unique<State>(path)) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec)) cannot("it is a folder");
  // The workbook goes to a file beside `path` first, so a failure leaves any earlier file intact.
  // Creating it ourselves also catches an unwritable folder before libxlsxwriter would print its
  // own warning to stderr.
  {
    std::ofstream probe(s_->partial, std::ios::binary | std::ios::trunc);
    if (!probe) cannot(std::strerror(errno));
  }
  // Rows go to a temporary file as they are written instead of a tree of every cell. (Strings
  // are then stored in their cells rather than in a shared table; Excel and our reader read
  // both.)
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  s_->wb = workbook_new_opt(s_->partial.c_str(), &options);
  if (s_->wb == nullptr) cannot("out of memory");
  s_->writer = std::make_unique<SheetWriter>(s_->wb, s_->path);
}

XlsxWriter::~XlsxWriter() = default;

void XlsxWriter::sheet(const std::string& name, const std::vector<Column>& columns) {
  if (s_->open_sheet) s_->writer->end({});
  s_->writer->begin(unique_sheet_name(xlsx_sheet_name(name), s_->used), columns);
  s_->open_sheet = true;
}

void XlsxWriter::row(const std::vector<Cell>& cells) {
  s_->writer->row(cells);
}

void XlsxWriter::notes(const std::vector<std::string>& notes) {
  s_->writer->end(notes);
  s_->open_sheet = false;
}

void XlsxWriter::close() {
  if (s_->open_sheet) notes({});
  lxw_workbook* wb = s_->wb;
  s_->wb = nullptr;
  lxw_error error = workbook_close(wb);  // writes the file and frees the workbook, whatever happens
  if (error != LXW_NO_ERROR) cannot(lxw_strerror(error));
  std::error_code ec;
  std::filesystem::rename(s_->partial, s_->path, ec);
  if (ec) cannot(ec.message());
  s_->closed = true;
}

void XlsxWriter::cannot(const std::string& why) {
  throw Error(ErrorKind::kBadInput, "cannot write the workbook: " + why, {s_->path, 0, "", ""});
}

void write_xlsx(const std::string& path,
                const std::vector<std::pair<std::string, const Table*>>& sheets) {
  XlsxWriter w(path);
  for (const auto& [name, table] : sheets) {
    if (table == nullptr) {
      throw Error(ErrorKind::kInternal, "write_xlsx: sheet '" + name + "' has no table");
    }
    w.sheet(name, table->columns);
    for (const auto& row : table->rows) w.row(row);
    w.notes(table->notes);
  }
  w.close();
}

}  // namespace atlas::report
