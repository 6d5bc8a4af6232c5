// The programme's accounts for the administration page: list them, add one, change a role and
// scope, disable, enable and unlock — `clusteratlas user …`'s use cases (app/accounts.h), each
// change audited with the administrator's account by the store. No answer carries a password
// hash, a token or a session: the account document below names every field it sends, and a
// generated password is sent once, in the reply that made it.
#include "atlas/app/accounts.h"
#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/parameter_errors.h"
#include "server/route_groups.h"
#include "server/route_support.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

// What an account acts for: null for the whole programme; a province by its code, a zone or
// cluster by its id, each with its name; an expert account's linked pool expert by its code.
Json place_document(const app::AccountPlace& p) {
  if (p.kind.empty()) return nullptr;
  Json out = {{"kind", p.kind}};
  if (p.kind == "zone" || p.kind == "cluster") {
    out["id"] = std::stoll(p.key);
  } else {
    out["code"] = p.key;
  }
  if (p.kind != "expert") out["name"] = p.name;
  out["label"] = p.label();
  return out;
}

Json optional_text(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

Json account_row(const app::AccountView& v, const std::string& now) {
  const store::Account& a = v.account;
  return {{"id", a.id},
          {"login", a.login},
          {"display_name", a.display_name},
          {"role", auth::role_key(a.role)},
          {"scope", place_document(v.place)},
          {"disabled", a.disabled},
          // Locked while now is before locked_until (UTC strings sort as times).
          {"locked", a.locked_until.has_value() && now < *a.locked_until},
          {"locked_until", optional_text(a.locked_until)},
          {"failed_logins", a.failed_logins},
          {"must_change_password", a.must_change_password},
          {"created_at", a.created_at},
          {"last_login_at", optional_text(a.last_login_at)}};
}

// The account `id` as it is now; 404 when there is none.
Json account_now(const Call& call, std::int64_t id) {
  call.store().end_reads();  // after a write: read what it wrote
  auto a = call.store().account(id);
  if (!a) throw Error(ErrorKind::kNotFound, "no account with id " + std::to_string(id));
  return account_row({*a, app::account_place(call.db, *a)}, date::now_utc());
}

Reply list_accounts(Call& call) {
  Json rows = Json::array();
  const std::string now = date::now_utc();
  for (const auto& v : app::account_views(call.db)) rows.push_back(account_row(v, now));
  return {200, {{"accounts", rows}}, {}};
}

// The body's role and, for a province, zone or cluster account, its scope: one text naming the
// place of the role's kind as the CLI's --province / --zone / --cluster take it (湖北 or 420000;
// a zone's id or name; a cluster's id or name). Each problem is a 422 naming its field.
std::pair<auth::Role, auth::Scope> role_and_scope(const Call& call) {
  auto role =
      checking_parameters([&] { return app::account_role(string_field(call.body, "role", true)); });
  std::string place = string_field(call.body, "scope", false);
  const std::string kind(auth::role_key(role));
  if (auth::role_has_scope(role) && place.empty()) {
    invalid_input("scope", "a " + kind + " account needs the " + kind + " it acts for");
  }
  if (!auth::role_has_scope(role) && !place.empty()) {
    invalid_input("scope", "the role " + kind +
                               " has no scope; scopes are for province, zone and cluster accounts");
  }
  app::ScopeRequest request;
  if (role == auth::Role::kProvince) request.province = place;
  if (role == auth::Role::kZone) request.zone = place;
  if (role == auth::Role::kCluster) request.cluster = place;
  try {
    return {role, app::account_scope(call.db, request)};
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kNotFound || e.kind() == ErrorKind::kUsage) {
      invalid_input("scope", e.what());
    }
    throw;
  }
}

Reply add_account(Call& call) {
  app::NewAccountRequest request;
  request.login = string_field(call.body, "login", true);
  request.display_name = string_field(call.body, "display_name", false);
  std::tie(request.role, request.scope) = role_and_scope(call);
  auto password = call.body.find("password");
  if (password != call.body.end() && !password->is_null()) {
    request.password = string_field(call.body, "password", true);
  }
  auto temporary = call.body.find("temporary");
  if (temporary != call.body.end() && !temporary->is_null()) {
    if (!temporary->is_boolean()) invalid_input("temporary", "must be true or false");
    request.temporary = temporary->get<bool>();
  }
  auto added = app::add_account(call.db, request,
                                call.store_actor(string_field(call.body, "reason", false)));
  Json body = {{"account", account_now(call, added.id)}};
  if (added.generated_password) body["password"] = *added.generated_password;
  return {201, body, {}};
}

// An administrator who disabled or demoted their own account through the page would lock the
// office out of it; another administrator (or the CLI's operator) does it.
void refuse_own(const Call& call, std::int64_t id, const char* what) {
  if (call.who.account && call.who.account->id == id) {
    throw Error(ErrorKind::kRule,
                std::string("an administrator cannot ") + what +
                    " their own account; another administrator or `clusteratlas user` can");
  }
}

Reply set_role(Call& call) {
  auto id = path_id(call, "id", "account");
  auto [role, scope] = role_and_scope(call);
  refuse_own(call, id, "change the role of");
  call.store().end_reads();
  call.store().set_role(id, role, scope,
                        call.store_actor(string_field(call.body, "reason", false)));
  return {200, {{"account", account_now(call, id)}}, {}};
}

Reply disable(Call& call) {
  auto id = path_id(call, "id", "account");
  refuse_own(call, id, "disable");
  call.store().end_reads();
  call.store().set_disabled(id, true, call.store_actor("disable account"));
  return {200, {{"account", account_now(call, id)}}, {}};
}

Reply enable(Call& call) {
  auto id = path_id(call, "id", "account");
  call.store().end_reads();
  call.store().set_disabled(id, false, call.store_actor("enable account"));
  return {200, {{"account", account_now(call, id)}}, {}};
}

Reply unlock(Call& call) {
  auto id = path_id(call, "id", "account");
  call.store().end_reads();
  call.store().unlock(id, call.store_actor("unlock account"));
  return {200, {{"account", account_now(call, id)}}, {}};
}

// The account document's JSON Schema, for the OpenAPI document: the web page is written
// against exactly these keys (additionalProperties false: nothing else, no secret, is sent).
Json account_schema() {
  static const Json schema = Json::parse(R"({
    "type": "object",
    "additionalProperties": false,
    "required": ["id", "login", "display_name", "role", "scope", "disabled", "locked",
                 "locked_until", "failed_logins", "must_change_password", "created_at",
                 "last_login_at"],
    "properties": {
      "id": {"type": "integer"},
      "login": {"type": "string"},
      "display_name": {"type": "string"},
      "role": {"enum": ["admin", "province", "zone", "cluster", "expert", "analyst"]},
      "scope": {
        "description": "What the account acts for; null: the whole programme",
        "oneOf": [
          {"type": "null"},
          {"type": "object", "additionalProperties": false,
           "required": ["kind", "code", "name", "label"],
           "properties": {"kind": {"const": "province"}, "code": {"type": "string"},
                          "name": {"type": "string"}, "label": {"type": "string"}}},
          {"type": "object", "additionalProperties": false,
           "required": ["kind", "id", "name", "label"],
           "properties": {"kind": {"enum": ["zone", "cluster"]}, "id": {"type": "integer"},
                          "name": {"type": "string"}, "label": {"type": "string"}}},
          {"type": "object", "additionalProperties": false,
           "required": ["kind", "code", "label"],
           "properties": {"kind": {"const": "expert"}, "code": {"type": "string"},
                          "label": {"type": "string"}}}]},
      "disabled": {"type": "boolean"},
      "locked": {"type": "boolean"},
      "locked_until": {"type": ["string", "null"]},
      "failed_logins": {"type": "integer"},
      "must_change_password": {"type": "boolean"},
      "created_at": {"type": "string"},
      "last_login_at": {"type": ["string", "null"]}
    }
  })");
  return schema;
}

// {"account": account, …fields}: the answer of a change.
Json account_reply_schema(bool with_password) {
  Json properties = {{"account", account_schema()}};
  if (with_password) {
    properties["password"] = {{"type", "string"},
                              {"description", "The generated one-time password, sent once"}};
  }
  return {{"type", "object"},
          {"additionalProperties", false},
          {"properties", properties},
          {"required", Json::array({"account"})}};
}

}  // namespace

void add_account_routes(RouteTable& t) {
  const Json account_reply = account_reply_schema(false);
  const Json role_request =
      object_schema({{"role", "string"}, {"scope", "string"}, {"reason", "string"}}, {"role"});
  t.add({"GET",
         "/api/v1/accounts",
         Action::kManageAccounts,
         programme_wide(),
         {"Every account with its role, what it acts for and its state (as `user list`); never "
          "a password hash, token or session",
          "accounts", "",
          Json{{"type", "object"},
               {"additionalProperties", false},
               {"properties", {{"accounts", {{"type", "array"}, {"items", account_schema()}}}}},
               {"required", Json::array({"accounts"})}}},
         list_accounts});
  t.add({"POST",
         "/api/v1/accounts",
         Action::kManageAccounts,
         programme_wide(),
         {"Add an account (as `user add`), audited; without a password one is generated, sent "
          "once, and must be changed at the first login",
          "accounts",
          "",
          account_reply_schema(true),
          object_schema({{"login", "string"},
                         {"role", "string"},
                         {"scope", "string"},
                         {"display_name", "string"},
                         {"password", "string"},
                         {"temporary", "boolean"},
                         {"reason", "string"}},
                        {"login", "role"}),
          {},
          201},
         add_account});
  t.add({"PUT",
         "/api/v1/accounts/{id}/role",
         Action::kManageAccounts,
         programme_wide(),
         {"Change an account's role and scope (as `user set-role`), audited", "accounts", "",
          account_reply, role_request},
         set_role});
  t.add({"POST",
         "/api/v1/accounts/{id}/disable",
         Action::kManageAccounts,
         programme_wide(),
         {"Disable an account (as `user disable`): its sessions and tokens are revoked", "accounts",
          "", account_reply},
         disable});
  t.add({"POST",
         "/api/v1/accounts/{id}/enable",
         Action::kManageAccounts,
         programme_wide(),
         {"Enable a disabled account (as `user enable`)", "accounts", "", account_reply},
         enable});
  t.add({"POST",
         "/api/v1/accounts/{id}/unlock",
         Action::kManageAccounts,
         programme_wide(),
         {"Lift a lockout after failed logins (as `user unlock`)", "accounts", "", account_reply},
         unlock});
}

}  // namespace atlas::server
