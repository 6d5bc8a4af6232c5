// Areas from a GeoJSON FeatureCollection, for contiguity weights: the Polygon or MultiPolygon of
// each unit, in the units' order, matched by a feature property (or the feature's own id).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "atlas/discover/weights.h"

namespace atlas::ingest {

struct GeojsonAreas {
  std::vector<discover::Area> areas;  // one per id, in the ids' order
  std::string property;               // the property that matched ("id": the feature's id)
  std::size_t features = 0;           // in the file
  std::size_t unused = 0;             // features no id asked for
};

// `property` names the key to match `ids` on; empty: the first of the feature id and the
// properties id, code, adcode, name, NAME, 名称 that knows every id (else the one knowing most).
// Throws atlas::Error (kBadInput): the file cannot be read or is not JSON (with the byte), is not
// a FeatureCollection, an id has no feature (named with its row `ids_lines[i]` in `ids_source`),
// or a feature's geometry is not a Polygon or MultiPolygon of [x, y] positions.
GeojsonAreas read_geojson_areas(const std::string& path, const std::string& property,
                                const std::vector<std::string>& ids, const std::string& ids_source,
                                const std::vector<std::int64_t>& ids_lines);

}  // namespace atlas::ingest
