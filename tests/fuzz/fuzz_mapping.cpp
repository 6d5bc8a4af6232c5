// libFuzzer harness: an import's --mapping file, whatever its bytes, gives header → field
// entries whose units are ones the import converts, or is refused with atlas::Error — never
// another exception (a list or map where text belongs once escaped as yaml-cpp's own error).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/columns.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/fuzz_mapping_" + std::to_string(getpid()) + ".yaml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    auto mapping = atlas::ingest::load_mapping(path);
    for (const auto& [header, target] : mapping.columns) {
      if (!target.unit.empty() && !atlas::ingest::unit_factor(target.unit)) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the file and line: fine
  }
  return 0;
}
