#include "atlas/app/cluster_figures.h"

#include <algorithm>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/metrics/indicators.h"
#include "atlas/report/columns.h"

namespace atlas::app {

report::Table cluster_figures(const Database& db, const domain::Cluster& c, int year) {
  auto& store = db.store();
  auto years = store.years_with_data();
  if (year != 0) {
    if (std::find(years.begin(), years.end(), year) == years.end()) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("{} has no annual figures for {}", db.path, year),
                  {"", 0, "", "year"});
    }
    years = {year};
  }
  report::Table t;
  t.columns = {{"cluster_id", "ID", -1, true, 1, false},
               {"cluster", "集群名称"},
               {"year", "年份", -1, true, 1, false}};
  if (years.empty()) return t;
  // Growth and 3-year means of a year need the years before it.
  auto history = cluster_history(store, years.back())[c.id];
  bool first = true;
  for (int y : years) {
    std::vector<metrics::ClusterYearTotals> upto;
    for (const auto& h : history) {
      if (h.year <= y) upto.push_back(h);
    }
    auto values = metrics::cluster_indicators(upto, y);
    if (first) {
      for (const auto& v : values) t.columns.push_back(report::indicator_column(v.name));
      first = false;
    }
    std::vector<report::Cell> row = {c.id, c.name, std::int64_t{y}};
    for (const auto& v : values) row.push_back(report::indicator_cell(v.name, v.value));
    t.add_row(std::move(row));
  }
  return t;
}

}  // namespace atlas::app
