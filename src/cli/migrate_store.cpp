// `clusteratlas migrate-store --from A --to B`: copies a whole database between the two stores —
// a SQLite file into PostgreSQL when an office's platform grows to several servers, or back
// into one file (an archive, a laptop) — with its ids, revisions, runs, accounts and audit log.
#include <iostream>

#include <fmt/format.h>

#include "atlas/store/copy_store.h"
#include "atlas/store/open_store.h"
#include "context.h"

namespace atlas::cli {

void add_migrate_store_commands(CLI::App& app, Context& ctx) {
  static std::string from, to;
  auto* cmd = app.add_subcommand(
      "migrate-store", "Copy a whole database between SQLite and PostgreSQL, audit log included");
  cmd->add_option("--from", from, "The database to copy: a SQLite file or postgresql://…")
      ->required();
  cmd->add_option("--to", to,
                  "A new, empty database to copy into: a SQLite file (created) or an empty "
                  "PostgreSQL database (postgresql://…)")
      ->required();
  cmd->footer(
      "Every row is copied as it is — ids, revisions, stored runs, accounts, sessions and tokens\n"
      "(as their hashes), the audit log with its hashes — in one transaction: all or nothing.\n"
      "The copy's audit chain is checked against the source's before it is kept. The source is\n"
      "brought to the newest schema, as opening it always does, then only read, as it was at\n"
      "one moment: a server may go on using it. --db is not used. A password in a URI is never\n"
      "printed.\n"
      "Exit codes: 3 when --to already holds data, 4 when a database refuses.\n"
      "Examples:\n"
      "  clusteratlas migrate-store --from office.db --to postgresql://atlas@db.internal/atlas\n"
      "  clusteratlas migrate-store --from postgresql://atlas@db.internal/atlas --to archive.db");
  cmd->callback([&ctx] {
    std::int64_t rows = 0;
    const auto copied = store::copy_store(from, to, [&](const store::CopiedTable& t) {
      rows += t.rows;
      if (!ctx.quiet && t.rows > 0) {
        std::cerr << fmt::format("  {:<28} {:>12L} rows\n", t.table, t.rows);
      }
    });
    std::cout << fmt::format(
        "copied {} tables, {:L} rows, from {} to {}; its audit chain is "
        "the source's\n",
        copied.size(), rows, store::shown_database(from), store::shown_database(to));
  });
}

}  // namespace atlas::cli
