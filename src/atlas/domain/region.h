// Provinces and their statistical macro-regions as used by the Torch yearbook: east (10),
// central (6), west (12), north-east (3); Hong Kong, Macao and Taiwan belong to none of them.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace atlas::domain {

enum class Region { kEast, kCentral, kWest, kNortheast, kNone };

std::string_view region_key(Region r);                   // "east"
std::string_view region_name_zh(Region r);               // "东部"
std::optional<Region> parse_region(std::string_view s);  // key or Chinese name

struct Province {
  std::string code;      // GB/T 2260, e.g. "420000"
  std::string name_zh;   // 湖北省
  std::string short_zh;  // 湖北
  std::string name_en;   // Hubei
  Region region = Region::kNone;
};

}  // namespace atlas::domain
