#include "atlas/app/database.h"

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/suggest.h"
#include "atlas/domain/reference.h"

namespace atlas::app {

int Database::year_or_latest(int year) const {
  if (year != 0) return year;
  auto years = store().years_with_data();
  return years.empty() ? 0 : years.back();
}

int Database::year_with_data(int year) const {
  int y = year_or_latest(year);
  if (y == 0) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("{} has no annual figures yet (import some with `clusteratlas import "
                            "enterprises`, or try `clusteratlas demo` on a new database)",
                            path));
  }
  return y;
}

const domain::Province& find_province(const std::vector<domain::Province>& provinces,
                                      const std::string& query) {
  const auto* p = domain::find_province(provinces, query);
  if (!p) {
    throw Error(ErrorKind::kNotFound,
                fmt::format("unknown province '{}' (use a GB/T 2260 code such as 420000 or a name "
                            "such as 湖北; see `clusteratlas province list`)",
                            query));
  }
  return *p;
}

domain::Province Database::province(const std::string& query) const {
  return find_province(store().provinces(), query);
}

domain::Zone Database::zone(const std::string& query) const {
  std::optional<domain::Zone> z;
  if (!query.empty() && query.find_first_not_of("0123456789") == std::string::npos) {
    z = store().zone(std::stoll(query));
  }
  if (!z) z = store().zone_by_name(query);
  if (!z) {
    std::vector<std::string> names;
    for (const auto& known : store().zones({})) names.push_back(known.name);
    if (names.empty()) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("unknown zone '{}': {} has no zones (`clusteratlas init` loads the "
                              "national high-tech zones; `clusteratlas zone add` records one)",
                              query, path));
    }
    throw Error(ErrorKind::kNotFound,
                fmt::format("unknown zone '{}'{} (see `clusteratlas zone list`)", query,
                            text::did_you_mean(query, names)));
  }
  return *z;
}

domain::Cluster Database::cluster(const std::string& query) const {
  if (!query.empty() && query.find_first_not_of("0123456789") == std::string::npos) {
    if (auto c = store().cluster(std::stoll(query))) return *c;
  }
  auto found = store().find_clusters(query);
  if (found.size() == 1) return found[0];
  if (found.empty()) {
    std::vector<std::string> names;
    for (const auto& known : store().clusters({})) names.push_back(known.name);
    if (names.empty()) {
      throw Error(ErrorKind::kNotFound,
                  fmt::format("no cluster matches '{}': {} has no clusters (`clusteratlas init` "
                              "loads the 2013 pilot clusters; `clusteratlas cluster add` records "
                              "one)",
                              query, path));
    }
    throw Error(ErrorKind::kNotFound,
                fmt::format("no cluster matches '{}'{} (see `clusteratlas cluster list`)", query,
                            text::did_you_mean(query, names)));
  }
  std::string names;
  for (std::size_t i = 0; i < found.size() && i < 5; ++i) {
    names += fmt::format("{}{} (id {})", i ? ", " : "", found[i].name, found[i].id);
  }
  throw Error(ErrorKind::kUsage,
              fmt::format("'{}' matches {} clusters: {}{}; give the id or the "
                          "full name",
                          query, found.size(), names, found.size() > 5 ? ", …" : ""));
}

std::optional<std::string> Database::synthetic_notice() const {
  auto demo = store().meta("synthetic");
  if (!demo) return std::nullopt;
  return fmt::format("⚠ 合成演示数据，非真实统计 / SYNTHETIC demo data, not real statistics ({})",
                     *demo);
}

ClusterHistory cluster_history(store::Store& store, int year) {
  ClusterHistory history;
  for (int y : store.years_with_data()) {
    if (y > year) break;
    for (const auto& t : store.cluster_year_totals(y)) history[t.cluster_id].push_back(t);
  }
  return history;
}

}  // namespace atlas::app
