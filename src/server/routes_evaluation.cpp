// Evaluations of the programme under a shipped indicator system, and what is read from them: the
// run itself (stored when asked, as `evaluate` stores a database run), the stored runs, two runs
// compared, one cluster's explanation, and the statistical audit of the index.
#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "atlas/app/audit.h"
#include "atlas/app/evaluation.h"
#include "atlas/app/evaluation_document.h"
#include "atlas/app/explain.h"
#include "atlas/app/runs.h"
#include "atlas/core/suggest.h"
#include "server/accepted_job.h"
#include "server/api_error.h"
#include "server/jobs.h"
#include "server/json_body.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// A field the route does not know is refused, not ignored: a misspelt "yaer" would otherwise
// evaluate the latest year without a word.
void only_fields(const nlohmann::json& body, const std::set<std::string>& known) {
  for (const auto& [key, value] : body.items()) {
    if (known.count(key)) continue;
    std::vector<std::string> names(known.begin(), known.end());
    throw field_error(key, "不是此请求的字段",
                      fmt::format("not a field of this request{}; the fields: {}",
                                  text::did_you_mean(key, names), fmt::join(names, ", ")));
  }
}

bool boolean_field(const nlohmann::json& body, const std::string& key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return false;
  if (!it->is_boolean()) throw field_error(key, "须为 true 或 false", "must be true or false");
  return it->get<bool>();
}

// One of `methods` or nothing; a 422 naming the field and the closest method otherwise.
std::optional<std::string> method_field(const nlohmann::json& body, const std::string& key,
                                        const std::vector<std::string>& methods) {
  std::string value = string_field(body, key, false);
  if (value.empty()) return std::nullopt;
  if (std::find(methods.begin(), methods.end(), value) == methods.end()) {
    throw field_error(key, "不是已知的方法",
                      fmt::format("no method '{}'{}; the methods: {}", value,
                                  text::did_you_mean(value, methods), fmt::join(methods, ", ")));
  }
  return value;
}

// The request of an evaluation, an explanation or an audit: a shipped system (the CLI's default
// when `fallback` is given), the year, the province, and the what-if methods the CLI has.
const std::set<std::string> kEvaluationFields = {"system",    "year",      "province", "normalise",
                                                 "weighting", "aggregate", "impute",   "outliers"};

app::EvaluationRequest evaluation_request(const Call& call, const std::string& fallback) {
  const auto& body = call.body;
  app::EvaluationRequest r;
  r.system = string_field(body, "system", fallback.empty());
  if (r.system.empty()) r.system = fallback;
  // Only a shipped system: a name is never a path on the server's disk.
  if (!app::is_shipped_system(r.system)) app::load_shipped_system(r.system);  // throws 404
  auto year = integer_field(body, "year", false);
  if (year && (*year < 1900 || *year > 9999)) {
    throw field_error("year", "须为四位年份", "must be a year such as 2024");
  }
  r.year = static_cast<int>(year.value_or(0));
  r.province = string_field(body, "province", false);
  r.options.normalise = method_field(body, "normalise", evaluate::normalise_methods());
  r.options.weighting = method_field(body, "weighting", evaluate::weighting_methods());
  r.options.aggregate = method_field(body, "aggregate", evaluate::aggregate_methods());
  r.options.impute = method_field(body, "impute", evaluate::impute_methods());
  r.options.outliers = method_field(body, "outliers", evaluate::outlier_methods());
  r.compare_previous = true;  // rank_change, as `evaluate` fills it
  return r;
}

// An analysis's size: 0 (none) up to `most`; a 422 naming the field otherwise.
int analysis_field(const Call& call, const std::string& name, std::int64_t most) {
  auto n = integer_field(call.body, name, false).value_or(0);
  if (n < 0 || n > most) {
    throw field_error(name, fmt::format("须在 0 到 {} 之间", most),
                      fmt::format("must be 0 (none) to {}", most));
  }
  return static_cast<int>(n);
}

// An evaluation with an uncertainty or sensitivity analysis runs as a job: thousands of
// replications take longer than a request may, and the client polls GET /api/v1/jobs/{id}.
Reply evaluation_job(Call& call, const app::EvaluationRequest& request, std::size_t top) {
  call.store().end_reads();
  JobSpec spec = caller_job(call, "evaluation");
  spec.work = [db = call.db, request, top](JobProgress& progress) {
    progress.report(0, std::nullopt, "evaluation");
    app::EvaluationListener listener;
    listener.progress = [&progress](std::string_view analysis, std::size_t done,
                                    std::size_t total) {
      progress.report(static_cast<std::int64_t>(done), static_cast<std::int64_t>(total),
                      std::string(analysis));
    };
    auto evaluation = app::run_evaluation(&db, request, listener);
    db.store().end_reads();
    return app::best_units(app::evaluation_document(*evaluation), top);
  };
  return accepted_job(std::move(spec));
}

Reply evaluate(Call& call) {
  auto fields = kEvaluationFields;
  fields.insert({"top", "store", "reason", "uncertainty", "sensitivity", "seed"});
  only_fields(call.body, fields);
  auto request = evaluation_request(call, "");
  auto top = integer_field(call.body, "top", false).value_or(0);
  if (top < 0) throw field_error("top", "不能为负数", "must be 0 (every unit) or more");
  bool store = boolean_field(call.body, "store");
  std::string reason = string_field(call.body, "reason", false);
  request.uncertainty = analysis_field(call, "uncertainty", 100000);
  request.sensitivity = analysis_field(call, "sensitivity", 100000);
  request.seed = static_cast<std::uint64_t>(integer_field(call.body, "seed", false).value_or(1));
  if (request.uncertainty > 0 || request.sensitivity > 0) {
    if (store) {
      throw field_error("store", "不能与不确定性或敏感性分析同时使用",
                        "cannot be given with an uncertainty or sensitivity analysis: store the "
                        "evaluation itself, then analyse it");
    }
    return evaluation_job(call, request, static_cast<std::size_t>(top));
  }
  auto evaluation = app::run_evaluation(&call.db, request);
  Reply reply{200,
              app::best_units(app::evaluation_document(*evaluation), static_cast<std::size_t>(top)),
              {}};
  if (store) {  // as `evaluate` stores a database run: the whole document, every unit
    auto stored = app::stored_run(*evaluation);
    call.store().end_reads();  // the evaluation's reads must not pin the write to an old snapshot
    auto id = call.store().save_run(stored, call.store_actor(reason));
    reply.status = 201;
    reply.headers.push_back({"Location", fmt::format("/api/v1/runs/{}", id)});
  }
  return reply;
}

// The place a request's body names, read here, before the route runs, so the policy sees it: an
// explanation's cluster (by id, exact name or a unique part of it) with its zone and province, or
// an audit's province. A body that is not JSON or names neither is programme-wide (the route
// then says what is wrong, to whoever may ask).
ResourceRule place_in_body(bool cluster) {
  return {cluster ? "the body's cluster" : "the body's province, else programme",
          [cluster](const Call& call) {
            auth::Resource r;
            auto body = nlohmann::json::parse(call.http.body, nullptr, false);
            if (!body.is_object()) return r;
            auto text = [&](const char* key) {
              auto it = body.find(key);
              return it != body.end() && it->is_string() ? it->get<std::string>() : "";
            };
            if (cluster) {
              if (auto name = text("cluster"); !name.empty()) {
                auto c = call.db.cluster(name);
                r.cluster_id = c.id;
                r.zone_id = c.zone_id;
                r.province_code = c.province_code;
              }
            } else if (auto province = text("province"); !province.empty()) {
              r.province_code = call.db.province(province).code;
            }
            return r;
          }};
}

Reply explain(Call& call) {
  auto fields = kEvaluationFields;
  fields.insert("cluster");
  only_fields(call.body, fields);
  auto request = evaluation_request(call, "torch-iic");
  // The same look-up as the resource rule's, so the cluster explained is the one authorised.
  auto cluster = call.db.cluster(string_field(call.body, "cluster", true));
  auto x = app::explain_unit(&call.db, request, std::to_string(cluster.id));
  return {200, x.document(), {}};
}

Reply audit(Call& call) {
  only_fields(call.body, kEvaluationFields);
  auto a = app::audit_index(&call.db, evaluation_request(call, "torch-iic"));
  return {200, a.document(), {}};
}

std::int64_t run_id(const Call& call, const std::string& name) {
  const std::string& text = call.params.at(name);
  auto id = parse_id(text);
  if (!id) {
    throw ApiError(404, "not-found", "没有编号为 " + text + " 的评价运行",
                   "no run '" + text + "' (runs are numbered: GET /api/v1/runs)",
                   {"", 0, "", name});
  }
  return *id;
}

// ?province= narrows them to that province's clusters (app/runs.h): what its department reads.
Reply runs(Call& call) {
  return {200, listing(call, app::runs_table(call.db, call.query("province"))), {}};
}

Reply run(Call& call) {
  auto t = app::run_ranking(call.db, run_id(call, "id"), call.query("province"));
  return {200, listing(call, t), {}};
}

Reply compare(Call& call) {
  auto t = app::compare_runs(call.db, run_id(call, "a"), run_id(call, "b"), call.query("province"));
  return {200, listing(call, t), {}};
}

Json evaluation_body(std::initializer_list<std::pair<const char*, const char*>> extra,
                     std::initializer_list<const char*> required) {
  Json schema = object_schema({{"system", "string"},
                               {"year", "integer"},
                               {"province", "string"},
                               {"normalise", "string"},
                               {"weighting", "string"},
                               {"aggregate", "string"},
                               {"impute", "string"},
                               {"outliers", "string"}},
                              required);
  for (auto [name, type] : extra) schema["properties"][name] = {{"type", type}};
  schema["additionalProperties"] = false;
  return schema;
}

}  // namespace

void add_evaluation_routes(RouteTable& t) {
  RouteDoc evaluation{
      "Evaluate the clusters of a year against a shipped indicator system (as `evaluate`); "
      "with store: true the run is stored (201, Location: the run) and audited; with an "
      "uncertainty or sensitivity analysis it runs as a job (202, Location: the job)",
      "evaluation",
      "evaluation",
      {},
      evaluation_body({{"top", "integer"},
                       {"store", "boolean"},
                       {"reason", "string"},
                       {"uncertainty", "integer"},
                       {"sensitivity", "integer"},
                       {"seed", "integer"}},
                      {"system"})};
  evaluation.also_success_status = 201;
  evaluation.may_start_job = true;
  t.add({"POST", "/api/v1/evaluations", Action::kRunEvaluation, programme_wide(), evaluation,
         evaluate});
  t.add({"POST",
         "/api/v1/evaluations/audit",
         Action::kReadEvaluations,
         place_in_body(false),
         {"The statistical audit of an index on a year's clusters (as `audit`)",
          "evaluation",
          "audit",
          {},
          evaluation_body({}, {})},
         audit});
  t.add({"POST",
         "/api/v1/explanations",
         Action::kReadEvaluations,
         place_in_body(true),
         {"Why one cluster got its score: each indicator's value, weight and contribution (as "
          "`explain`)",
          "evaluation",
          "explanation",
          {},
          evaluation_body({{"cluster", "string"}}, {"cluster"})},
         explain});
  // Stored runs rank clusters of every province against each other: programme-wide, or one
  // province's part (?province=), which its department reads.
  t.add({"GET",
         "/api/v1/runs",
         Action::kReadEvaluations,
         place_in_query({"province"}),
         {"The stored evaluations, oldest first (as `runs list`); with ?province= those ranking "
          "its clusters",
          "evaluation",
          "runs",
          {},
          nullptr,
          {"province"}},
         runs});
  t.add({"GET",
         "/api/v1/runs/{id}",
         Action::kReadEvaluations,
         place_in_query({"province"}),
         {"A stored evaluation's ranking (as `runs show`); with ?province= that province's "
          "clusters, with their ranks in the run",
          "evaluation",
          "run-ranking",
          {},
          nullptr,
          {"province"}},
         run});
  t.add({"GET",
         "/api/v1/runs/{a}/compare/{b}",
         Action::kReadEvaluations,
         place_in_query({"province"}),
         {"How each unit's rank moved from run a to run b (as `runs compare`); with ?province= "
          "that province's clusters",
          "evaluation",
          "run-comparison",
          {},
          nullptr,
          {"province"}},
         compare});
}

}  // namespace atlas::server
