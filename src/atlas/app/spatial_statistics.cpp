#include "atlas/app/spatial_statistics.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/json_number.h"
#include "atlas/core/error.h"
#include "atlas/core/text.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/geojson.h"
#include "atlas/ingest/values.h"

namespace atlas::app {
namespace {

using Json = nlohmann::ordered_json;

// An error of the core about a unit or a row, named by the file's own row.
Error in_file(const Error& e, const std::string& file, const std::vector<std::int64_t>* lines) {
  Where where = e.where();
  where.file = file;
  if (lines && where.row > 0 && static_cast<std::size_t>(where.row) <= lines->size())
    where.row = (*lines)[static_cast<std::size_t>(where.row - 1)];
  return Error(e.kind(), e.what(), where);
}

// The GeoJSON's areas matched to the units' ids; features without a unit are left out, and said.
ingest::GeojsonAreas areas_of(const WeightsSpec& spec, const SpatialRequest& request,
                              const ingest::UnitValues& units, const Listener& listener) {
  auto geo = ingest::read_geojson_areas(spec.geojson, request.geojson_id, units.ids, units.source,
                                        units.lines);
  if (geo.unused > 0) {
    listener.tell(fmt::format("note: {} of {} features in {} {} no value and {} left out",
                              geo.unused, geo.features, spec.geojson,
                              geo.unused == 1 ? "has" : "have", geo.unused == 1 ? "is" : "are"));
  }
  return geo;
}

// `areas` are given for contiguity weights, null for the others.
discover::SpatialWeights build_weights(const WeightsSpec& spec, const ingest::UnitValues& units,
                                       const ingest::GeojsonAreas* areas, std::string& label) {
  if (spec.kind != WeightsSpec::kContiguity) {
    try {
      if (spec.kind == WeightsSpec::kKnn) {
        label = fmt::format("{} nearest neighbours", spec.k);
        return discover::knn_weights(units.points, spec.k, units.metric);
      }
      label = fmt::format("distance band {} {}", spec.distance,
                          units.metric == discover::Metric::kGreatCircle ? "km" : "(planar units)");
      return discover::band_weights(units.points, spec.distance, units.metric);
    } catch (Error& e) {
      throw in_file(e, units.source, &units.lines);
    }
  }
  label = spec.rule == discover::Contiguity::kRook ? "rook contiguity" : "queen contiguity";
  try {
    return discover::contiguity_weights(areas->areas, spec.rule);
  } catch (Error& e) {
    // The core counts areas in the units' order; name the unit and its row.
    Where where = e.where();
    std::string message = e.what();
    if (where.row > 0 && static_cast<std::size_t>(where.row) <= units.ids.size())
      message = fmt::format("feature '{}': {}", units.ids[where.row - 1], message);
    throw Error(e.kind(), message, {spec.geojson, 0, "", ""});
  }
}

}  // namespace

WeightsSpec parse_weights(const std::string& spec) {
  auto colon = spec.find(':');
  std::string kind = colon == std::string::npos ? spec : spec.substr(0, colon);
  std::string arg = colon == std::string::npos ? "" : spec.substr(colon + 1);
  WeightsSpec w;
  auto usage = [&](const std::string& why) {
    return Error(ErrorKind::kUsage,
                 fmt::format("{}: {} (use knn:K, band:KM, contiguity:FILE.geojson, queen:FILE or "
                             "rook:FILE)",
                             spec, why),
                 {"", 0, "", "weights"});
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

namespace {

// Throws for weights that do not parse and for parameters out of range.
WeightsSpec checked(const SpatialRequest& request) {
  auto spec = parse_weights(request.weights);
  if (request.permutations < 0 || request.permutations > 1000000) {
    throw Error(ErrorKind::kBadInput,
                fmt::format("must be between 0 and 1000000, not {}", request.permutations),
                {"", 0, "", "permutations"});
  }
  if (!(request.fdr > 0 && request.fdr < 1)) {
    throw Error(ErrorKind::kBadInput, fmt::format("must be between 0 and 1, not {}", request.fdr),
                {"", 0, "", "fdr"});
  }
  return spec;
}

// The statistics of the values, with `areas` for contiguity weights (null for the others).
SpatialStatistics compute(const SpatialRequest& request, const WeightsSpec& spec,
                          ingest::UnitValues values, const ingest::GeojsonAreas* areas,
                          const Listener& listener) {
  SpatialStatistics s;
  s.fdr = request.fdr;
  s.units = std::move(values);
  const auto& units = s.units;
  for (const auto& note : units.notes) s.notes.push_back("note: " + note);
  listener.step("spatial weights", 0.1);
  s.weights = build_weights(spec, units, areas, s.weights_label);

  discover::PermutationOptions options;
  options.permutations = request.permutations;
  options.seed = request.seed;
  options.threads = request.threads;
  try {
    listener.step("Moran's I", 0.2);
    s.global = discover::moran(units.values, s.weights, options);
    listener.step("local Moran (LISA)", 0.5);
    s.local = discover::local_moran(units.values, s.weights, options, request.fdr);
    listener.step("Getis-Ord Gi*", 0.9);
    s.gi_star = discover::getis_ord_gi_star(units.values, s.weights);
  } catch (Error& e) {
    // A row here is a unit's value (the weights were checked above).
    Error named(e.kind(), e.what(),
                {"", e.where().row, e.where().row > 0 ? units.variable : "", ""});
    throw in_file(named, units.source, &units.lines);
  }
  const auto& islands = s.weights.islands;
  if (!islands.empty()) {
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < islands.size() && i < 10; ++i) ids.push_back(units.ids[islands[i]]);
    s.notes.push_back(
        fmt::format("warning: {} without neighbours (islands), no LISA or Gi*: {}{}",
                    text::counted(static_cast<std::int64_t>(islands.size()), "unit", "units"),
                    fmt::join(ids, ", "), islands.size() > 10 ? ", …" : ""));
  }
  return s;
}

}  // namespace

ingest::UnitValues read_values(const SpatialRequest& request, const Listener& listener) {
  const auto spec = checked(request);
  listener.step("reading " + request.values, 0);
  auto units = ingest::read_unit_values(request.values, request.variable,
                                        spec.kind != WeightsSpec::kContiguity);
  for (const auto& note : units.notes) listener.tell("note: " + note);
  return units;
}

SpatialStatistics spatial_statistics(const SpatialRequest& request, const Listener& listener) {
  return spatial_statistics(request, read_values(request, listener), listener);
}

ingest::GeojsonAreas read_areas(const SpatialRequest& request, const ingest::UnitValues& values,
                                const Listener& listener) {
  const auto spec = checked(request);
  if (spec.kind != WeightsSpec::kContiguity) {
    throw Error(ErrorKind::kUsage, "only contiguity weights read areas", {"", 0, "", "weights"});
  }
  return areas_of(spec, request, values, listener);
}

SpatialStatistics spatial_statistics(const SpatialRequest& request, ingest::UnitValues values,
                                     const Listener& listener) {
  const auto spec = checked(request);
  if (spec.kind != WeightsSpec::kContiguity)
    return compute(request, spec, std::move(values), nullptr, listener);
  auto areas = areas_of(spec, request, values, listener);
  return compute(request, spec, std::move(values), &areas, listener);
}

SpatialStatistics spatial_statistics(const SpatialRequest& request, ingest::UnitValues values,
                                     ingest::GeojsonAreas areas, const Listener& listener) {
  const auto spec = checked(request);
  return compute(request, spec, std::move(values), &areas, listener);
}

std::size_t SpatialStatistics::significant_units() const {
  return static_cast<std::size_t>(
      std::count(local.significant.begin(), local.significant.end(), true));
}

report::Table SpatialStatistics::unit_table() const {
  const auto& u = units;
  const auto& l = local;
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
               std::int64_t{l.significant[i] ? 1 : 0}, report::cell(gi_star[i])});
  }
  return t;
}

report::Table SpatialStatistics::summary_table() const {
  const auto& g = global;
  const auto& l = local;
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
  row(l.fdr_cutoff > 0 ? fmt::format("LISA significant (FDR {}, p <= {:.4g})", fdr, l.fdr_cutoff)
                       : fmt::format("LISA significant (FDR {}: no p small enough)", fdr),
      static_cast<std::int64_t>(significant_units()));
  return summary;
}

nlohmann::ordered_json SpatialStatistics::document() const {
  const auto& g = global;
  Json doc;
  auto& m = doc["global"];
  m["variable"] = units.variable;
  m["n"] = g.n;
  m["weights"] = weights_label;
  m["islands"] = weights.islands.size();
  m["moran_i"] = json_number(g.i);
  m["expected_i"] = json_number(g.expected);
  m["z_normal"] = json_number(g.z_normal);
  m["p_normal"] = json_number(g.p_normal);
  m["z_randomisation"] = json_number(g.z_random);
  m["p_randomisation"] = json_number(g.p_random);
  m["permutations"] = g.permutations;
  m["seed"] = g.seed;
  m["p_permutation"] = json_number(g.p_sim);
  m["z_permutation"] = json_number(g.z_sim);
  m["fdr"] = fdr;
  m["fdr_cutoff"] = json_number(local.fdr_cutoff);
  m["significant_units"] = significant_units();
  std::ostringstream s;
  report::write_json(s, unit_table());
  doc["units"] = Json::parse(s.str())["rows"];
  if (!notes.empty()) doc["notes"] = notes;
  return doc;
}

}  // namespace atlas::app
