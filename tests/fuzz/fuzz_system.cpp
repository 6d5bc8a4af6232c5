// libFuzzer harness: an indicator system file, whatever its text, is either read into a system or
// refused with problems whose lines lie inside the text — never a crash, never an exception.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "atlas/evaluate/system.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = atlas::evaluate::parse_system(text);
  if (parsed.system.has_value() == !parsed.problems.empty()) std::abort();
  int lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& p : parsed.problems) {
    if (p.line < 0 || p.line > lines + 1 || p.message.empty()) std::abort();
  }
  return 0;
}
