// libFuzzer harness: the points file of `discover`, whatever its bytes — read on the fast path
// for plain UTF-8 text or through FileRows otherwise, the header on its first line or under a
// title — gives points whose coordinates and weights satisfy every check the reader promises,
// with at most a note on a title and one on total rows; or is refused with atlas::Error.
#include <unistd.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "atlas/core/error.h"
#include "atlas/ingest/points.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const bool geographic = data[0] % 2 == 0;
  static const std::string path = "/tmp/fuzz_points_" + std::to_string(getpid()) + ".csv";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data + 1), static_cast<std::streamsize>(size - 1));
  }
  try {
    auto p = atlas::ingest::read_points(path, geographic);
    const std::size_t n = p.size();
    if (p.b.size() != n || p.id_end.size() != n) std::abort();
    if (!p.weight.empty() && p.weight.size() != n) std::abort();
    if (!p.year.empty() && p.year.size() != n) std::abort();
    if (p.notes.size() > 2) std::abort();
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(p.a[i]) || !std::isfinite(p.b[i])) std::abort();
      if (geographic && (std::fabs(p.a[i]) > 90 || std::fabs(p.b[i]) > 180)) std::abort();
      if (!p.weight.empty() && !(p.weight[i] >= 0 && std::isfinite(p.weight[i]))) std::abort();
      (void)p.id(i);
    }
  } catch (const atlas::Error&) {
    // refused with a message naming the row: fine
  }
  return 0;
}
