#include "atlas/store/sqlite/migrate.h"

#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include <set>

#include "atlas/core/date.h"
#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/store/sql/audit_log.h"
#include "atlas/store/sqlite/sqlite_connection.h"

namespace atlas::store::sqlite {
namespace {

struct Migration {
  int version;
  const char* file;
  // The migration rewrites a table's SQL in sqlite_schema (writable_schema), which SQLite does
  // not count as a change of schema: the migrator then bumps the schema version, as SQLite's
  // procedure for such changes says (lang_altertable.html), so that every connection already
  // open reloads the schema instead of going on with the old text.
  bool edits_schema_in_place = false;
};
// Append only; never edit a migration that has shipped.
constexpr Migration kMigrations[] = {
    {1, "src/atlas/store/sqlite/migrations/001_registry.sql"},
    {2, "src/atlas/store/sqlite/migrations/002_revisions.sql"},
    {3, "src/atlas/store/sqlite/migrations/003_cluster_reports.sql"},
    {4, "src/atlas/store/sqlite/migrations/004_evaluation_runs.sql"},
    {5, "src/atlas/store/sqlite/migrations/005_enterprise_year_index.sql"},
    {6, "src/atlas/store/sqlite/migrations/006_corrections_and_industry_sources.sql"},
    {7, "src/atlas/store/sqlite/migrations/007_enterprise_year_role_check.sql", true},
    {8, "src/atlas/store/sqlite/migrations/008_accounts.sql"},
    {9, "src/atlas/store/sqlite/migrations/009_audit_chain.sql"},
    {10, "src/atlas/store/sqlite/migrations/010_read_indexes.sql"},
    {11, "src/atlas/store/sqlite/migrations/011_rounds.sql"},
    {12, "src/atlas/store/sqlite/migrations/012_application_documents.sql"},
    {13, "src/atlas/store/sqlite/migrations/013_round_reviews.sql"},
    {14, "src/atlas/store/sqlite/migrations/014_defence_sessions.sql"},
    {15, "src/atlas/store/sqlite/migrations/015_objection_documents.sql"},
    {16, "src/atlas/store/sqlite/migrations/016_anchored_scales.sql"},
    {17, "src/atlas/store/sqlite/migrations/017_application_figure_years.sql"},
    {18, "src/atlas/store/sqlite/migrations/018_enterprise_year_references.sql"},
    {19, "src/atlas/store/sqlite/migrations/019_small_statement_references.sql"},
};

}  // namespace

int latest_version() {
  return kMigrations[std::size(kMigrations) - 1].version;
}

void migrate(SQLite::Database& db, const std::string& path) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_at TEXT NOT NULL, file TEXT NOT NULL)");
  int current = db.execAndGet("SELECT coalesce(max(version), 0) FROM schema_migrations").getInt();
  if (current > latest_version()) {
    throw Error(ErrorKind::kStore,
                fmt::format("the database has schema version {}, newer than this clusteratlas "
                            "understands ({}); use a newer clusteratlas",
                            current, latest_version()),
                {path, 0, "", ""});
  }
  // Every migration not yet applied, in order — not only those above the highest applied: a
  // database a branch migrated can lack a lower number merged later (they are independent).
  std::set<int> applied;
  SQLite::Statement versions(db, "SELECT version FROM schema_migrations");
  while (versions.executeStep()) applied.insert(versions.getColumn(0).getInt());
  for (const auto& m : kMigrations) {
    if (applied.contains(m.version)) continue;
    auto sql = find_resource(m.file);
    if (!sql)
      throw Error(ErrorKind::kInternal, fmt::format("migration {} is not embedded", m.file));
    SQLite::Transaction tx(db);
    const int schema_version = db.execAndGet("PRAGMA schema_version").getInt();
    db.exec(std::string(*sql));
    if (m.edits_schema_in_place)
      db.exec(fmt::format("PRAGMA schema_version = {}", schema_version + 1));
    // The chain's hashes are SHA-256, which SQL cannot compute: the rows written before the
    // audit log became a chain are chained here, in the migration's transaction.
    if (m.version == 9) {
      SqliteConnection connection(db);
      sql::chain_unchained_rows(connection);
    }
    SQLite::Statement record(db, "INSERT INTO schema_migrations VALUES (?, ?, ?)");
    record.bind(1, m.version);
    record.bind(2, date::now_utc());
    record.bind(3, m.file);
    record.exec();
    tx.commit();
  }
}

}  // namespace atlas::store::sqlite
