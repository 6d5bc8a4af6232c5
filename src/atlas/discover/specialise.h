// Specialisation and cluster strength of regions: location quotients, the US Cluster Mapping
// strength flags and the European Cluster Observatory stars, computed per (region level,
// category, year) on employment rows held in memory. Pure computation; never reads a file.
#pragma once
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace atlas::discover {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

// Whether a category sells beyond its region (traded) or serves local demand (local): the US
// Cluster Mapping splits employment this way and rates traded clusters against traded totals.
enum class CategoryType { kTraded, kLocal };

// What the region's and the nation's employment in the LQ's denominator are.
enum class Denominator {
  kTotal,   // all employment of the region / of the nation
  kTraded,  // employment of the row's own type: traded categories against traded totals (US
            // Cluster Mapping), local categories against local totals
};

// One region's figures for one category in one year. `region_level` separates region types
// (province, prefecture, …): percentiles and national totals are taken within one level.
struct EmploymentRow {
  std::string region;
  std::string category;
  std::string region_level;
  int year = 0;
  double employment = kNoValue;      // persons; NaN = not reported (suppressed)
  double establishments = kNoValue;  // firms or plants; NaN = not reported
  double wages = kNoValue;           // carried through, not used by the rules
  CategoryType type = CategoryType::kTraded;
};

// Percentiles of one (level, category, year) group over its regions with employment > 0, by
// linear interpolation between order statistics (numpy's default): the thresholds the flags and
// stars compare with. NaN when no region qualifies.
struct GroupThresholds {
  double lq_p25 = kNoValue, lq_p50 = kNoValue, lq_p75 = kNoValue, lq_p90 = kNoValue;
  double employment_p25 = kNoValue, employment_p90 = kNoValue;
  double establishments_p25 = kNoValue;
  double share_p90 = kNoValue;
  std::size_t regions = 0;  // regions with employment > 0
};

struct SpecialisationRow {
  EmploymentRow input;
  // LQ with the chosen denominator; NaN when employment is missing or a total is 0.
  double lq = kNoValue;
  // LQ with total employment as the denominator (the Observatory's specialisation star).
  double lq_total = kNoValue;
  // The category's share of the region's total employment (the Observatory's focus).
  double share = kNoValue;
  // US Cluster Mapping flags; nullopt when a condition cannot be decided (LQ missing, or the
  // establishments count is missing for this row or the whole group).
  std::optional<bool> strong, strong_top10, significant, qualifying;
  // European Cluster Observatory stars; nullopt when the inputs of a star are missing.
  std::optional<bool> size_star, specialisation_star, focus_star;
  int stars = 0;  // the stars awarded (a missing star counts as not awarded)
  GroupThresholds thresholds;
};

// Value at quantile `q` in [0, 1] of `values` (NaNs ignored), linear interpolation between the
// order statistics x_(⌊h⌋) and x_(⌊h⌋+1) at h = (n − 1)·q — numpy.percentile's default. NaN when
// no value is left.
double percentile_linear(std::vector<double> values, double q);

// LQs, flags and stars for every row, in the input's order. Totals: E_r sums a region's rows of
// the same level and year (of the row's type with kTraded), E_c a category's rows, E all rows;
// rows with missing employment take no part in any total. Throws atlas::Error (kBadInput) when
// a row has negative employment or establishments, or when two rows share region, category,
// level and year (naming the row's 1-based position as its row).
std::vector<SpecialisationRow> specialise(const std::vector<EmploymentRow>& rows,
                                          Denominator denominator);

}  // namespace atlas::discover
