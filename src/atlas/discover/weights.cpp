#include "atlas/discover/weights.h"

#define GEOS_USE_ONLY_R_API
#include <geos_c.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/discover/kdtree.h"

namespace atlas::discover {
namespace {

// Coordinates where straight-line distance orders pairs as the metric does: planar points as they
// are (x, y), geographic points on the sphere (x, y, z in km), where the chord grows with the
// great-circle distance. Flat, ready for KdTree; the dimension is 2 or 3.
std::vector<double> embed(const std::vector<Point>& points, Metric metric) {
  std::vector<double> out;
  out.reserve(points.size() * (metric == Metric::kPlanar ? 2 : 3));
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto& p = points[i];
    auto row = static_cast<std::int64_t>(i + 1);
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      throw Error(ErrorKind::kBadInput, "the coordinates are not finite numbers",
                  {"", row, "", ""});
    }
    if (metric == Metric::kPlanar) {
      out.insert(out.end(), {p.x, p.y});
      continue;
    }
    if (p.y < -90 || p.y > 90) {
      throw Error(ErrorKind::kBadInput, fmt::format("latitude {} is outside −90…90", p.y),
                  {"", row, "lat", ""});
    }
    if (p.x < -180 || p.x > 180) {
      throw Error(ErrorKind::kBadInput, fmt::format("longitude {} is outside −180…180", p.x),
                  {"", row, "lon", ""});
    }
    auto v = unit_vector(p.y, p.x);
    out.insert(out.end(), {kEarthRadiusKm * v[0], kEarthRadiusKm * v[1], kEarthRadiusKm * v[2]});
  }
  return out;
}

int embedded_dim(Metric metric) {
  return metric == Metric::kPlanar ? 2 : 3;
}

}  // namespace

double SpatialWeights::s0() const {
  double s = 0;
  for (double w : weight) s += w;
  return s;
}

SpatialWeights from_neighbours(std::vector<std::vector<std::uint32_t>> lists) {
  SpatialWeights w;
  w.n = lists.size();
  w.start.assign(1, 0);
  for (std::size_t i = 0; i < lists.size(); ++i) {
    auto& l = lists[i];
    std::sort(l.begin(), l.end());
    l.erase(std::unique(l.begin(), l.end()), l.end());
    if (std::binary_search(l.begin(), l.end(), static_cast<std::uint32_t>(i))) {
      throw Error(ErrorKind::kInternal, fmt::format("unit {} is listed as its own neighbour", i));
    }
    if (l.empty()) w.islands.push_back(i);
    for (auto j : l) {
      w.neighbour.push_back(j);
      w.weight.push_back(1.0 / static_cast<double>(l.size()));
    }
    w.start.push_back(w.neighbour.size());
  }
  return w;
}

SpatialWeights knn_weights(const std::vector<Point>& points, int k, Metric metric) {
  if (k < 1 || static_cast<std::size_t>(k) >= points.size()) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("k = {} nearest neighbours needs 1 ≤ k < the number of units ({})", k,
                            points.size()));
  }
  auto xyz = embed(points, metric);
  KdTree tree(xyz, embedded_dim(metric));
  std::vector<std::vector<std::uint32_t>> lists(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    lists[i] = tree.nearest(static_cast<std::uint32_t>(i), static_cast<std::size_t>(k));
  }
  return from_neighbours(std::move(lists));
}

SpatialWeights band_weights(const std::vector<Point>& points, double distance, Metric metric) {
  if (!(distance > 0) || !std::isfinite(distance)) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("the distance band must be a positive number, not {}", distance));
  }
  auto xyz = embed(points, metric);
  double r2 = distance * distance;
  if (metric == Metric::kGreatCircle) {
    // The chord subtending an arc of `distance`; beyond half the circumference, everything.
    double chord = kEarthRadiusKm * chord_of_km(distance);
    r2 = chord * chord * (1 + 1e-12);  // a point exactly on the band stays in despite rounding
  }
  KdTree tree(xyz, embedded_dim(metric));
  std::vector<std::vector<std::uint32_t>> lists(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    tree.within(static_cast<std::uint32_t>(i), r2, lists[i]);
  }
  return from_neighbours(std::move(lists));
}

// ---- Contiguity through GEOS ---------------------------------------------------------------

namespace {

// One GEOS context per call (the reentrant API), keeping its last error message for ours.
class Geos {
 public:
  Geos() : ctx_(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(ctx_, &Geos::on_error, &error_);
  }
  ~Geos() { GEOS_finish_r(ctx_); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GEOSContextHandle_t get() const { return ctx_; }
  const std::string& error() const { return error_; }

 private:
  static void on_error(const char* message, void* userdata) {
    *static_cast<std::string*>(userdata) = message;
  }
  GEOSContextHandle_t ctx_;
  std::string error_;
};

struct GeometryDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSGeometry* g) const { GEOSGeom_destroy_r(ctx, g); }
};
using Geometry = std::unique_ptr<GEOSGeometry, GeometryDeleter>;

Error bad_area(std::size_t area, const std::string& message) {
  return Error(ErrorKind::kBadInput, message, {"", static_cast<std::int64_t>(area + 1), "", ""});
}

constexpr double kMaxCoordinate = 1e12;

// Rings closed and long enough, every coordinate finite: checked before GEOS sees them, so the
// messages say what is wrong in the user's words.
std::vector<Polygon> checked(const Area& area, std::size_t position) {
  if (area.empty()) throw bad_area(position, "the area has no polygon");
  std::vector<Polygon> out = area;
  for (auto& polygon : out) {
    if (polygon.empty()) throw bad_area(position, "a polygon has no ring");
    for (auto& ring : polygon) {
      for (const auto& xy : ring) {
        if (!std::isfinite(xy[0]) || !std::isfinite(xy[1])) {
          throw bad_area(position, "a ring has a coordinate that is not a finite number");
        }
        // No map has coordinates near 1e300 (degrees stay within 360, projected metres within
        // 1e8), and GEOS's overlay arithmetic overflows there.
        if (std::abs(xy[0]) > kMaxCoordinate || std::abs(xy[1]) > kMaxCoordinate) {
          throw bad_area(position,
                         fmt::format("a ring has a coordinate of magnitude {:g}, beyond "
                                     "any map's (at most {:g})",
                                     std::max(std::abs(xy[0]), std::abs(xy[1])), kMaxCoordinate));
        }
      }
      if (!ring.empty() && ring.front() != ring.back()) ring.push_back(ring.front());
      if (ring.size() < 4) {
        throw bad_area(position, fmt::format("a ring has {}; a closed ring needs at least 4",
                                             text::counted(ring.size(), "point", "points")));
      }
    }
  }
  return out;
}

GEOSGeometry* make_ring(const Geos& geos, const Ring& ring) {
  auto* ctx = geos.get();
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx, static_cast<unsigned>(ring.size()), 2);
  if (!seq) return nullptr;
  for (std::size_t i = 0; i < ring.size(); ++i)
    GEOSCoordSeq_setXY_r(ctx, seq, static_cast<unsigned>(i), ring[i][0], ring[i][1]);
  return GEOSGeom_createLinearRing_r(ctx, seq);  // owns seq, also on failure
}

GEOSGeometry* make_polygon(const Geos& geos, const Polygon& polygon) {
  auto* ctx = geos.get();
  GEOSGeometry* shell = make_ring(geos, polygon[0]);
  if (!shell) return nullptr;
  std::vector<GEOSGeometry*> holes;
  for (std::size_t h = 1; h < polygon.size(); ++h) {
    GEOSGeometry* hole = make_ring(geos, polygon[h]);
    if (!hole) {
      GEOSGeom_destroy_r(ctx, shell);
      for (auto* g : holes) GEOSGeom_destroy_r(ctx, g);
      return nullptr;
    }
    holes.push_back(hole);
  }
  return GEOSGeom_createPolygon_r(ctx, shell, holes.data(), static_cast<unsigned>(holes.size()));
}

Geometry make_area(const Geos& geos, const Area& area, std::size_t position) {
  auto* ctx = geos.get();
  auto polygons = checked(area, position);
  std::vector<GEOSGeometry*> parts;
  for (const auto& p : polygons) {
    GEOSGeometry* g = make_polygon(geos, p);
    if (!g) {
      for (auto* done : parts) GEOSGeom_destroy_r(ctx, done);
      throw bad_area(position, fmt::format("GEOS rejects the polygon: {}", geos.error()));
    }
    parts.push_back(g);
  }
  Geometry out{parts.size() == 1 ? parts[0]
                                 : GEOSGeom_createCollection_r(ctx, GEOS_MULTIPOLYGON, parts.data(),
                                                               static_cast<unsigned>(parts.size())),
               GeometryDeleter{ctx}};
  if (!out) throw bad_area(position, fmt::format("GEOS rejects the area: {}", geos.error()));
  // Self-intersecting rings (common in hand-drawn or simplified boundaries) make GEOS's
  // predicates fail; the repaired area covers the same ground.
  if (GEOSisValid_r(ctx, out.get()) != 1) {
    Geometry valid{GEOSMakeValid_r(ctx, out.get()), GeometryDeleter{ctx}};
    if (!valid) throw bad_area(position, fmt::format("the area is invalid: {}", geos.error()));
    out = std::move(valid);
  }
  return out;
}

struct PreparedDeleter {
  GEOSContextHandle_t ctx;
  void operator()(const GEOSPreparedGeometry* g) const { GEOSPreparedGeom_destroy_r(ctx, g); }
};

struct TreeDeleter {
  GEOSContextHandle_t ctx;
  void operator()(GEOSSTRtree* t) const { GEOSSTRtree_destroy_r(ctx, t); }
};

}  // namespace

SpatialWeights contiguity_weights(const std::vector<Area>& areas, Contiguity rule) {
  Geos geos;
  auto* ctx = geos.get();
  std::vector<Geometry> geometries;
  geometries.reserve(areas.size());
  for (std::size_t i = 0; i < areas.size(); ++i) geometries.push_back(make_area(geos, areas[i], i));

  std::unique_ptr<GEOSSTRtree, TreeDeleter> tree{GEOSSTRtree_create_r(ctx, 10), TreeDeleter{ctx}};
  std::vector<std::size_t> ids(areas.size());  // the tree's items point here
  for (std::size_t i = 0; i < areas.size(); ++i) {
    ids[i] = i;
    GEOSSTRtree_insert_r(ctx, tree.get(), geometries[i].get(), &ids[i]);
  }

  auto fail = [&](std::size_t i, std::size_t j) {
    return Error(ErrorKind::kBadInput, fmt::format("GEOS cannot compare areas {} and {}: {}", i + 1,
                                                   j + 1, geos.error()));
  };
  std::vector<std::vector<std::uint32_t>> lists(areas.size());
  std::vector<std::size_t> candidates;
  for (std::size_t i = 0; i < areas.size(); ++i) {
    candidates.clear();
    GEOSSTRtree_query_r(
        ctx, tree.get(), geometries[i].get(),
        [](void* item, void* out) {
          static_cast<std::vector<std::size_t>*>(out)->push_back(*static_cast<std::size_t*>(item));
        },
        &candidates);
    std::unique_ptr<const GEOSPreparedGeometry, PreparedDeleter> prepared{
        GEOSPrepare_r(ctx, geometries[i].get()), PreparedDeleter{ctx}};
    if (!prepared) throw fail(i, i);
    for (std::size_t j : candidates) {
      if (j <= i) continue;  // each pair once; the relation is symmetric
      const GEOSGeometry* other = geometries[j].get();
      char touches = GEOSPreparedIntersects_r(ctx, prepared.get(), other);
      if (touches == 2) throw fail(i, j);
      if (!touches) continue;
      if (rule == Contiguity::kRook) {
        char edge = GEOSRelatePattern_r(ctx, geometries[i].get(), other, "****1****");
        char overlap =
            edge == 1 ? 0 : GEOSRelatePattern_r(ctx, geometries[i].get(), other, "T********");
        if (edge == 2 || overlap == 2) throw fail(i, j);
        if (!edge && !overlap) continue;
      }
      lists[i].push_back(static_cast<std::uint32_t>(j));
      lists[j].push_back(static_cast<std::uint32_t>(i));
    }
  }
  return from_neighbours(std::move(lists));
}

}  // namespace atlas::discover
