#pragma once
// The charts and the map of the programme's documents, drawn from the same tables the documents
// print (report/chart/ draws them): a report author picks a figure, not a drawing.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/app/evaluation.h"
#include "atlas/app/report_parts.h"
#include "atlas/report/chart/china_map.h"
#include "atlas/report/document/document.h"
#include "atlas/report/table.h"

namespace atlas::app {

using report::document::Figure;

// The national totals' column `key` over the years of `trend` (app/overview.h national_trend).
Figure trend_figure(const report::Table& trend, const std::string& key, const std::string& caption);

// Provinces shaded by their value (by GB/T 2260 code, missing: grey), the clusters of `places`
// (cluster_places) as points.
Figure province_map(const report::chart::ChinaMap& map,
                    const std::map<std::string, std::optional<double>>& values,
                    const report::Table& places, const std::string& caption, Language l);

// The `top` groups of `t` with the largest `key`, as horizontal bars labelled by column 0.
Figure top_bars(const report::Table& t, const std::string& key, std::size_t top,
                const std::string& caption);

// The distribution of the ranked units' scores in bins of ten points.
Figure score_histogram(const Evaluation& e, const std::string& caption);

// The rank intervals (5th–95th percentile) of the `top` best-ranked units, with their nominal
// rank; requires an uncertainty analysis.
Figure rank_intervals(const Evaluation& e, std::size_t top, const std::string& caption, Language l);

// A unit's dimension scores as bars, with the median over the evaluated units marked.
Figure dimension_bars(const Evaluation& e, std::size_t unit, const std::string& caption,
                      Language l);

// A cluster's key figures as a table drawn with a sparkline per row: the label, the latest
// value as printed, its change, and the values of the last years (missing ones left as gaps).
struct KpiRow {
  std::string label, value, change;
  std::vector<std::optional<double>> years;
};
Figure kpi_table(const std::vector<KpiRow>& rows, const std::vector<int>& years, Language l);

}  // namespace atlas::app
