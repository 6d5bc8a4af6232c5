#include "atlas/report/chart/china_map.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

#include "atlas/core/error.h"

namespace atlas::report::chart {

namespace {

using nlohmann::json;

[[noreturn]] void bad(const std::string& message) {
  throw Error(ErrorKind::kBadInput, "china map: " + message);
}

// The UTF-16 code units of a UTF-8 string: ECharts computes with charCodeAt, i.e. code units.
std::u16string utf16(std::string_view s) {
  std::u16string out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (len == 0 || i + len > s.size()) bad("an encoded ring is not valid UTF-8");
    char32_t cp = len == 1 ? b : b & (0x7F >> len);
    for (int k = 1; k < len; ++k) {
      auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) bad("an encoded ring is not valid UTF-8");
      cp = (cp << 6) | (c & 0x3F);
    }
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += len;
  }
  return out;
}

double number(const json& j, const char* what) {
  if (!j.is_number()) bad(fmt::format("{} is not a number", what));
  return j.get<double>();
}

// A plain ring: [[lon, lat], ...].
std::vector<draw::Point> plain_ring(const json& ring) {
  if (!ring.is_array()) bad("a ring is not an array of positions");
  std::vector<draw::Point> out;
  for (const json& p : ring) {
    if (!p.is_array() || p.size() < 2) bad("a position is not [longitude, latitude]");
    out.push_back({number(p[0], "a longitude"), number(p[1], "a latitude")});
  }
  return out;
}

// One polygon's rings, encoded (with their offsets) or plain.
Polygon polygon(const json& rings, const json* offsets, double scale) {
  if (!rings.is_array()) bad("a polygon is not an array of rings");
  Polygon out;
  for (std::size_t i = 0; i < rings.size(); ++i) {
    if (!offsets) {
      out.push_back(plain_ring(rings[i]));
      continue;
    }
    if (!rings[i].is_string()) bad("an encoded ring is not a string");
    if (!offsets->is_array() || i >= offsets->size() || !(*offsets)[i].is_array() ||
        (*offsets)[i].size() != 2) {
      bad("an encoded ring has no [x, y] in encodeOffsets");
    }
    const json& o = (*offsets)[i];
    out.push_back(decode_ring(rings[i].get<std::string>(), number(o[0], "an encodeOffset"),
                              number(o[1], "an encodeOffset"), scale));
  }
  return out;
}

std::optional<std::string> code_of(const json& feature) {
  const json* props = feature.contains("properties") && feature["properties"].is_object()
                          ? &feature["properties"]
                          : nullptr;
  std::vector<const json*> candidates;
  for (const char* key : {"adcode", "id", "code"}) {
    if (props && props->contains(key)) candidates.push_back(&(*props)[key]);
  }
  if (feature.contains("id")) candidates.push_back(&feature["id"]);
  for (const json* c : candidates) {
    std::string text = c->is_string()           ? c->get<std::string>()
                       : c->is_number_integer() ? std::to_string(c->get<long long>())
                                                : std::string();
    try {
      return province_code(text);
    } catch (const Error&) {
      // Not a province code (e.g. DataV's "100000_JD" for the dashed line): try the next one.
    }
  }
  return std::nullopt;
}

void extend(GeoBounds& b, bool& first, const Polygon& polygon) {
  for (const auto& ring : polygon) {
    for (const auto& p : ring) {
      if (first) {
        b = {p.x, p.y, p.x, p.y};
        first = false;
      }
      b.west = std::min(b.west, p.x), b.east = std::max(b.east, p.x);
      b.south = std::min(b.south, p.y), b.north = std::max(b.north, p.y);
    }
  }
}

// The member `key` of an object when it is a string; "" otherwise (json::value would throw a
// type_error for a number, which is bad input, not a bug).
std::string text_of(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

GeoBounds Province::bounds() const {
  GeoBounds b;
  bool first = true;
  for (const auto& p : polygons) extend(b, first, p);
  return b;
}

GeoBounds ChinaMap::bounds() const {
  GeoBounds b;
  bool first = true;
  for (const auto& province : provinces) {
    for (const auto& p : province.polygons) extend(b, first, p);
  }
  return b;
}

const Province* ChinaMap::find(std::string_view code) const {
  std::string c = province_code(code);
  for (const auto& p : provinces) {
    if (p.code == c) return &p;
  }
  return nullptr;
}

std::string province_code(std::string_view code) {
  bool digits = !code.empty() &&
                std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (digits && code.size() == 2 && code[0] != '0') return std::string(code);
  if (digits && code.size() == 6 && code[0] != '0' && code.substr(2) == "0000") {
    return std::string(code.substr(0, 2));
  }
  throw Error(
      ErrorKind::kBadInput,
      fmt::format("'{}' is not a province code (2 digits like 42, or 6 like 420000)", code));
}

std::vector<draw::Point> decode_ring(std::string_view utf8, double x0, double y0, double scale) {
  std::u16string units = utf16(utf8);
  if (units.size() % 2 != 0) bad("an encoded ring has an odd number of characters");
  std::vector<draw::Point> out;
  out.reserve(units.size() / 2);
  // Integer arithmetic as in ECharts: offsets are whole numbers of 1/scale degrees. Far beyond
  // any map's (|x| ≤ 2^40), so the sums below cannot overflow.
  constexpr double kLargest = 1099511627776.0;
  if (!(std::abs(x0) <= kLargest && std::abs(y0) <= kLargest)) {
    bad("an encodeOffsets value is out of range");
  }
  auto prev_x = static_cast<long long>(std::llround(x0));
  auto prev_y = static_cast<long long>(std::llround(y0));
  for (std::size_t i = 0; i < units.size(); i += 2) {
    long long x = static_cast<long long>(units[i]) - 64;
    long long y = static_cast<long long>(units[i + 1]) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    x += prev_x;
    y += prev_y;
    prev_x = x;
    prev_y = y;
    out.push_back({static_cast<double>(x) / scale, static_cast<double>(y) / scale});
  }
  return out;
}

ChinaMap load_china_map(const std::string& geojson_text) {
  json doc = json::parse(geojson_text, nullptr, false);
  if (doc.is_discarded()) bad("the file is not JSON");
  if (!doc.is_object() || text_of(doc, "type") != "FeatureCollection" ||
      !doc.contains("features") || !doc["features"].is_array()) {
    bad("the file is not a GeoJSON FeatureCollection");
  }
  bool encoded = doc.contains("UTF8Encoding") && doc["UTF8Encoding"].is_boolean() &&
                 doc["UTF8Encoding"].get<bool>();
  // ECharts reads a file's own scale from UTF8Scale; 1024 when absent (as in china.json).
  double scale = doc.contains("UTF8Scale") ? number(doc["UTF8Scale"], "UTF8Scale") : 1024;
  if (!(scale > 0)) bad("UTF8Scale is not positive");

  ChinaMap map;
  for (const json& f : doc["features"]) {
    if (!f.is_object() || !f.contains("geometry") || !f["geometry"].is_object()) {
      bad("a feature has no geometry");
    }
    const json& g = f["geometry"];
    std::string type = text_of(g, "type");
    if (!g.contains("coordinates")) bad("a feature's geometry has no coordinates");
    const json& coords = g["coordinates"];
    const json* offsets = nullptr;
    if (encoded) {
      if (!g.contains("encodeOffsets")) bad("an encoded geometry has no encodeOffsets");
      offsets = &g["encodeOffsets"];
    }
    Province p;
    p.code = code_of(f).value_or("");
    if (f.contains("properties") && f["properties"].is_object()) {
      const json& props = f["properties"];
      if (props.contains("name") && props["name"].is_string()) p.name = props["name"];
    }
    if (type == "Polygon") {
      p.polygons.push_back(polygon(coords, offsets, scale));
    } else if (type == "MultiPolygon") {
      if (!coords.is_array()) bad("a MultiPolygon's coordinates are not an array");
      for (std::size_t i = 0; i < coords.size(); ++i) {
        if (offsets && (!offsets->is_array() || i >= offsets->size())) {
          bad("a MultiPolygon has fewer encodeOffsets than polygons");
        }
        p.polygons.push_back(polygon(coords[i], offsets ? &(*offsets)[i] : nullptr, scale));
      }
    } else {
      bad(fmt::format("feature '{}' is a {}, not a Polygon or MultiPolygon", p.name, type));
    }
    map.provinces.push_back(std::move(p));
  }
  if (map.provinces.empty()) bad("the FeatureCollection has no features");
  return map;
}

}  // namespace atlas::report::chart
