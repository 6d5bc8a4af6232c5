// libFuzzer harness: encoding detection and whole-buffer conversion to UTF-8 agree with each
// other and never crash; what they return is valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/encoding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    auto encoding = atlas::ingest::detect_encoding(bytes, "fuzz");
    std::string utf8 = atlas::ingest::to_utf8(bytes, encoding, "fuzz");
    if (!atlas::text::is_valid_utf8(utf8)) std::abort();
  } catch (const atlas::Error&) {
  }
  return 0;
}
