// libFuzzer harness: an employment file for `specialise`, whatever its bytes, gives rows with a
// region and a category, neither a total row's word (合计, 小计), and counts that are missing or
// ≥ 0, in ascending rows, with at most a note on a title and one on total rows; or is refused
// with atlas::Error.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/employment.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/fuzz_employment_" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto file = atlas::ingest::read_employment(path);
    if (file.rows.empty() || file.lines.size() != file.rows.size()) std::abort();
    if (file.notes.size() > 2) std::abort();
    for (std::size_t i = 1; i < file.lines.size(); ++i) {
      if (!(file.lines[i] > file.lines[i - 1])) std::abort();
    }
    for (const auto& r : file.rows) {
      if (r.region.empty() || r.category.empty()) std::abort();
      if (!atlas::ingest::total_row_word({r.region}, -1).empty() ||
          !atlas::ingest::total_row_word({r.category}, -1).empty()) {
        std::abort();
      }
      for (double v : {r.employment, r.establishments, r.wages}) {
        if (!std::isnan(v) && !(v >= 0)) std::abort();
      }
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row: fine
  }
  return 0;
}
