// The checks the server relies on: a name is only ever a shipped system's (never a path read from
// disk), and YAML handed over as text is checked as `systems validate` checks a file, each
// problem at its line and column.
#include "atlas/app/systems.h"

#include <gtest/gtest.h>

namespace atlas::app {
namespace {

TEST(AppSystems, OnlyAShippedNameIsLoadedNeverAPath) {
  EXPECT_TRUE(is_shipped_system("torch-iic"));
  EXPECT_EQ("torch-iic", load_shipped_system("torch-iic").system.id);
  for (const char* name :
       {"/etc/passwd", "../data/systems/example", "data/systems/example.yaml", "torch"}) {
    EXPECT_FALSE(is_shipped_system(name)) << name;
    try {
      load_shipped_system(name);
      FAIL() << name;
    } catch (const Error& e) {
      EXPECT_EQ(ErrorKind::kNotFound, e.kind());
      EXPECT_EQ("system", e.where().field);
    }
  }
}

TEST(AppSystems, TextIsValidatedAgainstTheClusterYearFieldsWithLinesAndColumns) {
  const std::string yaml =
      "id: t\nname_zh: 测试\nname_en: Test\nmethods:\n  normalise: minmax\n"
      "index:\n  id: index\n  name_zh: 指数\n  children:\n    - id: revenue\n"
      "      name_zh: 收入\n    - id: energy\n      name_zh: 能耗\n"
      "      formula: energy_use / revenue\n";
  auto v = validate_system_text(yaml, "body");
  ASSERT_TRUE(v.loaded.has_value());
  EXPECT_EQ(2u, v.levels);
  ASSERT_EQ(1u, v.problems.size());
  EXPECT_EQ(14, v.problems[0].line);
  EXPECT_NE(std::string::npos, v.problems[0].message.find("energy_use"));

  auto broken = validate_system_text("id: t\nindex: [\n", "body");
  EXPECT_FALSE(broken.loaded.has_value());
  ASSERT_FALSE(broken.problems.empty());
  EXPECT_GE(broken.problems[0].line, 1);
}

}  // namespace
}  // namespace atlas::app
