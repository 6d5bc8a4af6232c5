// libFuzzer harness: an expert-score table, whatever its bytes, gives one unit, score and line
// per row kept — units non-empty and unique, scores from 0 to 100, lines increasing — or is
// refused with atlas::Error. The first byte chooses CSV or TSV.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/expert_scores.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path =
      "/tmp/fuzz_expert_" + std::to_string(getpid()) + (data[0] % 2 == 0 ? ".csv" : ".tsv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto e = atlas::ingest::read_expert_scores(path);
    const std::size_t n = e.units.size();
    if (e.scores.size() != n || e.lines.size() != n) std::abort();
    if (e.unit_header.empty() || e.score_header.empty()) std::abort();
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n; ++i) {
      if (e.units[i].empty() || !seen.insert(e.units[i]).second) std::abort();
      if (!(e.scores[i] >= 0 && e.scores[i] <= 100)) std::abort();
      if (i > 0 && !(e.lines[i] > e.lines[i - 1])) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
