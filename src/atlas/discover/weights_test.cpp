#include "atlas/discover/weights.h"

#include <limits>
#include <numbers>

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::discover {
namespace {

std::vector<std::uint32_t> neighbours(const SpatialWeights& w, std::size_t i) {
  return {w.neighbour.begin() + static_cast<std::ptrdiff_t>(w.start[i]),
          w.neighbour.begin() + static_cast<std::ptrdiff_t>(w.start[i + 1])};
}

using Ids = std::vector<std::uint32_t>;

// A 3 × 3 lattice of unit cells, ids row by row:  0 1 2 / 3 4 5 / 6 7 8.
std::vector<Point> lattice_centres() {
  std::vector<Point> p;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) p.push_back({c + 0.5, r + 0.5});
  return p;
}

Area square(double x, double y, double side = 1) {
  return {{{{x, y}, {x + side, y}, {x + side, y + side}, {x, y + side}, {x, y}}}};
}

std::vector<Area> lattice_squares() {
  std::vector<Area> a;
  for (int r = 0; r < 3; ++r)
    for (int c = 0; c < 3; ++c) a.push_back(square(c, r));
  return a;
}

TEST(WeightsRows, RowStandardisedWithIslands) {
  auto w = from_neighbours({{1, 2}, {0}, {0}, {}});
  EXPECT_EQ(w.n, 4u);
  EXPECT_EQ(w.islands, std::vector<std::size_t>{3});
  // Row 0 has two neighbours: 1/2 each; rows 1 and 2 one: 1; S0 = 3 rows that sum to 1.
  EXPECT_DOUBLE_EQ(w.weight[0], 0.5);
  EXPECT_DOUBLE_EQ(w.weight[2], 1.0);
  EXPECT_DOUBLE_EQ(w.s0(), 3.0);
  EXPECT_EQ(w.degree(3), 0u);
}

TEST(WeightsDistance, GreatCircleOfOneDegree) {
  // One degree of a great circle: 6371.0088 · π / 180 = 111.19508 km, along a meridian or the
  // equator.
  const double degree = kEarthRadiusKm * std::numbers::pi / 180;
  EXPECT_NEAR(great_circle_km({116, 39}, {116, 40}), degree, 1e-9);
  EXPECT_NEAR(great_circle_km({0, 0}, {1, 0}), degree, 1e-9);
  EXPECT_NEAR(degree, 111.19508, 1e-5);
}

TEST(WeightsKnn, PlanarNearestWithTiesToTheFirstUnit) {
  // x = 0, 1, 3, 6, 10 on a line (ids 0…4).
  std::vector<Point> p = {{0, 0}, {1, 0}, {3, 0}, {6, 0}, {10, 0}};
  auto w1 = knn_weights(p, 1, Metric::kPlanar);
  // Nearest: 0→1 (1), 1→0 (1 < 2), 2→1 (2 < 3), 3→2 (3 < 4), 4→3 (4).
  EXPECT_EQ(neighbours(w1, 0), Ids{1});
  EXPECT_EQ(neighbours(w1, 1), Ids{0});
  EXPECT_EQ(neighbours(w1, 2), Ids{1});
  EXPECT_EQ(neighbours(w1, 3), Ids{2});
  EXPECT_EQ(neighbours(w1, 4), Ids{3});
  auto w2 = knn_weights(p, 2, Metric::kPlanar);
  // From x = 3: 1 at 2, then 0 and 6 both at 3 → the tie goes to id 0.
  EXPECT_EQ(neighbours(w2, 2), (Ids{0, 1}));
  EXPECT_DOUBLE_EQ(w2.weight[w2.start[2]], 0.5);
}

TEST(WeightsKnn, LatticeFourNearestAreTheRookNeighboursOfTheCentre) {
  auto w = knn_weights(lattice_centres(), 4, Metric::kPlanar);
  EXPECT_EQ(neighbours(w, 4), (Ids{1, 3, 5, 7}));  // four at distance 1; corners at √2
  // Corner 0: 1 and 3 at 1, then 4 at √2, then 2 and 6 at 2 → the tie to id 2.
  EXPECT_EQ(neighbours(w, 0), (Ids{1, 2, 3, 4}));
}

TEST(WeightsKnn, GreatCircleOnChineseCities) {
  // lon, lat: 北京, 天津, 上海, 杭州, 广州, 深圳
  std::vector<Point> p = {{116.40, 39.90}, {117.20, 39.13}, {121.47, 31.23},
                          {120.16, 30.27}, {113.26, 23.13}, {114.06, 22.54}};
  auto w = knn_weights(p, 1, Metric::kGreatCircle);
  EXPECT_EQ(neighbours(w, 0), Ids{1});
  EXPECT_EQ(neighbours(w, 2), Ids{3});
  EXPECT_EQ(neighbours(w, 5), Ids{4});
}

TEST(WeightsKnn, ManyPointsAgreeWithBruteForce) {
  // A kd-tree with several levels against the obvious O(n²) search; coordinates on a coarse grid
  // so that many distances tie.
  std::vector<Point> p;
  std::uint64_t s = 7;
  for (int i = 0; i < 500; ++i) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    p.push_back({static_cast<double>((s >> 33) % 40), static_cast<double>((s >> 13) % 40)});
  }
  const int k = 5;
  auto w = knn_weights(p, k, Metric::kPlanar);
  for (std::size_t i = 0; i < p.size(); ++i) {
    std::vector<std::pair<double, std::uint32_t>> all;
    for (std::size_t j = 0; j < p.size(); ++j) {
      if (j == i) continue;
      double dx = p[i].x - p[j].x, dy = p[i].y - p[j].y;
      all.push_back({dx * dx + dy * dy, static_cast<std::uint32_t>(j)});
    }
    std::sort(all.begin(), all.end());
    Ids expected;
    for (int q = 0; q < k; ++q) expected.push_back(all[q].second);
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(neighbours(w, i), expected) << "unit " << i;
  }
}

TEST(WeightsKnn, RejectsKAsLargeAsTheUnits) {
  std::vector<Point> p = {{0, 0}, {1, 0}, {2, 0}};
  EXPECT_THROW(knn_weights(p, 3, Metric::kPlanar), Error);
  EXPECT_THROW(knn_weights(p, 0, Metric::kPlanar), Error);
  try {
    knn_weights({{0, 0}, {0, 95}, {1, 1}}, 1, Metric::kGreatCircle);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 2);  // latitude 95
  }
}

TEST(WeightsBand, LatticeBandsGiveRookThenQueen) {
  auto rook = band_weights(lattice_centres(), 1.0, Metric::kPlanar);  // distance 1, inclusive
  EXPECT_EQ(neighbours(rook, 4), (Ids{1, 3, 5, 7}));
  EXPECT_EQ(neighbours(rook, 0), (Ids{1, 3}));
  auto queen = band_weights(lattice_centres(), 1.5, Metric::kPlanar);  // √2 ≈ 1.414 < 1.5
  EXPECT_EQ(neighbours(queen, 4), (Ids{0, 1, 2, 3, 5, 6, 7, 8}));
  EXPECT_EQ(neighbours(queen, 0), (Ids{1, 3, 4}));
  EXPECT_TRUE(queen.islands.empty());
}

TEST(WeightsBand, KilometresOnTheSphereAndIslands) {
  // Three points on the equator 1° apart (111.195 km), one far away.
  std::vector<Point> p = {{0, 0}, {1, 0}, {2, 0}, {50, 0}};
  auto w = band_weights(p, 112, Metric::kGreatCircle);
  EXPECT_EQ(neighbours(w, 1), (Ids{0, 2}));
  EXPECT_EQ(neighbours(w, 0), Ids{1});
  EXPECT_EQ(w.islands, std::vector<std::size_t>{3});
  auto narrow = band_weights(p, 111, Metric::kGreatCircle);
  EXPECT_EQ(narrow.islands.size(), 4u);
  EXPECT_THROW(band_weights(p, -1, Metric::kGreatCircle), Error);
}

TEST(WeightsContiguity, QueenAndRookOnALattice) {
  auto queen = contiguity_weights(lattice_squares(), Contiguity::kQueen);
  EXPECT_EQ(neighbours(queen, 4), (Ids{0, 1, 2, 3, 5, 6, 7, 8}));
  EXPECT_EQ(neighbours(queen, 0), (Ids{1, 3, 4}));
  EXPECT_EQ(neighbours(queen, 1), (Ids{0, 2, 3, 4, 5}));
  auto rook = contiguity_weights(lattice_squares(), Contiguity::kRook);
  EXPECT_EQ(neighbours(rook, 4), (Ids{1, 3, 5, 7}));
  EXPECT_EQ(neighbours(rook, 0), (Ids{1, 3}));
  EXPECT_EQ(neighbours(rook, 8), (Ids{5, 7}));
  EXPECT_DOUBLE_EQ(rook.weight[rook.start[4]], 0.25);
}

TEST(WeightsContiguity, CornersIslandsOpenRingsAndMultiPolygons) {
  std::vector<Area> a = {
      square(0, 0),                                  // 0
      square(1, 1),                                  // 1: meets 0 at the point (1, 1) only
      square(5, 5),                                  // 2: alone
      {square(2, 0)[0], square(1, 2)[0]},            // 3: two squares; touches 1 along edges
      {{{{10, 10}, {10, 11}, {11, 11}, {11, 10}}}},  // 4: a ring left open, closed for GEOS
      {{{{11, 10}, {12, 10}, {12, 11}, {11, 11}, {11, 10}}}},  // 5: shares an edge with 4
  };
  auto queen = contiguity_weights(a, Contiguity::kQueen);
  EXPECT_EQ(neighbours(queen, 0), (Ids{1}));
  EXPECT_EQ(neighbours(queen, 1), (Ids{0, 3}));
  EXPECT_EQ(neighbours(queen, 4), (Ids{5}));
  EXPECT_EQ(queen.islands, std::vector<std::size_t>{2});
  auto rook = contiguity_weights(a, Contiguity::kRook);
  EXPECT_EQ(neighbours(rook, 0), Ids{});  // a corner is not an edge
  EXPECT_EQ(neighbours(rook, 1), (Ids{3}));
  EXPECT_EQ(rook.islands, (std::vector<std::size_t>{0, 2}));
}

TEST(WeightsContiguity, AnAreaInAHoleNeighboursTheAreaAroundIt) {
  // A 3 × 3 square with a 1 × 1 hole in the middle, the hole filled by a second area; a third
  // area far away.
  Area ring = {
      {{{0, 0}, {3, 0}, {3, 3}, {0, 3}, {0, 0}}, {{1, 1}, {1, 2}, {2, 2}, {2, 1}, {1, 1}}}};
  std::vector<Area> a = {ring, square(1, 1), square(7, 7)};
  auto rook = contiguity_weights(a, Contiguity::kRook);
  EXPECT_EQ(neighbours(rook, 0), Ids{1});  // the hole's edges are shared
  EXPECT_EQ(neighbours(rook, 1), Ids{0});
  EXPECT_EQ(rook.islands, std::vector<std::size_t>{2});
}

TEST(WeightsContiguity, RejectsDegenerateRings) {
  std::vector<Area> a = {square(0, 0), {{{{0, 0}, {1, 0}, {0, 0}}}}};
  try {
    contiguity_weights(a, Contiguity::kQueen);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
    EXPECT_EQ(e.where().row, 2);
  }
  EXPECT_THROW(contiguity_weights({square(0, 0), Area{}}, Contiguity::kQueen), Error);
}

TEST(WeightsContiguity, RejectsCoordinatesBeyondAnyMap) {
  const double inf = std::numeric_limits<double>::infinity();
  for (double bad : {1e300, -2e12, inf}) {
    std::vector<Area> a = {square(0, 0), {{{{1, 0}, {bad, 0}, {2, 1}, {1, 1}, {1, 0}}}}};
    try {
      contiguity_weights(a, Contiguity::kRook);
      FAIL() << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::kBadInput);
      EXPECT_EQ(e.where().row, 2);
    }
  }
  // A projected map in metres is far inside the bound: two squares of 100 km side touch.
  auto w = contiguity_weights({square(4e6, 3e6, 1e5), square(4.1e6, 3e6, 1e5)}, Contiguity::kRook);
  EXPECT_EQ(w.start[1] - w.start[0], 1u);
}

}  // namespace
}  // namespace atlas::discover
