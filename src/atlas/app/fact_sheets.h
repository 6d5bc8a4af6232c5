#pragma once
// Cluster fact sheets (`report cluster CLUSTER --year Y`, `--all`): a cluster on one or two
// pages for its province and its board — who it is and its status history with 文号, its key
// figures with a five-year sparkline each, its evaluation (score, grade, rank and its change,
// its dimensions against the national median, strengths and weaknesses, gates) and its leading
// enterprises. Each sheet starts on a new page; many sheets make one document with contents.
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/app/report_parts.h"

namespace atlas::app {

struct FactSheetRequest {
  std::vector<std::int64_t> clusters;  // the sheets, in this order; empty: every cluster in
                                       // the programme at the end of the year
  int year = 0;                        // 0: the latest with figures
  std::string system = "torch-iic";    // the evaluation ranks the cluster among all evaluated
  Language language = Language::kZh;
  // The leading enterprises are enterprise-level rows: left out (saying so) for a reader who
  // may see only aggregate figures.
  bool enterprises = true;
};

// Throws kNotFound when the database has no figures (for the year) or a cluster is unknown.
report::document::Document fact_sheets(const Database& db, const FactSheetRequest& request);

}  // namespace atlas::app
