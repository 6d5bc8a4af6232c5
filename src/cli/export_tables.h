// The tables `clusteratlas export` writes, one per kind of annual data, all by the columns rule
// of report/columns.h. Each is laid out as the matching `clusteratlas import` kind reads it back:
// column keys are the English headers (CSV, JSON, amounts in 元 under keys ending in _yuan,
// counts as integers), titles the Chinese ones (XLSX, amounts in 万元 as the title says).
#pragma once
#include <functional>
#include <vector>

#include "atlas/report/table.h"
#include "context.h"

namespace atlas::cli {

// A year's enterprises: their columns, then their rows one at a time (a national year can be
// millions, so they are written as they come).
std::vector<report::Column> enterprise_columns();
void each_enterprise_row(Context& ctx, int year,
                         const std::function<void(const std::vector<report::Cell>&)>& row);
// Each cluster's own report (JQ01) of the year, with its province, zone and industry for the
// reader (import ignores those three).
report::Table cluster_report_table(Context& ctx, int year);
// Every cluster's current platform list (platforms carry no year).
report::Table platform_table(Context& ctx);
report::Table institution_table(Context& ctx, int year);
report::Table alliance_table(Context& ctx, int year);
report::Table metrics_table(Context& ctx, int year);

}  // namespace atlas::cli
