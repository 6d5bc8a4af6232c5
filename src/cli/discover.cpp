// `clusteratlas discover`: density-based clusters (weighted DBSCAN) in geocoded points — patents,
// publications, firms — with per-cluster summaries, a WIPO-style ranking, GeoJSON outlines, an ε
// suggestion from the k-distance curve, and a comparison with the registry when a database
// exists. Reads a file, needs no database (docs/discovery.md). The work is app/discovery.h's;
// this file reads the flags, draws the steps on a terminal and prints the result.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "atlas/app/discovery.h"
#include "atlas/core/error.h"
#include "atlas/store/open_store.h"
#include "context.h"
#include "database.h"

namespace atlas::cli {
namespace {

using Json = nlohmann::ordered_json;

struct Flags {
  app::DiscoveryRequest request;
  std::string format = "csv", out, summary_out;
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

// A parameter the use case refused, named by its flag: "--eps-km must be a positive number".
Error in_flag_words(const Error& e) {
  static const std::map<std::string, std::string> flags = {{"metric", "--metric"},
                                                           {"eps_km", "--eps-km"},
                                                           {"min_weight", "--min-weight"},
                                                           {"split_large", "--split-large"},
                                                           {"split_factor", "--split-factor"},
                                                           {"registry_km", "--registry-km"},
                                                           {"city_km", "--city-km"},
                                                           {"earth_radius_km", "--earth-radius-km"},
                                                           {"suggest_k", "--suggest-eps"}};
  auto flag = flags.find(e.where().field);
  if (flag == flags.end() || !e.where().file.empty()) return e;
  return Error(e.kind(), flag->second + " " + e.what());
}

void print_suggestion(const app::EpsSuggestion& s, const Flags& f) {
  Output output(f.out);
  auto& out = output.stream();
  if (f.format == "json") {
    out << s.document().dump(2) << '\n';
    output.close();
    return;
  }
  const char* unit = s.geographic ? " km" : "";
  out << fmt::format("suggested ε: {:.4g}{} (--eps-km {:.4g})\n", s.eps, unit, s.eps);
  out << fmt::format(
      "The distance from each of {} points to its {}-th nearest other point, sorted, bends\n"
      "upward at the knee: {:.1f}% of the points have their {} nearest neighbours within\n"
      "{:.4g}{} — the dense ones, which DBSCAN with --min-weight {} (unit weights) would make "
      "core.\n"
      "The knee is the point of the curve farthest from the line through its ends (both axes\n"
      "scaled to 0…1). Try values around it; a larger ε merges nearby concentrations.\n",
      s.sampled, s.k, 100.0 * static_cast<double>(s.knee + 1) / static_cast<double>(s.sampled), s.k,
      s.eps, unit, s.k + 1);
  if (s.sampled < s.points) {
    out << fmt::format("(a sample of every {}-th of the {} points)\n",
                       (s.points + s.sampled - 1) / s.sampled, s.points);
  }
  output.close();
}

void print(const app::Discovery& d, const Flags& f) {
  // Everything is computed before a byte is written: a failure leaves no half-written file.
  if (!f.summary_out.empty()) {
    Output s(f.summary_out);
    if (f.summary_out.ends_with(".json")) {
      s.stream() << d.cluster_rows().dump(2) << '\n';
    } else {
      report::write_csv(s.stream(), d.clusters);
    }
    s.close();
  }
  Output out(f.out);
  if (f.format == "csv") {
    d.write_points_csv(out.stream());
  } else if (f.format == "table") {
    report::Table t = d.clusters;
    t.notes.push_back(d.overview());
    if (d.summaries.totals.ranked_by_kinds)
      t.notes.push_back("rank by share of patents + share of publications");
    report::write_table(out.stream(), t);
    if (d.registry.linked) {
      out.stream() << '\n' << d.registry_heading() << '\n';
      const auto list = d.registered_without_concentration();
      if (!list.rows.empty()) report::write_table(out.stream(), list);
    }
  } else {
    const Json doc = f.format == "geojson" ? d.geojson() : d.document();
    out.stream() << doc.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
  }
  out.close();
}

void run(Context& ctx, const Flags& f) {
  const Progress progress(f.verbose || (!ctx.quiet && isatty(STDERR_FILENO)));
  app::Listener listener;
  listener.note = [&ctx](const std::string& note) {
    if (!ctx.quiet) std::cerr << note << '\n';
  };
  listener.progress = [&progress](std::string_view phase, double) {
    progress(phase);
    return true;
  };
  try {
    if (f.request.suggest_k > 0) {
      print_suggestion(app::suggest_eps(f.request, listener), f);
      return;
    }
    // Only when the database exists: discovery never creates a file.
    const app::Database db = database(ctx);
    const bool registry = !f.no_registry && (store::is_server_database(ctx.db_path()) ||
                                             std::filesystem::exists(ctx.db_path()));
    const auto d = app::discover_clusters(registry ? &db : nullptr, f.request, listener);
    print(d, f);
    progress(d.overview());
  } catch (const Error& e) {
    throw in_flag_words(e);
  }
}

}  // namespace

void add_discover_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "discover", "Find density-based clusters (weighted DBSCAN) in geocoded points");
  cmd->add_option("--points", flags.request.points,
                  "CSV, TSV or XLSX with columns id, lat, lon (x, y with --metric euclidean); "
                  "optional weight, kind, industry, tech, year")
      ->required();
  cmd->add_option("--eps-km,--eps", flags.request.eps_km,
                  "Neighbourhood radius: km on the sphere, x/y units with --metric euclidean")
      ->capture_default_str();
  cmd->add_option("--min-weight", flags.request.min_weight,
                  "A point is core when the weight within ε (itself included) reaches this")
      ->capture_default_str();
  cmd->add_option("--metric", flags.request.metric,
                  "haversine (lat/lon, great-circle km) or euclidean")
      ->check(CLI::IsMember({"haversine", "euclidean"}))
      ->capture_default_str();
  cmd->add_option("--split-large", flags.request.split_large,
                  "Re-cluster clusters holding more than this share of the weight (e.g. 0.05) "
                  "with a stricter min weight");
  cmd->add_option("--split-factor", flags.request.split_factor,
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
  cmd->add_option("--suggest-eps", flags.request.suggest_k,
                  "Only suggest ε: the knee of the distance to the K-th nearest neighbour");
  cmd->add_option("--top", flags.request.top, "Industries and tech classes listed per cluster")
      ->capture_default_str();
  cmd->add_option("--registry-km", flags.request.registry_km,
                  "List registered clusters with no discovered core point within this many km of "
                  "their zone, in the provinces with a point this near one of their zones")
      ->capture_default_str();
  cmd->add_option("--city-km", flags.request.city_km,
                  "Name a cluster's main cities from the bundled cities within this many km of its "
                  "points (haversine only)")
      ->capture_default_str();
  cmd->add_option("--earth-radius-km", flags.request.earth_radius_km,
                  "The sphere's radius for great-circle distances (the mean Earth radius)")
      ->capture_default_str();
  cmd->add_flag("--no-registry", flags.no_registry, "Do not compare with the database's clusters");
  cmd->add_option("--threads", flags.request.threads, "Worker threads (default: all cores)");
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
