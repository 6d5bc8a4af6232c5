// `clusteratlas spatial`: global Moran's I, local Moran (LISA) and Getis-Ord Gi* of one variable
// over units given in a file, with k-nearest-neighbour, distance-band or contiguity (GeoJSON)
// weights. Works on files alone; no database.
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iostream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/discover/spatial.h"
#include "atlas/discover/weights.h"
#include "atlas/ingest/file_rows.h"
#include "atlas/ingest/geojson.h"
#include "atlas/ingest/values.h"
#include "context.h"

namespace atlas::cli {
namespace {

struct Flags {
  std::string values;
  std::string weights;
  std::string variable;
  std::string geojson_id;
  int permutations = 999;
  std::uint64_t seed = 12345;
  double fdr = 0.05;
  int threads = 0;
  std::string format = "table";
  std::string out;
};

// What --weights asks for: knn:K, band:DISTANCE, contiguity:FILE (queen), queen:FILE, rook:FILE.
struct WeightsSpec {
  enum Kind { kKnn, kBand, kContiguity } kind = kKnn;
  int k = 0;
  double distance = 0;
  std::string geojson;
  discover::Contiguity rule = discover::Contiguity::kQueen;
};

WeightsSpec parse_weights(const std::string& spec) {
  auto colon = spec.find(':');
  std::string kind = colon == std::string::npos ? spec : spec.substr(0, colon);
  std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  WeightsSpec w;
  auto usage = [&](const std::string& why) {
    return Error(ErrorKind::kUsage, fmt::format("--weights {}: {} (use knn:K, band:KM, "
                                                "contiguity:FILE.geojson, queen:FILE or rook:FILE)",
                                                spec, why));
  };
  if (arg.empty()) throw usage("nothing after the colon");
  if (kind == "knn") {
    w.kind = WeightsSpec::kKnn;
    if (arg.find_first_not_of("0123456789") != std::string::npos || arg.size() > 9)
      throw usage("K must be a whole number");
    w.k = std::stoi(arg);
  } else if (kind == "band") {
    w.kind = WeightsSpec::kBand;
    auto d = ingest::parse_plain_number(arg);
    if (!d || !(*d > 0)) throw usage("the distance must be a positive number");
    w.distance = *d;
  } else if (kind == "contiguity" || kind == "queen" || kind == "rook") {
    w.kind = WeightsSpec::kContiguity;
    w.geojson = arg;
    w.rule = kind == "rook" ? discover::Contiguity::kRook : discover::Contiguity::kQueen;
  } else {
    throw usage(fmt::format("unknown kind '{}'", kind));
  }
  return w;
}

// ---- Output ----------------------------------------------------------------------------------

nlohmann::ordered_json number(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

report::Table unit_table(const ingest::UnitValues& u, const discover::LocalMoran& l,
                         const std::vector<double>& gi) {
  report::Table t;
  t.columns = {{"id", "单元"},
               {"value", u.variable, -1, true},
               {"lisa_i", "局部 Moran I", 4, true},
               {"lisa_p", "伪 p 值", 4, true},
               {"quadrant", "象限"},
               {"significant", "显著(FDR)", -1, true},
               {"gi_star_z", "Gi* z", 3, true}};
  for (std::size_t i = 0; i < u.ids.size(); ++i) {
    t.add_row({u.ids[i], u.values[i], report::cell(l.i[i]), report::cell(l.p_sim[i]),
               std::string(discover::quadrant_name(l.quadrant[i])),
               std::int64_t{l.significant[i] ? 1 : 0}, report::cell(gi[i])});
  }
  return t;
}

}  // namespace

void add_spatial_commands(CLI::App& app, Context& ctx) {
  static Flags flags;
  auto* cmd = app.add_subcommand(
      "spatial", "Spatial autocorrelation: global Moran's I, local Moran (LISA) and Gi* hot spots");
  cmd->add_option("--values", flags.values,
                  "CSV, TSV or XLSX: id, the variable, and lat,lon or x,y for knn/band")
      ->required();
  cmd->add_option("--weights", flags.weights,
                  "knn:K | band:KM (x,y units when planar) | contiguity:FILE.geojson (queen) | "
                  "queen:FILE | rook:FILE")
      ->required();
  cmd->add_option("--variable", flags.variable,
                  "The column to analyse (default: the only column besides id, name and "
                  "coordinates)");
  cmd->add_option("--geojson-id", flags.geojson_id,
                  "GeoJSON property holding the ids (default: the first of id, code, adcode, "
                  "name, NAME, 名称 that knows every unit)");
  cmd->add_option("--permutations", flags.permutations, "Permutations for pseudo p-values")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--seed", flags.seed, "Seed of the permutations")->capture_default_str();
  cmd->add_option("--fdr", flags.fdr, "False discovery rate for significant LISA units")
      ->check(CLI::Range(1e-9, 0.999999))
      ->capture_default_str();
  cmd->add_option("--threads", flags.threads, "Threads (default: all cores; results unchanged)");
  add_format_option(cmd, flags.format);
  cmd->add_option("--out", flags.out, "Write the result to FILE instead of standard output");
  cmd->footer(
      "Weights are row-standardised; units without neighbours (islands) are reported and get\n"
      "no LISA and no Gi*. With lat,lon columns distances are great-circle kilometres; with x,y,\n"
      "planar. The header may stand under a title; 合计/小计 rows are skipped, with a note.\n"
      "Moran's I: p under normality and randomisation (two-sided) and by permutation.\n"
      "LISA: I_i = z_i * sum_j w_ij z_j / m2 (m2 = sum z^2 / n); pseudo p by conditional\n"
      "permutation, (min(#>=, #<=) + 1) / (permutations + 1); significant = p <= the\n"
      "Benjamini-Hochberg cut-off at --fdr. Quadrants HH, LH, LL, HL. Gi* includes the unit.\n"
      "CSV gives the units only; the table and JSON add the global statistics.\n"
      "Examples:\n"
      "  clusteratlas spatial --values cities.csv --weights knn:6 --variable patents\n"
      "  clusteratlas spatial --values cities.csv --weights band:150 --format json --out "
      "lisa.json\n"
      "  clusteratlas spatial --values provinces.csv --weights rook:provinces.geojson \\\n"
      "      --geojson-id name --variable 营业收入 --permutations 9999 --seed 7");
  cmd->callback([&ctx] {
    const auto spec = parse_weights(flags.weights);
    const auto format = report::parse_format(flags.format);
    const bool quiet = ctx.quiet;
    auto units = ingest::read_unit_values(flags.values, flags.variable,
                                          spec.kind != WeightsSpec::kContiguity);
    // Notes and warnings go to stderr whatever the format, so standard output is the result
    // alone (a table, a CSV or a JSON document a program reads); the JSON document keeps them as
    // notes too, for programs that see no stderr (the API).
    std::vector<std::string> notes;
    for (const auto& note : units.notes) {
      notes.push_back("note: " + note);
      if (!quiet) std::cerr << notes.back() << '\n';
    }
    discover::SpatialWeights w;
    std::string weights_label;
    auto rethrow = [&](Error& e, const std::string& file, const std::vector<std::int64_t>* lines) {
      Where where = e.where();
      where.file = file;
      if (lines && where.row > 0 && static_cast<std::size_t>(where.row) <= lines->size())
        where.row = (*lines)[static_cast<std::size_t>(where.row - 1)];
      return Error(e.kind(), e.what(), where);
    };
    try {
      if (spec.kind == WeightsSpec::kKnn) {
        w = discover::knn_weights(units.points, spec.k, units.metric);
        weights_label = fmt::format("{} nearest neighbours", spec.k);
      } else if (spec.kind == WeightsSpec::kBand) {
        w = discover::band_weights(units.points, spec.distance, units.metric);
        weights_label =
            fmt::format("distance band {} {}", spec.distance,
                        units.metric == discover::Metric::kGreatCircle ? "km" : "(planar units)");
      }
    } catch (Error& e) {
      throw rethrow(e, units.source, &units.lines);
    }
    if (spec.kind == WeightsSpec::kContiguity) {
      auto geo = ingest::read_geojson_areas(spec.geojson, flags.geojson_id, units.ids, units.source,
                                            units.lines);
      if (geo.unused > 0 && !quiet) {
        std::cerr << fmt::format("note: {} of {} features in {} {} no value and {} left out\n",
                                 geo.unused, geo.features, spec.geojson,
                                 geo.unused == 1 ? "has" : "have", geo.unused == 1 ? "is" : "are");
      }
      auto& areas = geo.areas;
      try {
        w = discover::contiguity_weights(areas, spec.rule);
      } catch (Error& e) {
        // The core counts areas in the units' order; name the unit and its row.
        Where where = e.where();
        std::string message = e.what();
        if (where.row > 0 && static_cast<std::size_t>(where.row) <= units.ids.size())
          message = fmt::format("feature '{}': {}", units.ids[where.row - 1], message);
        throw Error(e.kind(), message, {spec.geojson, 0, "", ""});
      }
      weights_label =
          spec.rule == discover::Contiguity::kRook ? "rook contiguity" : "queen contiguity";
    }

    discover::PermutationOptions options;
    options.permutations = flags.permutations;
    options.seed = flags.seed;
    options.threads = flags.threads;
    discover::MoranGlobal g;
    discover::LocalMoran l;
    std::vector<double> gi;
    try {
      g = discover::moran(units.values, w, options);
      l = discover::local_moran(units.values, w, options, flags.fdr);
      gi = discover::getis_ord_gi_star(units.values, w);
    } catch (Error& e) {
      // A row here is a unit's value (the weights were checked above).
      Error named(e.kind(), e.what(),
                  {"", e.where().row, e.where().row > 0 ? units.variable : "", ""});
      throw rethrow(named, units.source, &units.lines);
    }

    if (!w.islands.empty()) {
      std::vector<std::string> ids;
      for (std::size_t i = 0; i < w.islands.size() && i < 10; ++i)
        ids.push_back(units.ids[w.islands[i]]);
      notes.push_back(fmt::format("warning: {} without neighbours (islands), no LISA or Gi*: {}{}",
                                  text::counted(w.islands.size(), "unit", "units"),
                                  fmt::join(ids, ", "), w.islands.size() > 10 ? ", …" : ""));
      std::cerr << notes.back() << '\n';
    }
    std::size_t significant =
        static_cast<std::size_t>(std::count(l.significant.begin(), l.significant.end(), true));
    auto units_table = unit_table(units, l, gi);
    Output output(flags.out);
    auto& out = output.stream();

    if (format == report::Format::kJson) {
      nlohmann::ordered_json doc;
      auto& m = doc["global"];
      m["variable"] = units.variable;
      m["n"] = g.n;
      m["weights"] = weights_label;
      m["islands"] = w.islands.size();
      m["moran_i"] = number(g.i);
      m["expected_i"] = number(g.expected);
      m["z_normal"] = number(g.z_normal);
      m["p_normal"] = number(g.p_normal);
      m["z_randomisation"] = number(g.z_random);
      m["p_randomisation"] = number(g.p_random);
      m["permutations"] = g.permutations;
      m["seed"] = g.seed;
      m["p_permutation"] = number(g.p_sim);
      m["z_permutation"] = number(g.z_sim);
      m["fdr"] = flags.fdr;
      m["fdr_cutoff"] = number(l.fdr_cutoff);
      m["significant_units"] = significant;
      std::ostringstream s;
      report::write_json(s, units_table);
      doc["units"] = nlohmann::ordered_json::parse(s.str())["rows"];
      if (!notes.empty()) doc["notes"] = notes;
      out << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
      output.close();
      return;
    }
    if (format == report::Format::kCsv) {
      report::write_csv(out, units_table);
      output.close();
      return;
    }
    report::Table summary;
    summary.columns = {{"statistic", "全局统计"}, {"value", "值", -1, true}};
    auto row = [&](const std::string& name, report::Cell v) { summary.add_row({name, v}); };
    row("variable 变量", units.variable);
    row("units 单元数", static_cast<std::int64_t>(g.n));
    row("weights 空间权重", weights_label);
    row("Moran's I", fmt::format("{:.4f}", g.i));
    row("E[I]", fmt::format("{:.4f}", g.expected));
    row("z, p (normality)", fmt::format("{:.3f}, {:.4f}", g.z_normal, g.p_normal));
    row("z, p (randomisation)", fmt::format("{:.3f}, {:.4f}", g.z_random, g.p_random));
    if (g.permutations > 0) {
      row(fmt::format("pseudo p ({}, seed {})",
                      text::counted(g.permutations, "permutation", "permutations"), g.seed),
          fmt::format("{:.4f}", g.p_sim));
    }
    row(l.fdr_cutoff > 0
            ? fmt::format("LISA significant (FDR {}, p <= {:.4g})", flags.fdr, l.fdr_cutoff)
            : fmt::format("LISA significant (FDR {}: no p small enough)", flags.fdr),
        static_cast<std::int64_t>(significant));
    report::write_table(out, summary);
    out << '\n';
    report::write_table(out, units_table);
    output.close();
  });
}

}  // namespace atlas::cli
