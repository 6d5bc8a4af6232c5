#include "atlas/domain/region.h"

namespace atlas::domain {
namespace {
struct RegionNames {
  Region region;
  std::string_view key;
  std::string_view zh;
};
constexpr RegionNames kRegionNames[] = {
    {Region::kEast, "east", "东部"},   {Region::kCentral, "central", "中部"},
    {Region::kWest, "west", "西部"},   {Region::kNortheast, "northeast", "东北"},
    {Region::kNone, "none", "港澳台"},
};
}  // namespace

std::string_view region_key(Region r) {
  for (const auto& n : kRegionNames) {
    if (n.region == r) return n.key;
  }
  return "none";
}

std::string_view region_name_zh(Region r) {
  for (const auto& n : kRegionNames) {
    if (n.region == r) return n.zh;
  }
  return "";
}

std::optional<Region> parse_region(std::string_view s) {
  for (const auto& n : kRegionNames) {
    if (s == n.key || s == n.zh) return n.region;
  }
  return std::nullopt;
}

}  // namespace atlas::domain
