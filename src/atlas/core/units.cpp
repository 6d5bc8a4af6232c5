#include "atlas/core/units.h"

#include <charconv>
#include <cmath>
#include <string>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::units {

double parse_amount(std::string_view input) {
  std::string s = text::trim(input);
  struct Suffix {
    std::string_view text;
    double factor;
  };
  // Longest first, so "万元" is not read as "元" after a number ending in "万".
  static constexpr Suffix kSuffixes[] = {{"千元", kThousandYuan}, {"万元", kWanYuan},
                                         {"亿元", kYiYuan},       {"万", kWanYuan},
                                         {"亿", kYiYuan},         {"元", kYuan}};
  double factor = 1;
  for (const auto& suffix : kSuffixes) {
    if (s.size() > suffix.text.size() && s.ends_with(suffix.text)) {
      s.resize(s.size() - suffix.text.size());
      factor = suffix.factor;
      break;
    }
  }
  std::string digits;
  for (char c : s) {
    if (c != ',') digits += c;
  }
  digits = text::trim(digits);
  double value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() ||
      !std::isfinite(value)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("'{}' is not an amount (examples: 300亿, 3500万元, 120000)", input));
  }
  return value * factor;
}

}  // namespace atlas::units
