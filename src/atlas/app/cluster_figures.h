// A cluster's indicators year by year: for each year with annual figures (or one year), the row
// `export metrics` gives the cluster for that year — its totals, shares, per-10,000-staff
// figures, growth and 3-year means (metrics/indicators.h), missing figures null, never 0.
#pragma once
#include "atlas/app/database.h"
#include "atlas/report/table.h"

namespace atlas::app {

// `year` 0: every year with figures, oldest first; otherwise that year alone (kNotFound when the
// database has no figures for it).
report::Table cluster_figures(const Database& db, const domain::Cluster& cluster, int year);

}  // namespace atlas::app
