// An export as a file: the kind's rows (app/exports.h) written as CSV (optionally with a UTF-8
// byte-order mark, for Excel), the JSON table document or an XLSX workbook — what `clusteratlas
// export` writes and the API's GET /api/v1/exports/{kind} answers. The synthetic-data notice goes
// where each format can carry it without `import` reading it back as a row: the JSON document's
// notes, a sheet of its own in XLSX; CSV has no place for it (the shell says it beside the file).
#pragma once
#include <optional>
#include <ostream>
#include <string>

#include "atlas/app/database.h"
#include "atlas/app/exports.h"

namespace atlas::app {

struct ExportRequest {
  std::string what;            // one of export_kinds()
  int year = 0;                // 0: the latest year with data (platforms carry no year)
  std::string format = "csv";  // csv, json or xlsx
  bool bom = false;            // CSV only
  ExportScope scope;
};

struct ExportFile {
  std::size_t rows = 0;
  int year = 0;                       // the year exported; 0 for platforms
  std::string title;                  // "metrics 2024", "platforms": the sheet's name
  std::optional<std::string> notice;  // the synthetic-data notice, for the shell to show by CSV
};

// The export formats, in the order help texts list them.
const std::vector<std::string>& export_formats();

// Writes CSV or JSON to `out`. Throws kUsage for an unknown kind or format (xlsx: use
// write_export_xlsx), kNotFound when the database has no annual figures for a yearly kind.
ExportFile write_export(const Database& db, const ExportRequest& request, std::ostream& out);
// Writes the workbook at `path` (whole or not at all, report/xlsx.h).
ExportFile write_export_xlsx(const Database& db, const ExportRequest& request,
                             const std::string& path);

}  // namespace atlas::app
