#include "atlas/discover/registry_link.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

namespace atlas::discover {
namespace {

// Great-circle km by the spherical law of cosines (not the haversine form the code uses), on the
// mean Earth radius.
double km(double lat1, double lon1, double lat2, double lon2) {
  const double r = std::numbers::pi / 180;
  double c = std::sin(lat1 * r) * std::sin(lat2 * r) +
             std::cos(lat1 * r) * std::cos(lat2 * r) * std::cos((lon2 - lon1) * r);
  return 6371.0088 * std::acos(std::min(1.0, c));
}

TEST(RegistryLink, CandidatesAndRegisteredClustersWithoutAConcentration) {
  // Cluster 0: core points at (30, 114) and (30, 114.01). Cluster 1: a core point at (32, 112)
  // and a border point at (31, 113). Point 4 is noise.
  const double lat[] = {30, 30, 32, 31, 40};
  const double lon[] = {114, 114.01, 112, 113, 100};
  const std::int32_t cluster[] = {0, 0, 1, 1, -1};
  const std::uint8_t core[] = {1, 1, 1, 0, 0};
  // Site 0 lies 0.04° east of (30, 114.01): about 3.86 km. Site 1 is far from everything. Site 2
  // sits on cluster 1's border point, which does not count: only core points mark a
  // concentration.
  std::vector<RegisteredSite> sites(3);
  sites[0].lat = 30, sites[0].lon = 114.05;
  sites[1].lat = 36, sites[1].lon = 104;
  sites[2].lat = 31, sites[2].lon = 113;
  auto link = link_registry(lat, lon, cluster, core, 2, sites, 5, 10);
  ASSERT_EQ(link.sites_near.size(), 2u);
  EXPECT_EQ(link.sites_near[0], std::vector<std::size_t>{0});
  EXPECT_TRUE(link.sites_near[1].empty());  // a candidate: no registered zone within 5 km
  // The nearest core point, however far: what a registered cluster without a concentration
  // came nearest to. Site 2's, (32, 112), is over 100 km away; its border point does not count.
  ASSERT_EQ(link.nearest_km.size(), 3u);
  EXPECT_NEAR(link.nearest_km[0], km(30, 114.01, 30, 114.05), 1e-6);
  EXPECT_NEAR(link.nearest_km[1], km(36, 104, 32, 112), 1e-6);
  EXPECT_GT(km(31, 113, 32, 112), 100);
  EXPECT_LT(km(31, 113, 32, 112), km(31, 113, 30, 114));
  EXPECT_NEAR(link.nearest_km[2], km(31, 113, 32, 112), 1e-6);
}

TEST(RegistryLink, TheNearestCorePointIsTheOneABruteForceScanFinds) {
  // Core points of 40 clusters scattered over China and across the antimeridian, sites anywhere:
  // the distance to the nearest is the minimum over every core point.
  std::vector<double> lat, lon;
  std::vector<std::int32_t> cluster;
  std::vector<std::uint8_t> core;
  std::uint64_t state = 12345;
  auto uniform = [&](double lo, double hi) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return lo + (hi - lo) * static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  for (int c = 0; c < 40; ++c) {
    const double at_lat = uniform(18, 50),
                 at_lon = c % 8 == 0 ? uniform(179, 180) : uniform(75, 130);
    for (int k = 0; k < 25; ++k) {
      lat.push_back(std::clamp(at_lat + uniform(-0.5, 0.5), -90.0, 90.0));
      lon.push_back(std::clamp(at_lon + uniform(-0.5, 0.5), -180.0, 180.0));
      cluster.push_back(k % 5 == 0 ? -1 : c);
      core.push_back(k % 5 == 0 || k % 3 == 0 ? 0 : 1);
    }
  }
  std::vector<RegisteredSite> sites(60);
  for (auto& site : sites) site.lat = uniform(-60, 80), site.lon = uniform(-180, 180);
  sites[0].lat = 45, sites[0].lon = -179.9;  // nearest across the antimeridian
  auto link = link_registry(lat, lon, cluster, core, 40, sites, 5, 10);
  for (std::size_t s = 0; s < sites.size(); ++s) {
    double best = INFINITY;
    for (std::size_t i = 0; i < lat.size(); ++i) {
      if (cluster[i] >= 0 && core[i])
        best = std::min(best, km(sites[s].lat, sites[s].lon, lat[i], lon[i]));
    }
    EXPECT_NEAR(link.nearest_km[s], best, 1e-6 * (1 + best)) << "site " << s;
  }
}

TEST(RegistryLink, WithoutACorePointNoDistanceIsKnown) {
  const double lat[] = {30, 30.001};
  const double lon[] = {114, 114};
  const std::int32_t cluster[] = {-1, -1};
  const std::uint8_t core[] = {0, 0};
  std::vector<RegisteredSite> sites(1);
  sites[0] = {1, "a", "42", 30, 114.05};
  auto link = link_registry(lat, lon, cluster, core, 0, sites, 5, 10);
  EXPECT_TRUE(std::isnan(link.nearest_km[0]));
  EXPECT_EQ(link.in_area[0], 1);  // in the area, with no concentration at any distance
}

TEST(RegistryLink, TheAreaIsTheProvincesWhoseZonesThePointsReach) {
  // One cluster of two core points in Wuhan and a noise point far west; site provinces: 42
  // (two zones), 41 (one zone 11 km from the nearest point), 65 (one zone 6 km from the noise
  // point, which counts too: the area is where the points are, not where the clusters are).
  const double lat[] = {30, 30, 30.5};
  const double lon[] = {114, 114.01, 80};
  const std::int32_t cluster[] = {0, 0, -1};
  const std::uint8_t core[] = {1, 1, 0};
  std::vector<RegisteredSite> sites(4);
  sites[0] = {1, "a", "42", 30, 114.05};
  sites[1] = {2, "b", "42", 31.5, 112};
  sites[2] = {3, "c", "41", 30, 114.124};
  sites[3] = {4, "d", "65", 30.55, 80};
  ASSERT_LT(km(30, 114.01, 30, 114.05), 10);
  ASSERT_GT(km(30, 114.01, 30, 114.124), 10);
  ASSERT_LT(km(30.5, 80, 30.55, 80), 10);
  auto link = link_registry(lat, lon, cluster, core, 1, sites, 5, 10);
  EXPECT_EQ(link.in_area, (std::vector<std::uint8_t>{1, 1, 0, 1}));
  EXPECT_EQ(link.area, (std::vector<std::string>{"42", "65"}));
}

TEST(RegistryLink, TheAreaIsFoundAcrossTheAntimeridianAndAtThePoles) {
  // Each point reaches its site only across longitude ±180 or over the pole, where the sites'
  // cells and the points' cells differ.
  const double lat[] = {60, 89.95};
  const double lon[] = {-179.95, 180};
  const std::int32_t cluster[] = {-1, -1};
  const std::uint8_t core[] = {0, 0};
  std::vector<RegisteredSite> sites(3);
  sites[0] = {1, "east", "A", 60, 179.95};  // 5.6 km west of point 0
  sites[1] = {2, "pole", "B", 89.95, 0};    // 11.1 km from point 1, over the pole
  sites[2] = {3, "far", "C", 60, 170};
  ASSERT_LT(km(60, -179.95, 60, 179.95), 12);
  ASSERT_LT(km(89.95, 180, 89.95, 0), 12);
  ASSERT_GT(km(89.95, 180, 89.95, 0), 11);
  auto link = link_registry(lat, lon, cluster, core, 0, sites, 5, 12);
  EXPECT_EQ(link.in_area, (std::vector<std::uint8_t>{1, 1, 0}));
}

}  // namespace
}  // namespace atlas::discover
