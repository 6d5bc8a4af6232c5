// An exact nearest-city look-up fast enough for every point of a discovery run, over cities such
// as the bundled ones (data/cities.csv, read by ingest::bundled_cities: the seats of every
// prefecture-level division, the four municipalities, Hong Kong, Macao and Taiwan's main cities).
#pragma once
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "atlas/domain/reference.h"

namespace atlas::discover {

using domain::City;

// Exact nearest city by great-circle distance: nearest(lat, lon) returns the index i that
// minimises great_circle_km(lat, lon, cities[i].lat, cities[i].lon) (geo.h), the lowest such
// index on a tie, provided that distance is ≤ max_km; otherwise −1. The answer is the one a
// scan of every city with great_circle_km gives, bit for bit, for any input: near the poles,
// across the antimeridian, far from every city; a latitude outside [−90, 90] or a longitude
// outside [−180, 180] is answered by that scan, and NaN gives −1.
//
// How: a grid of 1° × 1° cells over the globe. Each cell keeps the cities that can be nearest
// within max_km for some point of the cell — bounded with a ball around the cell in 3-D, so the
// list is conservative — sorted by a lower bound of their distance to the cell. A query compares
// squared chords of unit vectors along its cell's list and stops where the lower bound passes
// the best so far; only near-ties (within 1e-12 of the unit sphere, about 6 µm) and distances
// within a hair of max_km are settled with great_circle_km itself. Building a cell costs one chord
// per city, or nothing when the ball around it is farther than max_km from the box around every
// city; all 64,800 cells took about 50 ms for the bundled file, so a run that knows where it will
// ask builds only those cells. A query, two sincos and a few chords, or nothing when one city is
// the answer for the whole cell.
class CityIndex {
 public:
  // Every cell built. The cities need not outlive the index. Throws atlas::Error (kBadInput) when
  // max_km is negative or NaN, or a city's coordinates are not finite numbers within range;
  // max_km may be infinite. At most 2^31 − 1 cities.
  CityIndex(std::span<const City> cities, double max_km);
  // Only the cells of the points that will be asked: (lat[i], lon[i]) for every i, or, when
  // `labels` is not empty, for the i with labels[i] ≥ 0 (the points DBSCAN clustered). A query
  // anywhere else is still answered exactly, by the scan.
  CityIndex(std::span<const City> cities, double max_km, std::span<const double> lat,
            std::span<const double> lon, std::span<const std::int32_t> labels = {});

  std::int32_t nearest(double lat, double lon) const;

  std::size_t size() const { return lat_.size(); }
  double max_km() const { return max_km_; }
  // Total length of the cells' candidate lists (for tests and tuning).
  std::size_t candidate_entries() const { return candidates_.size(); }

 private:
  std::int32_t scan(double lat, double lon) const;  // every city, by great_circle_km
  // `wanted` has a byte per cell (1 = build it), or is empty for every cell.
  void build(std::span<const City> cities, const std::vector<std::uint8_t>& wanted);
  void build_cell(std::size_t cell, std::vector<double>& d2);

  double max_km_;
  double max_chord_lo2_, max_chord_hi2_;  // (chord(max_km) ∓ tolerance)², clamped at 0
  std::vector<double> lat_, lon_;
  std::vector<std::array<double, 3>> unit_;
  // A city that may be nearest for some point of a cell, and a lower bound on its chord to any
  // point of the cell (rounded down to float; ≤ 0 when the city may lie in the cell).
  struct Candidate {
    float lower;
    std::int32_t city;
  };
  std::vector<std::uint32_t> cell_start_;  // cell c holds candidates_[start[c], start[c + 1])
  // kSole when the cell's only candidate is within max_km of every point of the cell: the answer
  // for any point of the cell, with no arithmetic at all; kUnbuilt for a cell no point was
  // expected in, whose queries go to the scan.
  enum CellKind : std::uint8_t { kList, kSole, kUnbuilt };
  std::vector<CellKind> cell_kind_;
  std::array<double, 6> city_box_{};  // the cities' unit vectors' bounding box: min xyz, max xyz
  double max_chord_ = 0;
  std::vector<Candidate> candidates_;  // by increasing lower bound, then city index
};

}  // namespace atlas::discover
