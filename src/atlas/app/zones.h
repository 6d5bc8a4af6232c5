// High-tech zones as `zone list` and `zone show` give them: the zones of a province or level with
// each one's active cluster, and one zone with every cluster it has had.
#pragma once
#include <string>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct ZoneListRequest {
  std::string province;  // code or name; empty: every province
  std::string level;     // "national" or "provincial"; empty: both
};

report::Table zone_list(const Database& db, const ZoneListRequest& request);
// Throws kNotFound for an unknown zone (id or exact name); the zone itself as a note.
report::Table zone_clusters(const Database& db, const std::string& zone);

}  // namespace atlas::app
