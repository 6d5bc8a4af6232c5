// The figures the programme publishes, as `stats` and the public overview give them: the
// clusters in the programme at the end of a year, grouped by province, region, industry
// division or status, with their enterprises' figures summed (report/aggregate.h).
#pragma once
#include <string>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct StatisticsRequest {
  std::string by = "region";  // province, region, industry or status
  int year = 0;               // 0: the latest with data
  bool all = false;           // also applicants and removed clusters
  std::string province;       // code or name: only its clusters; empty: the whole programme
};

// Throws kUsage for an unknown grouping, kNotFound for an unknown province or when there are no
// annual figures at all.
report::Table programme_statistics(const Database& db, const StatisticsRequest& request);

}  // namespace atlas::app
