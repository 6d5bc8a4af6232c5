// libFuzzer harness: the CSV reader over any bytes, through the encoding detector and converter.
// Any input may be rejected with atlas::Error; nothing may crash, hang or leak.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/csv.h"
#include "atlas/ingest/text_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  try {
    atlas::ingest::TextInput input(in, "fuzz.csv", std::nullopt);
    atlas::ingest::CsvReader reader(input, size > 0 && data[0] == '\t' ? '\t' : ',');
    std::vector<std::string> fields;
    while (reader.next(fields)) {
    }
  } catch (const atlas::Error&) {
  }
  return 0;
}
