#include "atlas/report/chart/text_fit.h"

#include <fmt/format.h>

#include <numbers>

namespace atlas::report::chart {

std::string format_number(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals < 0 ? 0 : decimals);
  // A value that rounds to zero from below would print "-0.0".
  if (s.front() == '-' && s.find_first_not_of("-0.") == std::string::npos) s.erase(0, 1);
  return s;
}

std::string fit_text(std::string_view text, const draw::Font& font, double max_width) {
  if (max_width <= 0) return {};
  if (draw::measure(text, font).width <= max_width) return std::string(text);
  // Ends of code points: a UTF-8 continuation byte is 10xxxxxx.
  std::vector<std::size_t> ends;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ends.push_back(i);
  }
  // The widest prefix that fits, by bisection: width grows with the prefix.
  std::size_t lo = 0, hi = ends.size();  // prefixes of ends[k-1] bytes; k = 0 is "…" alone
  auto fits = [&](std::size_t k) {
    std::string s(text.substr(0, k == 0 ? 0 : ends[k - 1]));
    s += "…";
    return draw::measure(s, font).width <= max_width;
  };
  if (!fits(0)) return {};
  while (lo + 1 < hi) {
    std::size_t mid = (lo + hi) / 2;
    (fits(mid) ? lo : hi) = mid;
  }
  std::string s(text.substr(0, lo == 0 ? 0 : ends[lo - 1]));
  return s + "…";
}

double line_height(const draw::Font& font) {
  return draw::measure("Ag国", font).height;
}

std::vector<draw::Point> circle(double cx, double cy, double r, int sides) {
  std::vector<draw::Point> out;
  for (int i = 0; i < sides; ++i) {
    double a = 2 * std::numbers::pi * i / sides;
    out.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  return out;
}

}  // namespace atlas::report::chart
