#include "atlas/ingest/geojson.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/core/text.h"

namespace atlas::ingest {
namespace {

std::string key_text(const nlohmann::json& v) {
  if (v.is_string()) return text::trim(v.get<std::string>());
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (d == std::floor(d) && std::fabs(d) < 1e15) return fmt::format("{:.0f}", d);
    return v.dump();
  }
  return "";
}

discover::Ring read_ring(const nlohmann::json& ring) {
  discover::Ring out;
  if (!ring.is_array()) throw std::invalid_argument("a ring is not an array of positions");
  for (const auto& p : ring) {
    if (!p.is_array() || p.size() < 2 || !p[0].is_number() || !p[1].is_number())
      throw std::invalid_argument("a position is not [x, y]");
    out.push_back({p[0].get<double>(), p[1].get<double>()});
  }
  return out;
}

discover::Polygon read_polygon(const nlohmann::json& rings) {
  if (!rings.is_array()) throw std::invalid_argument("a polygon is not an array of rings");
  discover::Polygon out;
  for (const auto& r : rings) out.push_back(read_ring(r));
  return out;
}

discover::Area read_area(const nlohmann::json& geometry) {
  if (!geometry.is_object() || !geometry.contains("type") || !geometry.contains("coordinates"))
    throw std::invalid_argument("the feature has no geometry");
  const std::string type = geometry["type"].is_string() ? geometry["type"].get<std::string>() : "";
  if (type == "Polygon") return {read_polygon(geometry["coordinates"])};
  if (type == "MultiPolygon") {
    discover::Area out;
    if (!geometry["coordinates"].is_array())
      throw std::invalid_argument("MultiPolygon coordinates are not an array");
    for (const auto& p : geometry["coordinates"]) out.push_back(read_polygon(p));
    return out;
  }
  throw std::invalid_argument(fmt::format("the geometry is a {}, not a Polygon or MultiPolygon",
                                          type.empty() ? "?" : type));
}

GeojsonAreas read(const std::string& path, const std::string& property,
                  const std::vector<std::string>& ids, const std::string& ids_source,
                  const std::vector<std::int64_t>& ids_lines) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::kBadInput, "cannot open the GeoJSON file", {path, 0, "", ""});
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(ErrorKind::kBadInput, fmt::format("not valid JSON (byte {}): {}", e.byte, e.what()),
                {path, 0, "", ""});
  }
  // Compared as JSON, so a "type" that is not a string is a mismatch, not a type error.
  if (!doc.is_object() || !doc.contains("type") || doc["type"] != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    throw Error(ErrorKind::kBadInput, "not a GeoJSON FeatureCollection", {path, 0, "", ""});
  }
  const auto& features = doc["features"];
  auto key_of = [](const nlohmann::json& f, const std::string& p) -> std::string {
    if (!f.is_object()) return "";
    if (p == "id" && f.contains("id")) return key_text(f["id"]);
    if (f.contains("properties") && f["properties"].is_object() && f["properties"].contains(p))
      return key_text(f["properties"][p]);
    return "";
  };
  std::vector<std::string> tried =
      property.empty() ? std::vector<std::string>{"id", "code", "adcode", "name", "NAME", "名称"}
                       : std::vector<std::string>{property};
  std::string chosen;
  std::map<std::string, std::size_t> index;  // key → feature position
  std::size_t best = 0;
  for (const auto& p : tried) {
    std::map<std::string, std::size_t> keys;
    for (std::size_t f = 0; f < features.size(); ++f) {
      auto k = key_of(features[f], p);
      if (!k.empty()) keys.emplace(k, f);
    }
    std::size_t found = 0;
    for (const auto& id : ids) found += keys.count(id);
    if (found > best || chosen.empty()) {
      best = found;
      chosen = p;
      index = std::move(keys);
    }
    if (found == ids.size()) break;
  }
  GeojsonAreas out;
  out.property = chosen;
  out.features = features.size();
  std::vector<bool> used(features.size(), false);
  for (std::size_t u = 0; u < ids.size(); ++u) {
    auto it = index.find(ids[u]);
    if (it == index.end()) {
      throw Error(
          ErrorKind::kBadInput,
          fmt::format("unknown id '{}': no feature of {} has it in '{}'{}", ids[u], path, chosen,
                      property.empty() ? " (choose the property with --geojson-id)" : ""),
          {ids_source, u < ids_lines.size() ? ids_lines[u] : 0, "", ""});
    }
    used[it->second] = true;
    try {
      out.areas.push_back(read_area(features[it->second].value("geometry", nlohmann::json())));
    } catch (const std::invalid_argument& e) {
      throw Error(ErrorKind::kBadInput, fmt::format("feature '{}': {}", ids[u], e.what()),
                  {path, 0, "", ""});
    }
  }
  out.unused = static_cast<std::size_t>(std::count(used.begin(), used.end(), false));
  return out;
}

}  // namespace

GeojsonAreas read_geojson_areas(const std::string& path, const std::string& property,
                                const std::vector<std::string>& ids, const std::string& ids_source,
                                const std::vector<std::int64_t>& ids_lines) {
  try {
    return read(path, property, ids, ids_source, ids_lines);
  } catch (const nlohmann::json::exception& e) {
    // A shape the checks above did not foresee: still one message about the file, never a crash.
    throw Error(ErrorKind::kBadInput,
                fmt::format("not a GeoJSON this reader understands: {}", e.what()),
                {path, 0, "", ""});
  }
}

}  // namespace atlas::ingest
