// The indicator data applications report (申报书附表), read from a file for a whole round. Two
// forms: the JQ01 form clusters report every year, read by the statistics import itself
// (ingest/cluster_import.h: the same headers, units, checks and messages), its cluster column
// naming the application; or a table of cluster-year fields already computed (a unit column of
// application ids, then one column per field, as `evaluate --data` reads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/domain/cluster_report.h"
#include "atlas/store/round_reviews.h"
#include "atlas/store/store.h"

namespace atlas::app {

struct ApplicationFiguresFile {
  std::int64_t round_id = 0;
  std::string path;
  // JQ01 rows without a year column: the year of every row; a table of fields: its year (the
  // round's when not given).
  std::optional<int> year = {};
};

// An application's figures from its JQ01 reports (one per year): each year's cluster-year fields
// computed as for a cluster — shares, intensities, patents per 10,000 staff — with its platform
// and institution counts. Growth and three-year means are left to the system's formulas over the
// years, as for a cluster.
store::ApplicationFigures reported_fields(const std::vector<domain::ClusterReport>& reports);

// One year of an application's figures as a table gives them (cluster-year fields by name), with
// those the catalogue computes from its raw figures where it does not give them itself:
// high_tech_share from firms and high_tech_firms, qualified_share from qualified_firms, R&D
// intensity, patents per 10,000 staff … A figure it gives is kept as given.
std::map<std::string, double> application_fields(std::map<std::string, double> given, int year);

// A file with a unit column is the table of fields; any other is the JQ01 form, whose rows give
// reported_fields(); a table's row gives application_fields() of its year. Every application must
// be of the round; a blank cell is a figure not reported; all rows or none (every row problem in
// one kBadInput error). Stores each application's figures in place of what it reported before, in
// one transaction; returns how many applications reported.
std::size_t import_application_figures(const Database& db, const ApplicationFiguresFile& file,
                                       const store::Actor& actor);

}  // namespace atlas::app
