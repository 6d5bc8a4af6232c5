#include "atlas/metrics/indicators.h"

#include <cmath>

#include "atlas/core/units.h"

namespace atlas::metrics {
namespace {

std::optional<double> at(const Series& s, int year) {
  auto it = s.find(year);
  if (it == s.end()) return std::nullopt;
  return it->second;
}

std::optional<double> count(const std::optional<std::int64_t>& n) {
  if (!n) return std::nullopt;
  return static_cast<double>(*n);
}

}  // namespace

std::optional<double> growth(const Series& s, int year) {
  auto now = at(s, year), before = at(s, year - 1);
  if (!now || !before || *before == 0) return std::nullopt;
  return (*now - *before) / *before;
}

std::optional<double> cagr(const Series& s, int from, int to) {
  auto first = at(s, from), last = at(s, to);
  if (!first || !last || to <= from || !(*first > 0) || !(*last >= 0)) return std::nullopt;
  return std::pow(*last / *first, 1.0 / (to - from)) - 1;
}

std::optional<double> mean_last(const Series& s, int year, int n) {
  if (n <= 0) return std::nullopt;
  double sum = 0;
  for (int y = year - n + 1; y <= year; ++y) {
    auto v = at(s, y);
    if (!v) return std::nullopt;
    sum += *v;
  }
  return sum / n;
}

std::vector<IndicatorValue> cluster_year_indicators(const ClusterYearTotals& t) {
  return {
      {"firms", count(t.firms)},
      {"high_tech_firms", count(t.high_tech_firms)},
      {"specialised_firms", count(t.specialised_firms)},
      {"single_champion_firms", count(t.single_champion_firms)},
      {"qualified_firms", count(t.qualified_firms)},
      {"high_tech_share", ratio(count(t.high_tech_firms), count(t.firms))},
      {"qualified_share", ratio(count(t.qualified_firms), count(t.firms))},
      {"revenue", t.revenue},
      {"industrial_output", t.industrial_output},
      {"profit", t.profit},
      {"taxes", t.taxes},
      {"exports", t.exports},
      {"rd_expenditure", t.rd_expenditure},
      {"employment", t.employment},
      {"valid_invention_patents", t.valid_invention_patents},
      {"granted_invention_patents", t.granted_invention_patents},
      {"rd_intensity", ratio(t.rd_expenditure, t.revenue)},
      {"profit_margin", ratio(t.profit, t.revenue)},
      {"export_share", ratio(t.exports, t.revenue)},
      {"patents_per_10k_staff",
       ratio(t.valid_invention_patents, t.employment, units::kPer10kStaff)},
      {"granted_patents_per_10k_staff",
       ratio(t.granted_invention_patents, t.employment, units::kPer10kStaff)},
      {"revenue_per_employee", ratio(t.revenue, t.employment)},
  };
}

std::vector<IndicatorValue> cluster_indicators(const std::vector<ClusterYearTotals>& history,
                                               int year) {
  std::vector<IndicatorValue> out;
  Series revenue, intensity;
  const ClusterYearTotals* current = nullptr;
  for (const auto& t : history) {
    revenue[t.year] = t.revenue;
    intensity[t.year] = ratio(t.rd_expenditure, t.revenue);
    if (t.year == year) current = &t;
  }
  if (current) {
    out = cluster_year_indicators(*current);
  } else {
    ClusterYearTotals none;
    none.year = year;
    for (auto& v : cluster_year_indicators(none)) out.push_back({v.name, std::nullopt});
  }
  int first = history.empty() ? year : history.front().year;
  out.push_back({"revenue_growth", growth(revenue, year)});
  out.push_back({"revenue_cagr", cagr(revenue, first, year)});
  out.push_back({"revenue_mean_3y", mean_last(revenue, year, 3)});
  out.push_back({"rd_intensity_mean_3y", mean_last(intensity, year, 3)});
  return out;
}

}  // namespace atlas::metrics
