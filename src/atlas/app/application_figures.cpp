#include "atlas/app/application_figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/rounds.h"
#include "atlas/core/error.h"
#include "atlas/domain/figures.h"
#include "atlas/domain/rules.h"
#include "atlas/ingest/cluster_import.h"
#include "atlas/ingest/columns.h"
#include "atlas/ingest/unit_data.h"
#include "atlas/metrics/indicators.h"
#include "atlas/metrics/totals.h"
#include "atlas/store/round_reviews.h"

namespace atlas::app {
namespace {

using Figures = std::map<std::int64_t, store::ApplicationFigures>;  // application → its figures

// The fields of one year as for a cluster (metrics::cluster_year_indicators), with the support
// counts its report gives (platforms and institutions; alliances are JQ04's). Growth and
// three-year means are the system's formulas over the years, as for a cluster.
std::map<std::string, double> fields_of(const metrics::ClusterYearTotals& totals,
                                        const domain::ClusterReport& report) {
  std::map<std::string, double> fields;
  for (const auto& v : metrics::cluster_year_indicators(totals)) {
    if (v.value) fields[v.name] = *v.value;
  }
  auto count = [&](const char* field, const std::optional<std::int64_t>& n) {
    if (n) fields[field] = static_cast<double>(*n);
  };
  count("national_platforms", report.national_platforms);
  count("provincial_platforms", report.provincial_platforms);
  if (report.national_platforms && report.provincial_platforms) {
    count("platforms", *report.national_platforms + *report.provincial_platforms);
  }
  count("institutions", report.institutions);
  return fields;
}

// A JQ01 report of one year from a table's raw figures (revenue, firms …, as the catalogue names
// them); qualified firms, which JQ01 lacks, go straight into the totals.
metrics::ClusterYearTotals totals_of(const std::map<std::string, double>& given, int year,
                                     domain::ClusterReport& report) {
  auto count = [&](const char* field) -> std::optional<std::int64_t> {
    auto it = given.find(field);
    if (it == given.end()) return std::nullopt;
    return std::llround(it->second);
  };
  report.year = year;
  report.firms = count("firms");
  report.high_tech_firms = count("high_tech_firms");
  report.specialised_firms = count("specialised_firms");
  report.single_champion_firms = count("single_champion_firms");
  report.institutions = count("institutions");
  report.national_platforms = count("national_platforms");
  report.provincial_platforms = count("provincial_platforms");
  for (const auto& f : domain::kFigures) {
    if (auto it = given.find(f.name); it != given.end()) report.*f.of_cluster = it->second;
  }
  metrics::ClusterYearTotals none;
  none.year = year;
  auto totals = metrics::with_report(none, report);
  totals.qualified_firms = count("qualified_firms");
  return totals;
}

// The table of fields: a row per application, by id.
Figures table_figures(const ApplicationFiguresFile& file, int year,
                      const std::vector<rounds::Application>& applications) {
  auto data = ingest::read_unit_data(file.path);
  Figures out;
  for (std::size_t u = 0; u < data.codes.size(); ++u) {
    auto id = application_id(data.codes[u]);
    if (!id || std::none_of(applications.begin(), applications.end(),
                            [&](const auto& a) { return a.id == *id; })) {
      throw Error(ErrorKind::kBadInput,
                  fmt::format("'{}' is not the id of an application in round {}", data.codes[u],
                              file.round_id),
                  {data.source, data.lines[u], "unit", ""});
    }
    std::map<std::string, double> given;
    int row_year = year;
    for (std::size_t c = 0; c < data.columns.size(); ++c) {
      double v = data.values(u, c);
      if (std::isnan(v)) continue;
      // A year column (year, Time, 年份) dates its row; it is not a figure.
      if (ingest::header_is(data.columns[c], {"year", "Time", "年份"})) {
        if (v != std::floor(v) || v < domain::kFirstYear || v > domain::kLastYear) {
          throw Error(ErrorKind::kBadInput,
                      fmt::format("{:g} is not a year of the programme ({}–{})", v,
                                  domain::kFirstYear, domain::kLastYear),
                      {data.source, data.lines[u], data.columns[c], ""});
        }
        row_year = static_cast<int>(v);
        continue;
      }
      given[data.columns[c]] = v;
    }
    out[*id][row_year] = application_fields(std::move(given), row_year);
  }
  return out;
}

// The JQ01 rows' errors as one error at the first: its value and reason, then where the others
// are (`import clusters --dry-run` on the same file prints each in full).
[[noreturn]] void refuse(const ApplicationFiguresFile& file, const ingest::ImportReport& report) {
  std::vector<const ingest::Problem*> errors;
  for (const auto& p : report.problems) {
    if (!p.warning) errors.push_back(&p);
  }
  if (errors.empty()) {  // the report's list stops at its first kMaxProblems, warnings too
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} errors in the JQ01 figures, after more warnings than are kept; "
                            "`clusteratlas import clusters --dry-run` on the file lists them; no "
                            "figures recorded",
                            report.errors),
                {file.path, 0, "", ""});
  }
  const auto& first = *errors.front();
  std::vector<std::string> others;
  for (std::size_t i = 1; i < errors.size() && i <= 10; ++i) {
    others.push_back(fmt::format("{} {}{}", errors[i]->count == 1 ? "row" : "rows",
                                 ingest::row_ranges(*errors[i]),
                                 errors[i]->column.empty() ? "" : " " + errors[i]->column));
  }
  std::string more;
  if (report.errors > first.count) {
    const auto n = report.errors - first.count;
    more = fmt::format("; {} more {} ({}{})", n, n == 1 ? "error" : "errors",
                       fmt::join(others, ", "), errors.size() > 11 ? ", …" : "");
  }
  throw Error(ErrorKind::kBadInput,
              fmt::format("{}{}{}; no figures recorded",
                          first.value.empty() ? "" : "'" + first.value + "' ", first.message, more),
              {file.path, first.row(), first.column, ""});
}

// The JQ01 form: rows of the applications, named in the cluster column by id or by the proposed
// cluster's name, one per year.
Figures jq01_figures(store::Store& store, const ApplicationFiguresFile& file,
                     const std::vector<rounds::Application>& applications) {
  ingest::ReportingUnits units;
  for (const auto& a : applications) {
    units.ids[std::to_string(a.id)] = a.id;
    units.ids[a.parties.name] = a.id;
    units.names.push_back(a.parties.name);
  }
  units.what = fmt::format("application of round {}", file.round_id);
  units.hint = fmt::format(
      "give its id or the proposed cluster's name (clusteratlas application list --round {})",
      file.round_id);
  ingest::ImportOptions options;
  options.path = file.path;
  options.year = file.year;
  options.units = std::move(units);
  auto read = ingest::read_unit_reports(store, options);
  if (read.report.errors > 0) refuse(file, read.report);

  std::map<std::int64_t, std::vector<domain::ClusterReport>> by_application;
  for (auto& r : read.rows) by_application[r.cluster_id].push_back(r);
  Figures out;
  for (const auto& [id, reports] : by_application) out[id] = reported_fields(reports);
  return out;
}

}  // namespace

std::map<std::string, double> application_fields(std::map<std::string, double> given, int year) {
  domain::ClusterReport report;
  auto totals = totals_of(given, year, report);
  auto derived = fields_of(totals, report);
  given.insert(derived.begin(), derived.end());  // keeps what the row gives
  return given;
}

store::ApplicationFigures reported_fields(const std::vector<domain::ClusterReport>& reports) {
  store::ApplicationFigures out;
  for (const auto& r : reports) {
    metrics::ClusterYearTotals none;
    none.cluster_id = r.cluster_id;
    none.year = r.year;
    out[r.year] = fields_of(metrics::with_report(none, r), r);
  }
  return out;
}

std::size_t import_application_figures(const Database& db, const ApplicationFiguresFile& file,
                                       const store::Actor& actor) {
  auto& store = db.store();
  auto round = existing_round(store, file.round_id);
  if (file.year && (*file.year < domain::kFirstYear || *file.year > domain::kLastYear)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} is not a year of the programme ({}–{})", *file.year,
                            domain::kFirstYear, domain::kLastYear),
                {"", 0, "", "year"});
  }
  auto applications = store.applications(file.round_id, {});
  // A table's figures are of the year given, or the round's.
  auto figures = ingest::has_unit_column(file.path)
                     ? table_figures(file, file.year.value_or(round.year), applications)
                     : jq01_figures(store, file, applications);
  store.in_transaction([&] {
    for (const auto& [id, values] : figures) {
      store.round_reviews().set_application_figures(id, values, actor);
    }
  });
  return figures.size();
}

}  // namespace atlas::app
