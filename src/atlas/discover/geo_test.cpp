#include "atlas/discover/geo.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>

namespace atlas::discover {
namespace {

constexpr double kPi = std::numbers::pi;

TEST(Geo, GreatCircleKnownDistances) {
  // A quarter meridian is π/2·R = 10,007.543 km; one degree of the equator R·π/180 = 111.195 km.
  EXPECT_NEAR(great_circle_km(0, 0, 90, 0), kPi / 2 * 6371.0088, 1e-9);
  EXPECT_NEAR(great_circle_km(0, 0, 0, 1), 6371.0088 * kPi / 180, 1e-9);
  EXPECT_NEAR(great_circle_km(10, 179.5, 10, -179.5), great_circle_km(10, 0, 10, 1), 1e-9);
  EXPECT_NEAR(great_circle_km(0, 0, 0, 180), kPi * 6371.0088, 1e-6);  // antipodes
  EXPECT_EQ(great_circle_km(31.2, 121.5, 31.2, 121.5), 0.0);
  // Configurable radius: on a unit sphere the distance is the angle.
  EXPECT_NEAR(great_circle_km(0, 0, 0, 90, 1.0), kPi / 2, 1e-15);
}

TEST(Geo, HaversineAgreesWithTheSphericalLawOfCosines) {
  // Beijing (39.9042, 116.4074) – Shanghai (31.2304, 121.4737) ≈ 1,067 km, and random pairs, by
  // the law of cosines (fine at these distances).
  auto cosines = [](double a1, double o1, double a2, double o2) {
    const double r = kPi / 180;
    return 6371.0088 * std::acos(std::sin(a1 * r) * std::sin(a2 * r) +
                                 std::cos(a1 * r) * std::cos(a2 * r) * std::cos((o2 - o1) * r));
  };
  EXPECT_NEAR(great_circle_km(39.9042, 116.4074, 31.2304, 121.4737), 1067.3, 0.5);
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> lat(-89, 89), lon(-180, 180);
  for (int i = 0; i < 1000; ++i) {
    double a1 = lat(rng), o1 = lon(rng), a2 = lat(rng), o2 = lon(rng);
    EXPECT_NEAR(great_circle_km(a1, o1, a2, o2), cosines(a1, o1, a2, o2), 1e-6);
  }
}

TEST(Geo, ChordIsTheStraightLineBetweenUnitVectors) {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> lat(-90, 90), lon(-180, 180), d(-0.05, 0.05);
  for (int i = 0; i < 1000; ++i) {
    double a1 = lat(rng), o1 = lon(rng);
    double a2 = i % 2 ? lat(rng) : std::clamp(a1 + d(rng), -90.0, 90.0), o2 = o1 + d(rng);
    auto u = unit_vector(a1, o1), v = unit_vector(a2, o2);
    EXPECT_NEAR(u[0] * u[0] + u[1] * u[1] + u[2] * u[2], 1.0, 1e-15);
    const double chord = std::hypot(u[0] - v[0], u[1] - v[1], u[2] - v[2]);
    const double km = great_circle_km(a1, o1, a2, o2);
    EXPECT_NEAR(chord_of_km(km), chord, 1e-12);
    EXPECT_NEAR(km_of_chord(chord), km, 1e-6);
    auto back = lat_lon(u);
    EXPECT_NEAR(back[0], a1, 1e-9);
    if (std::abs(a1) < 89.99) {
      EXPECT_NEAR(std::remainder(back[1] - o1, 360.0), 0.0, 1e-9);
    }
  }
  // 2·sin(ε/2R): for ε = 1 km, ≈ ε/R = 1.5696e-4; beyond half the circumference, 2.
  EXPECT_NEAR(chord_of_km(1.0), 1.0 / 6371.0088, 1e-12);
  EXPECT_EQ(chord_of_km(30000.0), 2.0);
  EXPECT_NEAR(chord_of_km(kPi / 3, 1.0), 1.0, 1e-15);  // 60° → equilateral triangle: chord = 1
}

}  // namespace
}  // namespace atlas::discover
