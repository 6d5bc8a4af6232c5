// Money units of Chinese statistics. Internally every amount is in 元 (double); these convert
// on input and output (docs/architecture.md).
#pragma once

namespace atlas::units {

inline constexpr double kYuan = 1.0;
inline constexpr double kThousandYuan = 1e3;  // 千元
inline constexpr double kWanYuan = 1e4;       // 万元
inline constexpr double kYiYuan = 1e8;        // 亿元

// Staff counts are reported "per 10,000 staff" (每万名从业人员).
inline constexpr double kPer10kStaff = 1e4;

}  // namespace atlas::units

#include <string_view>

namespace atlas::units {

// An amount of money as people write it — "300亿", "2547.94亿元", "3500万元", "120千元",
// "1,234,567", "1.5e9" — in 元. Throws atlas::Error (kBadInput) naming the text otherwise.
double parse_amount(std::string_view text);

}  // namespace atlas::units
