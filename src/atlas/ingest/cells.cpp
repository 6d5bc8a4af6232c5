#include "atlas/ingest/cells.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include <fmt/format.h>

#include "atlas/core/text.h"
#include "atlas/ingest/xlsx.h"

namespace atlas::ingest {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The whole of s as a double, or nullopt.
std::optional<double> whole_double(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
    return std::nullopt;
  }
  return v;
}

// Digits then a separator-grouped rest, a fraction and an exponent, as ASCII after halfwidth():
// the digits without separators into `out`, or false (and *why) when it is not such a number.
bool plain_digits(std::string_view t, std::string& out, std::string* why) {
  std::size_t i = 0;
  char separator = 0;
  std::size_t group = 0, groups = 0;  // digits in the current group, groups so far
  bool grouping_ok = true;
  for (; i < t.size(); ++i) {
    char c = t[i];
    if (is_digit(c)) {
      out += c;
      ++group;
    } else if ((c == ',' || c == ' ') && group > 0 && (separator == 0 || separator == c)) {
      // The first group may have 1–3 digits, every later one exactly 3.
      if ((groups == 0 && group > 3) || (groups > 0 && group != 3)) grouping_ok = false;
      separator = c;
      ++groups;
      group = 0;
    } else {
      break;
    }
  }
  bool ok = out.size() > 0 && group > 0;
  if (separator != 0 && (group != 3 || !grouping_ok)) ok = false;
  if (ok && i < t.size() && t[i] == '.') {
    out += t[i++];
    std::size_t start = i;
    while (i < t.size() && is_digit(t[i])) out += t[i++];
    ok = i > start || separator == 0;  // "1." is a number, "1,234." is not worth guessing
  }
  if (ok && i < t.size() && (t[i] == 'e' || t[i] == 'E') && separator == 0) {
    out += t[i++];
    if (i < t.size() && (t[i] == '+' || t[i] == '-')) out += t[i++];
    std::size_t start = i;
    while (i < t.size() && is_digit(t[i])) out += t[i++];
    ok = i > start;
  }
  if (ok && i == t.size()) return true;
  const bool digits_only = t.find_first_not_of("0123456789,. ") == std::string_view::npos;
  if (why && digits_only && t.find(',') != std::string_view::npos) {  // 12,34 or 1.234,5
    *why = "a comma may only separate thousands (12,345); write decimals with a point";
  } else if (why && separator == ' ') {
    *why = "a space may only separate thousands (12 345); write decimals with a point";
  }
  return false;
}

std::optional<double> parse_number_slowly(std::string_view cell, std::string* why) {
  std::string s = halfwidth(text::trim_view(cell));
  for (auto at = s.find("\u2212"); at != std::string::npos; at = s.find("\u2212")) {
    s.replace(at, 3, "-");  // the minus sign of typeset text
  }
  std::string_view t = text::trim_view(s);
  bool negative = false, signed_ = false;
  if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {  // accounting: (1,871.0)
    negative = signed_ = true;
    t = text::trim_view(t.substr(1, t.size() - 2));
  }
  auto sign = [&] {
    if (!signed_ && !t.empty() && (t.front() == '-' || t.front() == '+')) {
      negative = t.front() == '-';
      signed_ = true;
      t.remove_prefix(1);
    }
  };
  sign();
  for (std::string_view currency : {"\u00A5", "\uFFE5"}) {  // ¥, ￥
    if (t.starts_with(currency)) {
      t = text::trim_view(t.substr(currency.size()));
      sign();
      break;
    }
  }
  std::string digits;
  if (!plain_digits(t, digits, why)) return std::nullopt;
  auto v = whole_double(digits);
  if (!v) return std::nullopt;
  return negative ? -*v : *v;
}

// Reads 1 or 2 digits at t[i…] into n; false when there are none.
bool small_number(std::string_view t, std::size_t& i, int& n) {
  std::size_t start = i;
  n = 0;
  while (i < t.size() && i - start < 2 && is_digit(t[i])) n = n * 10 + (t[i++] - '0');
  return i > start;
}

bool valid_date(int y, int m, int d) {
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m != 2 || d <= 28 || leap;
}

// "2024" followed by 年, 年度, 年12月(31日), or -12(-31), /12/31, .12.31 and a time of day.
std::optional<int> year_of_date(std::string_view t) {
  if (t.size() < 4 || !std::all_of(t.begin(), t.begin() + 4, is_digit)) return std::nullopt;
  const int year = (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
  std::string_view rest = t.substr(4);
  if (rest.empty() || rest == "年" || rest == "年度") return year;
  std::size_t i = 0;
  int month = 0, day = 1;
  if (rest.starts_with("年")) {
    i = std::string_view("年").size();
    if (!small_number(rest, i, month) || rest.substr(i, 3) != "月") return std::nullopt;
    i += 3;
    if (i < rest.size()) {
      if (!small_number(rest, i, day)) return std::nullopt;
      std::string_view end = rest.substr(i);
      if (end != "日" && end != "号") return std::nullopt;
      i = rest.size();
    }
  } else {
    const char separator = rest[0];
    if (separator != '-' && separator != '/' && separator != '.') return std::nullopt;
    i = 1;
    if (!small_number(rest, i, month)) return std::nullopt;
    if (i < rest.size() && rest[i] == separator) {
      ++i;
      if (!small_number(rest, i, day)) return std::nullopt;
    }
    if (i < rest.size() && (rest[i] == ' ' || rest[i] == 'T')) {  // a time of day: 08:30:00
      std::string_view clock = rest.substr(i + 1);
      if (clock.empty() || !is_digit(clock[0]) ||
          clock.find_first_not_of("0123456789:.Z") != std::string_view::npos) {
        return std::nullopt;
      }
      i = rest.size();
    }
  }
  if (i != rest.size() || !valid_date(year, month, day)) return std::nullopt;
  return year;
}

}  // namespace

bool is_missing_text(std::string_view v) {
  return v.empty() || v == "-" || v == "—" || v == "——" || v == "/" || v == "NA" || v == "N/A" ||
         v == "null";
}

std::optional<double> parse_number(std::string_view cell, std::string* why) {
  if (auto v = whole_double(cell)) return v;  // most cells: plain ASCII, parsed in place
  return parse_number_slowly(cell, why);
}

std::optional<int> parse_year(std::string_view cell, std::string* why) {
  int year = 0;
  auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), year);
  const bool whole = !cell.empty() && ec == std::errc() && end == cell.data() + cell.size();
  if (whole && year >= 1000 && year <= 9999) return year;
  std::string s = halfwidth(text::trim_view(cell));
  if (!whole) {
    if (auto y = year_of_date(s)) return y;
    auto n = parse_number(s);  // 2024.0, as a program may write a year
    if (!n || *n != std::floor(*n) || std::fabs(*n) > 1e7) return std::nullopt;
    year = static_cast<int>(*n);
    if (year >= 1000 && year <= 9999) return year;
  }
  if (why && year >= 0 && year <= 99) {
    *why = fmt::format("write the year in full ({})", 2000 + year);
  } else if (why && year >= 20000 && year <= 80000) {  // 1954-10-03 … 2119-01-10
    *why = fmt::format(
        "it looks like an Excel date serial ({}); format the cell as a date, or type the year",
        xlsx_serial_date(year, false));
  }
  return std::nullopt;
}

bool canonical_credit_code(std::string& code) {
  std::string s = halfwidth(code);
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (s == code) return false;
  code = std::move(s);
  return true;
}

bool is_excel_number(std::string_view code) {
  // A code never holds '.' or '+'; Excel's 9.14206E+17 and a program's 9.142060010007919e+17 do.
  return code.find_first_of(".+") != std::string_view::npos &&
         whole_double(text::trim_view(code)).has_value();
}

std::string total_row_word(const std::vector<std::string>& cells, int name_column) {
  auto total = [](std::string_view cell) {
    cell = text::trim_view(cell);
    if (cell.empty() || cell.size() > 48) return false;
    // Rows of data start with a code, a number or a name, and a name ends in 公司, 厂, 中心…:
    // most are told apart by their first byte and their last character, without a copy.
    auto c0 = static_cast<unsigned char>(cell[0]);
    if (c0 < 0x80 &&
        std::string_view("TtSsGg").find(static_cast<char>(c0)) == std::string_view::npos) {
      return false;
    }
    switch (static_cast<unsigned char>(cell.back())) {
      // The last bytes of 计 E8AEA1, 总 E680BB, 部 E983A8, 数 E695B0, 和 E5928C, ： EFBC9A; total.
      case 0xA1:
      case 0xBB:
      case 0xA8:
      case 0xB0:
      case 0x8C:
      case 0x9A:
      case ':':
      case 'l':
      case 'L': break;
      default: return false;
    }
    std::string w = halfwidth(cell);
    std::erase_if(w, [](char c) { return c == ' ' || c == '\t'; });
    while (!w.empty() && w.back() == ':') w.pop_back();
    for (char& c : w) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::string_view word : {"全部", "总数", "总和", "total", "subtotal", "grandtotal"}) {
      if (w == word) return true;
    }
    for (std::string_view word : {"合计", "总计", "小计", "共计", "汇总"}) {
      // Alone or ending a short label (全市合计, 本页小计), never inside a firm's name.
      if (w.ends_with(word) && w.size() <= 36) return true;
    }
    return false;
  };
  for (const auto& c : cells) {
    if (text::trim_view(c).empty()) continue;
    if (total(c)) return text::trim(c);
    break;
  }
  if (name_column >= 0 && name_column < static_cast<int>(cells.size()) &&
      total(cells[name_column])) {
    return text::trim(cells[name_column]);
  }
  return "";
}

}  // namespace atlas::ingest
