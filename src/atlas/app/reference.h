// The reference data as `province list` and `industry list` give it: the provinces (GB/T 2260)
// with their regions, and the industries of GB/T 4754-2017 the database knows (bundled, imported
// or accepted under their division).
#pragma once
#include <string>

#include "atlas/app/database.h"
#include "atlas/domain/industry.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct ProvinceListRequest {
  std::string region;  // east, central, west, northeast or none; empty: every province
};

struct IndustryListRequest {
  std::string level;      // section, division, group or class; empty: every level
  std::string parent;     // only the children of this code; empty: any
  bool sei_only = false;  // only strategic emerging industries
};

// Throws kUsage (field "region") for an unknown region.
report::Table province_list(const Database& db, const ProvinceListRequest& request);
// Throws kUsage (field "level") for an unknown level.
report::Table industry_list(const Database& db, const IndustryListRequest& request);
// The industries' table, as `industry list` and `industry show` print it.
report::Table industry_table(const std::vector<domain::Industry>& industries);

}  // namespace atlas::app
