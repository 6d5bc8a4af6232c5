// libFuzzer harness: the values file of `spatial`, whatever its bytes, gives at least 3 units with
// unique non-empty ids, none a total row's word (合计), a finite value each and, when the file has
// coordinates, one point per unit (finite when the weights need them), with at most a note on a
// title and one on total rows; or is refused with atlas::Error. The first byte
// chooses whether coordinates are required and whether --variable names a column.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/values.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool need_points = data[0] % 2 == 0;
  const std::string variable = data[0] % 4 >= 2 ? "value" : "";
  static const std::string path = "/tmp/fuzz_values_" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto u = atlas::ingest::read_unit_values(path, variable, need_points);
    const std::size_t n = u.ids.size();
    if (n < 3 || u.lines.size() != n || u.values.size() != n || u.variable.empty()) std::abort();
    if (u.has_points != (u.points.size() == n) || (!u.has_points && !u.points.empty()))
      std::abort();
    if (need_points && !u.has_points) std::abort();
    if (u.notes.size() > 2) std::abort();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n; ++i) {
      if (u.ids[i].empty() || !seen.insert(u.ids[i]).second) std::abort();
      if (!atlas::ingest::total_row_word({u.ids[i]}, -1).empty()) std::abort();
      if (!std::isfinite(u.values[i])) std::abort();
      if (i > 0 && !(u.lines[i] > u.lines[i - 1])) std::abort();
    }
    for (const auto& p : u.points) {
      if (need_points && (!std::isfinite(p.x) || !std::isfinite(p.y))) std::abort();
      if (!std::isnan(p.x) && !std::isfinite(p.x)) std::abort();
      if (!std::isnan(p.y) && !std::isfinite(p.y)) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row: fine
  }
  return 0;
}
