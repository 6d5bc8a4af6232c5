#include "server/routes.h"

#include <algorithm>
#include <stdexcept>

#include "atlas/core/date.h"

namespace atlas::server {

std::string Call::query(const std::string& name) const {
  return http.has_param(name) ? http.get_param_value(name) : "";
}

store::Actor Call::store_actor(const std::string& reason) const {
  store::Actor a{who.account ? who.account->login : "public", date::now_utc(), date::today()};
  if (who.account) a.account_id = who.account->id;
  a.origin = http.remote_addr;
  a.reason = reason;
  return a;
}

ResourceRule programme_wide() {
  return {"programme", [](const Call&) { return auth::Resource::programme_wide(); }};
}

namespace {

auth::Resource of_cluster(store::Store& store, const std::string& id_text) {
  auth::Resource r;
  auto id = parse_id(id_text);
  auto c = id ? store.cluster(*id) : std::nullopt;
  if (!c) return r;
  r.cluster_id = c->id;
  r.zone_id = c->zone_id;
  r.province_code = c->province_code;
  return r;
}

}  // namespace

ResourceRule cluster_in_path(const std::string& name) {
  return {"cluster {" + name + "}",
          [name](const Call& call) { return of_cluster(call.store(), call.params.at(name)); }};
}

ResourceRule application_in_path(const std::string& name) {
  return {"application {" + name + "}", [name](const Call& call) {
            auth::Resource r;
            auto id = parse_id(call.params.at(name));
            auto a = id ? call.store().application(*id) : std::nullopt;
            if (!a) return r;
            r.zone_id = a->zone_id;
            r.province_code = a->parties.province_code;
            return r;
          }};
}

ResourceRule place_in_query(const std::vector<std::string>& filters) {
  std::string description;
  for (const auto& f : filters) description += (description.empty() ? "?" : ", else ?") + f;
  return {description + ", else programme", [filters](const Call& call) {
            auth::Resource r;
            for (const auto& f : filters) {
              std::string value = call.query(f);
              if (value.empty()) continue;
              if (f == "cluster") {
                // By id or by name, as the use case will look it up.
                auto id = parse_id(value);
                return of_cluster(call.store(),
                                  std::to_string(id ? *id : call.db.cluster(value).id));
              }
              if (f == "zone") {
                auto zone = call.db.zone(value);
                r.zone_id = zone.id;
                r.province_code = zone.province_code;
                return r;
              }
              if (f == "province") {
                r.province_code = call.db.province(value).code;
                return r;
              }
            }
            return auth::Resource::programme_wide();
          }};
}

Route::Route(std::string method, std::string pattern, auth::Action action, ResourceRule resource,
             RouteDoc doc, Handler handler)
    : method_(std::move(method)),
      pattern_(std::move(pattern)),
      action_(action),
      resource_(std::move(resource)),
      doc_(std::move(doc)),
      handler_(std::move(handler)) {
  if (!resource_.resolve || !handler_) {
    throw std::logic_error("route " + method_ + " " + pattern_ + " without resource or handler");
  }
}

void RouteTable::add(Route route) {
  for (const auto& r : routes_) {
    if (r.method() == route.method() && r.pattern() == route.pattern()) {
      throw std::logic_error("route " + r.method() + " " + r.pattern() + " registered twice");
    }
  }
  routes_.push_back(std::move(route));
}

RouteTable::Found RouteTable::find(const std::string& method, const std::string& path) const {
  Found found;
  for (const auto& r : routes_) {
    auto params = match_path(r.pattern(), path);
    if (!params) continue;
    if (std::find(found.methods.begin(), found.methods.end(), r.method()) == found.methods.end()) {
      found.methods.push_back(r.method());
    }
    // HEAD is answered as GET (httplib sends no body for it).
    if (r.method() != method && !(method == "HEAD" && r.method() == "GET")) continue;
    // A literal segment beats a parameter: /systems/fields is not the system named "fields".
    if (found.route && found.params.size() <= params->size()) continue;
    found.route = &r;
    found.params = std::move(*params);
  }
  return found;
}

}  // namespace atlas::server
