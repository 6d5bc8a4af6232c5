// The bundled reference data (data/*.csv): provinces, industries, national high-tech zones and
// the real 2013 pilot clusters, and look-ups that accept what people type (湖北, 湖北省, 420000).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/domain/industry.h"
#include "atlas/domain/region.h"
#include "atlas/domain/status.h"
#include "atlas/domain/zone.h"

namespace atlas::domain {

// A real cluster from a published list, with the zone named rather than numbered.
struct ReferenceCluster {
  std::string name, zone_name, industry_code, province_code;
  StatusChange admission;  // status, date and 文号 of the published decision
};

// A city of data/cities.csv: the seat of a prefecture-level division, a municipality, Hong Kong,
// Macao or one of Taiwan's main cities; discovery names clusters after the nearest ones.
struct City {
  std::string name_zh, name_en;  // 武汉市, Wuhan
  std::string province_code;     // GB/T 2260, as in data/provinces.csv
  double lat = 0, lon = 0;       // the seat, in degrees
};

struct ReferenceData {
  std::vector<Province> provinces;
  std::vector<Industry> industries;
  std::vector<Zone> zones;
  std::vector<ReferenceCluster> clusters;
};

// The province whose code, full name, short name or English name (any case) is `query`.
const Province* find_province(const std::vector<Province>& provinces, std::string_view query);

}  // namespace atlas::domain
