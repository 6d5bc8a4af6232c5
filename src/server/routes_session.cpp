// Log in (a session cookie and its CSRF token), who am I, log out.
#include <chrono>

#include "atlas/auth/login_policy.h"
#include "atlas/auth/secrets.h"
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

// The account's own new password. The current one is checked as a login is (so guessing it is
// throttled and locks the account like guessing at the login form); the new one must pass the
// same rule as `clusteratlas user add` (auth::password_problem) and differ from the current one,
// or a one-time password could be kept by "changing" it to itself.
Reply change_password(Call& call) {
  std::string current = string_field(call.body, "current", true);
  std::string fresh = string_field(call.body, "new", true);
  const auto& account = *call.who.account;
  if (auto problem = auth::password_problem(fresh, account.login)) {
    throw ApiError(422, "weak-password",
                   "新密码不符合要求（至少 12 个字符、5 种不同字符、不含登录名）",
                   "the new password: " + *problem, {"", 0, "", "new"});
  }
  if (fresh == current) {
    throw ApiError(422, "password-unchanged", "新密码不能与当前密码相同",
                   "the new password is the current one", {"", 0, "", "new"});
  }
  auto result = call.store().log_in(account.login, current, call.http.remote_addr, date::now_utc());
  call.store().end_reads();  // the change writes next
  switch (result.outcome) {
    case store::LoginOutcome::kOk: break;
    case store::LoginOutcome::kLocked:
      throw ApiError(423, "account-locked",
                     "当前密码错误次数过多，账号已锁定至 " + result.retry_after,
                     "too many wrong passwords: the account is locked until " + result.retry_after);
    case store::LoginOutcome::kAddressThrottled:
      throw ApiError(
          429, "too-many-attempts",
          "此地址登录失败次数过多，请于 " + result.retry_after + " 后再试",
          "too many failed logins from this address: try again after " + result.retry_after);
    case store::LoginOutcome::kDisabled:
    case store::LoginOutcome::kRefused:
      throw ApiError(422, "wrong-password", "当前密码错误", "the current password is wrong",
                     {"", 0, "", "current"});
  }
  std::optional<std::int64_t> keep;
  if (call.who.session) keep = call.who.session->id;
  call.store().change_own_password(account.id, auth::hash_password(fresh), keep,
                                   call.store_actor("change own password"));
  return {200, {{"password_changed", true}, {"other_sessions_revoked", true}}, {}};
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
  t.add({"PUT",
         "/api/v1/session/password",
         Action::kManageOwnAccount,
         programme_wide(),
         {"Change one's own password: clears must_change_password, ends one's other sessions",
          "session", "",
          object_schema({{"password_changed", "boolean"}, {"other_sessions_revoked", "boolean"}},
                        {"password_changed", "other_sessions_revoked"}),
          object_schema({{"current", "string"}, {"new", "string"}}, {"current", "new"})},
         change_password});
}

}  // namespace atlas::server
