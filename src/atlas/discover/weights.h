// Spatial weights: who neighbours whom — k nearest neighbours, a distance band, or polygons that
// touch (queen / rook contiguity, through GEOS) — as a sparse, row-standardised matrix (each row
// of a unit with neighbours sums to 1). Units without neighbours ("islands") keep a row of zeros
// and are listed, so the caller can warn. Pure computation on coordinates held in memory.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/discover/geo.h"

namespace atlas::discover {

struct SpatialWeights {
  std::size_t n = 0;
  // Compressed rows: unit i's neighbours are neighbour[start[i] … start[i + 1]), ascending, with
  // weights weight[…] (1 / the number of neighbours, i.e. row-standardised binary weights).
  std::vector<std::size_t> start{0};
  std::vector<std::uint32_t> neighbour;
  std::vector<double> weight;
  std::vector<std::size_t> islands;  // units with no neighbour, ascending

  std::size_t degree(std::size_t i) const { return start[i + 1] - start[i]; }
  // S0 = Σ_ij w_ij: n minus the islands for row-standardised weights.
  double s0() const;
};

// Row-standardised weights from neighbour lists (binary contiguity, before standardising).
// Lists are sorted and de-duplicated; a unit listing itself is an error (kInternal).
SpatialWeights from_neighbours(std::vector<std::vector<std::uint32_t>> lists);

// Where a unit is: x = longitude, y = latitude in degrees for kGreatCircle; planar
// coordinates in any unit for kPlanar.
struct Point {
  double x = 0, y = 0;
};

enum class Metric {
  kGreatCircle,  // distances on a sphere of radius kEarthRadiusKm (geo.h), in km
  kPlanar,       // Euclidean distance in the coordinates' unit
};

// Great-circle distance in km between two (lon, lat) points (geo.h's haversine).
inline double great_circle_km(const Point& a, const Point& b) {
  return great_circle_km(a.y, a.x, b.y, b.x);
}

// Each unit's k nearest other units (a kd-tree; exact). Ties in distance go to the unit that
// comes first in the input, so the result never depends on the build. Not symmetric: j may be
// among i's k nearest while i is not among j's. Throws atlas::Error (kBadInput) when k < 1 or
// k ≥ n, or when a coordinate is not finite or a latitude / longitude is out of range.
SpatialWeights knn_weights(const std::vector<Point>& points, int k, Metric metric);

// Units within `distance` (km for kGreatCircle; the coordinates' unit for kPlanar) of each other,
// distance inclusive. Symmetric. Units farther than `distance` from every other are islands.
SpatialWeights band_weights(const std::vector<Point>& points, double distance, Metric metric);

// An area as GeoJSON gives it: polygons, each an outer ring then holes, rings of (x, y). A
// Polygon feature is an Area of one polygon; a MultiPolygon, several.
using Ring = std::vector<std::array<double, 2>>;
using Polygon = std::vector<Ring>;
using Area = std::vector<Polygon>;

enum class Contiguity {
  kQueen,  // the areas share at least one point of their boundaries (a corner is enough)
  kRook,   // the areas share a stretch of boundary (a segment, not only points)
};

// Contiguity weights with GEOS (reentrant C API): candidate pairs from an STR-tree of the areas'
// envelopes, then the exact predicate — queen: the areas intersect; rook: their boundaries meet
// in a line (DE-9IM boundary∩boundary of dimension 1) or their interiors overlap. Overlapping
// areas (sloppy digitising) count as neighbours under both rules. Exact coordinates, no snapping:
// areas separated by a sliver gap are not neighbours. Throws atlas::Error (kBadInput) naming
// the area's position as its row when an area is empty or a ring has fewer than 4 points, and
// when GEOS rejects a geometry.
SpatialWeights contiguity_weights(const std::vector<Area>& areas, Contiguity rule);

}  // namespace atlas::discover
