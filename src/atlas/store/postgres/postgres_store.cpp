// Opening the PostgreSQL store: the connection, then the migrations, before any of the store's
// SQL runs.
#include "atlas/store/postgres/postgres_store.h"

#include <fmt/format.h>

#include <set>

#include "atlas/core/error.h"
#include "atlas/core/resources.h"
#include "atlas/store/postgres/postgres_store_impl.h"

namespace atlas::store {

std::unique_ptr<Store> open_postgres_store(const std::string& uri) {
  return std::make_unique<postgres::PostgresStore>(uri);
}

namespace postgres {
namespace {

// The key of the lock that lets one process at a time migrate (pg_advisory_lock, held by the
// session, not a transaction): the bytes of "ATLAS_MG". Not the write lock's key, which each
// migration's transaction may take too.
constexpr std::int64_t kMigrateLockKey = 0x41544C41535F4D47;

struct Migration {
  int first, last;  // the versions the file stands for (the baseline: 1..17)
  const char* file;
};
// Append only; never edit a migration that has shipped. Versions are the SQLite store's: the
// same number means the same schema on both.
constexpr Migration kMigrations[] = {
    {1, 17, "src/atlas/store/postgres/migrations/001-017_baseline.sql"},
    {18, 18, "src/atlas/store/postgres/migrations/018_enterprise_year_references.sql"},
    {19, 19, "src/atlas/store/postgres/migrations/019_small_statement_references.sql"},
};

Error unusable(const std::string& where, const std::string& what, const std::exception& e) {
  return Error(ErrorKind::kStore, fmt::format("{}: {}", what, e.what()), {where, 0, "", ""});
}

// Brings the database to the newest schema. Each migration runs in its own transaction and
// records its versions; several processes starting at once take turns under the lock, and the
// later ones find nothing left to do.
void migrate(PgConnection& db) {
  const int latest = kMigrations[std::size(kMigrations) - 1].last;
  db.exec(fmt::format("SELECT pg_advisory_lock({})", kMigrateLockKey));
  struct Unlock {
    PgConnection& db;
    ~Unlock() {
      try {
        if (!db.lost()) db.exec(fmt::format("SELECT pg_advisory_unlock({})", kMigrateLockKey));
      } catch (...) {  // the lock ends with the session anyway
      }
    }
  } unlock{db};
  std::set<int> applied;
  auto& exists = db.prepared("SELECT to_regclass('schema_migrations') IS NOT NULL");
  exists.executeStep();
  if (exists.getColumn(0).getInt()) {
    auto& versions = db.prepared("SELECT version FROM schema_migrations");
    while (versions.executeStep()) applied.insert(versions.getColumn(0).getInt());
  }
  if (!applied.empty() && *applied.rbegin() > latest) {
    throw Error(ErrorKind::kStore,
                fmt::format("the database has schema version {}, newer than this clusteratlas "
                            "understands ({}); use a newer clusteratlas",
                            *applied.rbegin(), latest),
                {db.uri(), 0, "", ""});
  }
  for (const auto& m : kMigrations) {
    if (applied.contains(m.last)) continue;
    auto text = find_resource(m.file);
    if (!text)
      throw Error(ErrorKind::kInternal, fmt::format("migration {} is not embedded", m.file));
    db.exec("BEGIN");
    try {
      db.exec(std::string(*text));  // the file records its own versions
      db.commit();
    } catch (...) {
      if (!db.lost()) db.rollback();
      throw;
    }
  }
}

}  // namespace

PgSession::PgSession(const std::string& uri) try : connection(uri) {
} catch (const sql::Exception& e) {
  throw unusable(redact_password(uri), "cannot connect to the database", e);
}

PostgresStore::PostgresStore(const std::string& uri)
    : PgSession(uri), SqlStore(connection, connection.uri()) {
  try {
    migrate(connection);
  } catch (const sql::Exception& e) {
    throw unusable(connection.uri(), "cannot use the database (is it a ClusterAtlas database?)", e);
  }
}

}  // namespace postgres
}  // namespace atlas::store
