// libFuzzer harness: an expert pool, whatever its bytes, gives one expert and line per row kept —
// codes non-empty and unique; name, organisation and fields present; the province one of the
// list's codes; every field a well-formed GB/T 4754 code the caller knows, none
// twice; declared conflicts non-empty; lines increasing — or is refused with atlas::Error. The
// first byte chooses CSV or TSV.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string>

#include "atlas/core/error.h"
#include "atlas/domain/industry.h"
#include "atlas/ingest/expert_pool.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  static const std::vector<atlas::domain::Province> provinces = {
      {"110000", "北京市", "北京", "Beijing", atlas::domain::Region::kEast},
      {"420000", "湖北省", "湖北", "Hubei", atlas::domain::Region::kCentral},
      {"150000", "内蒙古自治区", "内蒙古", "Inner Mongolia", atlas::domain::Region::kWest},
  };
  // Codes of division 99 (which GB/T 4754-2017 lacks) are unknown, so the check is exercised.
  auto known = [](const std::string& code) { return !code.starts_with("99"); };
  const std::string path =
      "/tmp/fuzz_expert_pool_" + std::to_string(getpid()) + (data[0] % 2 == 0 ? ".csv" : ".tsv");
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto pool = atlas::ingest::read_expert_pool(path, provinces, known);
    const std::size_t n = pool.experts.size();
    if (n == 0 || pool.lines.size() != n) std::abort();
    std::set<std::string> codes;
    for (std::size_t i = 0; i < n; ++i) {
      const auto& e = pool.experts[i];
      if (e.code.empty() || !codes.insert(e.code).second) std::abort();
      if (e.name.empty() || e.organisation.empty() || e.fields.empty()) std::abort();
      if (e.province_code != "110000" && e.province_code != "420000" && e.province_code != "150000")
        std::abort();
      std::set<std::string> fields;
      for (const auto& f : e.fields) {
        if (atlas::domain::industry_code_problem(f) || !known(f)) std::abort();
        if (!fields.insert(f).second) std::abort();
      }
      for (const auto& d : e.declared_conflicts) {
        if (d.empty()) std::abort();
      }
      if (i > 0 && !(pool.lines[i] > pool.lines[i - 1])) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row and column: fine
  }
  ::unlink(path.c_str());
  return 0;
}
