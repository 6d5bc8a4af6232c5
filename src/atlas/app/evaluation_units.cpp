#include "atlas/app/evaluation_units.h"

#include <algorithm>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/domain/status.h"
#include "atlas/ingest/expert_scores.h"
#include "atlas/metrics/indicators.h"

namespace atlas::app {

std::vector<evaluate::Unit> units_from_data(const ingest::UnitData& data) {
  std::vector<evaluate::Unit> units;
  for (std::size_t i = 0; i < data.codes.size(); ++i) {
    evaluate::Unit u{data.codes[i], data.names[i], {}, evaluate::UnitFields(0)};
    for (std::size_t g = 0; g < data.group_columns.size(); ++g) {
      u.groups[data.group_columns[g]] = data.groups[g][i];
    }
    for (std::size_t c = 0; c < data.columns.size(); ++c) {
      u.fields.set(data.columns[c], data.values(i, c));
    }
    units.push_back(std::move(u));
  }
  return units;
}

namespace {

// A cluster's platform, institution and alliance counts of one year, for the formulas that look
// back (mean_last, growth) and the imputation over years. A count the cluster never reported
// stays missing (imputed or screened), not 0.
void add_support_counts(store::Store& store, std::int64_t cluster, int year,
                        evaluate::UnitFields& fields) {
  auto support = store.support_counts(cluster, year);
  auto set = [&](const char* field, const std::optional<std::int64_t>& n) {
    if (n) fields.set(field, year, static_cast<double>(*n));
  };
  set("national_platforms", support.national_platforms);
  set("provincial_platforms", support.provincial_platforms);
  if (support.national_platforms && support.provincial_platforms) {
    set("platforms", *support.national_platforms + *support.provincial_platforms);
  }
  set("institutions", support.institutions);
  set("alliances", support.alliances);
}

}  // namespace

std::vector<evaluate::Unit> units_from_store(const Database& db, int year,
                                             const ClusterHistory& history,
                                             const std::string& province_code) {
  auto& store = db.store();
  std::vector<evaluate::Unit> units;
  store::ClusterFilter filter;
  if (!province_code.empty()) filter.province_code = province_code;
  const auto statuses = store.statuses_on(fmt::format("{}-12-31", year));
  for (const auto& c : store.clusters(filter)) {
    auto status = statuses.find(c.id);
    if (status == statuses.end() || !domain::in_programme(status->second)) continue;
    // A cluster with no figures for the year cannot be scored; it would only add blank rows.
    auto h = history.find(c.id);
    if (h == history.end() || std::none_of(h->second.begin(), h->second.end(),
                                           [&](const auto& t) { return t.year == year; })) {
      continue;
    }
    evaluate::Unit u{std::to_string(c.id), c.name, {}, evaluate::UnitFields(year)};
    u.groups["province"] = c.province_code;
    u.groups["industry"] = c.industry_code.substr(0, 2);  // the GB/T 4754 division
    for (const auto& t : h->second) {
      if (t.year > year) continue;
      for (const auto& v : metrics::cluster_year_indicators(t)) {
        if (v.value) u.fields.set(v.name, t.year, *v.value);
      }
      add_support_counts(store, c.id, t.year, u.fields);
    }
    units.push_back(std::move(u));
  }
  if (units.empty()) {
    throw Error(
        ErrorKind::kNotFound,
        fmt::format(
            "no cluster {}in the programme at the end of {} has figures for it",
            province_code.empty() ? "" : fmt::format("of {} ", db.province(province_code).name_zh),
            year));
  }
  return units;
}

std::map<std::string, double> read_expert_scores(const std::string& path,
                                                 const std::vector<evaluate::Unit>& units) {
  auto file = ingest::read_expert_scores(path);
  std::vector<std::string> known;
  for (const auto& u : units) {
    known.push_back(u.code);
    if (u.name != u.code) known.push_back(u.name);
  }
  std::map<std::string, double> scores;
  for (std::size_t i = 0; i < file.units.size(); ++i) {
    // A unit is named by its code or, for clusters, its full name.
    auto unit = std::find_if(units.begin(), units.end(), [&](const evaluate::Unit& u) {
      return u.code == file.units[i] || u.name == file.units[i];
    });
    if (unit == units.end()) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not a unit of this evaluation{}", file.units[i],
                              text::did_you_mean(file.units[i], known)),
                  {file.source, file.lines[i], file.unit_header, ""});
    }
    scores[unit->code] = file.scores[i];
  }
  return scores;
}

}  // namespace atlas::app
