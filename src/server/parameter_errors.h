// A request's own values that are wrong — a body field or a query parameter — are 422
// invalid-input naming the parameter, as the API's table of errors says. Shared by the route
// groups that check what they are given before calling a use case.
#pragma once
#include <string>

#include "atlas/core/error.h"
#include "server/api_error.h"
#include "server/routes.h"

namespace atlas::server {

// Throws ApiError 422 invalid-input naming `field`.
[[noreturn]] void invalid_input(const std::string& field, const std::string& problem);

// The query parameter `name` as true (only "true"), false (absent or "false"); 422 otherwise.
bool flag_query(const Call& call, const std::string& name);

// Runs a use case whose usage errors that name their parameter (Where::field) are a bad value
// of that parameter: 422 rather than 400 (the CLI exits 1 for the same, as for a bad flag).
template <typename F>
auto checking_parameters(F&& use_case) {
  try {
    return use_case();
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::kUsage && !e.where().field.empty()) {
      invalid_input(e.where().field, e.what());
    }
    throw;
  }
}

}  // namespace atlas::server
