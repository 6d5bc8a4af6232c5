// The stored enterprises of a year as the points of a discovery: each firm with coordinates at
// its place, weight 1, kind firm, the industry of the cluster it reports to, and tech 高新技术企业
// for a high-tech firm — so the concentrations the registry's own firms make are found without
// exporting them to a file (the dashboard's discovery, and `POST /discoveries?from_enterprises`).
#pragma once
#include "atlas/app/database.h"
#include "atlas/ingest/points.h"

namespace atlas::app {

// `year`: one with annual figures (the caller checks it). Firms without coordinates are left
// out, and a note says how many. The points come in the order of their credit codes.
ingest::PointSet enterprise_points(const Database& db, int year);

}  // namespace atlas::app
