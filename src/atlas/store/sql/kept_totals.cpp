#include "atlas/store/sql/kept_totals.h"

#include <map>
#include <mutex>
#include <utility>

namespace atlas::store::sql {

namespace {
struct Kept {
  FiguresVersion version;
  std::vector<metrics::ClusterYearTotals> totals;
};
std::mutex mutex;
// Few entries: one per database file and year asked for.
std::map<std::pair<std::string, int>, Kept>& kept() {
  static std::map<std::pair<std::string, int>, Kept> entries;
  return entries;
}
}  // namespace

std::optional<std::vector<metrics::ClusterYearTotals>> kept_totals(const std::string& path,
                                                                   int year,
                                                                   const FiguresVersion& version) {
  std::lock_guard lock(mutex);
  auto it = kept().find({path, year});
  if (it == kept().end() || !(it->second.version == version)) return std::nullopt;
  return it->second.totals;
}

void keep_totals(const std::string& path, int year, const FiguresVersion& version,
                 std::vector<metrics::ClusterYearTotals> totals) {
  std::lock_guard lock(mutex);
  kept()[{path, year}] = {version, std::move(totals)};
}

}  // namespace atlas::store::sql
