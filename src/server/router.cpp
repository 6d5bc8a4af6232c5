#include "server/router.h"

#include <algorithm>
#include <cctype>

#include "atlas/auth/secrets.h"
#include "atlas/core/date.h"
#include "server/api_error.h"
#include "server/json_body.h"
#include "server/session_cookie.h"

namespace atlas::server {
namespace {

bool changes_state(const std::string& method) {
  return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// A body the route reads itself: one of its text types, UTF-8 or without a charset (any other
// charset falls through to the JSON check, which refuses it with 415).
bool is_text_body(const Route& route, const std::string& content_type) {
  std::string lowered;
  for (char c : content_type) {
    if (c != ' ') lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  auto semicolon = lowered.find(';');
  std::string type = lowered.substr(0, semicolon);
  std::string params = semicolon == std::string::npos ? "" : lowered.substr(semicolon + 1);
  const auto& types = route.doc().text_body_types;
  return std::find(types.begin(), types.end(), type) != types.end() &&
         (params.empty() || params == "charset=utf-8");
}

ApiError unauthenticated(const std::string& why_zh, const std::string& why_en) {
  return {401, "unauthenticated", why_zh, why_en};
}

// The data's generation (Store::latest_change()), read at most once per request, on first use.
class Generation {
 public:
  explicit Generation(const app::Database& db) : db_(db) {}
  std::int64_t operator()() {
    if (!read_) {
      value_ = db_.store().latest_change();
      read_ = true;
    }
    return value_;
  }

 private:
  const app::Database& db_;
  // Not a std::optional: GCC's -O2 in a unity build warns it "may be used uninitialized".
  bool read_ = false;
  std::int64_t value_ = 0;
};

// The caller: a Bearer token must be valid (a wrong one is 401, never the public); a session
// cookie that is unknown, expired or revoked counts as nobody signed in.
Identity identify(const httplib::Request& request, store::Store& store, TokenCache* tokens,
                  Generation& generation) {
  Identity who;
  std::string now = date::now_utc();
  if (request.has_header("Authorization")) {
    std::string value = request.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (value.rfind(prefix, 0) != 0) {
      throw unauthenticated("Authorization 头须为 Bearer 令牌",
                            "the Authorization header must be 'Bearer ca_…'");
    }
    const std::string token = value.substr(prefix.size());
    auto account =
        tokens ? tokens->find(store, token, now, generation()) : store.find_token(token, now);
    if (!account) {
      throw unauthenticated("API 令牌无效、已过期或已吊销",
                            "the API token is unknown, expired or revoked");
    }
    who.actor = account->policy_actor();
    who.account = std::move(account);
    return who;
  }
  auto secret = cookie_value(request.get_header_value("Cookie"), kSessionCookie);
  if (!secret) return who;
  auto session = store.find_session(*secret, now);
  if (!session) return who;
  auto account = store.account(session->account_id);
  if (!account || account->disabled) return who;
  who.actor = account->policy_actor();
  who.account = std::move(account);
  who.session = std::move(session);
  return who;
}

// The cache's key of a request: its path and its query parameters in order.
std::string cache_key(const httplib::Request& request) {
  std::string key = request.path;
  char sep = '?';
  for (const auto& [name, value] : request.params) {  // a multimap: sorted by name
    key += sep + name + '=' + value + '\x1f';
    sep = '&';
  }
  return key;
}

Reply run(const RouteTable& table, const httplib::Request& request, const app::Database& db,
          bool secure_cookies, UploadSource* upload, std::string& account, const Kept& kept,
          std::shared_ptr<const std::string>& body) {
  auto found = table.find(request.method, request.path);
  if (!found.route) {
    if (found.methods.empty()) {
      throw ApiError(404, "no-such-route", "没有这个地址：" + request.path,
                     "no such route: " + request.path);
    }
    std::string allow;
    for (const auto& m : found.methods) allow += (allow.empty() ? "" : ", ") + m;
    ApiError e(405, "method-not-allowed", request.method + " 不适用于 " + request.path,
               request.method + " is not allowed on " + request.path + " (allowed: " + allow + ")");
    Reply reply{405, error_body(e), {{"Allow", allow}}};
    return reply;
  }
  const Route& route = *found.route;
  // Read on its first use, before what it vouches for (a token's look-up, a document's
  // computation): a kept answer is at least as new as the generation it is kept for.
  Generation generation(db);
  Identity who = identify(request, db.store(), kept.tokens, generation);
  if (who.account) account = who.account->login;
  // An account given a one-time password (`user add`, `user reset-password`) may only see who
  // it is, change the password and sign out until it has chosen its own: the one-time
  // password passed through someone else's hands. Here, once, for every route.
  if (who.account && who.account->must_change_password && route.action() != auth::Action::kLogIn &&
      route.action() != auth::Action::kManageOwnAccount) {
    throw ApiError(403, "password-change-required", "请先修改密码（PUT /api/v1/session/password）",
                   "the account '" + who.account->login +
                       "' must change its password first: PUT /api/v1/session/password");
  }
  Call call{request, std::move(found.params), db, who, secure_cookies, {}};
  if (route.takes_upload()) {
    if (!upload) throw std::logic_error("an upload route reached without its body reader");
    call.upload = upload;
  }

  // A browser sends the cookie with any request to us; only our page knows the CSRF token.
  // Logging in is exempt: it proves itself with the password.
  if (who.session && changes_state(request.method) && route.action() != auth::Action::kLogIn) {
    std::string token = request.get_header_value("X-CSRF-Token");
    if (token.empty()) {
      throw ApiError(403, "csrf-token-missing", "缺少 X-CSRF-Token 请求头",
                     "a change made with the session cookie needs the X-CSRF-Token header");
    }
    if (!auth::matches_hash(who.session->csrf_hash, token)) {
      throw ApiError(403, "csrf-token-mismatch", "X-CSRF-Token 与会话不符",
                     "the X-CSRF-Token header does not match the session");
    }
  }

  auth::Resource resource = route.resource().resolve(call);
  if (!auth::allowed(who.actor, route.action(), resource)) {
    std::string action(auth::action_key(route.action()));
    if (!who.account) throw unauthenticated("请先登录", "sign in first (" + action + ")");
    throw ApiError(403, "forbidden", "无权执行此操作：" + action,
                   "the account '" + who.account->login + "' may not " + action + " here");
  }
  if (route.takes_body() && !is_text_body(route, request.get_header_value("Content-Type"))) {
    call.body = parse_json_body(request.get_header_value("Content-Type"), request.body);
  }
  db.store().end_reads();  // the look-ups above must not pin the handler to an old snapshot
  if (kept.documents == nullptr || !route.doc().cached) return route.handler()(call);
  const std::string key = cache_key(request);
  Reply reply;  // the handler's, when this worker computed the document
  body = kept.documents->get(key, generation(), [&]() -> ResponseCache::Body {
    reply = route.handler()(call);
    if (reply.status != 200 || !reply.headers.empty() || !reply.download.empty()) return nullptr;
    return std::make_shared<const std::string>(reply.body.dump());
  });
  return reply;
}

}  // namespace

Dispatched dispatch(const RouteTable& table, const httplib::Request& request,
                    const app::Database& db, bool secure_cookies, UploadSource* upload,
                    const Kept& kept) {
  Dispatched out;
  try {
    out.reply = run(table, request, db, secure_cookies, upload, out.account, kept, out.body);
  } catch (const ApiError& e) {
    out.reply = {e.status(), error_body(e), {}};
  } catch (const Error& e) {
    auto api = from_error(e);
    out.reply = {api.status(), error_body(api), {}};
  } catch (const std::exception& e) {
    ApiError api(500, "internal", "服务器内部错误", std::string("internal error: ") + e.what());
    out.reply = {500, error_body(api), {}};
  }
  if (!out.body) out.body = std::make_shared<const std::string>(out.reply.body.dump());
  try {
    db.store().end_reads();  // the next request on this worker sees the others' writes
  } catch (const std::exception&) {
    // The store could not be opened: the reply already says so.
  }
  return out;
}

}  // namespace atlas::server
