// A header cell as offices write it, taken apart into the year it is for, the name of the figure
// and its unit: 营业收入(万元), 营业收入（万元), 营业收入/万元, 营业收入 万元, 营业收入万元,
// 营业收入（单位：万元）, 2024年营业收入(万元), 其中：出口额(万元), 工业总产值(现价)(万元),
// revenue_wan_yuan. Contract: pure text work that knows units but no fields — it offers the ways
// a header can be read, most explicit first, and columns.cpp matches their names to the fields.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace atlas::ingest {

enum class UnitKind { kMoney, kCount, kDegrees };

struct Unit {
  double factor;  // to 元, persons, items or degrees
  UnitKind kind;
};

// A unit as a header or a --mapping file writes it: 元, 千元, 万元, 百万元, 亿元 (also with
// 人民币: 万元人民币), 人, 万人, 名, 个, 件, 项, 家, 度, °, and in English yuan, thousand_yuan,
// wan_yuan, 10k_yuan, million_yuan, yi_yuan, 100m_yuan; compared as header_key. nullopt when
// unknown.
std::optional<Unit> parse_unit(std::string_view unit);

// The money units, for messages: "元, 千元, 万元, 百万元 or 亿元".
inline constexpr const char* kMoneyUnits = "元, 千元, 万元, 百万元 or 亿元";

struct HeaderText {
  struct Reading {
    std::string name;  // header_key form
    std::string unit;  // header_key form; "" when this reading has none
    bool suffix;       // the unit was written straight after the name (营业收入万元)
  };
  int year = 0;     // from a leading 2024年 or 2024年度, else 0
  std::string key;  // the header after the year, in header_key form, without a leading 其中：
  // {key, ""} first; then name (unit) in any brackets — (), （）, [], 【】, mixed — with an
  // earlier bracket in the name dropped as a remark; then name/unit; then a known unit suffix.
  std::vector<Reading> readings;
};

HeaderText read_header_text(std::string_view header);

// Whether `rest` — what follows a money field's name in a header nothing else explained — is a
// money unit this reader does not know (美元, 万美元, 港元): a column to refuse, not to ignore.
bool looks_like_money_unit(std::string_view rest);

}  // namespace atlas::ingest
