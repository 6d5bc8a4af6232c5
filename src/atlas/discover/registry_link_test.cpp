#include "atlas/discover/registry_link.h"

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
  ASSERT_EQ(link.nearest_km.size(), 3u);
  EXPECT_NEAR(link.nearest_km[0], km(30, 114.01, 30, 114.05), 1e-6);
  EXPECT_EQ(link.nearest_km[1], -1);
  // Site 2's nearest core point, (32, 112) or (30, 114), is over 100 km away.
  EXPECT_GT(km(31, 113, 32, 112), 100);
  EXPECT_EQ(link.nearest_km[2], -1);
}

}  // namespace
}  // namespace atlas::discover
