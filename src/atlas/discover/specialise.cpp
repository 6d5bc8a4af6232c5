#include "atlas/discover/specialise.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include <fmt/format.h>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

using Key = std::tuple<std::string, int>;  // region level, year: one "nation"

bool reported(double v) {
  return !std::isnan(v);
}

double quotient(double num, double den) {
  if (!reported(num) || !reported(den) || den == 0) return kNoValue;
  return num / den;
}

// Kleene's three-valued AND: one false condition decides the flag even when another is unknown.
std::optional<bool> all_of(std::initializer_list<std::optional<bool>> conditions) {
  bool unknown = false;
  for (const auto& c : conditions) {
    if (!c) {
      unknown = true;
    } else if (!*c) {
      return false;
    }
  }
  if (unknown) return std::nullopt;
  return true;
}

// a > b (or a >= b) when both are known.
std::optional<bool> above(double a, double b, bool or_equal) {
  if (!reported(a) || !reported(b)) return std::nullopt;
  return or_equal ? a >= b : a > b;
}

struct Totals {
  std::map<Key, double> all, traded, local;                            // the nation
  std::map<std::tuple<std::string, int, std::string>, double> region;  // + region
  std::map<std::tuple<std::string, int, std::string>, double> region_traded, region_local;
  std::map<std::tuple<std::string, int, std::string>, double> category;  // + category
};

Totals totals_of(const std::vector<EmploymentRow>& rows) {
  Totals t;
  for (const auto& r : rows) {
    if (!reported(r.employment)) continue;
    Key nation{r.region_level, r.year};
    std::tuple region{r.region_level, r.year, r.region};
    t.all[nation] += r.employment;
    t.region[region] += r.employment;
    t.category[{r.region_level, r.year, r.category}] += r.employment;
    bool traded = r.type == CategoryType::kTraded;
    (traded ? t.traded : t.local)[nation] += r.employment;
    (traded ? t.region_traded : t.region_local)[region] += r.employment;
  }
  return t;
}

double lookup(const auto& map, const auto& key) {
  auto it = map.find(key);
  return it == map.end() ? 0.0 : it->second;
}

void check(const std::vector<EmploymentRow>& rows) {
  std::set<std::tuple<std::string, int, std::string, std::string>> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    auto row = static_cast<std::int64_t>(i + 1);
    if (reported(r.employment) && r.employment < 0) {
      throw Error(ErrorKind::kBadInput, fmt::format("negative employment {}", r.employment),
                  {"", row, "employment", ""});
    }
    if (reported(r.establishments) && r.establishments < 0) {
      throw Error(ErrorKind::kBadInput, fmt::format("negative establishments {}", r.establishments),
                  {"", row, "establishments", ""});
    }
    if (!seen.insert({r.region_level, r.year, r.category, r.region}).second) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("region '{}', category '{}' appears twice for level '{}', year {}",
                              r.region, r.category, r.region_level, r.year),
                  {"", row, "region", ""});
    }
  }
}

GroupThresholds thresholds_of(const std::vector<SpecialisationRow>& rows,
                              const std::vector<std::size_t>& group) {
  std::vector<double> lq, employment, establishments, share;
  for (std::size_t i : group) {
    const auto* r = &rows[i];
    if (!reported(r->input.employment) || r->input.employment <= 0) continue;
    lq.push_back(r->lq);
    employment.push_back(r->input.employment);
    establishments.push_back(r->input.establishments);
    share.push_back(r->share);
  }
  GroupThresholds g;
  g.regions = employment.size();
  g.lq_p25 = percentile_linear(lq, 0.25);
  g.lq_p50 = percentile_linear(lq, 0.50);
  g.lq_p75 = percentile_linear(lq, 0.75);
  g.lq_p90 = percentile_linear(lq, 0.90);
  g.employment_p25 = percentile_linear(employment, 0.25);
  g.employment_p90 = percentile_linear(employment, 0.90);
  g.establishments_p25 = percentile_linear(establishments, 0.25);
  g.share_p90 = percentile_linear(share, 0.90);
  return g;
}

void rate(SpecialisationRow& r) {
  const auto& g = r.thresholds;
  const double emp = r.input.employment, est = r.input.establishments;
  // Regions without employment are outside the percentile pool and never rated strong.
  std::optional<bool> employed = reported(emp) ? std::optional<bool>(emp > 0) : std::nullopt;
  auto size = all_of({employed, above(emp, g.employment_p25, false)});
  auto firms = above(est, g.establishments_p25, false);
  r.strong = all_of({size, firms, above(r.lq, g.lq_p75, true), above(r.lq, 1, true)});
  r.strong_top10 = all_of({size, firms, above(r.lq, g.lq_p90, true), above(r.lq, 1, true)});
  r.significant = all_of({size, firms, above(r.lq, g.lq_p50, false)});
  r.qualifying = all_of({size, firms, above(r.lq, g.lq_p25, false)});

  r.size_star = all_of({employed, above(emp, g.employment_p90, true)});
  r.specialisation_star = above(r.lq_total, 2, true);
  r.focus_star = all_of({employed, above(r.share, g.share_p90, true)});
  r.stars = (r.size_star.value_or(false) ? 1 : 0) +
            (r.specialisation_star.value_or(false) ? 1 : 0) +
            (r.focus_star.value_or(false) ? 1 : 0);
}

}  // namespace

double percentile_linear(std::vector<double> values, double q) {
  std::erase_if(values, [](double v) { return std::isnan(v); });
  if (values.empty()) return kNoValue;
  std::sort(values.begin(), values.end());
  double h = static_cast<double>(values.size() - 1) * q;
  auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  double frac = h - static_cast<double>(lo);
  return values[lo] + frac * (values[lo + 1] - values[lo]);
}

std::vector<SpecialisationRow> specialise(const std::vector<EmploymentRow>& rows,
                                          Denominator denominator) {
  check(rows);
  const Totals t = totals_of(rows);
  std::vector<SpecialisationRow> out(rows.size());
  std::map<std::tuple<std::string, int, std::string>, std::vector<std::size_t>> groups;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& in = rows[i];
    auto& r = out[i];
    r.input = in;
    Key nation{in.region_level, in.year};
    std::tuple region{in.region_level, in.year, in.region};
    double e_c = lookup(t.category, std::tuple{in.region_level, in.year, in.category});
    double e_r = lookup(t.region, region), e = lookup(t.all, nation);
    r.share = quotient(in.employment, e_r);
    r.lq_total = quotient(r.share, quotient(e_c, e));
    if (denominator == Denominator::kTotal) {
      r.lq = r.lq_total;
    } else {
      bool traded = in.type == CategoryType::kTraded;
      double e_r_type = lookup(traded ? t.region_traded : t.region_local, region);
      double e_type = lookup(traded ? t.traded : t.local, nation);
      r.lq = quotient(quotient(in.employment, e_r_type), quotient(e_c, e_type));
    }
    groups[{in.region_level, in.year, in.category}].push_back(i);
  }
  for (auto& [key, group] : groups) {
    const GroupThresholds g = thresholds_of(out, group);
    for (std::size_t i : group) {
      out[i].thresholds = g;
      rate(out[i]);
    }
  }
  return out;
}

}  // namespace atlas::discover
