// libFuzzer harness: contiguity weights from whatever polygons a GeoJSON file may hold —
// self-intersecting, unclosed, degenerate, repeated, non-finite — are either computed (a
// symmetric neighbour relation, rows summing to 1) or refused with atlas::Error; GEOS never
// crashes the process.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "atlas/core/error.h"
#include "atlas/discover/weights.h"

namespace {

// Reads the input as a little program: counts, then coordinates on a small grid (so shared
// edges and corners are common), with a few special values.
struct Bytes {
  const std::uint8_t* p;
  std::size_t left;
  std::uint8_t next() {
    if (left == 0) return 0;
    --left;
    return *p++;
  }
  double coordinate() {
    std::uint8_t b = next();
    if (b == 255) return std::numeric_limits<double>::quiet_NaN();
    if (b == 254) return std::numeric_limits<double>::infinity();
    if (b == 253) return 1e300;
    return (static_cast<int>(b % 32) - 8) / 2.0;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace atlas::discover;
  Bytes in{data, size};
  const auto rule = in.next() % 2 ? Contiguity::kRook : Contiguity::kQueen;
  std::vector<Area> areas(in.next() % 6 + 1);
  for (auto& area : areas) {
    area.resize(in.next() % 3);
    for (auto& polygon : area) {
      polygon.resize(in.next() % 3 + 1);
      for (auto& ring : polygon) {
        ring.resize(in.next() % 9);
        for (auto& xy : ring) xy = {in.coordinate(), in.coordinate()};
        if (!ring.empty() && in.next() % 4 != 0) ring.push_back(ring.front());  // mostly closed
      }
    }
  }
  try {
    auto w = contiguity_weights(areas, rule);
    if (w.n != areas.size() || w.start.size() != w.n + 1) std::abort();
    for (std::size_t i = 0; i < w.n; ++i) {
      double sum = 0;
      for (std::size_t k = w.start[i]; k < w.start[i + 1]; ++k) {
        std::size_t j = w.neighbour[k];
        if (j == i || j >= w.n) std::abort();
        bool back = false;  // contiguity is symmetric
        for (std::size_t m = w.start[j]; m < w.start[j + 1]; ++m)
          back = back || w.neighbour[m] == i;
        if (!back) std::abort();
        sum += w.weight[k];
      }
      if (w.degree(i) > 0 && std::fabs(sum - 1) > 1e-9) std::abort();
    }
  } catch (const atlas::Error&) {
    // refused with a message: fine
  }
  return 0;
}
