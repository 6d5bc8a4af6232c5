#include "atlas/core/date.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::date {

bool is_valid(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int y = year_of(s);
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_day = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max_day;
}

std::optional<std::string> problem(std::string_view s) {
  if (is_valid(s)) return std::nullopt;
  return fmt::format("'{}' is not a date: write YYYY-MM-DD, e.g. 2024-05-01", s);
}

int year_of(std::string_view s) {
  return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
}

std::string add_days(std::string_view s, int days) {
  if (auto p = problem(s)) throw Error(ErrorKind::kBadInput, *p);
  using namespace std::chrono;
  unsigned m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
  year_month_day ymd{sys_days{year{year_of(s)} / month{m} / day{d}} + std::chrono::days{days}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string today() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string now_utc() {
  // Formatted once a second per thread: a server asks twice per request, and gmtime_r takes
  // glibc's time-zone lock.
  thread_local std::time_t formatted_at = -1;
  thread_local std::string text;
  std::time_t t = std::time(nullptr);
  if (t != formatted_at) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    text = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    formatted_at = t;
  }
  return text;
}

}  // namespace atlas::date
