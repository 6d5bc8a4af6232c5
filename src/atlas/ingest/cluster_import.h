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

}  // namespace atlas::ingest
