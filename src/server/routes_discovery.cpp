// The analyses of a file over HTTP: discovery (density-based clusters of geocoded points, with
// the registry comparison), specialisation (location quotients, strength flags, stars) and
// spatial statistics (Moran's I, LISA, Gi*) on an uploaded CSV, TSV or XLSX file (uploads.h) —
// with contiguity weights, the areas' GeoJSON as a second part of the form; specialisation also
// from the programme's own statistics, with no file. Each runs as a job (jobs.h) through the
// same use case as its verb (app/discovery.h, app/specialisation.h, app/spatial_statistics.h):
// 202 with the job at once, progress as the use case reports its steps, cancelled at its next
// step, and the document `--format json` prints kept as the job's result. The parameters are the
// verb's flags as query parameters, checked before the body is read.
#include <algorithm>
#include <cmath>
#include <memory>
#include <optional>

#include "atlas/app/discovery.h"
#include "atlas/app/enterprise_points.h"
#include "atlas/app/spatial_statistics.h"
#include "atlas/app/specialisation.h"
#include "atlas/ingest/cells.h"
#include "atlas/ingest/geojson.h"
#include "server/accepted_job.h"
#include "server/api_error.h"
#include "server/jobs.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/uploads.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

ApiError bad_parameter(const std::string& name, const std::string& en) {
  return {
      422, "invalid-input", "参数 " + name + " 无效：" + en, name + ": " + en, {"", 0, "", name}};
}

// A parameter the use case refused (its Error names the parameter as `field`), as the 422 the
// query checks give.
void check_parameters(const std::function<void()>& check) {
  try {
    check();
  } catch (const Error& e) {
    if (e.where().field.empty() || !e.where().file.empty()) throw;
    throw bad_parameter(e.where().field, e.what());
  }
}

std::optional<double> number_query(const Call& call, const std::string& name) {
  const std::string text = call.query(name);
  if (text.empty()) return std::nullopt;
  auto v = ingest::parse_plain_number(text);
  if (!v || !std::isfinite(*v)) throw bad_parameter(name, "give a number, not '" + text + "'");
  return v;
}

bool bool_query(const Call& call, const std::string& name, bool fallback) {
  const std::string v = call.query(name);
  if (v.empty()) return fallback;
  if (v == "true" || v == "1") return true;
  if (v == "false" || v == "0") return false;
  throw bad_parameter(name, "give true or false, not '" + v + "'");
}

std::string choice_query(const Call& call, const std::string& name,
                         std::initializer_list<const char*> choices) {
  const std::string v = call.query(name);
  if (v.empty()) return *choices.begin();
  for (const char* c : choices)
    if (v == c) return v;
  std::string list;
  for (const char* c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  throw bad_parameter(name, "give one of " + list + ", not '" + v + "'");
}

// The work of a job on a file read already: the result document, from the listener's steps.
using Work = std::function<Json(const app::Listener&)>;

// Runs `work` as a job of the caller's, owning the upload's file (if any) until it ends: 202
// with the job. Progress is per mille of the use case's estimate; reporting throws JobCancelled
// once the job is cancelled, which stops the use case at its next step.
Reply submit(Call& call, const char* kind, Upload* upload, Work work) {
  JobSpec spec = caller_job(call, kind);  // programme-wide, as the routes
  call.store().end_reads();
  spec.work = [work = std::move(work), path = upload ? upload->path() : "",
               label = upload ? upload->label() : ""](JobProgress& progress) {
    app::Listener listener;
    listener.progress = [&progress](std::string_view phase, double done) {
      progress.report(std::llround(done * 1000), 1000, std::string(phase));
      return true;
    };
    Json document = work(listener);
    if (!path.empty() && document.contains("notes")) {
      for (auto& note : document["notes"]) note = relabelled(note.get<std::string>(), path, label);
    }
    return document;
  };
  if (!upload) return accepted_reading_job(call.db, std::move(spec));
  return accepted_upload_job(call.db, std::move(spec), *upload);
}

// Reads the uploaded file while the request waits: a bad file is this request's 4xx, naming
// the upload, the row and the column.
template <typename Read>
auto read_upload(const Upload& upload, Read read) {
  try {
    return read(upload.path());
  } catch (const Error& e) {
    throw relabelled(e, upload.path(), upload.label());
  }
}

// The query's `year`, one with annual figures (422 naming it otherwise, with the years there
// are), or the latest when none is given (404 without any figures).
int checked_year(Call& call) {
  const int year = int_query(call, "year", 0);
  const auto years = call.store().years_with_data();
  if (year != 0 && std::find(years.begin(), years.end(), year) == years.end()) {
    std::string known;
    for (int y : years) known += (known.empty() ? "" : ", ") + std::to_string(y);
    throw bad_parameter("year", "no annual figures for " + std::to_string(year) + " (" +
                                    (known.empty() ? "none yet" : "years with figures: " + known) +
                                    ")");
  }
  return call.db.year_with_data(year);
}

// ---- discovery --------------------------------------------------------------------------------

Reply post_discovery(Call& call) {
  app::DiscoveryRequest r;
  r.metric = choice_query(call, "metric", {"haversine", "euclidean"});
  auto set = [&](const char* name, double& into) {
    if (auto v = number_query(call, name)) into = *v;
  };
  set("eps_km", r.eps_km);
  set("min_weight", r.min_weight);
  set("split_large", r.split_large);
  set("split_factor", r.split_factor);
  set("registry_km", r.registry_km);
  set("city_km", r.city_km);
  set("earth_radius_km", r.earth_radius_km);
  const int top = int_query(call, "top", 3);
  if (top < 0) throw bad_parameter("top", "give a whole number ≥ 0");
  r.top = static_cast<std::size_t>(top);
  const int k = int_query(call, "suggest_eps", 0);
  if (k < 0) throw bad_parameter("suggest_eps", "give a whole number ≥ 1");
  r.suggest_k = static_cast<std::size_t>(k);
  r.registry = bool_query(call, "registry", true);
  const std::string format = choice_query(call, "format", {"json", "geojson"});
  check_parameters([&] { app::check_discovery_request(r); });

  auto work = [db = call.db, r, format](std::shared_ptr<ingest::PointSet> points) {
    return [db, r, format, points](const app::Listener& listener) {
      if (r.suggest_k > 0) return app::suggest_eps(r, *points, listener).document();
      // The job runs once: the clusters take the points over.
      auto d = app::discover_clusters(&db, r, std::move(*points), listener);
      return format == "geojson" ? d.geojson() : d.document();
    };
  };
  if (bool_query(call, "from_enterprises", false)) {
    if (has_body(call.http)) {
      throw bad_parameter("from_enterprises",
                          "give either a file or from_enterprises=true, not both (the points "
                          "are the database's: send no body)");
    }
    if (!r.geographic()) throw bad_parameter("metric", "the stored enterprises are geographic");
    const int year = checked_year(call);
    auto points = std::make_shared<ingest::PointSet>(app::enterprise_points(call.db, year));
    return submit(call, "discovery", nullptr, work(points));
  }
  if (!call.query("year").empty()) {
    throw bad_parameter("year",
                        "only with from_enterprises=true (a file's rows carry their years)");
  }
  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  r.points = upload.path();
  auto points = std::make_shared<ingest::PointSet>(
      read_upload(upload, [&](const std::string&) { return app::read_points(r); }));
  return submit(call, "discovery", &upload, work(points));
}

// ---- specialisation ---------------------------------------------------------------------------

// From the programme's own figures (`specialise --from-statistics`): provinces × the divisions
// of the clusters' leading industries. Nothing is uploaded; the year is checked against the years
// with figures while the request waits, and the job reads the store itself (its own connection,
// its reads ended however it ends).
Reply specialisation_from_statistics(Call& call, app::SpecialisationRequest r) {
  if (has_body(call.http)) {
    throw bad_parameter("from_statistics",
                        "give either a file or from_statistics=true, not both (the figures are "
                        "the database's: send no body)");
  }
  r.from_statistics = true;
  r.year = checked_year(call);
  return submit(call, "specialisation", nullptr, [db = call.db, r](const app::Listener& listener) {
    listener.step("location quotients", 0.5);
    return app::specialise(&db, r).document();
  });
}

Reply post_specialisation(Call& call) {
  app::SpecialisationRequest r;
  r.denominator = choice_query(call, "denominator", {"total", "traded"});
  if (bool_query(call, "from_statistics", false)) return specialisation_from_statistics(call, r);
  if (!call.query("year").empty()) {
    throw bad_parameter("year", "only with from_statistics=true (a file's rows carry their years)");
  }
  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  r.employment = upload.path();
  auto file = std::make_shared<ingest::EmploymentFile>(
      read_upload(upload, [](const std::string& path) { return ingest::read_employment(path); }));
  return submit(call, "specialisation", &upload, [r, file](const app::Listener& listener) {
    listener.step("location quotients", 0.5);
    return app::specialise(r, std::move(*file)).document();
  });
}

// ---- spatial statistics -----------------------------------------------------------------------

// Contiguity weights over the API: the query says which rule (queen, or contiguity as the CLI's
// alias of it, or rook), the form's part "areas" carries the GeoJSON — never a path in the query,
// since a path on the server is nothing a client may name. The areas are read while the request
// waits, so a bad GeoJSON is this request's 4xx naming the part's file.
Reply spatial_with_areas(Call& call, app::SpatialRequest r, const std::string& rule) {
  if (!call.http.is_multipart_form_data()) {
    throw bad_parameter("areas",
                        "contiguity weights take the areas' GeoJSON as the part 'areas' of a "
                        "multipart/form-data body, beside the values as its part 'file'");
  }
  UploadWithPart form =
      receive_upload_with_part(call.http, *call.upload, call.query("filename"), "areas");
  if (!form.second) {
    throw bad_parameter("areas",
                        "the form has no part 'areas': contiguity weights need the areas' "
                        "GeoJSON FeatureCollection beside the values");
  }
  Upload& upload = form.file;
  const Upload& areas = *form.second;
  r.weights = (rule == "rook" ? "rook:" : "queen:") + areas.path();
  r.values = upload.path();
  auto values = std::make_shared<ingest::UnitValues>(
      read_upload(upload, [&](const std::string&) { return app::read_values(r); }));
  // The areas' errors may name the values' rows too: both files by their labels.
  auto geo = std::make_shared<ingest::GeojsonAreas>(read_upload(areas, [&](const std::string&) {
    try {
      return app::read_areas(r, *values);
    } catch (const Error& e) {
      throw relabelled(e, upload.path(), upload.label());
    }
  }));
  // The job needs the areas read, not their file, which goes with this request.
  return submit(
      call, "spatial-statistics", &upload,
      [r, values, geo, path = areas.path(), label = areas.label()](const app::Listener& listener) {
        try {
          return app::spatial_statistics(r, std::move(*values), std::move(*geo), listener)
              .document();
        } catch (const Error& e) {
          throw relabelled(e, path, label);
        }
      });
}

Reply post_spatial(Call& call) {
  app::SpatialRequest r;
  const std::string weights = call.query("weights");
  if (weights.empty()) throw bad_parameter("weights", "give knn:K, band:DISTANCE, queen or rook");
  const bool contiguity = weights == "queen" || weights == "rook" || weights == "contiguity";
  if (!contiguity) {
    r.weights = weights;
    check_parameters([&] {
      if (app::parse_weights(r.weights).kind == app::WeightsSpec::kContiguity) {
        throw bad_parameter("weights",
                            "give weights=queen or weights=rook, with the areas' GeoJSON as the "
                            "form's part 'areas': a path on the server is nothing a client may "
                            "name");
      }
    });
  }
  r.variable = call.query("variable");
  r.geojson_id = call.query("geojson_id");
  if (!r.geojson_id.empty() && !contiguity)
    throw bad_parameter("geojson_id", "only with contiguity weights (queen or rook)");
  r.permutations = int_query(call, "permutations", 999);
  const std::string seed = call.query("seed");
  if (!seed.empty()) {
    if (seed.size() > 19 || seed.find_first_not_of("0123456789") != std::string::npos)
      throw bad_parameter("seed", "give a whole number ≥ 0, not '" + seed + "'");
    r.seed = std::stoull(seed);
  }
  if (auto fdr = number_query(call, "fdr")) r.fdr = *fdr;
  if (r.permutations < 0 || r.permutations > 1000000)
    throw bad_parameter("permutations", "give a whole number from 0 to 1000000");
  if (!(r.fdr > 0 && r.fdr < 1)) throw bad_parameter("fdr", "give a number between 0 and 1");
  if (contiguity) return spatial_with_areas(call, r, weights);

  Upload upload = receive_upload(call.http, *call.upload, call.query("filename"));
  r.values = upload.path();
  auto values = std::make_shared<ingest::UnitValues>(
      read_upload(upload, [&](const std::string&) { return app::read_values(r); }));
  return submit(call, "spatial-statistics", &upload, [r, values](const app::Listener& listener) {
    return app::spatial_statistics(r, std::move(*values), listener).document();
  });
}

RouteDoc job_doc(std::string summary, std::vector<std::string> query) {
  RouteDoc d{std::move(summary), "analyses", "job", {}, nullptr, std::move(query)};
  d.upload = true;
  d.success_status = 202;
  return d;
}

}  // namespace

void add_discovery_routes(RouteTable& t) {
  // Analysts run them: they study where innovation concentrates. Programme-wide: the discovery
  // compares with every province's registered clusters.
  RouteDoc discovery = job_doc(
      "Density-based clusters (weighted DBSCAN) in an uploaded points file, with the "
      "registry comparison, as a job whose result is `discover --format json` "
      "(discovery.schema.json), or GeoJSON outlines with ?format=geojson, or only "
      "an ε suggestion with ?suggest_eps=K; with ?from_enterprises=true and no body, "
      "the points are the stored enterprises of ?year= (or the latest)",
      {"filename", "from_enterprises", "year", "eps_km", "min_weight", "metric", "split_large",
       "split_factor", "registry_km", "city_km", "earth_radius_km", "top", "suggest_eps",
       "registry", "format"});
  discovery.upload_optional = true;
  t.add({"POST", "/api/v1/discoveries", Action::kReadAggregateStatistics, programme_wide(),
         discovery, post_discovery});
  RouteDoc specialisation = job_doc(
      "Location quotients, strength flags and stars of an uploaded employment file, or with "
      "?from_statistics=true and no body of the programme's own figures (provinces × industry "
      "divisions, ?year= or the latest), as a job whose result is `specialise --format json` "
      "(specialisation.schema.json)",
      {"filename", "denominator", "from_statistics", "year"});
  specialisation.upload_optional = true;
  t.add({"POST", "/api/v1/specialisations", Action::kReadAggregateStatistics, programme_wide(),
         specialisation, post_specialisation});
  RouteDoc spatial = job_doc(
      "Moran's I, LISA and Gi* of an uploaded values file with knn or distance-band weights, or "
      "with ?weights=queen|rook contiguity of the areas' GeoJSON sent as the form's part `areas` "
      "beside its part `file`, as a job whose result is `spatial --format json` "
      "(spatial-statistics.schema.json)",
      {"filename", "weights", "variable", "geojson_id", "permutations", "seed", "fdr"});
  spatial.form_parts = {"areas"};
  t.add({"POST", "/api/v1/spatial-statistics", Action::kReadAggregateStatistics, programme_wide(),
         spatial, post_spatial});
}

}  // namespace atlas::server
