// libFuzzer harness: a GeoJSON file for contiguity weights, whatever its bytes, gives one area per
// unit id, which GEOS then turns into weights or refuses — or it is refused with atlas::Error.
// Nothing else escapes: no crash, no nlohmann exception.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "atlas/core/error.h"
#include "atlas/discover/weights.h"
#include "atlas/ingest/geojson.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/fuzz_geojson_" + std::to_string(getpid()) + ".geojson";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const std::vector<std::string> ids = {"1", "a", "北京"};
  try {
    auto geo = atlas::ingest::read_geojson_areas(path, "", ids, "values.csv", {2, 3, 4});
    if (geo.areas.size() != ids.size() || geo.unused > geo.features) std::abort();
    (void)atlas::discover::contiguity_weights(geo.areas, atlas::discover::Contiguity::kQueen);
  } catch (const atlas::Error&) {
    // refused with a message: fine
  }
  return 0;
}
