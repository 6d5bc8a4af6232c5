// The routes of the API, each request → one app/ or store call → JSON. Which action and which
// resource each route declares is the authorisation contract (docs/api.md lists it; the
// authorisation-matrix test in tests/api checks every route against it).
#include <chrono>

#include <fmt/format.h>

#include "atlas/app/clusters.h"
#include "atlas/app/enterprises.h"
#include "atlas/app/evaluation.h"
#include "atlas/app/evaluation_document.h"
#include "atlas/app/statistics.h"
#include "atlas/app/table_document.h"
#include "atlas/app/zones.h"
#include "atlas/auth/login_policy.h"
#include "atlas/core/date.h"
#include "atlas/core/resources.h"
#include "atlas/domain/status.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/openapi.h"
#include "server/router.h"
#include "server/session_cookie.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// A listing as its `--format json` prints it, with the synthetic-data notice when the data set is
// the demo (every result on it says so).
Json listing(const Call& call, report::Table t) {
  if (auto notice = call.db.synthetic_notice()) t.notes.push_back(*notice);
  return app::table_document(t);
}

int int_query(const Call& call, const std::string& name, int fallback) {
  std::string text = call.query(name);
  if (text.empty()) return fallback;
  try {
    std::size_t used = 0;
    int v = std::stoi(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw ApiError(422, "invalid-input", "查询参数 " + name + " 须为整数",
                 "query parameter " + name + " must be an integer, not '" + text + "'",
                 {"", 0, "", name});
}

Json account_document(const store::Account& a) {
  Json scope = Json::object();
  if (a.scope.province_code) scope["province"] = *a.scope.province_code;
  if (a.scope.zone_id) scope["zone"] = *a.scope.zone_id;
  if (a.scope.cluster_id) scope["cluster"] = *a.scope.cluster_id;
  return {{"id", a.id},
          {"login", a.login},
          {"display_name", a.display_name},
          {"role", auth::role_key(a.role)},
          {"scope", scope},
          {"must_change_password", a.must_change_password}};
}

Json object_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                   std::initializer_list<const char*> required) {
  Json props = Json::object();
  for (auto [name, type] : fields) props[name] = {{"type", type}};
  Json req = Json::array();
  for (auto name : required) req.push_back(name);
  return {{"type", "object"}, {"properties", props}, {"required", req}};
}

Reply login(Call& call) {
  std::string login = string_field(call.body, "login", true);
  std::string password = string_field(call.body, "password", true);
  std::string now = date::now_utc();
  auto result = call.store().log_in(login, password, call.http.remote_addr, now);
  call.store().end_reads();  // create_session writes next
  switch (result.outcome) {
    case store::LoginOutcome::kOk: break;
    case store::LoginOutcome::kLocked:
      throw ApiError(423, "account-locked", "登录失败次数过多，账号已锁定至 " + result.retry_after,
                     "too many failed logins: the account is locked until " + result.retry_after);
    case store::LoginOutcome::kAddressThrottled:
      throw ApiError(
          429, "too-many-attempts",
          "此地址登录失败次数过多，请于 " + result.retry_after + " 后再试",
          "too many failed logins from this address: try again after " + result.retry_after);
    // A disabled account is told apart from a wrong password by nobody but an administrator.
    case store::LoginOutcome::kDisabled:
    case store::LoginOutcome::kRefused:
      throw ApiError(401, "login-failed", "登录名或密码错误", "wrong login name or password");
  }
  const auto& account = *result.account;
  auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(auth::kSessionLifetime);
  std::string expires = auth::utc_plus(now, lifetime).value_or(now);
  store::Actor actor{account.login, now, date::today()};
  actor.account_id = account.id;
  actor.origin = call.http.remote_addr;
  auto session = call.store().create_session(account.id, expires, actor);
  Reply reply;
  reply.body = {{"account", account_document(account)},
                {"csrf_token", session.csrf_token},
                {"expires_at", expires}};
  reply.headers.emplace_back("Set-Cookie", session_cookie(kSessionCookie, session.secret,
                                                          lifetime.count(), call.secure_cookies));
  return reply;
}

Reply who_am_i(Call& call) {
  Json body = {{"account", account_document(*call.who.account)},
               {"via", call.who.session ? "session" : "token"}};
  if (call.who.session) body["expires_at"] = call.who.session->expires_at;
  return {200, body, {}};
}

Reply logout(Call& call) {
  if (!call.who.session) {
    throw ApiError(400, "not-a-session", "API 令牌无需登出；吊销令牌请用 user token revoke",
                   "a token has no session to end: revoke it with `clusteratlas user token "
                   "revoke`");
  }
  call.store().revoke_session(call.who.session->id, call.store_actor("logout"));
  return {200,
          {{"signed_out", true}},
          {{"Set-Cookie", expired_cookie(kSessionCookie, call.secure_cookies)}}};
}

Reply overview(Call& call) {
  int year = call.db.year_or_latest(0);
  Json body = {{"year", year == 0 ? Json() : Json(year)}};
  body["statistics"] =
      year == 0 ? Json() : listing(call, app::programme_statistics(call.db, {"region", year}));
  app::ClusterListRequest clusters;
  clusters.in_programme = true;
  body["clusters"] = listing(call, app::cluster_list(call.db, clusters));
  return {200, body, {}};
}

Reply zones(Call& call) {
  return {200,
          listing(call, app::zone_list(call.db, {call.query("province"), call.query("level")})),
          {}};
}

Reply enterprises(Call& call) {
  app::EnterpriseListRequest request;
  request.year = int_query(call, "year", 0);
  request.cluster = call.query("cluster");
  request.province = call.query("province");
  request.high_tech = call.query("high_tech") == "true";
  request.limit = int_query(call, "limit", 50);
  return {200, listing(call, app::enterprise_list(call.db, request)), {}};
}

Reply evaluate(Call& call) {
  app::EvaluationRequest request;
  request.system = string_field(call.body, "system", true);
  // Only a shipped system: a name is never a path on the server's disk.
  if (!find_resource("data/systems/" + request.system + ".yaml") ||
      request.system.find('/') != std::string::npos) {
    throw ApiError(404, "not-found", "没有名为 " + request.system + " 的指标体系",
                   "no shipped indicator system named '" + request.system +
                       "' (see `clusteratlas systems list`)",
                   {"", 0, "", "system"});
  }
  request.year = static_cast<int>(integer_field(call.body, "year", false).value_or(0));
  request.province = string_field(call.body, "province", false);
  auto evaluation = app::run_evaluation(&call.db, request);
  return {200, app::evaluation_document(*evaluation), {}};
}

Reply set_status(Call& call) {
  const std::string& id_text = call.params.at("id");
  auto id = parse_id(id_text);
  auto cluster = id ? call.store().cluster(*id) : std::nullopt;
  if (!cluster) {
    throw Error(ErrorKind::kNotFound, "no cluster with id " + id_text);
  }
  auto status = domain::parse_status(string_field(call.body, "status", true));
  if (!status) {
    throw ApiError(422, "invalid-input", "未知的状态",
                   "unknown status: use applicant, cultivation, pilot, recognised, warned or "
                   "removed",
                   {"", 0, "", "status"});
  }
  std::string date = string_field(call.body, "date", false);
  std::string today = date::today();
  if (date.empty()) date = today;
  if (auto p = domain::decision_date_problem(date, today)) {
    throw ApiError(422, "invalid-input", "字段 date 无效：" + *p, *p, {"", 0, "", "date"});
  }
  std::string reason = string_field(call.body, "reason", false);
  call.store().end_reads();  // the look-up above must not pin the write to an old snapshot
  domain::StatusChange change{*status, date, string_field(call.body, "document_number", false),
                              reason,  "",   ""};
  call.store().change_status(cluster->id, change, call.store_actor(reason));
  return {200,
          {{"cluster", cluster->id},
           {"name", cluster->name},
           {"from", domain::status_key(cluster->status)},
           {"to", domain::status_key(*status)},
           {"date", date}},
          {}};
}

}  // namespace

RouteTable api_routes() {
  RouteTable t;
  const Json status_body = object_schema({{"status", "string"}}, {"status"});
  t.add({"GET",
         "/healthz",
         Action::kLogIn,
         programme_wide(),
         {"Liveness: the process answers", "health", "", status_body},
         [](Call&) {
           return Reply{200, {{"status", "ok"}}, {}};
         }});
  t.add({"GET",
         "/readyz",
         Action::kLogIn,
         programme_wide(),
         {"Readiness: the store answers", "health", "",
          object_schema({{"status", "string"}, {"schema_version", "integer"}}, {"status"})},
         [](Call& call) {
           return Reply{
               200, {{"status", "ready"}, {"schema_version", call.store().schema_version()}}, {}};
         }});
  t.add({"GET",
         "/api/v1/openapi.json",
         Action::kLogIn,
         programme_wide(),
         {"This document: every route, generated from the route table", "meta", "",
          Json{{"type", "object"}}},
         [](Call&) {
           static const Json document = openapi_document(api_routes());
           return Reply{200, document, {}};
         }});
  const Json account_body = object_schema(
      {{"account", "object"}, {"csrf_token", "string"}, {"expires_at", "string"}}, {"account"});
  t.add({"POST",
         "/api/v1/session",
         Action::kLogIn,
         programme_wide(),
         {"Log in: sets the session cookie and returns the CSRF token", "session", "", account_body,
          object_schema({{"login", "string"}, {"password", "string"}}, {"login", "password"})},
         login});
  t.add({"GET",
         "/api/v1/session",
         Action::kManageOwnAccount,
         programme_wide(),
         {"Who am I: the account of the session or token", "session", "",
          object_schema({{"account", "object"}, {"via", "string"}}, {"account", "via"})},
         who_am_i});
  t.add({"DELETE",
         "/api/v1/session",
         Action::kManageOwnAccount,
         programme_wide(),
         {"Log out: ends the cookie's session", "session", "",
          object_schema({{"signed_out", "boolean"}}, {"signed_out"})},
         logout});
  t.add({"GET",
         "/api/v1/overview",
         Action::kReadPublicOverview,
         programme_wide(),
         {"The public programme overview: national statistics of the latest year by region and "
          "the clusters in the programme",
          "overview", "",
          object_schema({{"year", "integer"}, {"statistics", "object"}, {"clusters", "object"}},
                        {"year", "statistics", "clusters"})},
         overview});
  t.add({"GET",
         "/api/v1/zones",
         Action::kReadRegistry,
         place_in_query({"province"}),
         {"High-tech zones, each with its active cluster (as `zone list`)",
          "registry",
          "zones",
          {},
          nullptr,
          {"province", "level"}},
         zones});
  t.add({"GET",
         "/api/v1/enterprises",
         Action::kReadEnterpriseRows,
         place_in_query({"cluster", "province"}),
         {"A year's enterprises, largest first (as `enterprise list`)",
          "statistics",
          "enterprises",
          {},
          nullptr,
          {"year", "cluster", "province", "high_tech", "limit"}},
         enterprises});
  t.add({"POST",
         "/api/v1/evaluations",
         Action::kRunEvaluation,
         programme_wide(),
         {"Evaluate the clusters of a year against a shipped indicator system (as `evaluate`)",
          "evaluation",
          "evaluation",
          {},
          object_schema({{"system", "string"}, {"year", "integer"}, {"province", "string"}},
                        {"system"})},
         evaluate});
  t.add({"POST",
         "/api/v1/clusters/{id}/status",
         Action::kChangeRegistry,
         cluster_in_path("id"),
         {"Record a status decision of a cluster (as `cluster set-status`), audited with the "
          "account",
          "registry", "",
          object_schema({{"cluster", "integer"},
                         {"name", "string"},
                         {"from", "string"},
                         {"to", "string"},
                         {"date", "string"}},
                        {"cluster", "to", "date"}),
          object_schema({{"status", "string"},
                         {"date", "string"},
                         {"document_number", "string"},
                         {"reason", "string"}},
                        {"status"})},
         set_status});
  return t;
}

}  // namespace atlas::server
