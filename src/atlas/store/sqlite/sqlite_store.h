// The embedded SQLite store: one database file in WAL mode with foreign keys on, migrated to the
// newest schema when opened. Refuses a database written by a newer ClusterAtlas.
#pragma once
#include <memory>
#include <string>

#include "atlas/store/store.h"

namespace atlas::store {

// Opens (creating when missing) the database at `path`. Throws atlas::Error (kStore) with the
// path when it cannot be opened, is not a ClusterAtlas database, or has a newer schema.
std::unique_ptr<Store> open_sqlite_store(const std::string& path);

// The schema version this build writes.
int sqlite_schema_version();

}  // namespace atlas::store
