// What a route relies on when it passes a kind from a URL: an unknown kind is a usage error with
// the closest kind, found before the database is opened.
#include "atlas/app/exports.h"

#include <gtest/gtest.h>

#include "atlas/core/error.h"

namespace atlas::app {
namespace {

TEST(AppExports, AnUnknownKindIsRefusedWithTheClosestBeforeTheStoreIsOpened) {
  bool opened = false;
  Database db{[&]() -> store::Store& {
                opened = true;
                throw Error(ErrorKind::kStore, "not to be opened");
              },
              "test.db"};
  try {
    each_export_row(db, "metric", 2024, {}, {});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(ErrorKind::kUsage, e.kind());
    EXPECT_NE(std::string::npos, std::string(e.what()).find("did you mean 'metrics'")) << e.what();
  }
  EXPECT_FALSE(opened);
}

}  // namespace
}  // namespace atlas::app
