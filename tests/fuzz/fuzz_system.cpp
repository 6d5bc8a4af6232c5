// libFuzzer harness: an indicator system file, whatever its text, is either read into a system or
// refused with problems whose lines lie inside the text — never a crash, never an exception. A
// system read has a proper normalisation range, caps only at its own grades, and places every
// field its formulas and gates read inside the text, where validation reports it.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "atlas/evaluate/system.h"
#include "atlas/evaluate/system_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace atlas::evaluate;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = parse_system(text);
  if (parsed.system.has_value() == !parsed.problems.empty()) std::abort();
  int lines = 1;
  for (char c : text) lines += c == '\n';
  for (const auto& p : parsed.problems) {
    if (p.line < 0 || p.line > lines + 1 || p.message.empty()) std::abort();
  }
  if (!parsed.system) return 0;
  const auto& s = *parsed.system;
  if (!(s.methods.range.lo < s.methods.range.hi)) std::abort();
  for (const auto& g : s.gates) {
    bool known = std::any_of(s.grades.begin(), s.grades.end(),
                             [&](const Grade& grade) { return grade.name == g.cap; });
    if (g.effect == GateEffect::kCap ? !known : !g.cap.empty()) std::abort();
  }
  auto reads = fields_read(s);
  for (const auto& r : reads) {
    if (r.field.empty() || r.at.line < 1 || r.at.line > lines + 1 || r.at.column < 1) std::abort();
  }
  // Against no known field at all, every read is a problem.
  if (unknown_fields(s, {}).size() != reads.size()) std::abort();
  return 0;
}
