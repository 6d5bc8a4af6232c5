// Distances on the Earth for discovery: great-circle (haversine) distance in kilometres, and the
// map from latitude/longitude to a point on the unit sphere where the straight-line (chord)
// distance is a monotone function of the great-circle distance — so a search for "within ε km"
// is exactly a search for "chord ≤ chord_of(ε)" in 3-D, which a Euclidean grid answers.
#pragma once
#include <array>

namespace atlas::discover {

// Mean Earth radius (IUGG R1), the usual constant for haversine distances.
inline constexpr double kEarthRadiusKm = 6371.0088;

// Great-circle distance in km between two points given in degrees (haversine formula, stable
// for small distances). Antipodal points give π·R.
double great_circle_km(double lat1, double lon1, double lat2, double lon2,
                       double radius_km = kEarthRadiusKm);

// (lat, lon) in degrees → unit vector (x toward lon 0 on the equator, z toward the north pole).
std::array<double, 3> unit_vector(double lat, double lon);
// The inverse, in degrees: lat in [−90, 90], lon in (−180, 180]. The vector need not be unit.
std::array<double, 2> lat_lon(const std::array<double, 3>& v);

// Chord length on the unit sphere of an arc of `km` on a sphere of `radius_km`:
// 2·sin(km / (2R)); 2 for any arc of half the circumference or more.
double chord_of_km(double km, double radius_km = kEarthRadiusKm);
// The inverse: arc length in km of a chord of the unit sphere (clamped to [0, 2]).
double km_of_chord(double chord, double radius_km = kEarthRadiusKm);

}  // namespace atlas::discover
