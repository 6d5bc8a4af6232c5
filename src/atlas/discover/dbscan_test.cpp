#include "atlas/discover/dbscan.h"

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <limits>
#include <numbers>
#include <random>

#include "atlas/core/error.h"
#include "atlas/discover/geo.h"

namespace atlas::discover {
namespace {

struct Labels {
  std::vector<std::uint8_t> core;
  std::vector<std::int32_t> cluster;
};

// The definition, O(n²), written independently of the grid: `near(i, j)` decides neighbours.
// Weights are summed in index order; the tests use weights whose sums are exact (multiples of
// 1/4) wherever ties with min_weight are likely, so the order of addition cannot matter.
template <typename Near>
Labels brute_force(std::size_t n, const std::vector<double>& w, double min_weight, Near near) {
  Labels out;
  out.core.assign(n, 0);
  out.cluster.assign(n, -1);
  for (std::size_t i = 0; i < n; ++i) {
    double sum = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (near(i, j)) sum += w.empty() ? 1.0 : w[j];
    }
    out.core[i] = sum >= min_weight;
  }
  // Components of core points, numbered in order of their smallest index (breadth-first from
  // the smallest unlabelled core point).
  std::int32_t next = 0;
  for (std::size_t s = 0; s < n; ++s) {
    if (!out.core[s] || out.cluster[s] >= 0) continue;
    std::deque<std::size_t> queue{s};
    out.cluster[s] = next;
    while (!queue.empty()) {
      std::size_t i = queue.front();
      queue.pop_front();
      for (std::size_t j = 0; j < n; ++j) {
        if (out.core[j] && out.cluster[j] < 0 && near(i, j)) {
          out.cluster[j] = next;
          queue.push_back(j);
        }
      }
    }
    ++next;
  }
  return out;
}

// Border points for the Euclidean reference: nearest core neighbour, ties to the lower id.
Labels euclidean_reference(const std::vector<double>& x, int dim, const std::vector<double>& w,
                           double eps, double min_weight) {
  const std::size_t n = x.size() / dim;
  auto d2 = [&](std::size_t i, std::size_t j) {
    double s = 0;  // Σ (a_k − b_k)² in axis order, the comparison the header promises
    for (int k = 0; k < dim; ++k) {
      const double t = x[i * dim + k] - x[j * dim + k];
      s += t * t;
    }
    return s;
  };
  const double eps2 = eps * eps;
  Labels out = brute_force(n, w, min_weight, [&](auto i, auto j) { return d2(i, j) <= eps2; });
  for (std::size_t i = 0; i < n; ++i) {
    if (out.core[i]) continue;
    double best = std::numeric_limits<double>::infinity();
    std::int32_t id = -1;
    for (std::size_t j = 0; j < n; ++j) {
      if (!out.core[j]) continue;
      const double d = d2(i, j);
      if (d <= eps2 && (d < best || (d == best && out.cluster[j] < id))) {
        best = d;
        id = out.cluster[j];
      }
    }
    out.cluster[i] = id;
  }
  return out;
}

void expect_same(const Labels& want, const DbscanResult& got, const std::string& what) {
  ASSERT_EQ(got.core.size(), want.core.size()) << what;
  for (std::size_t i = 0; i < want.core.size(); ++i) {
    ASSERT_EQ(int{got.core[i]}, int{want.core[i]}) << what << " core of point " << i;
    ASSERT_EQ(got.cluster[i], want.cluster[i]) << what << " cluster of point " << i;
  }
  std::int32_t clusters = 0;
  for (auto c : want.cluster) clusters = std::max(clusters, c + 1);
  EXPECT_EQ(got.clusters, clusters) << what;
}

DbscanResult run(const std::vector<double>& x, int dim, const std::vector<double>& w, double eps,
                 double min_weight, int threads = 2) {
  DbscanOptions o;
  o.eps = eps;
  o.min_weight = min_weight;
  o.threads = threads;
  return dbscan(x, dim, w, o);
}

TEST(Dbscan, HandBuiltLine) {
  // Points 0, 1, 2, 10, 10.5 with ε = 1 and min_weight 3: only 1 sees three points (0, 1, 2);
  // 0 and 2 see two, so they are its border; 10 and 10.5 see two each: noise.
  auto r = run({0, 1, 2, 10, 10.5}, 1, {}, 1.0, 3);
  EXPECT_EQ(r.core, (std::vector<std::uint8_t>{0, 1, 0, 0, 0}));
  EXPECT_EQ(r.cluster, (std::vector<std::int32_t>{0, 0, 0, -1, -1}));
  EXPECT_EQ(r.clusters, 1);
}

TEST(Dbscan, BorderTieGoesToTheLowerClusterId) {
  // ε = 2, min_weight 3. Points (index: position, weight): 0: 5.5 w2, 1: 4 w1, 2: 2 w0,
  // 3: 0 w1, 4: −1.5 w2. Weight within ε: 5.5 → 2+1 = 3 core; 4 → 1+0+2 = 3 core (2 is at
  // exactly ε); 2 → 1+0+1 = 2 not core; 0 → 0+1+2 = 3 core; −1.5 → 1+2 = 3 core. Clusters:
  // {5.5, 4} holds index 0 → id 0, {0, −1.5} → id 1. Point 2 is at distance 2 from both 4 and 0:
  // a tie, so it joins cluster 0.
  auto r = run({5.5, 4, 2, 0, -1.5}, 1, {2, 1, 0, 1, 2}, 2.0, 3);
  EXPECT_EQ(r.core, (std::vector<std::uint8_t>{1, 1, 0, 1, 1}));
  EXPECT_EQ(r.cluster, (std::vector<std::int32_t>{0, 0, 0, 1, 1}));
}

TEST(Dbscan, BorderJoinsTheNearestCore) {
  // 2-D, ε = 4.6, min_weight 6. Cluster 0: (0,0) w1, (0,1) w1, (−1,0.5) w5 — each sees all three
  // (the farthest pair is √1.25 apart): 7 ≥ 6. Cluster 1, its mirror at x = 9…10. The probe
  // (x, 0.5) weighs 0. At x = 4.5 it is √(4.5² + 0.5²) = 4.528 from the four inner points and
  // sees weight 4 < 6: a border point equally near both clusters, so the lower id, 0. At x = 4.4
  // it is 4.428 from cluster 0 and √(4.6² + 0.5²) = 4.627 > ε from cluster 1 → 0; at 4.6, the
  // mirror image → 1.
  for (auto [x, want] : {std::pair{4.5, 0}, std::pair{4.4, 0}, std::pair{4.6, 1}}) {
    auto r =
        run({0, 0, 0, 1, -1, 0.5, 9, 0, 9, 1, 10, 0.5, x, 0.5}, 2, {1, 1, 5, 1, 1, 5, 0}, 4.6, 6);
    EXPECT_EQ(r.core, (std::vector<std::uint8_t>{1, 1, 1, 1, 1, 1, 0})) << x;
    EXPECT_EQ(r.cluster, (std::vector<std::int32_t>{0, 0, 0, 1, 1, 1, want})) << x;
  }
}

TEST(Dbscan, ExactlyAtEpsIsANeighbour) {
  // (0,0) and (3,4) are exactly 5 apart: 3² + 4² = 25 = 5², so with ε = 5 each sees two points.
  auto r = run({0, 0, 3, 4}, 2, {}, 5.0, 2);
  EXPECT_EQ(r.core, (std::vector<std::uint8_t>{1, 1}));
  EXPECT_EQ(r.cluster, (std::vector<std::int32_t>{0, 0}));
  auto apart = run({0, 0, 3, 4.000001}, 2, {}, 5.0, 2);
  EXPECT_EQ(apart.cluster, (std::vector<std::int32_t>{-1, -1}));
}

TEST(Dbscan, WeightsDecideCoreness) {
  // A lone point of weight 5 is a cluster by itself at min_weight 5; weight-0 points add nothing
  // and with min_weight 0 everything is core.
  auto r = run({0, 0, 100, 100, 100, 100.5}, 2, {5, 4.75, 0.25}, 1.0, 5);
  EXPECT_EQ(r.core, (std::vector<std::uint8_t>{1, 1, 1}));  // 4.75 + 0.25 = 5 exactly
  EXPECT_EQ(r.cluster, (std::vector<std::int32_t>{0, 1, 1}));
  auto zero = run({0, 0, 0.5, 0}, 2, {0, 0}, 1.0, 0.5);
  EXPECT_EQ(zero.cluster, (std::vector<std::int32_t>{-1, -1}));
  auto all = run({0, 0, 50, 0}, 2, {0, 0}, 1.0, 0);
  EXPECT_EQ(all.cluster, (std::vector<std::int32_t>{0, 1}));
}

TEST(Dbscan, DuplicatesAndEmptyInput) {
  // Five copies of one point with min_weight 5 → one cluster of core points; with 6 → noise.
  std::vector<double> x(10, 3.25);
  EXPECT_EQ(run(x, 2, {}, 0.1, 5).cluster, std::vector<std::int32_t>(5, 0));
  EXPECT_EQ(run(x, 2, {}, 0.1, 6).cluster, std::vector<std::int32_t>(5, -1));
  auto empty = run({}, 3, {}, 1.0, 1);
  EXPECT_TRUE(empty.cluster.empty());
  EXPECT_EQ(empty.clusters, 0);
}

TEST(Dbscan, BadInputIsRefused) {
  EXPECT_THROW(run({0, 0}, 2, {}, 0.0, 1), Error);
  EXPECT_THROW(run({0, 0}, 2, {}, -1.0, 1), Error);
  EXPECT_THROW(run({0, std::nan("")}, 2, {}, 1.0, 1), Error);
  EXPECT_THROW(run({0, 0}, 2, {-1}, 1.0, 1), Error);
  EXPECT_THROW(run({0, 0}, 2, {1, 1}, 1.0, 1), Error);
  EXPECT_THROW(run({0, 0, 0, 0}, 4, {}, 1.0, 1), Error);
  EXPECT_THROW(run({0, 0, 1e300, 1e300}, 2, {}, 1e-300, 1), Error);  // grid too fine
}

// Random inputs of every flavour against the definition; the labels must be identical, whatever
// the thread count.
struct Flavour {
  const char* name;
  int dim;
  bool lattice;  // integer coordinates: many duplicates and pairs exactly at ε
  bool weighted;
};

std::vector<double> random_points(std::mt19937_64& rng, std::size_t n, const Flavour& f) {
  std::vector<double> x(n * f.dim);
  // Mixture: a few dense blobs plus uniform background, so all three kinds of points occur.
  std::uniform_real_distribution<double> uni(0, 40);
  std::normal_distribution<double> blob(0, 1.5);
  std::vector<double> centres(4 * f.dim);
  for (auto& c : centres) c = uni(rng);
  for (std::size_t i = 0; i < n; ++i) {
    const bool in_blob = rng() % 3 != 0;
    const std::size_t b = rng() % 4;
    for (int k = 0; k < f.dim; ++k) {
      double v = in_blob ? centres[b * f.dim + k] + blob(rng) : uni(rng);
      x[i * f.dim + k] = f.lattice ? std::round(v) : v;
    }
  }
  return x;
}

TEST(Dbscan, MatchesBruteForceOnRandomInputs) {
  const Flavour flavours[] = {{"1-D", 1, false, false},
                              {"2-D", 2, false, false},
                              {"2-D lattice", 2, true, false},
                              {"2-D weighted", 2, false, true},
                              {"2-D lattice weighted", 2, true, true},
                              {"3-D", 3, false, true},
                              {"3-D lattice", 3, true, true}};
  for (const auto& f : flavours) {
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
      std::mt19937_64 rng(seed * 7919 + f.dim);
      const std::size_t n = 1 + rng() % 400;
      auto x = random_points(rng, n, f);
      std::vector<double> w;
      if (f.weighted) {
        for (std::size_t i = 0; i < n; ++i) w.push_back(0.25 * static_cast<double>(rng() % 9));
      }
      // ε on the lattice: 1, 2, √2 or √5, so pairs at exactly ε are common.
      const double lattice_eps[] = {1.0, 2.0, std::sqrt(2.0), std::sqrt(5.0)};
      const double eps = f.lattice ? lattice_eps[rng() % 4] : 0.5 + (rng() % 100) / 40.0;
      const double min_weight = f.weighted ? 0.25 * static_cast<double>(rng() % 40) : 1 + rng() % 8;
      const auto want = euclidean_reference(x, f.dim, w, eps, min_weight);
      const std::string what = std::string(f.name) + " seed " + std::to_string(seed);
      for (int threads : {1, 2, 5}) {
        expect_same(want, run(x, f.dim, w, eps, min_weight, threads),
                    what + " threads " + std::to_string(threads));
      }
    }
  }
}

TEST(Dbscan, SparseGridsOverManyChunksMatchBruteForce) {
  // Under four points per cell the neighbour cells found for the core points are kept for the
  // later phases, chunk by chunk of 512 cells: thousands of cells, so lists are looked up across
  // chunk boundaries and on every thread count.
  for (int dim : {2, 3}) {
    for (std::uint64_t seed = 1; seed <= 3; ++seed) {
      std::mt19937_64 rng(seed * 31 + dim);
      const std::size_t n = 2500;
      std::uniform_real_distribution<double> uni(0, dim == 2 ? 80 : 22);
      std::vector<double> x(n * dim), w(n);
      for (auto& v : x) v = uni(rng);
      for (auto& v : w) v = 0.5 * static_cast<double>(1 + rng() % 4);
      const double eps = 1.1, min_weight = 2.75;
      const auto want = euclidean_reference(x, dim, w, eps, min_weight);
      const std::string what = std::to_string(dim) + "-D seed " + std::to_string(seed);
      for (int threads : {1, 2, 5}) {
        const auto got = run(x, dim, w, eps, min_weight, threads);
        ASSERT_GT(got.cells, 3 * 512u) << what;
        ASSERT_LT(n, 4 * got.cells) << what << ": the grid should be sparse";
        expect_same(want, got, what + " threads " + std::to_string(threads));
      }
      EXPECT_GT(*std::max_element(want.cluster.begin(), want.cluster.end()), 1) << what;
      EXPECT_EQ(*std::min_element(want.cluster.begin(), want.cluster.end()), -1) << what;
    }
  }
}

TEST(Dbscan, LargerInputIsTheSameWithAnyThreadCount) {
  // 20,000 points: too many for the reference in a unit test, but the labels must not depend on
  // how the work was split.
  std::mt19937_64 rng(99);
  Flavour f{"2-D", 2, false, true};
  auto x = random_points(rng, 20000, f);
  std::vector<double> w(20000);
  for (auto& v : w) v = (rng() % 4 + 1) / 3.0;  // fractional counts
  auto one = run(x, 2, w, 0.3, 4, 1);
  for (int threads : {2, 3, 8}) {
    auto many = run(x, 2, w, 0.3, 4, threads);
    EXPECT_EQ(one.cluster, many.cluster) << threads;
    EXPECT_EQ(one.core, many.core) << threads;
  }
  EXPECT_GT(one.clusters, 0);
}

// The sphere: DBSCAN on unit vectors with the chord of ε equals DBSCAN with great-circle
// distances, computed here with its own haversine.
double haversine_km(double lat1, double lon1, double lat2, double lon2) {
  const double r = std::numbers::pi / 180, R = 6371.0088;
  const double a =
      std::pow(std::sin((lat2 - lat1) * r / 2), 2) +
      std::cos(lat1 * r) * std::cos(lat2 * r) * std::pow(std::sin((lon2 - lon1) * r / 2), 2);
  return 2 * R * std::asin(std::sqrt(std::min(1.0, a)));
}

TEST(DbscanGeo, ChordSpaceMatchesGreatCircleBruteForce) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    // Around Wuhan (30.59 N, 114.31 E) within ±0.3°, or across a pole and the antimeridian.
    const bool polar = seed % 5 == 0;
    std::uniform_real_distribution<double> dlat(-0.3, 0.3), dlon(-0.3, 0.3), lon(-180, 180);
    const std::size_t n = 50 + rng() % 300;
    std::vector<double> lat(n), lo(n), w(n), xyz;
    for (std::size_t i = 0; i < n; ++i) {
      lat[i] = polar ? 89.8 + dlat(rng) / 3 : 30.59 + dlat(rng);
      lo[i] = polar ? lon(rng) : (seed % 3 == 0 ? 179.9 + dlon(rng) : 114.31 + dlon(rng));
      if (lo[i] > 180) lo[i] -= 360;
      w[i] = 1.0 / static_cast<double>(1 + rng() % 3);
      auto v = unit_vector(lat[i], lo[i]);
      xyz.insert(xyz.end(), v.begin(), v.end());
    }
    const double eps_km = 1 + (rng() % 40) / 10.0;
    const double min_weight = 2.1 + rng() % 5;  // never a sum of 1/1, 1/2, 1/3 (multiples of 1/6)
    auto near = [&](std::size_t i, std::size_t j) {
      return haversine_km(lat[i], lo[i], lat[j], lo[j]) <= eps_km;
    };
    Labels want = brute_force(n, w, min_weight, near);
    for (std::size_t i = 0; i < n; ++i) {
      if (want.core[i]) continue;
      double best = std::numeric_limits<double>::infinity();
      for (std::size_t j = 0; j < n; ++j) {
        const double d = haversine_km(lat[i], lo[i], lat[j], lo[j]);
        if (want.core[j] && d <= eps_km &&
            (d < best || (d == best && want.cluster[j] < want.cluster[i]))) {
          best = d;
          want.cluster[i] = want.cluster[j];
        }
      }
    }
    expect_same(want, run(xyz, 3, w, chord_of_km(eps_km), min_weight),
                "sphere seed " + std::to_string(seed));
  }
}

}  // namespace
}  // namespace atlas::discover
