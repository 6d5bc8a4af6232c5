#include "atlas/ingest/header_text.h"

#include <algorithm>
#include <utility>

#include "atlas/core/units.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/columns.h"

namespace atlas::ingest {
namespace {

struct KnownUnit {
  std::string_view key;  // header_key form
  Unit unit;
};

constexpr KnownUnit kUnits[] = {
    {"元", {units::kYuan, UnitKind::kMoney}},
    {"千元", {units::kThousandYuan, UnitKind::kMoney}},
    {"万元", {units::kWanYuan, UnitKind::kMoney}},
    {"百万元", {1e6, UnitKind::kMoney}},
    {"亿元", {units::kYiYuan, UnitKind::kMoney}},
    {"yuan", {units::kYuan, UnitKind::kMoney}},
    {"thousandyuan", {units::kThousandYuan, UnitKind::kMoney}},
    {"wanyuan", {units::kWanYuan, UnitKind::kMoney}},
    {"10kyuan", {units::kWanYuan, UnitKind::kMoney}},
    {"millionyuan", {1e6, UnitKind::kMoney}},
    {"yiyuan", {units::kYiYuan, UnitKind::kMoney}},
    {"100myuan", {units::kYiYuan, UnitKind::kMoney}},
    {"人", {1, UnitKind::kCount}},
    {"万人", {1e4, UnitKind::kCount}},
    {"名", {1, UnitKind::kCount}},
    {"个", {1, UnitKind::kCount}},
    {"件", {1, UnitKind::kCount}},
    {"项", {1, UnitKind::kCount}},
    {"家", {1, UnitKind::kCount}},
    {"度", {1, UnitKind::kDegrees}},
    {"°", {1, UnitKind::kDegrees}},
};

constexpr std::string_view kOpen[] = {"(", "[", "【", "〔"};
constexpr std::string_view kClose[] = {")", "]", "】", "〕"};

// Where the bracket group that ends `s` opens (any opening bracket closes with any closing one:
// 营业收入（万元) is as common as the matched pair), or npos when s does not end in one.
std::size_t bracket_group_start(std::string_view s) {
  bool closed = std::any_of(std::begin(kClose), std::end(kClose),
                            [&](std::string_view c) { return s.ends_with(c); });
  if (!closed) return std::string_view::npos;
  std::size_t best = std::string_view::npos;
  for (std::string_view open : kOpen) {
    auto at = s.rfind(open);
    if (at != std::string_view::npos && (best == std::string_view::npos || at > best)) best = at;
  }
  return best;
}

std::size_t close_size(std::string_view s) {
  for (std::string_view c : kClose) {
    if (s.ends_with(c)) return c.size();
  }
  return 0;
}

}  // namespace

std::optional<Unit> parse_unit(std::string_view written) {
  std::string key = header_key(halfwidth(written));
  for (std::string_view currency : {"人民币", "rmb"}) {  // 万元人民币, 人民币万元
    if (key.size() > currency.size() && key.ends_with(currency)) {
      key.resize(key.size() - currency.size());
    } else if (key.size() > currency.size() && key.starts_with(currency)) {
      key.erase(0, currency.size());
    }
  }
  for (const auto& u : kUnits) {
    if (key == u.key) return u.unit;
  }
  return std::nullopt;
}

HeaderText read_header_text(std::string_view header) {
  HeaderText out;
  std::string key = header_key(halfwidth(header));
  std::string_view k = key;
  // 2024年营业收入, 2024年度营业收入: a figure of that year.
  if (k.size() > 4 &&
      std::all_of(k.begin(), k.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }) &&
      k.substr(4).starts_with("年")) {
    out.year = std::stoi(std::string(k.substr(0, 4)));
    k.remove_prefix(4 + std::string_view("年").size());
    if (k.starts_with("度")) k.remove_prefix(std::string_view("度").size());
  }
  // 其中：出口额 — a part of the figure above it in the form, named in full.
  if (k.starts_with("其中")) {
    k.remove_prefix(std::string_view("其中").size());
    if (k.starts_with(":")) k.remove_prefix(1);
  }
  out.key = std::string(k);
  out.readings.push_back({out.key, "", false});

  if (auto open = bracket_group_start(k); open != std::string_view::npos && open > 0) {
    std::string_view name = k.substr(0, open);
    std::string_view inside = k.substr(open, k.size() - open - close_size(k));
    for (std::string_view o : kOpen) {
      if (inside.starts_with(o)) inside.remove_prefix(o.size());
    }
    for (std::string_view label : {"单位:", "单位", "unit:"}) {  // 营业收入（单位：万元）
      if (inside.starts_with(label)) {
        inside.remove_prefix(label.size());
        break;
      }
    }
    out.readings.push_back({std::string(name), std::string(inside), false});
    // 工业总产值(现价)(万元): the earlier bracket is a remark on the name.
    if (auto remark = bracket_group_start(name); remark != std::string_view::npos && remark > 0) {
      out.readings.push_back({std::string(name.substr(0, remark)), std::string(inside), false});
    }
  } else if (auto slash = k.rfind('/');
             slash != std::string_view::npos && slash > 0 && slash + 1 < k.size()) {
    out.readings.push_back(
        {std::string(k.substr(0, slash)), std::string(k.substr(slash + 1)), false});
  }
  // 营业收入万元, 营业收入 万元 (header_key has dropped the space), revenue_wan_yuan: the longest
  // known unit the key ends with.
  std::string_view longest;
  for (const auto& u : kUnits) {
    if (k.size() > u.key.size() && k.ends_with(u.key) && u.key.size() > longest.size()) {
      longest = u.key;
    }
  }
  if (!longest.empty()) {
    out.readings.push_back(
        {std::string(k.substr(0, k.size() - longest.size())), std::string(longest), true});
  }
  return out;
}

bool looks_like_money_unit(std::string_view rest) {
  if (!rest.ends_with("元")) return false;
  // Only the characters of currency units: 美元, 万美元, 港元, 千欧元, 日元 — not 增长额万元.
  static constexpr std::string_view kUnitChars[] = {"十", "百", "千", "万", "亿", "美", "港",
                                                    "欧", "日", "英", "澳", "台", "新", "元"};
  while (!rest.empty()) {
    auto it = std::find_if(std::begin(kUnitChars), std::end(kUnitChars),
                           [&](std::string_view c) { return rest.starts_with(c); });
    if (it == std::end(kUnitChars)) return false;
    rest.remove_prefix(it->size());
  }
  return true;
}

}  // namespace atlas::ingest
