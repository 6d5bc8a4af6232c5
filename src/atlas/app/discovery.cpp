#include "atlas/app/discovery.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <sstream>

#include <fmt/format.h>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"
#include "atlas/core/text.h"
#include "atlas/discover/cities.h"
#include "atlas/discover/kdistance.h"
#include "atlas/discover/split.h"
#include "atlas/ingest/reference_data.h"

namespace atlas::app {
namespace {

using discover::ClusterSummary;
using ingest::PointSet;
using Json = nlohmann::ordered_json;

// A parameter out of range: the message follows the parameter's name, which each shell gives
// in its own words (a flag, a JSON field).
Error bad(const char* field, const std::string& message) {
  return Error(ErrorKind::kBadInput, message, {"", 0, "", field});
}

// A distance on the sphere of earth_radius_km as the same angle's length on the mean Earth,
// which the registry link and the city look-up measure on.
double on_mean_earth(const DiscoveryRequest& r, double km) {
  return km * discover::kEarthRadiusKm / r.earth_radius_km;
}

// The coordinates DBSCAN runs on: unit vectors for the sphere, (x, y) in the plane.
std::vector<double> metric_points(const PointSet& p, int threads) {
  const std::size_t dim = p.geographic ? 3 : 2;
  std::vector<double> xs(p.size() * dim);
  core::parallel_chunks(p.size(), 1 << 16, threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (p.geographic) {
        const auto v = discover::unit_vector(p.a[i], p.b[i]);
        std::copy(v.begin(), v.end(), xs.begin() + static_cast<std::ptrdiff_t>(i * 3));
      } else {
        xs[2 * i] = p.a[i];
        xs[2 * i + 1] = p.b[i];
      }
    }
  });
  return xs;
}

}  // namespace

PointSet read_points(const DiscoveryRequest& r, const Listener& listener) {
  check_discovery_request(r);
  listener.step("reading " + r.points, 0);
  PointSet p = ingest::read_points(r.points, r.geographic());
  listener.step(text::counted(static_cast<std::int64_t>(p.size()), "point", "points") + " read",
                0.1);
  for (const auto& note : p.notes) listener.tell("note: " + note);
  return p;
}

namespace {

std::string join_weights(const std::vector<std::pair<std::string, double>>& items) {
  std::string s;
  for (const auto& [name, w] : items) {
    if (!s.empty()) s += "; ";
    s += fmt::format("{} {:.4g}", name, w);
  }
  return s;
}

std::string join_years(const std::map<int, double>& years) {
  std::string s;
  for (const auto& [y, w] : years) {
    if (!s.empty()) s += "; ";
    s += fmt::format("{}:{:.4g}", y, w);
  }
  return s;
}

// Each clustered point's nearest bundled city within city_km (−1 beyond, and for noise).
struct Cities {
  std::vector<std::int32_t> code;
  std::vector<std::string> names;
};
Cities nearest_cities(const PointSet& p, const discover::DbscanResult& labels,
                      const DiscoveryRequest& r) {
  Cities out;
  if (!p.geographic) return out;
  const auto cities = ingest::bundled_cities();
  for (const auto& c : cities) out.names.push_back(c.name_zh);
  // Only the grid cells of the clustered points: the whole globe's cells cost more than naming
  // a national run's clusters.
  const discover::CityIndex index(cities, on_mean_earth(r, r.city_km), p.a, p.b, labels.cluster);
  out.code.assign(p.size(), -1);
  core::parallel_chunks(p.size(), 1 << 16, r.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (labels.cluster[i] >= 0) out.code[i] = index.nearest(p.a[i], p.b[i]);
    }
  });
  return out;
}

RegistryComparison link_registry(const Database* db, const DiscoveryRequest& r, const PointSet& p,
                                 const discover::DbscanResult& labels) {
  RegistryComparison reg;
  if (db == nullptr || !r.registry || !p.geographic) return reg;
  auto& store = db->store();
  std::map<std::int64_t, domain::Zone> zones;
  for (auto& z : store.zones({})) zones[z.id] = z;
  for (const auto& c : store.clusters({})) {
    auto z = zones.find(c.zone_id);
    if (z == zones.end() || !z->second.lat || !z->second.lon) continue;
    discover::RegisteredSite s;
    s.cluster_id = c.id;
    s.name = c.name;
    s.province_code = z->second.province_code;
    s.lat = *z->second.lat;
    s.lon = *z->second.lon;
    reg.sites.push_back(std::move(s));
  }
  if (reg.sites.empty()) return reg;
  reg.linked = true;
  reg.link =
      discover::link_registry(p.a, p.b, labels.cluster, labels.core, labels.clusters, reg.sites,
                              on_mean_earth(r, r.eps_km), on_mean_earth(r, r.registry_km));
  const auto& area = reg.link.area;
  for (const auto& province : store.provinces())
    if (std::binary_search(area.begin(), area.end(), province.code))
      reg.provinces.push_back(province.short_zh);
  return reg;
}

// WIPO's way of naming a cluster: its main cities joined, largest first — those holding at least
// a tenth of its weight, or the largest alone when none does.
std::string cluster_name(const ClusterSummary& c) {
  std::string name;
  for (const auto& [city, w] : c.main_cities) {
    if (!name.empty() && !(w >= 0.1 * c.weight)) break;
    name += (name.empty() ? "" : "–") + city;
  }
  return name;
}

report::Table summary_table(const discover::Summaries& s, const PointSet& p,
                            const std::vector<std::int32_t>& parent,
                            const RegistryComparison& reg) {
  report::Table t;
  const bool geo = p.geographic;
  t.columns = {{"cluster", "集群", -1, true, 1, false},
               {"rank", "排名", -1, true, 1, false},
               {"points", "点数", -1, true},
               {"core_points", "核心点", -1, true},
               {"weight", "权重", 2, true},
               {"share", "占比 %", 3, true, 0.01},
               {"score", "得分", 5, true}};
  std::vector<std::string> kinds;
  for (const auto& [k, w] : s.totals.weight_by_kind) kinds.push_back(k);
  for (const auto& k : kinds) t.columns.push_back({"weight_" + k, k, 2, true});
  t.columns.push_back({geo ? "centroid_lat" : "centroid_x", geo ? "中心纬度" : "中心 x", 4, true});
  t.columns.push_back({geo ? "centroid_lon" : "centroid_y", geo ? "中心经度" : "中心 y", 4, true});
  const bool industries = p.industry.present(), tech = p.tech.present(), years = !p.year.empty();
  if (geo) {
    t.columns.insert(t.columns.begin() + 2, {"name", "名称"});
    t.columns.push_back({"main_cities", "主要城市"});
  }
  if (industries) t.columns.push_back({"top_industries", "主要行业"});
  if (tech) t.columns.push_back({"top_tech", "主要技术领域"});
  if (years) t.columns.push_back({"weight_by_year", "逐年权重"});
  const bool split = std::any_of(parent.begin(), parent.end(), [](auto v) { return v >= 0; });
  if (split) t.columns.push_back({"split_from", "拆分自", -1, true, 1, false});
  if (reg.linked) {
    t.columns.push_back({"candidate", "候选(无已认定集群)"});
    t.columns.push_back({"registered_nearby", "附近已认定集群"});
  }
  std::vector<const ClusterSummary*> by_rank;
  for (const auto& c : s.clusters) by_rank.push_back(&c);
  std::sort(by_rank.begin(), by_rank.end(), [](auto a, auto b) { return a->rank < b->rank; });
  for (const auto* c : by_rank) {
    // Pushed one by one: GCC 12 at -O2 takes an initializer list of these cells for a read of an
    // uninitialised string (-Wmaybe-uninitialized), as in explain.cpp.
    std::vector<report::Cell> row;
    row.emplace_back(std::int64_t{c->id});
    row.emplace_back(std::int64_t{c->rank});
    if (geo) row.emplace_back(cluster_name(*c));
    row.push_back(static_cast<std::int64_t>(c->points));
    row.push_back(static_cast<std::int64_t>(c->core_points));
    row.push_back(c->weight);
    row.push_back(c->share);
    row.push_back(c->score);
    for (const auto& k : kinds) {
      auto it = c->weight_by_kind.find(k);
      row.push_back(it == c->weight_by_kind.end() ? 0.0 : it->second);
    }
    row.push_back(c->centroid[0]);
    row.push_back(c->centroid[1]);
    if (geo) row.push_back(join_weights(c->main_cities));
    if (industries) row.push_back(join_weights(c->top_industries));
    if (tech) row.push_back(join_weights(c->top_tech));
    if (years) row.push_back(join_years(c->weight_by_year));
    if (split) {
      row.push_back(parent[c->id] >= 0 ? report::Cell{std::int64_t{parent[c->id]}}
                                       : report::Cell{});
    }
    if (reg.linked) {
      const auto& near = reg.link.sites_near[c->id];
      std::string names;
      for (auto i : near) names += (names.empty() ? "" : "; ") + reg.sites[i].name;
      row.push_back(std::string(near.empty() ? "yes" : "no"));
      row.push_back(names);
    }
    t.add_row(std::move(row));
  }
  return t;
}

Json table_rows(const report::Table& t) {
  std::ostringstream s;
  report::write_json(s, t);
  return Json::parse(s.str())["rows"];
}

Json hull_geometry(const ClusterSummary& c) {
  Json ring = Json::array();
  for (const auto& v : c.hull) ring.push_back({v[0], v[1]});
  Json g;
  if (c.hull.size() >= 3) {
    ring.push_back({c.hull[0][0], c.hull[0][1]});  // GeoJSON rings are closed
    g["type"] = "Polygon";
    g["coordinates"] = Json::array({ring});
  } else if (c.hull.size() == 2) {
    g["type"] = "LineString";
    g["coordinates"] = ring;
  } else {
    g["type"] = "Point";
    g["coordinates"] = ring.empty() ? Json::array() : ring[0];
  }
  return g;
}

}  // namespace

void check_discovery_request(const DiscoveryRequest& r) {
  if (r.metric != "haversine" && r.metric != "euclidean") {
    throw bad("metric", fmt::format("must be haversine or euclidean, not '{}'", r.metric));
  }
  if (!(r.eps_km > 0) || !std::isfinite(r.eps_km)) {
    throw bad("eps_km", fmt::format("must be a positive number, not {}", r.eps_km));
  }
  if (!std::isfinite(r.min_weight)) throw bad("min_weight", "must be a number");
  if (r.split_large != 0 && !(r.split_large > 0 && r.split_large < 1)) {
    throw bad("split_large", fmt::format("takes a share between 0 and 1, not {}", r.split_large));
  }
  if (!(r.split_factor >= 1)) throw bad("split_factor", "must be ≥ 1");
  if (!(r.registry_km > 0)) throw bad("registry_km", "must be a positive number");
  if (!(r.city_km >= 0)) throw bad("city_km", "must be a number ≥ 0");
  if (!(r.earth_radius_km > 0) || !std::isfinite(r.earth_radius_km)) {
    throw bad("earth_radius_km", "must be a positive number");
  }
}

Discovery discover_clusters(const Database* db, const DiscoveryRequest& request,
                            const Listener& listener) {
  return discover_clusters(db, request, read_points(request, listener), listener);
}

Discovery discover_clusters(const Database* db, const DiscoveryRequest& request,
                            ingest::PointSet points, const Listener& listener) {
  check_discovery_request(request);
  Discovery d;
  d.request = request;
  d.points = std::move(points);
  const PointSet& p = d.points;
  const bool geographic = request.geographic();
  const int dim = geographic ? 3 : 2;
  std::vector<double> xs = metric_points(p, request.threads);

  discover::DbscanOptions opt;
  opt.eps =
      geographic ? discover::chord_of_km(request.eps_km, request.earth_radius_km) : request.eps_km;
  opt.min_weight = request.min_weight;
  opt.threads = request.threads;
  // DBSCAN's phases, between 10% (read) and 60% of the whole.
  double done = 0.1;
  opt.progress = [&](std::string_view phase) {
    listener.step(fmt::format("DBSCAN: {}", phase), done);
    done = std::min(0.6, done + 0.1);
  };
  d.labels = discover::dbscan(xs, dim, p.weight, opt);
  listener.step(
      fmt::format("DBSCAN: {} grid cells, working memory {:.1f} bytes per point", d.labels.cells,
                  static_cast<double>(d.labels.working_bytes) /
                      static_cast<double>(std::max<std::size_t>(p.size(), 1))),
      0.6);
  discover::SplitOptions split;
  split.share = request.split_large;
  split.min_weight_factor = request.split_factor;
  d.parent = discover::split_large(xs, dim, p.weight, opt, split, d.labels);
  listener.step(text::counted(d.labels.clusters, "cluster", "clusters") + "; summarising", 0.7);

  discover::SummaryInput in;
  in.geographic = geographic;
  in.a = p.a;
  in.b = p.b;
  in.weight = p.weight;
  in.kind = {p.kind.code, p.kind.names};
  in.industry = {p.industry.code, p.industry.names};
  in.tech = {p.tech.code, p.tech.names};
  in.year = p.year;
  in.top = request.top;
  if (geographic) in.unit = xs;
  in.threads = request.threads;
  const auto city = nearest_cities(p, d.labels, request);
  listener.step("cities named", 0.8);
  if (geographic) in.city = {city.code, city.names};
  d.summaries = discover::summarise(in, d.labels.cluster, d.labels.core, d.labels.clusters);
  xs = {};
  listener.step("summaries done; writing", 0.9);
  d.registry = link_registry(db, request, p, d.labels);
  d.clusters = summary_table(d.summaries, p, d.parent, d.registry);
  return d;
}

std::string Discovery::overview() const {
  const auto& totals = summaries.totals;
  return fmt::format(
      "{} in {} (weight {:.6g}); {} ({:.1f}% of the weight) clustered, {} noise; ε = {}{}, min "
      "weight {}",
      text::counted(labels.clusters, "cluster", "clusters"),
      text::counted(static_cast<std::int64_t>(points.size()), "point", "points"), totals.weight,
      text::counted(static_cast<std::int64_t>(totals.clustered_points), "point", "points"),
      totals.weight > 0 ? 100 * totals.clustered_weight / totals.weight : 0.0,
      points.size() - totals.clustered_points, request.eps_km, request.geographic() ? " km" : "",
      request.min_weight);
}

// How far the nearest core point is: just beyond registry_km or nowhere near, which an analyst
// weighs differently (— when no point is core).
report::Table Discovery::registered_without_concentration() const {
  report::Table t;
  t.columns = {{"cluster_id", "集群编号", -1, true, 1, false},
               {"name", "已认定集群"},
               {"nearest_core_km", "最近核心点 km", 2, true}};
  const auto& reg = registry;
  for (std::size_t s = 0; s < reg.sites.size(); ++s) {
    const double km = reg.link.nearest_km[s];  // on the mean Earth, as the link measures
    if (!reg.link.in_area[s] || km <= on_mean_earth(request, request.registry_km)) continue;
    t.add_row({reg.sites[s].cluster_id, reg.sites[s].name,
               report::cell(km * request.earth_radius_km / discover::kEarthRadiusKm)});
  }
  return t;
}

std::string Discovery::registry_heading() const {
  if (registry.provinces.empty()) {
    return fmt::format(
        "Registered clusters without a concentration: none listed — no registered zone lies "
        "within {} km of a point, so the points cover no province of the registry.",
        request.registry_km);
  }
  return fmt::format(
      "Registered clusters without a concentration in {} (the provinces with a point within {} "
      "km of one of their zones): no core point of a discovered cluster within {} km of the "
      "cluster's zone.",
      fmt::join(registry.provinces, "、"), request.registry_km, request.registry_km);
}

nlohmann::ordered_json Discovery::cluster_rows() const {
  return table_rows(clusters);
}

nlohmann::ordered_json Discovery::document() const {
  const bool geographic = request.geographic();
  const auto& totals = summaries.totals;
  Json doc;
  Json params;
  params["metric"] = request.metric;
  params[geographic ? "eps_km" : "eps"] = request.eps_km;
  if (geographic) params["earth_radius_km"] = request.earth_radius_km;
  params["min_weight"] = request.min_weight;
  params["split_large"] = request.split_large > 0 ? Json(request.split_large) : Json(nullptr);
  params["split_factor"] = request.split_factor;
  doc["parameters"] = params;
  doc["totals"] = {{"points", totals.points},
                   {"weight", totals.weight},
                   {"clustered_points", totals.clustered_points},
                   {"clustered_weight", totals.clustered_weight},
                   {"clusters", labels.clusters},
                   {"ranked_by_kinds", totals.ranked_by_kinds}};
  doc["clusters"] = cluster_rows();
  for (auto& row : doc["clusters"]) {
    row["hull"] = hull_geometry(summaries.clusters[row["cluster"].get<int>()])["coordinates"];
  }
  if (registry.linked) {
    doc["registry_area"] = registry.provinces;
    doc["registered_without_concentration"] = table_rows(registered_without_concentration());
  }
  Json list = Json::array();
  for (std::size_t i = 0; i < points.size(); ++i) {
    list.push_back(
        {{"id", points.id(i)}, {"cluster", labels.cluster[i]}, {"core", labels.core[i] == 1}});
  }
  doc["points"] = std::move(list);
  return doc;
}

nlohmann::ordered_json Discovery::geojson() const {
  Json doc;
  doc["type"] = "FeatureCollection";
  auto rows = cluster_rows();
  Json features = Json::array();
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const auto& c = summaries.clusters[rows[k]["cluster"].get<int>()];
    Json feature;
    feature["type"] = "Feature";
    feature["geometry"] = hull_geometry(c);
    feature["properties"] = rows[k];
    features.push_back(std::move(feature));
  }
  doc["features"] = std::move(features);
  return doc;
}

// One line per point, formatted in parallel a batch of chunks at a time and written in order.
void Discovery::write_points_csv(std::ostream& out) const {
  const PointSet& p = points;
  const int threads = request.threads;
  out << "id,cluster,core\r\n";
  constexpr std::size_t kChunk = 1 << 16;
  const std::size_t batch = 8 * kChunk * core::thread_count(threads);
  std::vector<std::string> text((batch + kChunk - 1) / kChunk);
  for (std::size_t from = 0; from < p.size(); from += batch) {
    const std::size_t to = std::min(p.size(), from + batch);
    core::parallel_chunks(to - from, kChunk, threads, [&](std::size_t b, std::size_t e) {
      std::string& buf = text[b / kChunk];
      buf.clear();
      for (std::size_t i = from + b; i < from + e; ++i) {
        const auto id = p.id(i);
        if (id.find_first_of(",\"\r\n") != std::string_view::npos) {
          std::string record = report::csv_record({std::string(id)});
          buf.append(record, 0, record.size() - 2);  // without its CRLF
        } else {
          buf.append(id);
        }
        char tail[24] = {','};
        char* end = std::to_chars(tail + 1, tail + sizeof tail, labels.cluster[i]).ptr;
        *end++ = ',';
        *end++ = labels.core[i] ? '1' : '0';
        *end++ = '\r';
        *end++ = '\n';
        buf.append(tail, end);
      }
    });
    for (std::size_t k = 0; k * kChunk < to - from; ++k) {
      out.write(text[k].data(), static_cast<std::streamsize>(text[k].size()));
    }
  }
}

EpsSuggestion suggest_eps(const DiscoveryRequest& request, const Listener& listener) {
  if (request.suggest_k == 0) throw bad("suggest_k", "must be a whole number ≥ 1");
  return suggest_eps(request, read_points(request, listener), listener);
}

EpsSuggestion suggest_eps(const DiscoveryRequest& request, const PointSet& p,
                          const Listener& listener) {
  check_discovery_request(request);
  if (request.suggest_k == 0) throw bad("suggest_k", "must be a whole number ≥ 1");
  const std::vector<double> xs = metric_points(p, request.threads);
  listener.step("k-distance curve", 0.2);
  const int dim = p.geographic ? 3 : 2;
  auto k = discover::k_distance(xs, dim, request.suggest_k, 200000, request.threads);
  auto to_unit = [&](double d) {
    return p.geographic ? discover::km_of_chord(d, request.earth_radius_km) : d;
  };
  EpsSuggestion s;
  s.k = request.suggest_k;
  s.points = p.size();
  s.sampled = k.curve.size();
  s.knee = k.knee;
  s.eps = to_unit(k.eps);
  s.geographic = p.geographic;
  for (double at : {0.1, 0.25, 0.5, 0.75, 0.9}) {
    s.quantiles.emplace_back(
        fmt::format("p{}", static_cast<int>(at * 100)),
        to_unit(k.curve[static_cast<std::size_t>(at * static_cast<double>(k.curve.size() - 1))]));
  }
  return s;
}

nlohmann::ordered_json EpsSuggestion::document() const {
  Json doc;
  doc["k"] = k;
  doc["points"] = points;
  doc["sampled"] = sampled;
  doc["knee_index"] = knee;
  doc["eps"] = eps;
  doc["unit"] = geographic ? "km" : "";
  Json q = Json::object();
  for (const auto& [name, value] : quantiles) q[name] = value;
  doc["quantiles"] = q;
  return doc;
}

}  // namespace atlas::app
