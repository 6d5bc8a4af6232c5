// What each discovered cluster is: its weight in all and by kind (patent, publication, firm), its
// share of the data set, a WIPO-style rank, its centroid and outline, its leading industries and
// technology classes, and its weight per year. Pure computation over the labelled points.
//
// Rank (after WIPO's Global Innovation Index S&T clusters): by share of the data set's patents
// plus share of its publications when the data carries those kinds, else by share of the total
// weight; ties by cluster id. Firms count in the weights but not in that score.
// Centroid: on the sphere, the weighted mean of the points' unit vectors projected back to the
// surface (so a cluster across the antimeridian is not averaged to the other side of the Earth);
// planar, the weighted mean of x and y. Zero total weight falls back to the unweighted mean.
// Outline: the convex hull of every member (core and border) computed in the plane of
// (longitude, latitude) — longitudes taken relative to the centroid, so a hull crossing the
// antimeridian stays whole and may reach past ±180. A planar hull in degrees is not the
// spherical hull, but at cluster scale (tens of kilometres) the difference is immaterial.
// Main cities: the cities the members' weight is nearest to, largest first, as WIPO names its
// clusters (e.g. Shenzhen–Hong Kong–Guangzhou).
#pragma once
#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace atlas::discover {

// A text column of the points, each value stored once: code[i] indexes names, −1 = missing.
struct CategoryColumn {
  std::span<const std::int32_t> code;  // empty when the data has no such column
  std::span<const std::string> names;
};

struct SummaryInput {
  bool geographic = true;
  std::span<const double> a, b;    // latitude and longitude in degrees, or x and y
  std::span<const double> weight;  // empty = every weight 1
  CategoryColumn kind, industry, tech;
  CategoryColumn city;  // each point's nearest bundled city, when named
  // Empty when absent; 0 = missing. Summed per cluster in an array spanning the first to the last
  // year, so years are calendar years (the points reader takes four digits only).
  std::span<const int> year;
  std::size_t top = 3;  // industries, tech classes and cities listed per cluster
  // The unit vectors of (a, b) when geographic, 3 per point, as DBSCAN used them; empty = computed
  // here.
  std::span<const double> unit;
  int threads = 0;  // 0 = every core; the results do not depend on it
};

struct ClusterSummary {
  std::int32_t id = 0;
  std::int32_t rank = 0;  // 1 = first
  std::size_t points = 0, core_points = 0;
  double weight = 0;
  double share = 0;  // of the whole data set's weight, noise included
  double score = 0;  // what the rank sorts by
  std::map<std::string, double> weight_by_kind;
  std::array<double, 2> centroid{};         // (lat, lon) or (x, y)
  std::vector<std::array<double, 2>> hull;  // (lon, lat) or (x, y), counter-clockwise, open
  // Largest weight first.
  std::vector<std::pair<std::string, double>> top_industries, top_tech, main_cities;
  std::map<int, double> weight_by_year;
};

struct DataSetTotals {
  std::size_t points = 0, clustered_points = 0;
  double weight = 0, clustered_weight = 0;
  std::map<std::string, double> weight_by_kind;
  bool ranked_by_kinds = false;  // the score is share of patents + share of publications
};

struct Summaries {
  std::vector<ClusterSummary> clusters;  // by id
  DataSetTotals totals;
};

// `cluster[i]` is point i's cluster id in 0…clusters−1 or −1 (noise); `core[i]` is 1 when core.
Summaries summarise(const SummaryInput& in, std::span<const std::int32_t> cluster,
                    std::span<const std::uint8_t> core, std::int32_t clusters);

// Convex hull of points (Andrew's monotone chain), counter-clockwise, no repeated first point,
// collinear points dropped; fewer than 3 distinct points come back as they are (deduplicated).
std::vector<std::array<double, 2>> convex_hull(std::vector<std::array<double, 2>> points);

}  // namespace atlas::discover
