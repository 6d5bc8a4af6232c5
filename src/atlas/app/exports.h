// The tables `clusteratlas export` writes, one per kind of annual data, all by the columns rule
// of report/columns.h. Each is laid out as the matching `clusteratlas import` kind reads it back:
// column keys are the English headers (CSV, JSON, amounts in 元 under keys ending in _yuan,
// counts as integers), titles the Chinese ones (XLSX, amounts in 万元 as the title says).
// The same tables are the API's export documents ({"rows": […]}, app/table_document.h).
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

// The place an export is narrowed to: one cluster, the clusters of a zone or of a province; none
// set = the whole programme. The server narrows a scoped account's export to its scope with it.
struct ExportScope {
  std::optional<std::string> province_code;
  std::optional<std::int64_t> zone_id;
  std::optional<std::int64_t> cluster_id;

  bool whole_programme() const { return !province_code && !zone_id && !cluster_id; }
  bool contains(const domain::Cluster& c) const;
};

// A year's enterprises: their columns, then their rows one at a time (a national year can be
// millions, so they are written as they come).
std::vector<report::Column> enterprise_columns();
void each_enterprise_row(const Database& db, int year,
                         const std::function<void(const std::vector<report::Cell>&)>& row,
                         const ExportScope& scope = {});
// Each cluster's own report (JQ01) of the year, with its province, zone and industry for the
// reader (import ignores those three).
report::Table cluster_report_table(const Database& db, int year, const ExportScope& scope = {});
// Every cluster's current platform list (platforms carry no year).
report::Table platform_table(const Database& db, const ExportScope& scope = {});
report::Table institution_table(const Database& db, int year, const ExportScope& scope = {});
report::Table alliance_table(const Database& db, int year, const ExportScope& scope = {});
report::Table metrics_table(const Database& db, int year, const ExportScope& scope = {});

// The kinds `export` writes: enterprises, clusters, platforms, institutions, alliances, metrics.
const std::vector<std::string>& export_kinds();

// Calls begin(columns) once, then row(cells) for each row of the kind `what` (one of
// export_kinds()): enterprises as the store reads them (a national year can be millions), the
// other kinds from their small tables; only the rows of clusters in `scope`. Returns the number
// of rows; throws kUsage for a kind not in export_kinds(), with the closest one.
std::size_t each_export_row(const Database& db, const std::string& what, int year,
                            const std::function<void(const std::vector<report::Column>&)>& begin,
                            const std::function<void(const std::vector<report::Cell>&)>& row,
                            const ExportScope& scope = {});

}  // namespace atlas::app
