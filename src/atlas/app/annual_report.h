#pragma once
// The annual development report of the programme (`report annual --year Y`): the national
// summary with the changes from last year, the map of provinces, the tables by region, province
// and industry, the trends, the evaluation's ranking with grades, gates, the distribution of
// scores and the rank intervals of an uncertainty analysis, the clusters warned and removed,
// the concentrations discovery finds in a points file when one is given, and the notes on the
// data. Every figure is one `stats` or `evaluate` prints for the same
// database, with the same rounding.
#include <string>

#include <optional>

#include "atlas/app/database.h"
#include "atlas/app/discovery.h"
#include "atlas/app/report_parts.h"
#include "atlas/report/chart/china_map.h"

namespace atlas::app {

struct AnnualReportRequest {
  int year = 0;                      // 0: the latest with figures
  std::string system = "torch-iic";  // the evaluation's indicator system
  int uncertainty = 200;             // replications of the rank intervals; 0: none
  Language language = Language::kZh;
  const report::chart::ChinaMap* map = nullptr;  // the province map; none: left out
  // Concentrations found bottom-up in these points (`discover`), compared with the registry:
  // the candidates a section lists; none: no such section.
  std::optional<DiscoveryRequest> discovery;
};

// Throws kNotFound when the database has no figures (for the year).
report::document::Document annual_report(const Database& db, const AnnualReportRequest& request);

}  // namespace atlas::app
