// The route table's matching: a literal segment beats a parameter whatever the order the routes
// were added in (/systems/fields is the catalogue, not a system named "fields"), and a path's
// methods are listed once for 405's Allow.
#include "server/routes.h"

#include <gtest/gtest.h>

namespace atlas::server {
namespace {

Route named(const std::string& method, const std::string& pattern, const std::string& summary) {
  return {method,
          pattern,
          auth::Action::kLogIn,
          programme_wide(),
          {summary, "test", "", nlohmann::ordered_json::object()},
          [](Call&) { return Reply{}; }};
}

TEST(RouteTable, ALiteralSegmentBeatsAParameterInEitherOrder) {
  for (bool literal_first : {true, false}) {
    RouteTable t;
    if (literal_first) t.add(named("GET", "/api/v1/systems/fields", "fields"));
    t.add(named("GET", "/api/v1/systems/{name}", "system"));
    if (!literal_first) t.add(named("GET", "/api/v1/systems/fields", "fields"));
    auto found = t.find("GET", "/api/v1/systems/fields");
    ASSERT_NE(nullptr, found.route);
    EXPECT_EQ("fields", found.route->doc().summary);
    EXPECT_TRUE(found.params.empty());
    found = t.find("GET", "/api/v1/systems/torch-iic");
    ASSERT_NE(nullptr, found.route);
    EXPECT_EQ("system", found.route->doc().summary);
    EXPECT_EQ("torch-iic", found.params.at("name"));
    EXPECT_EQ(std::vector<std::string>{"GET"}, t.find("POST", "/api/v1/systems/fields").methods);
  }
}

}  // namespace
}  // namespace atlas::server
