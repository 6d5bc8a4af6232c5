// The OpenAPI 3.1 document of the API, generated from the route table so that it cannot list a
// route that does not exist nor miss one that does. Each operation names its action
// (x-action) and resource (x-resource); response bodies reference the JSON Schemas of
// docs/schemas (embedded in the binary) under components/schemas; every error is the Error
// schema (api_error.h).
#pragma once
#include <nlohmann/json.hpp>

#include "server/routes.h"

namespace atlas::server {

nlohmann::ordered_json openapi_document(const RouteTable& table);

// One line per route, tab-separated: method, pattern, action, resource — `serve --list-routes`.
std::string route_list(const RouteTable& table);

}  // namespace atlas::server
