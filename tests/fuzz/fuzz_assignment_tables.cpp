// libFuzzer harness: an affinity, conflict or fixed-pair table of `assign`, whatever its bytes,
// gives rows whose indices point into its id lists — ids non-empty and unique, pairs unique,
// affinities finite, reasons non-empty, lines increasing — or is refused with atlas::Error. The
// first byte chooses the table and CSV or TSV.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/assignment_tables.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const int table = data[0] % 3;
  const std::string path =
      "/tmp/fuzz_assignment_" + std::to_string(getpid()) + (data[0] & 4 ? ".tsv" : ".csv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    using namespace atlas::ingest;
    const AssignmentTable t = table == 0   ? read_affinities(path)
                              : table == 1 ? read_conflicts(path)
                                           : read_overrides(path, "fixed-pair");
    const std::size_t n = t.size();
    if (t.application.size() != n || t.expert.size() != n) std::abort();
    if (table == 0 && t.affinities.size() != n) std::abort();
    if (table == 2 && t.reasons.size() != n) std::abort();
    for (const auto* ids : {&t.applications, &t.experts}) {
      std::set<std::string> unique(ids->begin(), ids->end());
      if (unique.size() != ids->size() || unique.count("")) std::abort();
    }
    std::set<std::pair<int, int>> pairs;
    for (std::size_t i = 0; i < n; ++i) {
      if (t.application[i] < 0 ||
          static_cast<std::size_t>(t.application[i]) >= t.applications.size())
        std::abort();
      if (t.expert[i] < 0 || static_cast<std::size_t>(t.expert[i]) >= t.experts.size())
        std::abort();
      if (!pairs.insert({t.application[i], t.expert[i]}).second) std::abort();
      if (table == 0 && !std::isfinite(t.affinities[i])) std::abort();
      if (table == 2 && t.reasons[i].empty()) std::abort();
      if (i > 0 && !(t.lines[i] > t.lines[i - 1])) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
