#include "atlas/app/specialisation.h"

#include <map>

#include <fmt/format.h>

#include "atlas/app/table_document.h"
#include "atlas/core/error.h"
#include "atlas/domain/industry.h"

namespace atlas::app {
namespace {

using ingest::EmploymentFile;

// Provinces × the GB/T 4754 divisions of the clusters' leading industries, from the clusters'
// enterprise figures of one year: employment and firm counts summed over the clusters. The
// "nation" is the programme, not the whole economy.
EmploymentFile from_statistics(store::Store& store, int year) {
  std::map<std::int64_t, metrics::ClusterYearTotals> totals;
  for (const auto& t : store.cluster_year_totals(year)) totals[t.cluster_id] = t;
  std::map<std::string, std::string> province_names;
  for (const auto& p : store.provinces()) province_names[p.code] = p.short_zh;
  std::map<std::pair<std::string, std::string>, discover::EmploymentRow> cells;
  for (const auto& c : store.clusters({})) {
    auto t = totals.find(c.id);
    if (t == totals.end()) continue;
    std::string division = domain::division_of(c.industry_code);
    auto industry = store.industry(division);
    auto& r = cells[{c.province_code, division}];
    if (r.region.empty()) {
      r.region =
          province_names.count(c.province_code) ? province_names[c.province_code] : c.province_code;
      r.category = industry ? division + " " + industry->name_zh : division;
      r.region_level = "province";
      r.year = year;
      r.employment = 0;
      r.establishments = 0;
    }
    // A cluster that reported no employment, or never its firms, leaves the cell's figure
    // unknown, not 0.
    const auto& figures = t->second;
    r.employment = figures.employment ? r.employment + *figures.employment : discover::kNoValue;
    r.establishments =
        figures.firms ? r.establishments + static_cast<double>(*figures.firms) : discover::kNoValue;
  }
  EmploymentFile out;
  for (auto& [key, r] : cells) {
    out.rows.push_back(std::move(r));
    out.lines.push_back(0);
  }
  if (out.rows.empty()) {
    throw Error(ErrorKind::kNotFound, fmt::format("no cluster has figures for {}", year));
  }
  return out;
}

report::Cell flag(const std::optional<bool>& f) {
  if (!f) return {};
  return std::int64_t{*f ? 1 : 0};
}

// The highest US Cluster Mapping flag known to hold.
std::string strength(const discover::SpecialisationRow& r) {
  if (r.strong_top10.value_or(false)) return "strong (top 10%)";
  if (r.strong.value_or(false)) return "strong";
  if (r.significant.value_or(false)) return "significant";
  if (r.qualifying.value_or(false)) return "qualifying";
  return "";
}

}  // namespace

report::Table Specialisation::table(report::Format format) const {
  const bool traded = denominator == discover::Denominator::kTraded;
  const bool terse = format == report::Format::kTable;  // the 0/1 columns only in CSV and JSON
  report::Table t;
  t.columns = {{"region", "地区"},
               {"region_level", "层级"},
               {"year", "年份", -1, true, 1, false},
               {"category", "产业/集群"},
               {"type", "类型"},
               {"employment", "就业", 0, true},
               {"establishments", "企业数", 0, true}};
  if (file.has_wages) t.columns.push_back({"wages", "工资", 0, true});
  t.columns.push_back({"lq", traded ? "LQ(可贸易)" : "LQ", 3, true});
  if (traded) t.columns.push_back({"lq_total", "LQ(总就业)", 3, true});
  t.columns.push_back({"share", "占本地区就业", 4, true});
  t.columns.push_back({"strength", "强度(USCMP)"});
  if (!terse) {
    for (const char* k : {"strong", "strong_top10", "significant", "qualifying"})
      t.columns.push_back({k, k, -1, true});
  }
  t.columns.push_back({"stars", "星级(ECO)", -1, true});
  if (!terse) {
    for (const char* k : {"size_star", "specialisation_star", "focus_star"})
      t.columns.push_back({k, k, -1, true});
  }
  for (const auto& r : rows) {
    const auto& in = r.input;
    // Pushed one by one: GCC 12 at -O2 takes an initializer list of these cells for a read of an
    // uninitialised string (-Wmaybe-uninitialized), as in explain.cpp.
    std::vector<report::Cell> row;
    row.emplace_back(in.region);
    row.emplace_back(in.region_level);
    row.push_back(in.year ? report::Cell{std::int64_t{in.year}} : report::Cell{});
    row.emplace_back(in.category);
    row.emplace_back(std::string(in.type == discover::CategoryType::kTraded ? "traded" : "local"));
    row.push_back(report::cell(in.employment));
    row.push_back(report::cell(in.establishments));
    if (file.has_wages) row.push_back(report::cell(in.wages));
    row.push_back(report::cell(r.lq));
    if (traded) row.push_back(report::cell(r.lq_total));
    row.push_back(report::cell(r.share));
    row.push_back(strength(r));
    if (!terse) {
      for (const auto* f : {&r.strong, &r.strong_top10, &r.significant, &r.qualifying})
        row.push_back(flag(*f));
    }
    if (terse) {
      std::string stars;
      for (int i = 0; i < r.stars; ++i) stars += "★";
      row.push_back(stars);
    } else {
      row.push_back(std::int64_t{r.stars});
      for (const auto* f : {&r.size_star, &r.specialisation_star, &r.focus_star})
        row.push_back(flag(*f));
    }
    t.add_row(std::move(row));
  }
  // What the reader skipped stays in the JSON document, for programs that see no stderr.
  if (format == report::Format::kJson) {
    for (const auto& note : file.notes) t.notes.push_back("note: " + note);
  }
  if (notice && format != report::Format::kCsv) t.notes.push_back(*notice);
  if (format == report::Format::kTable && traded)
    t.notes.push_back(
        "LQ on traded employment: traded categories against traded totals, local against local; "
        "stars use LQ(总就业)");
  return t;
}

nlohmann::ordered_json Specialisation::document() const {
  return table_document(table(report::Format::kJson));
}

Specialisation specialise(const Database* db, const SpecialisationRequest& request) {
  if (request.from_statistics == !request.employment.empty()) {
    throw Error(ErrorKind::kUsage, "give either an employment file or from_statistics");
  }
  if (request.denominator != "total" && request.denominator != "traded") {
    throw Error(ErrorKind::kUsage,
                fmt::format("must be total or traded, not '{}'", request.denominator),
                {"", 0, "", "denominator"});
  }
  if (request.from_statistics) {
    if (db == nullptr) throw Error(ErrorKind::kUsage, "from_statistics needs a database");
    Specialisation s =
        specialise(request, from_statistics(db->store(), db->year_with_data(request.year)));
    s.notice = db->synthetic_notice();
    return s;
  }
  return specialise(request, ingest::read_employment(request.employment));
}

Specialisation specialise(const SpecialisationRequest& request, ingest::EmploymentFile file) {
  Specialisation s;
  s.file = std::move(file);
  s.denominator = request.denominator == "traded" ? discover::Denominator::kTraded
                                                  : discover::Denominator::kTotal;
  try {
    s.rows = discover::specialise(s.file.rows, s.denominator);
  } catch (Error& e) {
    // The core counts rows from 1; the file's own line is what a person can find.
    Where where = e.where();
    where.file = request.employment;
    if (where.row > 0 && static_cast<std::size_t>(where.row) <= s.file.lines.size())
      where.row = s.file.lines[static_cast<std::size_t>(where.row - 1)];
    throw Error(e.kind(), e.what(), where);
  }
  return s;
}

}  // namespace atlas::app
