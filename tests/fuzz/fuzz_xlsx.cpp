// libFuzzer harness: the XLSX reader over any bytes (written to a temporary file, as the reader
// takes a path). Any input may be rejected with atlas::Error; nothing may crash, hang or leak.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/xlsx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/tmp/atlas-fuzz-" + std::to_string(getpid()) + ".xlsx";
  if (FILE* f = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, f);
    std::fclose(f);
  }
  try {
    for (const auto& sheet : atlas::ingest::xlsx_sheet_names(path)) {
      auto rows = atlas::ingest::open_xlsx_sheet(path, sheet);
      std::vector<std::string> cells;
      while (rows->next(cells)) {
      }
    }
  } catch (const atlas::Error&) {
  }
  return 0;
}
