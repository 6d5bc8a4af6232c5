// libFuzzer harness: a review-score table, whatever its bytes, gives one application, expert,
// score and line per row kept — names non-empty, (application, expert) pairs unique, scores from
// 0 to 100 or NaN (not scored), lines increasing — or is refused with atlas::Error. The first
// byte chooses CSV or TSV.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>
#include <utility>

#include "atlas/core/error.h"
#include "atlas/ingest/review_scores.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string path =
      "/tmp/fuzz_review_" + std::to_string(getpid()) + (data[0] % 2 == 0 ? ".csv" : ".tsv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto r = atlas::ingest::read_review_scores(path);
    const std::size_t n = r.scores.size();
    if (n == 0 || r.applications.size() != n || r.experts.size() != n || r.lines.size() != n)
      std::abort();
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < n; ++i) {
      if (r.applications[i].empty() || r.experts[i].empty()) std::abort();
      if (!seen.insert({r.applications[i], r.experts[i]}).second) std::abort();
      if (!std::isnan(r.scores[i]) && !(r.scores[i] >= 0 && r.scores[i] <= 100)) std::abort();
      if (i > 0 && !(r.lines[i] > r.lines[i - 1])) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
