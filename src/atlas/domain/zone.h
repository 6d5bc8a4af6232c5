// High-tech zones (高新区), the home of clusters: national or provincial, in one province and city.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace atlas::domain {

struct Zone {
  std::int64_t id = 0;  // assigned by the store
  std::string name;     // 武汉东湖高新区
  std::string level;    // national | provincial
  std::string province_code;
  std::string city;  // 武汉市
  std::optional<double> lat, lon;
};

}  // namespace atlas::domain
