// Imports a file of enterprise-year rows (CSV, TSV or XLSX; UTF-8 or GB18030) as one revision:
// each row is checked field by field and every problem reported with file, row, column, value and
// reason. Rows stream from the file into one transaction; nothing is kept when any row has an
// error (unless rejects are asked for), when it is a dry run, or when the same file was imported
// before. Memory stays bounded whatever the file size.
#pragma once
#include "atlas/ingest/row_import.h"
#include "atlas/store/store.h"

namespace atlas::ingest {

ImportReport import_enterprises(store::Store& store, const ImportOptions& options,
                                const store::Actor& actor);

}  // namespace atlas::ingest
