// `clusteratlas discover`: density-based clusters (weighted DBSCAN) in geocoded points — patents,
// publications, firms — with per-cluster summaries, a WIPO-style ranking, GeoJSON outlines, an ε
// suggestion from the k-distance curve, and a comparison with the registry when a database
// exists. Reads a file, needs no database (docs/discovery.md).
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/core/parallel.h"
#include "atlas/core/text.h"
#include "atlas/discover/cities.h"
#include "atlas/discover/dbscan.h"
#include "atlas/discover/geo.h"
#include "atlas/discover/kdistance.h"
#include "atlas/discover/registry_link.h"
#include "atlas/discover/split.h"
#include "atlas/discover/summary.h"
#include "atlas/ingest/points.h"
#include "atlas/ingest/reference_data.h"
#include "context.h"

namespace atlas::cli {
namespace {

using discover::ClusterSummary;
using ingest::PointSet;
using Json = nlohmann::ordered_json;

struct Flags {
  std::string points, metric = "haversine", format = "csv", out, summary_out;
  double eps = 2.0, min_weight = 5, split_share = 0, split_factor = 2, registry_km = 10;
  double city_km = 100;
  double earth_radius_km = discover::kEarthRadiusKm;
  std::size_t suggest_k = 0, top = 3;
  int threads = 0;
  bool no_registry = false, verbose = false;
};

// Progress for people watching a terminal; silent in pipes, files and tests.
class Progress {
 public:
  explicit Progress(bool on) : on_(on), start_(std::chrono::steady_clock::now()) {}
  // "[  4.30 s  612 MB] what": the time since the start and the memory the process holds.
  void operator()(std::string_view what) const {
    if (!on_) return;
    const std::chrono::duration<double> t = std::chrono::steady_clock::now() - start_;
    long pages = 0, resident = 0;
    if (std::FILE* f = std::fopen("/proc/self/statm", "r")) {
      if (std::fscanf(f, "%ld %ld", &pages, &resident) != 2) resident = 0;
      std::fclose(f);
    }
    const double mb =
        static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / 1e6;
    std::cerr << fmt::format("[{:6.2f} s {:5.0f} MB] {}\n", t.count(), mb, what);
  }

 private:
  bool on_;
  std::chrono::steady_clock::time_point start_;
};

Error bad(const std::string& message) {
  return Error(ErrorKind::kBadInput, message);
}

void check_flags(const Flags& f) {
  if (!(f.eps > 0) || !std::isfinite(f.eps)) {
    throw bad(fmt::format("--eps-km must be a positive number, not {}", f.eps));
  }
  if (!std::isfinite(f.min_weight)) throw bad("--min-weight must be a number");
  if (f.split_share != 0 && !(f.split_share > 0 && f.split_share < 1)) {
    throw bad(fmt::format("--split-large takes a share between 0 and 1, not {}", f.split_share));
  }
  if (!(f.split_factor >= 1)) throw bad("--split-factor must be ≥ 1");
  if (!(f.registry_km > 0)) throw bad("--registry-km must be a positive number");
  if (!(f.city_km >= 0)) throw bad("--city-km must be a number ≥ 0");
  if (!(f.earth_radius_km > 0) || !std::isfinite(f.earth_radius_km)) {
    throw bad("--earth-radius-km must be a positive number");
  }
}

// A distance on the sphere of --earth-radius-km as the same angle's length on the mean Earth,
// which the registry link and the city look-up measure on.
double on_mean_earth(const Flags& f, double km) {
  return km * discover::kEarthRadiusKm / f.earth_radius_km;
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

void suggest_eps(const Flags& f, const PointSet& p, const std::vector<double>& xs) {
  const int dim = p.geographic ? 3 : 2;
  auto k = discover::k_distance(xs, dim, f.suggest_k, 200000, f.threads);
  auto to_unit = [&](double d) {
    return p.geographic ? discover::km_of_chord(d, f.earth_radius_km) : d;
  };
  const double eps = to_unit(k.eps);
  const char* unit = p.geographic ? " km" : "";
  if (f.format == "json") {
    Json doc;
    doc["k"] = f.suggest_k;
    doc["points"] = p.size();
    doc["sampled"] = k.curve.size();
    doc["knee_index"] = k.knee;
    doc["eps"] = eps;
    doc["unit"] = p.geographic ? "km" : "";
    Json q = Json::object();
    for (double at : {0.1, 0.25, 0.5, 0.75, 0.9}) {
      q[fmt::format("p{}", static_cast<int>(at * 100))] =
          to_unit(k.curve[static_cast<std::size_t>(at * static_cast<double>(k.curve.size() - 1))]);
    }
    doc["quantiles"] = q;
    Output output(f.out);
    output.stream() << doc.dump(2) << '\n';
    output.close();
    return;
  }
  Output output(f.out);
  auto& out = output.stream();
  out << fmt::format("suggested ε: {:.4g}{} (--eps-km {:.4g})\n", eps, unit, eps);
  out << fmt::format(
      "The distance from each of {} points to its {}-th nearest other point, sorted, bends\n"
      "upward at the knee: {:.1f}% of the points have their {} nearest neighbours within\n"
      "{:.4g}{} — the dense ones, which DBSCAN with --min-weight {} (unit weights) would make "
      "core.\n"
      "The knee is the point of the curve farthest from the line through its ends (both axes\n"
      "scaled to 0…1). Try values around it; a larger ε merges nearby concentrations.\n",
      k.curve.size(), f.suggest_k,
      100.0 * static_cast<double>(k.knee + 1) / static_cast<double>(k.curve.size()), f.suggest_k,
      eps, unit, f.suggest_k + 1);
  if (k.curve.size() < p.size()) {
    out << fmt::format("(a sample of every {}-th of the {} points)\n",
                       (p.size() + k.curve.size() - 1) / k.curve.size(), p.size());
  }
  output.close();
}

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

// Each clustered point's nearest bundled city within --city-km (−1 beyond, and for noise).
struct Cities {
  std::vector<std::int32_t> code;
  std::vector<std::string> names;
};
Cities nearest_cities(const PointSet& p, const discover::DbscanResult& r, const Flags& f) {
  Cities out;
  if (!p.geographic) return out;
  const auto cities = ingest::bundled_cities();
  for (const auto& c : cities) out.names.push_back(c.name_zh);
  // Only the grid cells of the clustered points: the whole globe's cells cost more than naming
  // a national run's clusters.
  const discover::CityIndex index(cities, on_mean_earth(f, f.city_km), p.a, p.b, r.cluster);
  out.code.assign(p.size(), -1);
  core::parallel_chunks(p.size(), 1 << 16, f.threads, [&](std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (r.cluster[i] >= 0) out.code[i] = index.nearest(p.a[i], p.b[i]);
    }
  });
  return out;
}

struct Registry {
  bool linked = false;
  std::vector<discover::RegisteredSite> sites;
  discover::RegistryLink link;
  std::vector<std::string> provinces;  // the area the points cover (RegistryLink::area), named
};

// Only when the database file exists: discovery never creates one.
Registry link_registry(Context& ctx, const Flags& f, const PointSet& p,
                       const discover::DbscanResult& r) {
  Registry reg;
  if (f.no_registry || !p.geographic || !std::filesystem::exists(ctx.db_path())) return reg;
  auto& store = ctx.store();
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
  reg.link = discover::link_registry(p.a, p.b, r.cluster, r.core, r.clusters, reg.sites,
                                     on_mean_earth(f, f.eps), on_mean_earth(f, f.registry_km));
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
                            const std::vector<std::int32_t>& parent, const Registry& reg) {
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
    std::vector<report::Cell> row = {std::int64_t{c->id}, std::int64_t{c->rank}};
    if (geo) row.push_back(cluster_name(*c));
    row.insert(row.end(),
               {static_cast<std::int64_t>(c->points), static_cast<std::int64_t>(c->core_points),
                c->weight, c->share, c->score});
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

// Registered clusters of the area the points cover whose zone has no core point near it, with
// how far the nearest one is: just beyond --registry-km or nowhere near, which an analyst weighs
// differently (— when no point is core).
report::Table registry_table(const Registry& reg, const Flags& f) {
  report::Table t;
  t.columns = {{"cluster_id", "集群编号", -1, true, 1, false},
               {"name", "已认定集群"},
               {"nearest_core_km", "最近核心点 km", 2, true}};
  for (std::size_t s = 0; s < reg.sites.size(); ++s) {
    const double km = reg.link.nearest_km[s];  // on the mean Earth, as the link measures
    if (!reg.link.in_area[s] || km <= on_mean_earth(f, f.registry_km)) continue;
    t.add_row({reg.sites[s].cluster_id, reg.sites[s].name,
               report::cell(km * f.earth_radius_km / discover::kEarthRadiusKm)});
  }
  return t;
}

// What the list under it is, said before it: which clusters, and of which area.
std::string registry_heading(const Registry& reg, const Flags& f) {
  if (reg.provinces.empty()) {
    return fmt::format(
        "Registered clusters without a concentration: none listed — no registered zone lies "
        "within {} km of a point, so the points cover no province of the registry.",
        f.registry_km);
  }
  return fmt::format(
      "Registered clusters without a concentration in {} (the provinces with a point within {} "
      "km of one of their zones): no core point of a discovered cluster within {} km of the "
      "cluster's zone.",
      fmt::join(reg.provinces, "、"), f.registry_km, f.registry_km);
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

// One line per point, formatted in parallel a batch of chunks at a time and written in order.
void write_points_csv(std::ostream& out, const PointSet& p, const discover::DbscanResult& r,
                      int threads) {
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
        char* end = std::to_chars(tail + 1, tail + sizeof tail, r.cluster[i]).ptr;
        *end++ = ',';
        *end++ = r.core[i] ? '1' : '0';
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

void run(Context& ctx, const Flags& f) {
  check_flags(f);
  const Progress progress(f.verbose || (!ctx.quiet && isatty(STDERR_FILENO)));
  const bool geographic = f.metric == "haversine";
  progress("reading " + f.points);
  PointSet p = ingest::read_points(f.points, geographic);
  progress(text::counted(p.size(), "point", "points") + " read");
  if (!ctx.quiet) {
    for (const auto& note : p.notes) std::cerr << "note: " << note << '\n';
  }
  const int dim = geographic ? 3 : 2;
  std::vector<double> xs = metric_points(p, f.threads);
  if (f.suggest_k > 0) {
    suggest_eps(f, p, xs);
    return;
  }

  discover::DbscanOptions opt;
  opt.eps = geographic ? discover::chord_of_km(f.eps, f.earth_radius_km) : f.eps;
  opt.min_weight = f.min_weight;
  opt.threads = f.threads;
  opt.progress = [&](std::string_view phase) { progress(fmt::format("DBSCAN: {}", phase)); };
  auto result = discover::dbscan(xs, dim, p.weight, opt);
  progress(fmt::format("DBSCAN: {} grid cells, working memory {:.1f} bytes per point", result.cells,
                       static_cast<double>(result.working_bytes) /
                           static_cast<double>(std::max<std::size_t>(p.size(), 1))));
  discover::SplitOptions split;
  split.share = f.split_share;
  split.min_weight_factor = f.split_factor;
  auto parent = discover::split_large(xs, dim, p.weight, opt, split, result);
  progress(text::counted(result.clusters, "cluster", "clusters") + "; summarising");

  discover::SummaryInput in;
  in.geographic = geographic;
  in.a = p.a;
  in.b = p.b;
  in.weight = p.weight;
  in.kind = {p.kind.code, p.kind.names};
  in.industry = {p.industry.code, p.industry.names};
  in.tech = {p.tech.code, p.tech.names};
  in.year = p.year;
  in.top = f.top;
  if (geographic) in.unit = xs;
  in.threads = f.threads;
  const auto city = nearest_cities(p, result, f);
  progress("cities named");
  if (geographic) in.city = {city.code, city.names};
  const auto summaries = discover::summarise(in, result.cluster, result.core, result.clusters);
  xs = {};
  progress("summaries done; writing");
  const Registry reg = link_registry(ctx, f, p, result);
  const report::Table table = summary_table(summaries, p, parent, reg);
  const auto& totals = summaries.totals;
  const std::string overview = fmt::format(
      "{} in {} (weight {:.6g}); {} ({:.1f}% of the weight) clustered, {} noise; ε = {}{}, min "
      "weight {}",
      text::counted(result.clusters, "cluster", "clusters"),
      text::counted(p.size(), "point", "points"), totals.weight,
      text::counted(totals.clustered_points, "point", "points"),
      totals.weight > 0 ? 100 * totals.clustered_weight / totals.weight : 0.0,
      p.size() - totals.clustered_points, f.eps, geographic ? " km" : "", f.min_weight);

  // Everything is computed before a byte is written: a failure leaves no half-written file.
  if (!f.summary_out.empty()) {
    Output s(f.summary_out);
    if (f.summary_out.ends_with(".json")) {
      s.stream() << table_rows(table).dump(2) << '\n';
    } else {
      report::write_csv(s.stream(), table);
    }
    s.close();
  }
  Output out(f.out);
  if (f.format == "csv") {
    write_points_csv(out.stream(), p, result, f.threads);
  } else if (f.format == "table") {
    report::Table t = table;
    t.notes.push_back(overview);
    if (totals.ranked_by_kinds)
      t.notes.push_back("rank by share of patents + share of publications");
    report::write_table(out.stream(), t);
    if (reg.linked) {
      out.stream() << '\n' << registry_heading(reg, f) << '\n';
      const auto list = registry_table(reg, f);
      if (!list.rows.empty()) report::write_table(out.stream(), list);
    }
  } else {
    Json doc;
    if (f.format == "geojson") {
      doc["type"] = "FeatureCollection";
      auto rows = table_rows(table);
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
    } else {
      Json params;
      params["metric"] = f.metric;
      params[geographic ? "eps_km" : "eps"] = f.eps;
      if (geographic) params["earth_radius_km"] = f.earth_radius_km;
      params["min_weight"] = f.min_weight;
      params["split_large"] = f.split_share > 0 ? Json(f.split_share) : Json(nullptr);
      params["split_factor"] = f.split_factor;
      doc["parameters"] = params;
      doc["totals"] = {{"points", totals.points},
                       {"weight", totals.weight},
                       {"clustered_points", totals.clustered_points},
                       {"clustered_weight", totals.clustered_weight},
                       {"clusters", result.clusters},
                       {"ranked_by_kinds", totals.ranked_by_kinds}};
      doc["clusters"] = table_rows(table);
      for (auto& row : doc["clusters"]) {
        row["hull"] = hull_geometry(summaries.clusters[row["cluster"].get<int>()])["coordinates"];
      }
      if (reg.linked) {
        doc["registry_area"] = reg.provinces;
        doc["registered_without_concentration"] = table_rows(registry_table(reg, f));
      }
      Json points = Json::array();
      for (std::size_t i = 0; i < p.size(); ++i) {
        points.push_back(
            {{"id", p.id(i)}, {"cluster", result.cluster[i]}, {"core", result.core[i] == 1}});
      }
      doc["points"] = std::move(points);
    }
    out.stream() << doc.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
  out.close();
  progress(overview);
}

}  // namespace

void add_discover_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "discover", "Find density-based clusters (weighted DBSCAN) in geocoded points");
  cmd->add_option("--points", flags.points,
                  "CSV, TSV or XLSX with columns id, lat, lon (x, y with --metric euclidean); "
                  "optional weight, kind, industry, tech, year")
      ->required();
  cmd->add_option("--eps-km,--eps", flags.eps,
                  "Neighbourhood radius: km on the sphere, x/y units with --metric euclidean")
      ->capture_default_str();
  cmd->add_option("--min-weight", flags.min_weight,
                  "A point is core when the weight within ε (itself included) reaches this")
      ->capture_default_str();
  cmd->add_option("--metric", flags.metric, "haversine (lat/lon, great-circle km) or euclidean")
      ->check(CLI::IsMember({"haversine", "euclidean"}))
      ->capture_default_str();
  cmd->add_option("--split-large", flags.split_share,
                  "Re-cluster clusters holding more than this share of the weight (e.g. 0.05) "
                  "with a stricter min weight");
  cmd->add_option("--split-factor", flags.split_factor,
                  "The re-run's min weight = --min-weight × this")
      ->capture_default_str();
  cmd->add_option("--format", flags.format,
                  "csv (id,cluster,core per point), table (cluster summary), json (both), "
                  "geojson (cluster outlines)")
      ->check(CLI::IsMember({"csv", "table", "json", "geojson"}))
      ->capture_default_str();
  cmd->add_option("--out", flags.out, "Write the result to this file (default: standard output)");
  cmd->add_option("--summary-out", flags.summary_out,
                  "Also write the cluster summary to this file (CSV, or JSON for *.json)");
  cmd->add_option("--suggest-eps", flags.suggest_k,
                  "Only suggest ε: the knee of the distance to the K-th nearest neighbour");
  cmd->add_option("--top", flags.top, "Industries and tech classes listed per cluster")
      ->capture_default_str();
  cmd->add_option("--registry-km", flags.registry_km,
                  "List registered clusters with no discovered core point within this many km of "
                  "their zone, in the provinces with a point this near one of their zones")
      ->capture_default_str();
  cmd->add_option("--city-km", flags.city_km,
                  "Name a cluster's main cities from the bundled cities within this many km of its "
                  "points (haversine only)")
      ->capture_default_str();
  cmd->add_option("--earth-radius-km", flags.earth_radius_km,
                  "The sphere's radius for great-circle distances (the mean Earth radius)")
      ->capture_default_str();
  cmd->add_flag("--no-registry", flags.no_registry, "Do not compare with the database's clusters");
  cmd->add_option("--threads", flags.threads, "Worker threads (default: all cores)");
  cmd->add_flag("--verbose", flags.verbose,
                "Timed steps and DBSCAN's memory on stderr, even when it is not a terminal");
  cmd->footer(
      "A point is core when the total weight within ε of it (itself included, distance ≤ ε) is\n"
      "at least --min-weight; core points within ε of each other form a cluster; a non-core\n"
      "point within ε of a core point joins the cluster of the nearest one (ties: lowest id);\n"
      "the rest is noise (cluster −1). Distances are great-circle km (haversine), or Euclidean.\n"
      "With a database (--db) holding zones with coordinates, clusters with no registered\n"
      "cluster's zone within ε of a core point are marked candidates, and the registered\n"
      "clusters of the provinces the points cover (a point within --registry-km of one of their\n"
      "zones) that have no core point within --registry-km are listed, each with the distance\n"
      "to the nearest core point however far (nearest_core_km). The header may stand under a\n"
      "title; a 合计 row without coordinates is skipped, with a note. See docs/discovery.md.\n"
      "Examples:\n"
      "  clusteratlas discover --points inventors.csv --suggest-eps 9\n"
      "  clusteratlas discover --points inventors.csv --eps-km 2 --min-weight 10 --format table\n"
      "  clusteratlas discover --points inventors.csv --eps-km 2 --min-weight 10 \\\n"
      "      --out labels.csv --summary-out clusters.csv\n"
      "  clusteratlas discover --points docs.xlsx --split-large 0.05 --format geojson --out "
      "clusters.geojson");
  cmd->callback([&ctx] { run(ctx, flags); });
}

}  // namespace atlas::cli
