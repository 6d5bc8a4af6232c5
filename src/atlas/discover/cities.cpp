#include "atlas/discover/cities.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/discover/geo.h"

namespace atlas::discover {
namespace {

// ---- the grid ----------------------------------------------------------------------------------
constexpr int kPerDegree =
    1;  // cells of 1/kPerDegree degrees: row = ⌊(lat + 90)·k⌋, col = ⌊(lon + 180)·k⌋
constexpr int kRows = 180 * kPerDegree, kCols = 360 * kPerDegree;
constexpr double kCellDegrees = 1.0 / kPerDegree;
// Chord tolerance for near-ties and for the max_km border, settled by great_circle_km. Both the
// chord of unit vectors and haversine's h (= chord²/4) carry absolute errors near 1e-15; 1e-12
// leaves a thousandfold margin and costs nothing, being about 6 µm on the Earth.
constexpr double kTol = 1e-12;
// Slack added to every bound of the grid, far above rounding and above kTol, so a city left out
// of a cell is farther than the best one kept by more than the near-tie window for every point.
constexpr double kSlack = 1e-9;

double squared_chord(const std::array<double, 3>& a, const std::array<double, 3>& b) {
  const double dx = a[0] - b[0], dy = a[1] - b[1], dz = a[2] - b[2];
  return dx * dx + dy * dy + dz * dz;
}

}  // namespace

CityIndex::CityIndex(std::span<const City> cities, double max_km) : max_km_(max_km) {
  build(cities, {});
}

CityIndex::CityIndex(std::span<const City> cities, double max_km, std::span<const double> lat,
                     std::span<const double> lon, std::span<const std::int32_t> labels)
    : max_km_(max_km) {
  if (lat.size() != lon.size() || (!labels.empty() && labels.size() != lat.size()))
    throw Error(ErrorKind::kBadInput,
                fmt::format("{} latitudes, {} longitudes and {} labels for the city look-up",
                            lat.size(), lon.size(), labels.size()));
  std::vector<std::uint8_t> wanted(static_cast<std::size_t>(kRows) * kCols, 0);
  for (std::size_t i = 0; i < lat.size(); ++i) {
    if ((!labels.empty() && labels[i] < 0) || !(std::abs(lat[i]) <= 90 && std::abs(lon[i]) <= 180))
      continue;  // not asked, or answered by the scan whatever the grid holds
    const int row = std::min(static_cast<int>((lat[i] + 90) * kPerDegree), kRows - 1);
    const int col = std::min(static_cast<int>((lon[i] + 180) * kPerDegree), kCols - 1);
    wanted[static_cast<std::size_t>(row) * kCols + col] = 1;
  }
  build(cities, wanted);
}

void CityIndex::build(std::span<const City> cities, const std::vector<std::uint8_t>& wanted) {
  auto bad = [](const std::string& message) { return Error(ErrorKind::kBadInput, message); };
  if (!(max_km_ >= 0)) throw bad(fmt::format("the city distance must be ≥ 0 km, not {}", max_km_));
  if (cities.size() > static_cast<std::size_t>(std::numeric_limits<std::int32_t>::max()))
    throw bad(fmt::format("too many cities ({})", cities.size()));
  const std::size_t n = cities.size();
  lat_.reserve(n);
  lon_.reserve(n);
  unit_.reserve(n);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  city_box_ = {kInf, kInf, kInf, -kInf, -kInf, -kInf};
  for (std::size_t i = 0; i < n; ++i) {
    const City& c = cities[i];
    if (!(std::abs(c.lat) <= 90 && std::abs(c.lon) <= 180))
      throw bad(
          fmt::format("city {} ({}) is at ({}, {}), not a point with latitude in [−90, 90] "
                      "and longitude in [−180, 180]",
                      i, c.name_zh, c.lat, c.lon));
    lat_.push_back(c.lat);
    lon_.push_back(c.lon);
    unit_.push_back(unit_vector(c.lat, c.lon));
    for (int k = 0; k < 3; ++k) {
      city_box_[k] = std::min(city_box_[k], unit_.back()[k]);
      city_box_[k + 3] = std::max(city_box_[k + 3], unit_.back()[k]);
    }
  }

  max_chord_ = chord_of_km(max_km_);  // 2 for half the circumference or more
  const double lo = max_chord_ - kTol;
  max_chord_lo2_ = lo > 0 ? lo * lo : -1.0;                    // best ≤ lo2: surely within max_km
  max_chord_hi2_ = (max_chord_ + kTol) * (max_chord_ + kTol);  // best > hi2: surely beyond

  const std::size_t cells = static_cast<std::size_t>(kRows) * kCols;
  cell_start_.assign(cells + 1, 0);
  cell_kind_.assign(cells, kList);
  std::vector<double> d2(n);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    cell_start_[cell] = static_cast<std::uint32_t>(candidates_.size());
    if (!wanted.empty() && !wanted[cell]) {
      cell_kind_[cell] = kUnbuilt;
    } else if (n > 0) {
      build_cell(cell, d2);
    }
  }
  cell_start_.back() = static_cast<std::uint32_t>(candidates_.size());
}

// For a ball in 3-D around the unit vector of the cell's centre holding the whole cell: on a
// lat/lon rectangle narrower than 180°, distance from the centre grows along each parallel with
// the longitude difference and has no interior maximum along a meridian, so the farthest points
// are corners. For a point p of the cell and a city at chord h from the centre,
// h − r ≤ chord(p, city) ≤ h + r. A city is kept when its lower bound is within the smallest
// upper bound of all cities and within max_km's chord (both plus kSlack).
void CityIndex::build_cell(std::size_t cell, std::vector<double>& d2) {
  const auto row = static_cast<int>(cell / kCols), col = static_cast<int>(cell % kCols);
  const double lat0 = row * kCellDegrees - 90.0, lon0 = col * kCellDegrees - 180.0;
  const auto centre = unit_vector(lat0 + kCellDegrees / 2, lon0 + kCellDegrees / 2);
  double r2 = 0;
  for (double a : {lat0, lat0 + kCellDegrees})
    for (double o : {lon0, lon0 + kCellDegrees})
      r2 = std::max(r2, squared_chord(centre, unit_vector(a, o)));
  const double r = std::sqrt(r2) + kSlack;
  // Every city's chord to the centre is at least the gap to the cities' box: when that gap
  // leaves every city beyond max_km for the whole cell, the list below would be empty.
  double gap2 = 0;
  for (int k = 0; k < 3; ++k) {
    const double g = std::max({0.0, city_box_[k] - centre[k], centre[k] - city_box_[k + 3]});
    gap2 += g * g;
  }
  if (std::sqrt(gap2) > max_chord_ + 2 * kSlack + r) return;

  const std::size_t n = unit_.size();
  double min2 = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < n; ++i) {
    d2[i] = squared_chord(centre, unit_[i]);
    min2 = std::min(min2, d2[i]);
  }
  // keep when h − r ≤ min(min h + r, max_chord) + slack, i.e. h ≤ bound
  const double bound = std::min(std::sqrt(min2) + r, max_chord_) + kSlack + r;
  const double bound2 = bound * bound;
  const std::size_t first = candidates_.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (d2[i] > bound2) continue;
    // h − r, rounded down to a float so it stays a lower bound
    const double lower = std::sqrt(d2[i]) - r;
    float f = static_cast<float>(lower);
    if (static_cast<double>(f) > lower)
      f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    candidates_.push_back({f, static_cast<std::int32_t>(i)});
  }
  // h + r bounds the chord to every point of the cell; the margin covers the rounding of
  // great_circle_km, which the scan compares with max_km.
  if (candidates_.size() == first + 1 &&
      std::sqrt(d2[candidates_.back().city]) + r <= max_chord_ - 2 * kSlack)
    cell_kind_[cell] = kSole;
  std::sort(candidates_.begin() + static_cast<std::ptrdiff_t>(first), candidates_.end(),
            [](const Candidate& a, const Candidate& b) {
              return a.lower != b.lower ? a.lower < b.lower : a.city < b.city;
            });
  if (candidates_.size() > std::numeric_limits<std::uint32_t>::max())
    throw Error(ErrorKind::kBadInput, "too many cities for the nearest-city grid");
}

std::int32_t CityIndex::scan(double lat, double lon) const {
  std::int32_t best = -1;
  double best_km = std::numeric_limits<double>::infinity();
  for (std::size_t i = 0; i < lat_.size(); ++i) {
    const double km = great_circle_km(lat, lon, lat_[i], lon_[i]);
    if (km < best_km) {
      best_km = km;
      best = static_cast<std::int32_t>(i);
    }
  }
  return best >= 0 && best_km <= max_km_ ? best : -1;
}

std::int32_t CityIndex::nearest(double lat, double lon) const {
  if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) return scan(lat, lon);
  const int row = std::min(static_cast<int>((lat + 90) * kPerDegree), kRows - 1);
  const int col = std::min(static_cast<int>((lon + 180) * kPerDegree), kCols - 1);
  const std::size_t cell = static_cast<std::size_t>(row) * kCols + col;
  if (cell_kind_[cell] == kUnbuilt) return scan(lat, lon);
  const std::uint32_t begin = cell_start_[cell], end = cell_start_[cell + 1];
  if (begin == end) return -1;
  if (cell_kind_[cell] == kSole) return candidates_[begin].city;

  const auto u = unit_vector(lat, lon);
  // The nearest candidate and the second-nearest squared chord. Along the list the lower bounds
  // grow: once one is beyond the near-tie window of the best so far, so are all that follow.
  // Sorted by lower bound, the nearest city usually comes first, so the branches predict well.
  // (√best + kTol)² ≤ best + 4·kTol + kTol², as chords are at most 2.
  auto window_of = [](double best) { return best + 4 * kTol + kTol * kTol; };
  double best = std::numeric_limits<double>::infinity(), second = best;
  std::int32_t best_i = -1;
  std::uint32_t stop = begin;
  for (; stop < end; ++stop) {
    const Candidate e = candidates_[stop];
    if (e.lower > 0 && static_cast<double>(e.lower) * e.lower > window_of(best)) break;
    const double d2 = squared_chord(u, unit_[e.city]);
    if (d2 < best || (d2 == best && e.city < best_i)) {
      second = best;
      best = d2;
      best_i = e.city;
    } else {
      second = std::min(second, d2);
    }
  }
  if (best > max_chord_hi2_) return -1;
  const double window = window_of(best);
  if (second > window && best <= max_chord_lo2_) return best_i;

  // A near-tie or a distance within a hair of max_km: decide as the full scan would.
  std::int32_t answer = -1;
  double best_km = std::numeric_limits<double>::infinity();
  for (std::uint32_t k = begin; k < stop; ++k) {
    const std::int32_t c = candidates_[k].city;
    if (squared_chord(u, unit_[c]) > window) continue;
    const double km = great_circle_km(lat, lon, lat_[c], lon_[c]);
    if (km < best_km || (km == best_km && c < answer)) {
      best_km = km;
      answer = c;
    }
  }
  return answer >= 0 && best_km <= max_km_ ? answer : -1;
}

}  // namespace atlas::discover
