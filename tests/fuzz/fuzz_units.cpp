// libFuzzer harness: the unit table of `evaluate --data`, whatever its bytes, gives non-empty,
// unique unit codes, one name, line and group cell per unit, one value per unit and column, each
// missing (NaN) or finite, or is refused with atlas::Error. The first byte chooses CSV or TSV.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/unit_data.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path =
      "/tmp/fuzz_units_" + std::to_string(getpid()) + (data[0] % 2 == 0 ? ".csv" : ".tsv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto u = atlas::ingest::read_unit_data(path);
    const std::size_t n = u.codes.size();
    if (n == 0 || u.names.size() != n || u.lines.size() != n) std::abort();
    if (u.values.rows != n || u.values.cols != u.columns.size()) std::abort();
    if (u.values.data.size() != n * u.columns.size()) std::abort();
    if (u.groups.size() != u.group_columns.size()) std::abort();
    for (const auto& g : u.groups) {
      if (g.size() != n) std::abort();
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n; ++i) {
      if (u.codes[i].empty() || !seen.insert(u.codes[i]).second) std::abort();
      if (i > 0 && !(u.lines[i] > u.lines[i - 1])) std::abort();
    }
    for (double v : u.values.data) {
      if (!std::isnan(v) && !std::isfinite(v)) std::abort();
    }
    for (std::size_t c = 0; c < u.columns.size(); ++c) {
      if (u.column(u.columns[c]) != static_cast<int>(c)) std::abort();  // names are unique
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
