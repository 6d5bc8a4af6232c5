// Imports of annual statistics as use cases: a file in as a revision (or a dry run that reports
// every problem and writes nothing), the history of revisions, and what changed between two.
// `clusteratlas import KIND`, `history` and `diff` print them; the server's /api/v1/imports
// returns the same documents.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "atlas/app/database.h"
#include "atlas/core/error.h"
#include "atlas/ingest/row_import.h"
#include "atlas/report/table.h"

namespace atlas::app {

// The kinds of file an import takes: enterprises, clusters, platforms, institutions, alliances.
bool is_import_kind(const std::string& kind);

// Imports `options.path` as `kind` (throws kUsage for an unknown kind). With options.dry_run it
// writes nothing; otherwise the rows land as one revision, audited with `actor`, or (any error,
// without rejects) not at all. Errors of the file as a whole (no header, unreadable) are thrown;
// problems of rows are in the report.
ingest::ImportReport run_import(const Database& db, const std::string& kind,
                                const ingest::ImportOptions& options, const store::Actor& actor);

// The report as a document: the file, its encoding and hash, the row counts, every problem with
// its rows, column, value and message (as the CLI prints them), the notes, and the revision
// written (null for a dry run, an identical file or a file with errors).
nlohmann::ordered_json import_document(const ingest::ImportReport& report, bool dry_run);

// "bad.csv has 3 errors": the error of an import that kept nothing because of its rows; nullopt
// when it has no errors or kept its valid rows.
std::optional<Error> import_failure(const ingest::ImportReport& report, bool dry_run);

// Revisions, oldest first; with a cluster (id or name) or a year, only those carrying its rows.
report::Table import_history(const Database& db, const std::string& cluster, int year);

// What changed from revision `from` to `to`, field by field; kNotFound for an unknown revision.
report::Table revision_diff(const Database& db, std::int64_t from, std::int64_t to);

}  // namespace atlas::app
