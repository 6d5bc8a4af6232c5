// `clusteratlas spatial`: global Moran's I, local Moran (LISA) and Getis-Ord Gi* of one variable
// over units given in a file, with k-nearest-neighbour, distance-band or contiguity (GeoJSON)
// weights. Works on files alone; no database. The work is app/spatial_statistics.h's; this file
// reads the flags and prints the result.
#include <iostream>

#include "atlas/app/spatial_statistics.h"
#include "atlas/core/error.h"
#include "context.h"

namespace atlas::cli {

void add_spatial_commands(CLI::App& app, Context& ctx) {
  static struct {
    app::SpatialRequest request;
    std::string format = "table";
    std::string out;
  } flags;
  auto* cmd = app.add_subcommand(
      "spatial", "Spatial autocorrelation: global Moran's I, local Moran (LISA) and Gi* hot spots");
  cmd->add_option("--values", flags.request.values,
                  "CSV, TSV or XLSX: id, the variable, and lat,lon or x,y for knn/band")
      ->required();
  cmd->add_option("--weights", flags.request.weights,
                  "knn:K | band:KM (x,y units when planar) | contiguity:FILE.geojson (queen) | "
                  "queen:FILE | rook:FILE")
      ->required();
  cmd->add_option("--variable", flags.request.variable,
                  "The column to analyse (default: the only column besides id, name and "
                  "coordinates)");
  cmd->add_option("--geojson-id", flags.request.geojson_id,
                  "GeoJSON property holding the ids (default: the first of id, code, adcode, "
                  "name, NAME, 名称 that knows every unit)");
  cmd->add_option("--permutations", flags.request.permutations, "Permutations for pseudo p-values")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  cmd->add_option("--seed", flags.request.seed, "Seed of the permutations")->capture_default_str();
  cmd->add_option("--fdr", flags.request.fdr, "False discovery rate for significant LISA units")
      ->check(CLI::Range(1e-9, 0.999999))
      ->capture_default_str();
  cmd->add_option("--threads", flags.request.threads,
                  "Threads (default: all cores; results unchanged)");
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
    const auto format = report::parse_format(flags.format);
    // Notes and warnings go to stderr whatever the format, so standard output is the result
    // alone (a table, a CSV or a JSON document a program reads); the JSON document keeps them as
    // notes too, for programs that see no stderr (the API).
    app::Listener listener;
    listener.note = [&ctx](const std::string& note) {
      if (!ctx.quiet) std::cerr << note << '\n';
    };
    app::SpatialStatistics result;
    try {
      result = app::spatial_statistics(flags.request, listener);
    } catch (const Error& e) {
      if (e.where().field != "weights") throw;
      throw Error(e.kind(), "--weights " + std::string(e.what()));
    }
    for (const auto& note : result.notes) {
      if (note.starts_with("warning: ")) std::cerr << note << '\n';
    }
    Output output(flags.out);
    auto& out = output.stream();
    if (format == report::Format::kJson) {
      out << result.document().dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
          << '\n';
    } else if (format == report::Format::kCsv) {
      report::write_csv(out, result.unit_table());
    } else {
      report::write_table(out, result.summary_table());
      out << '\n';
      report::write_table(out, result.unit_table());
    }
    output.close();
  });
}

}  // namespace atlas::cli
