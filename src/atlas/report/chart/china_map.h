#pragma once
// China's provinces as drawn on the reports' maps: read from ECharts 4.9.0's map/json/china.json
// (the dashboard's own map, so the reports and the dashboard show the same boundaries) or from a
// plain GeoJSON FeatureCollection a user supplies; map_projection.h puts them on a chart's box.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "atlas/report/draw/canvas.h"

namespace atlas::report::chart {

// Rings of one polygon: the outer boundary, then its holes. Points are x = longitude,
// y = latitude, in degrees.
using Polygon = std::vector<std::vector<draw::Point>>;

struct GeoBounds {
  double west = 0, south = 0, east = 0, north = 0;
  bool contains(double lon, double lat) const {
    return lon >= west && lon <= east && lat >= south && lat <= north;
  }
};

struct Province {
  std::string code;  // two digits of GB/T 2260 ("42"); empty for a feature that is no province
  std::string name;  // as the file names it ("湖北")
  std::vector<Polygon> polygons;
  GeoBounds bounds() const;
};

struct ChinaMap {
  std::vector<Province> provinces;  // in the file's order
  GeoBounds bounds() const;
  // The province with this code (2 or 6 digits); nullptr when the map has none.
  const Province* find(std::string_view code) const;
};

// "42", "420000" and 420000 name Hubei: the two-digit province code. Throws atlas::Error
// (kBadInput) for anything else ("4201", "420100", "湖北").
std::string province_code(std::string_view code);

// ECharts' compressed ring (decodeRing): each pair of UTF-16 code units, less 64, zig-zag
// decoded, is a step from the previous point, starting at (x0, y0); points are divided by
// `scale`. Throws atlas::Error (kBadInput) for an odd count or bad UTF-8.
std::vector<draw::Point> decode_ring(std::string_view utf8, double x0, double y0,
                                     double scale = 1024);

// Reads a FeatureCollection of Polygon and MultiPolygon features, ECharts-encoded
// ("UTF8Encoding": true) or plain. A province's code is the feature's adcode, id or code
// property (or the feature's id); a feature without a province code is kept with an empty code
// (drawn as an outline). Throws atlas::Error (kBadInput) saying what is wrong.
ChinaMap load_china_map(const std::string& geojson_text);

}  // namespace atlas::report::chart
