// libFuzzer harness: the province map a user gives `report annual --map FILE` and `serve --map`,
// whatever its bytes — plain GeoJSON or ECharts' encoded rings ("UTF8Encoding": true) — is read
// into provinces with a two-digit code or none, and their bounds and look-ups work; or it is
// refused with atlas::Error. Nothing else escapes: no crash, no nlohmann exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "atlas/core/error.h"
#include "atlas/report/chart/china_map.h"

namespace {

bool ordered(const atlas::report::chart::GeoBounds& b) {
  // JSON has no NaN, and decoded rings divide whole numbers by a positive scale: no coordinate
  // is NaN, so every box is ordered (a province without points has the empty box at 0, 0).
  return b.west <= b.east && b.south <= b.north;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace atlas::report::chart;
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    ChinaMap map = load_china_map(text);
    if (map.provinces.empty()) std::abort();
    for (const auto& p : map.provinces) {
      if (!p.code.empty() && (p.code.size() != 2 || map.find(p.code) == nullptr)) std::abort();
      if (!ordered(p.bounds())) std::abort();
    }
    if (!ordered(map.bounds())) std::abort();
    (void)map.find("420000");
  } catch (const atlas::Error&) {
    // refused with a message: fine
  }
  return 0;
}
