// Versioned schema migrations for the SQLite store (migrations/NNN_name.sql, embedded in the
// binary). Each migration runs in its own transaction and is recorded in schema_migrations.
#pragma once
#include <SQLiteCpp/Database.h>

#include <string>

namespace atlas::store::sqlite {

int latest_version();

// Brings `db` to the latest version. Throws atlas::Error (kStore) naming `path` when the
// database's schema is newer than this build knows.
void migrate(SQLite::Database& db, const std::string& path);

}  // namespace atlas::store::sqlite
