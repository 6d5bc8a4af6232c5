// Log in (a session cookie and its CSRF token), who am I, log out.
#include <chrono>

#include "atlas/auth/login_policy.h"
#include "atlas/core/date.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/route_groups.h"
#include "server/route_support.h"
#include "server/router.h"
#include "server/session_cookie.h"

namespace atlas::server {
namespace {

using Json = nlohmann::ordered_json;
using auth::Action;

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

}  // namespace

void add_session_routes(RouteTable& t) {
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
}

}  // namespace atlas::server
