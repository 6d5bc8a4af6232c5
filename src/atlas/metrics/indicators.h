// Cluster-year indicators computed from totals: shares, ratios per 10,000 staff, intensities,
// growth, CAGR and averages over the last N years (the 3-year means of the 2026 thresholds).
// Missing stays missing: any indicator whose inputs are missing, or whose denominator is zero,
// is nullopt — never 0. Used by `stats`, `metrics`, exports and evaluation.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "atlas/metrics/totals.h"

namespace atlas::metrics {

// One figure of one cluster over years.
using Series = std::map<int, std::optional<double>>;

// (x[year] − x[year−1]) / x[year−1].
std::optional<double> growth(const Series& s, int year);
// (x[to] / x[from])^(1 / (to − from)) − 1; missing unless x[from] > 0, x[to] ≥ 0 and to > from.
// An end of 0 is −100% — revenue that fell to nothing did fall — as the formula cagr() has it;
// a start of 0 or a negative value has no rate.
std::optional<double> cagr(const Series& s, int from, int to);
// Mean of x over year−n+1 … year; missing when any of those years is missing, since a threshold
// on a 3-year mean means three reported years.
std::optional<double> mean_last(const Series& s, int year, int n);

// The named indicators of one cluster-year, in a fixed order (see indicator_names()).
struct IndicatorValue {
  std::string name;
  std::optional<double> value;
};
std::vector<IndicatorValue> cluster_year_indicators(const ClusterYearTotals& t);

// The same indicators for every year of a cluster's history, plus growth and 3-year means of
// revenue and R&D intensity for `year`.
std::vector<IndicatorValue> cluster_indicators(const std::vector<ClusterYearTotals>& history,
                                               int year);

}  // namespace atlas::metrics
