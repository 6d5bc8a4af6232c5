// The PostgreSQL store: the same rules and SQL as the SQLite store (sql/store_impl.h) on one
// PostgreSQL database, for several server processes at once. Its schema is migrated when it is
// opened, by one process at a time.
#pragma once
#include <memory>
#include <string>

#include "atlas/store/store.h"

namespace atlas::store {

// Connects to `uri` (postgresql://…; see PgConnection for the settings it takes) and brings the
// database to the newest schema. Throws atlas::Error (kStore) naming the URI without its
// password when the server cannot be reached, refuses, or has a newer schema.
std::unique_ptr<Store> open_postgres_store(const std::string& uri);

}  // namespace atlas::store
