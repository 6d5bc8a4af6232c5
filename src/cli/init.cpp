// `clusteratlas init`: a new registry with the bundled reference data.
#include <iostream>

#include <fmt/format.h>

#include "atlas/ingest/reference_data.h"
#include "atlas/store/sqlite/sqlite_store.h"
#include "context.h"

namespace atlas::cli {

void add_init_commands(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init",
                                 "Create the database (or bring it up to date) with the "
                                 "bundled reference data");
  static bool bare = false;
  cmd->add_flag("--bare", bare,
                "Only provinces and industries: no bundled zones, no 2013 pilot clusters");
  cmd->footer(
      "Loads the 34 provincial-level divisions (GB/T 2260), GB/T 4754-2017 industries, the "
      "national\n"
      "high-tech zones and the first 10 pilot clusters of 2013 (国科发火〔2013〕505号). Safe to "
      "run\n"
      "again: reference data is refreshed, nothing you recorded is changed.\n"
      "Examples:\n"
      "  clusteratlas init\n"
      "  clusteratlas --db office.db init --bare");
  cmd->callback([&ctx] {
    auto reference = ingest::bundled_reference_data();
    if (bare) {
      reference.zones.clear();
      reference.clusters.clear();
    }
    auto& store = ctx.open_store();
    store.load_reference(reference, ctx.actor());
    if (!ctx.quiet) {
      std::cout << fmt::format(
          "{}: schema version {}; {} provinces, {} industries, {} zones, {} clusters\n",
          ctx.db_name(), store.schema_version(), store.provinces().size(),
          store.industries().size(), store.zones({}).size(), store.clusters({}).size());
    }
  });
}

}  // namespace atlas::cli
