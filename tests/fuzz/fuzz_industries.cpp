// libFuzzer harness: an industry list for `industry import`, whatever its bytes, gives rows each
// with a well-formed code, its level by the code's form, a non-empty name, no code twice, and a
// parent that fits the level (none for a section, a section or nothing for a division, the code
// less its last digit below that), one line each in increasing order — or is refused with
// atlas::Error.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/industry_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/fuzz_industries_" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto list = atlas::ingest::read_industry_list(path);
    if (list.rows.empty() || list.lines.size() != list.rows.size()) std::abort();
    std::set<std::string> codes;
    for (std::size_t i = 0; i < list.rows.size(); ++i) {
      const auto& r = list.rows[i];
      if (atlas::domain::industry_code_problem(r.code)) std::abort();
      if (r.level != atlas::domain::level_of(r.code) || r.name_zh.empty()) std::abort();
      if (!codes.insert(r.code).second) std::abort();
      if (r.level == "section" && !r.parent.empty()) std::abort();
      if (r.level == "division" && r.parent.size() > 1) std::abort();
      if (r.code.size() > 2 && r.parent != r.code.substr(0, r.code.size() - 1)) std::abort();
      if (i > 0 && !(list.lines[i] > list.lines[i - 1])) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row: fine
  }
  return 0;
}
