// What the public overview map draws besides the `stats` tables: each cluster in the programme
// at its zone (with its province's code, which joins it to the boundaries), and the national
// totals year by year (the trend under the map).
#pragma once
#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

// The clusters in the programme at the end of `year` (0: now), with their zone's coordinates
// (empty when the zone has none: the map leaves the cluster out, the table keeps it).
report::Table cluster_places(const Database& db, int year);

// One row a year with annual figures, oldest first: the year and the national totals of
// `stats` for the clusters in the programme that year.
report::Table national_trend(const Database& db);

}  // namespace atlas::app
