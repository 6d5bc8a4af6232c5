// The spatial statistics use case: global Moran's I, local Moran (LISA) and Getis-Ord Gi* of one
// variable over units given in a file, with k-nearest-neighbour, distance-band or contiguity
// (GeoJSON) weights. Parameters in (SpatialRequest), a SpatialStatistics out whose tables are
// what `spatial` prints and whose document the API returns (docs/spatial.md).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "atlas/app/progress.h"
#include "atlas/discover/spatial.h"
#include "atlas/discover/weights.h"
#include "atlas/ingest/geojson.h"
#include "atlas/ingest/values.h"
#include "atlas/report/table.h"

namespace atlas::app {

struct SpatialRequest {
  std::string values;      // CSV, TSV or XLSX: id, the variable, and lat,lon or x,y for knn/band
  std::string weights;     // knn:K, band:DISTANCE, contiguity:FILE (queen), queen:FILE, rook:FILE
  std::string variable;    // empty: the only column besides id, name and coordinates
  std::string geojson_id;  // the GeoJSON property holding the ids; empty: found
  int permutations = 999;  // 0–1,000,000
  std::uint64_t seed = 12345;
  double fdr = 0.05;  // the false discovery rate of significant LISA units, in (0, 1)
  int threads = 0;    // 0 = every core; results do not depend on it
};

// What `weights` asks for.
struct WeightsSpec {
  enum Kind { kKnn, kBand, kContiguity } kind = kKnn;
  int k = 0;
  double distance = 0;
  std::string geojson;  // the areas' file, for contiguity
  discover::Contiguity rule = discover::Contiguity::kQueen;
};

// Throws kUsage with field "weights" and a message that follows the parameter's name
// ("knn:x: K must be a whole number (use knn:K, …)").
WeightsSpec parse_weights(const std::string& spec);

struct SpatialStatistics {
  ingest::UnitValues units;
  discover::SpatialWeights weights;
  std::string weights_label;  // "6 nearest neighbours", "distance band 150 km", "rook contiguity"
  discover::MoranGlobal global;
  discover::LocalMoran local;
  std::vector<double> gi_star;
  double fdr = 0.05;
  // The document's notes: the values file's ("note: …") and the islands' warning ("warning: …").
  std::vector<std::string> notes;

  std::size_t significant_units() const;
  // id, value, lisa_i, lisa_p, quadrant, significant, gi_star_z per unit: `spatial --format csv`.
  report::Table unit_table() const;
  // The global statistics as the terminal shows them above the units.
  report::Table summary_table() const;
  // {"global": {…}, "units": […], ["notes": […]]}: `spatial --format json` and the API's job.
  nlohmann::ordered_json document() const;
};

// Reads the values (and the GeoJSON areas for contiguity), builds the weights and computes the
// statistics. The listener hears the values file's notes and, for contiguity, how many features
// have no value; the islands' warning is in the result's notes. Throws atlas::Error naming the
// file, row and column of a bad value or area; kBadInput (field "permutations" or "fdr") for a
// parameter out of range; Cancelled when the listener asks to stop.
SpatialStatistics spatial_statistics(const SpatialRequest& request, const Listener& listener = {});

// The same in two steps, for a server that reads the file while the request waits (a bad file
// is its answer) and computes in a job: the request checked and the values read (the listener
// hears their notes), then the statistics of those values.
ingest::UnitValues read_values(const SpatialRequest& request, const Listener& listener = {});
SpatialStatistics spatial_statistics(const SpatialRequest& request, ingest::UnitValues values,
                                     const Listener& listener = {});

// For contiguity weights, the areas of the request's GeoJSON matched to the values read, so that
// a server answers a bad GeoJSON on the request that sent it (errors name the file and the
// feature; the listener hears how many features have no value); then the statistics of both.
ingest::GeojsonAreas read_areas(const SpatialRequest& request, const ingest::UnitValues& values,
                                const Listener& listener = {});
SpatialStatistics spatial_statistics(const SpatialRequest& request, ingest::UnitValues values,
                                     ingest::GeojsonAreas areas, const Listener& listener = {});

}  // namespace atlas::app
