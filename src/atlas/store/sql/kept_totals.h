// The cluster-year totals of a database, kept for every connection of the process: summing a
// year's enterprise rows takes tens of milliseconds, and a server's workers ask for them on every
// statistics or evaluation request while status changes and logins, which leave them as they
// are, keep coming. An entry is valid for one audit entry — the newest change of the annual
// figures, named by its id AND its hash, so a database deleted and made again at the same path,
// or an entry number reused after a rollback, never matches an entry of another chain.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "atlas/metrics/totals.h"

namespace atlas::store::sql {

// The newest change of the annual figures: an audit entry's id and hash (0 and "" for none).
struct FiguresVersion {
  std::int64_t id = 0;
  std::string hash;
  bool operator==(const FiguresVersion&) const = default;
};

// The totals of `year` in the database at `path` as of `version`, if a connection kept them.
std::optional<std::vector<metrics::ClusterYearTotals>> kept_totals(const std::string& path,
                                                                   int year,
                                                                   const FiguresVersion& version);
// Keeps them, replacing those of any other version of that year.
void keep_totals(const std::string& path, int year, const FiguresVersion& version,
                 std::vector<metrics::ClusterYearTotals> totals);

}  // namespace atlas::store::sql
