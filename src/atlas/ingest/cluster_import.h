// Imports one of the cluster-level forms as a revision: a cluster's own yearly totals
// ("clusters": JQ01 and the survey's cluster figures), its R&D platforms ("platforms"), JQ03
// service institutions ("institutions") or JQ04 alliances ("alliances"). Checked row by row
// like enterprise rows, then as a whole: one row per cluster and year (and name), high-tech and
// other firm counts within the firm count, and the JQ03 balance rule — a cluster's institution
// rows for a year equal the institution total of its JQ01 report, whichever arrives second.
#pragma once
#include <string>

#include "atlas/ingest/row_import.h"
#include "atlas/store/store.h"

namespace atlas::ingest {

// `kind` is clusters, platforms, institutions or alliances.
ImportReport import_cluster_level(store::Store& store, const std::string& kind,
                                  const ImportOptions& options, const store::Actor& actor);

// Applications' JQ01 figures (the 申报书's indicator data), read and checked row by row as
// `import clusters` reads a cluster's, and stored nowhere: options.units names the applications
// (each row's cluster cell, or options.cluster for the whole file). The rows come back with the
// application's id as their cluster_id, none when any row has an error (the report says which).
struct UnitReports {
  ImportReport report;
  std::vector<domain::ClusterReport> rows;
};
UnitReports read_unit_reports(store::Store& store, const ImportOptions& options);

}  // namespace atlas::ingest
