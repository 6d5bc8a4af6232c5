// The discovery use case: density-based clusters (weighted DBSCAN) in a file of geocoded points —
// patents, publications, firms — with per-cluster summaries, a WIPO-style ranking, the clusters'
// outlines, and, with a database, the comparison with the registry: the discovered clusters no
// registered cluster's zone lies near (candidates) and the registered clusters of the area the
// points cover with no concentration near their zone. Or only an ε suggestion from the
// k-distance curve. Parameters in (DiscoveryRequest), a Discovery out that renders itself as the
// documents `discover --format json|geojson` print and the API returns (docs/discovery.md).
#pragma once
#include <cstdint>
#include <map>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/app/database.h"
#include "atlas/app/progress.h"
#include "atlas/discover/dbscan.h"
#include "atlas/discover/geo.h"
#include "atlas/discover/registry_link.h"
#include "atlas/discover/summary.h"
#include "atlas/ingest/points.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct DiscoveryRequest {
  std::string points;  // CSV, TSV or XLSX: id, lat, lon (x, y for euclidean) [, weight, kind …]
  std::string metric = "haversine";  // or "euclidean"
  double eps_km = 2.0;               // ε: km on the sphere, the points' units with euclidean
  double min_weight = 5;
  double split_large = 0;   // re-cluster clusters above this share of the weight; 0 = never
  double split_factor = 2;  // their re-run's min weight = min_weight × this
  double registry_km = 10;
  double city_km = 100;
  double earth_radius_km = discover::kEarthRadiusKm;
  std::size_t top = 3;        // industries and tech classes listed per cluster
  std::size_t suggest_k = 0;  // for suggest_eps: the K of the K-th nearest neighbour
  bool registry = true;       // compare with the database's clusters when there is a database
  int threads = 0;            // 0 = every core; results do not depend on it

  bool geographic() const { return metric == "haversine"; }
};

// Throws atlas::Error (kBadInput) for a parameter out of range, with `field` the parameter's
// name above ("eps_km") and a message that follows it ("must be a positive number, not 0").
void check_discovery_request(const DiscoveryRequest& request);

// The registry as discovery compares with it: the registered clusters whose zone has
// coordinates, and how near the discovered clusters came to each.
struct RegistryComparison {
  bool linked = false;  // a database with such clusters, geographic points, registry asked for
  std::vector<discover::RegisteredSite> sites;
  discover::RegistryLink link;
  std::vector<std::string> provinces;  // the area the points cover (RegistryLink::area), named
};

struct Discovery {
  DiscoveryRequest request;
  ingest::PointSet points;
  discover::DbscanResult labels;
  std::vector<std::int32_t> parent;  // per cluster: the cluster it was split from, or −1
  discover::Summaries summaries;
  RegistryComparison registry;
  report::Table clusters;  // one row per cluster, by rank: the summary `--format table` shows

  // "3 clusters in 120 points (weight 120); 80 points (66.7% of the weight) clustered, …"
  std::string overview() const;
  // Registered clusters of the area the points cover without a core point within registry_km
  // of their zone, each with the distance to the nearest core point.
  report::Table registered_without_concentration() const;
  // What that list is, said before it: which clusters, of which area.
  std::string registry_heading() const;
  // The cluster rows as JSON objects (the summary file `--summary-out x.json` holds).
  nlohmann::ordered_json cluster_rows() const;
  // {"parameters", "totals", "clusters" (each with its "hull"), ["registry_area",
  // "registered_without_concentration"], "points": [{"id", "cluster", "core"}]}: the body of
  // `discover --format json` and of a discovery job's result.
  nlohmann::ordered_json document() const;
  // A FeatureCollection: each cluster's outline with its row as properties.
  nlohmann::ordered_json geojson() const;
  // id,cluster,core per point (CRLF, as every CSV the program writes), formatted in parallel.
  void write_points_csv(std::ostream& out) const;
};

// Checks the request and reads its points file, telling the listener the file's notes. Throws
// atlas::Error naming the file, row and column of a bad point. A server reads the file while the
// request waits (a bad file is its answer) and clusters the points in a job.
ingest::PointSet read_points(const DiscoveryRequest& request, const Listener& listener = {});

// Clusters the points read from the request's file (read_points). `db` may be null (no registry
// comparison); with one, the registered clusters are read from it. Throws Cancelled when the
// listener asks to stop.
Discovery discover_clusters(const Database* db, const DiscoveryRequest& request,
                            ingest::PointSet points, const Listener& listener = {});
// Reads the points, then clusters them.
Discovery discover_clusters(const Database* db, const DiscoveryRequest& request,
                            const Listener& listener = {});

// The ε suggestion: the distance from each point to its k-th nearest other point, sorted, and
// the knee of that curve.
struct EpsSuggestion {
  std::size_t k = 0, points = 0, sampled = 0, knee = 0;
  double eps = 0;  // in km on the sphere, or the points' units
  bool geographic = true;
  std::vector<std::pair<std::string, double>> quantiles;  // "p10" … "p90" of the curve, same unit
  // {"k", "points", "sampled", "knee_index", "eps", "unit", "quantiles"}: `--suggest-eps K
  // --format json`.
  nlohmann::ordered_json document() const;
};

// Throws kBadInput (field "suggest_k") for k = 0, and for k not below the number of points.
EpsSuggestion suggest_eps(const DiscoveryRequest& request, const ingest::PointSet& points,
                          const Listener& listener = {});
// Reads the points, then suggests.
EpsSuggestion suggest_eps(const DiscoveryRequest& request, const Listener& listener = {});

}  // namespace atlas::app
