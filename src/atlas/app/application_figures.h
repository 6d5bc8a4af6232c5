// The indicator data applications report (申报书附表), read from a file for a whole round. Two
// forms: the JQ01 form clusters report every year, read by the statistics import itself
// (ingest/cluster_import.h: the same headers, units, checks and messages), its cluster column
// naming the application; or a table of cluster-year fields already computed (a unit column of
// application ids, then one column per field, as `evaluate --data` reads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "atlas/app/database.h"
#include "atlas/store/store.h"

namespace atlas::app {

struct ApplicationFiguresFile {
  std::int64_t round_id = 0;
  std::string path;
  std::optional<int> year = {};  // JQ01 rows without a year column: the year of every row
};

// A file with a unit column is the table of fields; any other is the JQ01 form. From JQ01 rows
// each application's figures are the cluster-year fields of the latest year it gives, computed
// as for a cluster (growth and three-year means over the years it gives), with the platform and
// institution counts of that year. Every application must be of the round; a blank cell is a
// figure not reported; all rows or none (every row problem in one kBadInput error). Stores each
// application's figures in place of what it reported before, in one transaction; returns how
// many applications reported.
std::size_t import_application_figures(const Database& db, const ApplicationFiguresFile& file,
                                       const store::Actor& actor);

}  // namespace atlas::app
