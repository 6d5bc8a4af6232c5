// From an HTTP request to a reply: finds the route (404 no-such-route, 405 with Allow),
// identifies the caller (API token, else session cookie, else the public), checks the CSRF
// token of a cookie session's state-changing request, asks auth::allowed() once for the
// route's action and resource (401 for the public, 403 for an account), reads the JSON body of
// a route that takes one, and runs the handler. Every failure is a JSON error (api_error.h).
#pragma once
#include <string>

#include <httplib.h>

#include "atlas/app/database.h"
#include "server/response_cache.h"
#include "server/routes.h"
#include "server/token_cache.h"

namespace atlas::server {

// The cookie that carries the session's secret.
inline constexpr const char* kSessionCookie = "atlas_session";

struct Dispatched {
  Reply reply;          // its body is in `body`, serialised
  std::string account;  // the login of who asked, for the access log; empty: the public
  std::shared_ptr<const std::string> body;  // the JSON text to send
};

// What the server keeps between requests, shared by its workers; a null member keeps nothing.
// Both are keyed by the data's generation (Store::latest_change()), which a request reads once,
// before anything it vouches for.
struct Kept {
  ResponseCache* documents = nullptr;  // a `cached` route's document while the data is unchanged
  TokenCache* tokens = nullptr;        // API tokens checked at the current generation
};

// `upload`: the unread body of a route that takes a file (null for the others).
Dispatched dispatch(const RouteTable& table, const httplib::Request& request,
                    const app::Database& db, bool secure_cookies, UploadSource* upload = nullptr,
                    const Kept& kept = {});

}  // namespace atlas::server
