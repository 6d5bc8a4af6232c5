// The route table: every endpoint of the API, each with the auth::Action it performs and how
// the Resource it touches is found. The router (router.h) asks auth::allowed() once, before the
// handler, with exactly these; a Route cannot be made without an action (its only constructor
// takes one), so no endpoint escapes the policy. The OpenAPI document (openapi.h) and
// `serve --list-routes` are generated from this table, and the authorisation-matrix test
// enumerates it.
#pragma once
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "atlas/app/database.h"
#include "atlas/auth/policy.h"
#include "atlas/store/store.h"
#include "server/path_match.h"

namespace atlas::server {

struct UploadSource;  // uploads.h

// Who is asking: the public, or an account signed in by a session cookie or an API token.
struct Identity {
  auth::Actor actor;  // public when nobody signed in
  std::optional<store::Account> account;
  std::optional<store::Session> session;  // when signed in by the session cookie
};

// One request as a handler sees it.
struct Call {
  const httplib::Request& http;
  PathParams params;  // from the route's pattern
  const app::Database& db;
  const Identity& who;
  bool secure_cookies;  // false only on a loopback http listener (tests, one's own machine)
  nlohmann::json body;  // the JSON object, for a route that takes one
  UploadSource* upload = nullptr;  // the body, unread, for a route that takes a file (uploads.h)

  store::Store& store() const { return db.store(); }
  // A query parameter; empty when absent.
  std::string query(const std::string& name) const;
  // Who makes a change, for the store and the audit log: the account, the client's address,
  // and the reason given.
  store::Actor store_actor(const std::string& reason) const;
};

struct Reply {
  int status = 200;
  nlohmann::ordered_json body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A download (a CSV or XLSX export): these bytes of this type are sent instead of `body`.
  std::string download = {};
  std::string download_type = {};  // empty: the reply is `body` as JSON
};

using Handler = std::function<Reply(Call&)>;

// How a route finds what it touches, and how the documentation says it.
struct ResourceRule {
  std::string description;  // "programme", "cluster {id}", …
  std::function<auth::Resource(const Call&)> resolve;
};
// Nothing in particular: national figures, every cluster, one's own account.
ResourceRule programme_wide();
// The cluster whose id is the path parameter `name`, with its zone and province. An id that
// names no cluster resolves to programme-wide (the handler answers 404 to whoever may look).
ResourceRule cluster_in_path(const std::string& name);
// The application of a selection round whose id is the path parameter `name`: its zone and
// province. An id that names no application resolves to programme-wide (the handler answers 404).
ResourceRule application_in_path(const std::string& name);
// The place a listing is narrowed to by its query: the first of `filters` ("cluster", "zone",
// "province", narrowest first) given — a cluster by id or name, a zone by id or name, a
// province by code or name; programme-wide without any. Only parameters the listing really
// filters by may be named: one it ignores would let a scoped account read everything.
ResourceRule place_in_query(const std::vector<std::string>& filters);

// What the OpenAPI document says of a route.
struct RouteDoc {
  std::string summary;
  std::string tag;
  // The response body's schema: the name of a file of docs/schemas without ".schema.json"
  // (embedded in the binary), or empty with `inline_response` given.
  std::string response_schema;
  nlohmann::ordered_json inline_response = nullptr;
  nlohmann::ordered_json request_schema = nullptr;  // null: the route takes no body
  std::vector<std::string> query_parameters = {};
  int success_status = 200;
  // Media types of a body the handler reads itself from call.http.body (a YAML text), accepted
  // besides JSON; the router then leaves call.body empty.
  std::vector<std::string> text_body_types = {};
  // Media types a download answers besides JSON (text/csv, the XLSX type).
  std::vector<std::string> download_types = {};
  // A second success status with the same body, e.g. 201 when the request asked to store.
  int also_success_status = 0;
  // The body is a file (uploads.h), read by the handler after the policy check; such a route
  // may also answer 202 with a job (jobs.h).
  bool upload = false;
  // The upload may be left out: a query parameter says what the route works on instead
  // (?from_statistics=true).
  bool upload_optional = false;
  // Files a multipart/form-data upload carries besides its part "file" ("areas").
  std::vector<std::string> form_parts = {};
  // The reply depends only on the path, the query and the data — not on who asks (who may ask
  // is still checked on every request): the server keeps it until the data changes
  // (response_cache.h). For the aggregate documents that take long to compute.
  bool cached = false;
  // The route may answer 202 with a job (jobs.h): an upload's commit, an analysis asked for.
  bool may_start_job = false;
};

class Route {
 public:
  Route(std::string method, std::string pattern, auth::Action action, ResourceRule resource,
        RouteDoc doc, Handler handler);

  const std::string& method() const { return method_; }
  const std::string& pattern() const { return pattern_; }
  auth::Action action() const { return action_; }
  const ResourceRule& resource() const { return resource_; }
  const RouteDoc& doc() const { return doc_; }
  const Handler& handler() const { return handler_; }
  bool takes_body() const { return !doc_.request_schema.is_null(); }
  bool takes_upload() const { return doc_.upload; }

 private:
  std::string method_, pattern_;
  auth::Action action_;
  ResourceRule resource_;
  RouteDoc doc_;
  Handler handler_;
};

class RouteTable {
 public:
  // Throws std::logic_error for a second route of the same method and pattern.
  void add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  struct Found {
    const Route* route = nullptr;  // null: no route of that method
    PathParams params;
    std::vector<std::string> methods;  // the methods the path has (empty: unknown path)
  };
  Found find(const std::string& method, const std::string& path) const;

 private:
  std::vector<Route> routes_;
};

// Every route of the API (api_routes.cpp).
RouteTable api_routes();

}  // namespace atlas::server
