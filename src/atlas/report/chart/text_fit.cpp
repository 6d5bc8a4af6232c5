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

std::vector<draw::Point> circle(double cx, double cy, double r, int sides) {
  std::vector<draw::Point> out;
  for (int i = 0; i < sides; ++i) {
    double a = 2 * std::numbers::pi * i / sides;
    out.push_back({cx + r * std::cos(a), cy + r * std::sin(a)});
  }
  return out;
}

}  // namespace atlas::report::chart
